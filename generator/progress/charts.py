"""Static SVG charts for the progress pages, drawn at build time.

Input: a title, a description, category labels and one or more series of numbers.
Output: ``Chart``: inline SVG markup plus the title, description and a table of the
numbers (the progress templates wrap them in a ``<figure>`` for screen readers).

Why we draw the SVG ourselves: our charts are simple (vertical bars, horizontal bars,
grouped bars and lines), and a charting library cost most of the generator's 2-second
budget for a big programme (pygal took ~0.85 s for 325 charts, nearly all of it inside
the library). A few rectangles, lines and labels written as text cost a few milliseconds.

The SVG carries class names only; themes/default/assets/progress.css colours them with
Material's CSS variables (``var(--md-accent-fg-color)``, ``var(--md-default-fg-color)``),
so a chart inlined in the page follows the reader's light or dark scheme (slate) with no
second render. There is no JavaScript, nothing external, no random id and no date: the
same numbers always give the same bytes. Text is escaped with ``textsafe.escape_text``
(numeric character references), which is safe in SVG text and attributes and in the
Markdown around them. Withheld values (``None``) draw no bar or point; the table says why.

Readable on a phone: the viewBox is as wide as a phone's text column (``WIDTH``) and every text
is ``FONT`` units, so text shows at 12 px or more at 390 px; themes/default/assets/progress.css
caps the displayed width on wide screens so text is not blown up there. Crowded category labels
are turned and, when even turned they would overlap, only every n-th is written.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from markupsafe import Markup

from generator.i18n import active_language, format_number, language
from generator.i18n import gettext as _
from generator.textsafe import escape_text

Series = tuple[str, Sequence[float | None]]  # a name and a value per category
ChartKind = Literal["bar", "line", "hbar"]

_HYPHENATED = re.compile(r"[^-]+-?|-")

WIDTH = 360  # viewBox width: about a phone's column, so FONT shows at 12 px or more there
FONT = 13  # font size in viewBox units, for every text of a chart
CHAR = 6.8  # a generous average glyph width at FONT, so estimated text rarely overflows
LINE = 16  # line height
PAD = 10  # outer margin
PLOT_HEIGHT = 180  # height of a vertical chart's plot area
MAX_LABEL = 24  # characters of a rotated category label before it is cut
ROW_LABEL = 48  # characters per line of a horizontal bar's label, written across the chart (two lines at most)


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart with what a screen reader needs."""

    title: str
    description: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[str, ...]], ...]
    svg: Markup

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.series)

    @property
    def rows(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """One row per label: the label and each series' value as text."""
        return tuple((label, tuple(values[index] for _, values in self.series)) for index, label in enumerate(self.labels))


# --- numbers and text ---------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A value axis from ``low`` to ``high`` (0 always inside) in steps of ``step``."""

    low: float
    high: float
    step: float
    decimals: int

    @property
    def ticks(self) -> tuple[float, ...]:
        count = round((self.high - self.low) / self.step)
        return tuple(round(self.low + index * self.step, 10) for index in range(count + 1))

    def fraction(self, value: float) -> float:
        """Where ``value`` lies on the axis, 0 at ``low`` and 1 at ``high``."""
        return (value - self.low) / (self.high - self.low)

    def label(self, value: float, unit: str) -> str:
        return f"{value:.{self.decimals}f}{unit}"


def nice_scale(values: Iterable[float | None], target: int = 5) -> Scale:
    """Round ticks (1, 2, 2.5 or 5 times a power of ten) from 0 past every value; whole steps for whole numbers."""
    present = [float(value) for value in values if value is not None]
    low, high = min([0.0, *present]), max([0.0, *present])
    if high == low:
        high = low + 1
    step, decimals = _nice_step((high - low) / target)
    if step < 1 and all(value.is_integer() for value in present):
        step, decimals = 1.0, 0
    return Scale(math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step, decimals)


def _nice_step(raw: float) -> tuple[float, int]:
    exponent = math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * 10.0**exponent >= raw * (1 - 1e-9):
            break
    if factor == 10:
        factor, exponent = 1, exponent + 1
    return factor * 10.0**exponent, max(0, -exponent) + (1 if factor == 2.5 else 0)


@dataclass(frozen=True)
class _Data:
    """What a chart shows: category labels, named series of values (``None`` when withheld) and a unit."""

    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    unit: str
    withheld: tuple[int, ...] = ()
    """Categories whose missing values are withheld (drawn as withheld, not left blank like no data)."""

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.series]

    @property
    def values(self) -> list[float | None]:
        return [value for _, values in self.series for value in values]

    @cached_property
    def decimals(self) -> tuple[int, ...]:
        """Per series: whole numbers as they are, otherwise two decimals for each of its values."""
        return tuple(0 if all(float(v).is_integer() for v in values if v is not None) else 2 for _, values in self.series)

    def text(self, value: float | None, number: int) -> str:
        """The value of series ``number`` as the chart and its table show it."""
        if value is None:
            return _("withheld or no data")
        return _number_text(value, self.decimals[number], active_language()) + self.unit

    def cell(self, value: float | None, number: int, index: int) -> str:
        """The table's text for category ``index``: says which of withheld or no data when the chart knows."""
        if value is None and self.withheld:
            return _("withheld") if index in self.withheld else _("no data yet")
        return self.text(value, number)

    @cached_property
    def widest_value(self) -> float:
        texts = [self.text(value, number) for number, (_, values) in enumerate(self.series) for value in values if value is not None]
        return max(map(_width, texts), default=0)


@functools.lru_cache(maxsize=4096, typed=True)
def _number_text(value: float, digits: int, code: str) -> str:
    """``format_number(value, digits)`` in the language ``code``, formatted once per process."""
    with language(code):
        return format_number(value, digits)


def _width(text: str, size: float = FONT) -> float:
    return len(text) * CHAR * size / FONT


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, limit: int) -> list[str]:
    """Words in lines of at most ``limit`` characters, broken at spaces or after hyphens (a longer piece keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        for number, piece in enumerate(_HYPHENATED.findall(word)):
            joined = piece if number else " " + piece
            if lines and len(lines[-1]) + len(joined) <= limit:
                lines[-1] += joined
            else:
                lines.append(piece)
    return lines or [""]


# --- SVG pieces ----------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text_element(x: float, y: float, body: str, css: str, anchor: str, extra: str) -> str:
    """A ``<text>`` element around ``body`` (already escaped markup)."""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" class="{css}"{extra}>{body}</text>'


def _text(x: float, y: float, content: str, css: str, anchor: str = "middle", extra: str = "") -> str:
    return _text_element(x, y, escape_text(content), css, anchor, extra)


def _lines(x: float, y: float, lines: Sequence[str], css: str, anchor: str = "middle", extra: str = "") -> str:
    """Several lines of text, the first with its baseline at ``y``."""
    if len(lines) == 1:
        return _text(x, y, lines[0], css, anchor, extra)
    spans = "".join(f'<tspan x="{_n(x)}" dy="{0 if i == 0 else LINE}">{escape_text(line)}</tspan>' for i, line in enumerate(lines))
    return _text_element(x, y, spans, css, anchor, extra)


def _rule(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" class="{css}"/>'


def _rect(x: float, y: float, width: float, height: float, css: str) -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" class="{css}"/>'


def _legend_places(names: Sequence[str], left: float) -> list[tuple[float, int]]:
    """Where each series' swatch goes: its x and its row, a new row when the name would pass the right edge."""
    places, x, row = [], left, 0
    for name in names:
        if x > left and x + 18 + _width(name) > WIDTH - PAD:
            x, row = left, row + 1
        places.append((x, row))
        x += 18 + _width(name) + 20
    return places


def _legend(names: Sequence[str], left: float, top: float) -> list[str]:
    """A swatch and a name per series, in rows; nothing for a single series."""
    if len(names) < 2:
        return []
    parts = []
    for index, (name, (x, row)) in enumerate(zip(names, _legend_places(names, left), strict=True)):
        y = top + row * (LINE + 4)
        parts.append(_rect(x, y + 2, 12, 12, f"pb-swatch pb-series-{index}"))
        parts.append(_text(x + 18, y + 12, name, "pb-legend", "start"))
    return parts


def _legend_height(data: _Data, left: float) -> float:
    if len(data.series) < 2:
        return 0
    rows = _legend_places(data.names, left)[-1][1] + 1
    return LINE + 10 + (rows - 1) * (LINE + 4)


@dataclass(frozen=True)
class _Box:
    """The plot area."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    def y(self, scale: Scale, value: float) -> float:
        return self.bottom - scale.fraction(value) * self.height

    def x(self, scale: Scale, value: float) -> float:
        return self.left + scale.fraction(value) * self.width


# --- vertical bars and lines ------------------------------------------------------


@dataclass(frozen=True)
class _Categories:
    """How the category labels under a vertical chart are set: lines per label, angle, and every n-th written."""

    lines: tuple[tuple[str, ...], ...]
    angle: int
    every: int = 1

    @property
    def height(self) -> float:
        if self.angle == 0:
            return max(len(lines) for lines in self.lines) * LINE + 8
        longest = max(_width(lines[0]) for lines in self.lines)
        return longest * math.sin(math.radians(self.angle)) + FONT * math.cos(math.radians(self.angle)) + 16

    @property
    def reach(self) -> float:
        """How far the first label reaches left of the middle of its slot."""
        if self.angle == 0:
            return 0
        return _width(self.lines[0][0]) * math.cos(math.radians(self.angle)) + FONT / 2


def _categories(labels: Sequence[str], slot: float) -> _Categories:
    """Labels level (wrapped in up to two lines) when they fit their slot, else turned 45° or, when crowded, 90°.

    Turned labels need ``LINE`` units each; when the slots are narrower, only every n-th label is written.
    """
    limit = max(1, int((slot - 6) / CHAR))
    wrapped = [_wrap(label, limit) for label in labels]
    if all(len(lines) <= 2 and max(len(line) for line in lines) <= limit for lines in wrapped):
        return _Categories(tuple(tuple(lines) for lines in wrapped), 0)
    cut = tuple((_cut(" ".join(label.split()), MAX_LABEL),) for label in labels)
    return _Categories(cut, 45 if slot >= 2 * LINE else 90, max(1, math.ceil(LINE / slot)))


def _category_marks(categories: _Categories, box: _Box, slot: float) -> list[str]:
    parts = []
    for index, lines in enumerate(categories.lines):
        x = box.left + slot * (index + 0.5)
        if categories.angle == 0:
            parts.append(_lines(x, box.bottom + LINE + 2, lines, "pb-category"))
        elif index % categories.every == 0:
            y = box.bottom + 10
            turn = f' dy="0.35em" transform="rotate(-{categories.angle} {_n(x)} {_n(y)})"'
            parts.append(_text(x, y, lines[0], "pb-category", "end", turn))
    return parts


def _guide(scale: Scale, box: _Box, value: float, across: bool, css: str) -> str:
    """A line through the plot at ``value``: upright when ``across`` (horizontal bars), else level."""
    if across:
        x = box.x(scale, value)
        return _rule(x, box.top, x, box.bottom, css)
    y = box.y(scale, value)
    return _rule(box.left, y, box.right, y, css)


def _grid(scale: Scale, box: _Box, unit: str, across: bool) -> list[str]:
    """A guide line and its value at each tick (values under the plot when ``across``, else left of it), then the zero line."""
    parts = []
    for tick in scale.ticks:
        if tick:
            parts.append(_guide(scale, box, tick, across, "pb-grid"))
        label = scale.label(tick, unit)
        if across:
            parts.append(_text(box.x(scale, tick), box.bottom + LINE + 2, label, "pb-tick"))
        else:
            parts.append(_text(box.left - 8, box.y(scale, tick), label, "pb-tick", "end", ' dy="0.35em"'))
    return [*parts, _guide(scale, box, 0, across, "pb-axis")]


def _bars(data: _Data, scale: Scale, box: _Box, slot: float) -> list[str]:
    """Bars grouped per category, one per series, from zero; values over them when they fit."""
    group = slot * (0.72 if len(data.series) == 1 else 0.8)
    width = group / len(data.series)
    parts = []
    for number, (_name, values) in enumerate(data.series):
        for index, value in enumerate(values):
            x = box.left + slot * index + (slot - group) / 2 + number * width
            if value is None and index in data.withheld:
                parts.append(_withheld_mark(x + width / 2, box.y(scale, 0)))
            if value is None:
                continue
            top, zero = box.y(scale, max(value, 0)), box.y(scale, min(value, 0))
            parts.append(_rect(x + 1, top, max(width - 2, 1), max(zero - top, 1), f"pb-bar pb-series-{number}"))
            if data.widest_value <= width + 2:
                y = top - 5 if value >= 0 else zero + FONT + 2
                parts.append(_text(x + width / 2, y, data.text(value, number), "pb-value"))
    return parts


def _withheld_mark(x: float, zero: float) -> str:
    """A withheld value: the word on the axis, never a bar of zero height."""
    return _text(x, zero - 6, "withheld", "pb-withheld-mark")


class Point(NamedTuple):
    """A point of a line chart: the index of its category and where it is drawn."""

    category: int
    x: float
    y: float


def _path(points: Sequence[Point], css: str) -> str:
    return f'<path d="M{" L".join(f"{_n(x)} {_n(y)}" for _, x, y in points)}" class="{css}"/>'


def _runs(points: Sequence[Point]) -> list[list[Point]]:
    """Points split where values are missing between them."""
    runs: list[list[Point]] = []
    for point in points:
        if runs and point.category == runs[-1][-1].category + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _line_marks(data: _Data, scale: Scale, box: _Box, slot: float) -> list[str]:
    """A line per series through its values (a dashed bridge over withheld ones), a dot and a value at each point."""
    parts: list[str] = []
    for number, (_name, values) in enumerate(data.series):
        points = [Point(index, box.left + slot * (index + 0.5), box.y(scale, v)) for index, v in enumerate(values) if v is not None]
        runs = _runs(points)
        css = f"pb-line pb-series-{number}"
        parts.extend(_path([before[-1], after[0]], css + " pb-bridge") for before, after in itertools.pairwise(runs))
        parts.extend(_path(run, css) for run in runs if len(run) > 1)
        if number == 0:
            parts.extend(_withheld_mark(box.left + slot * (i + 0.5), box.bottom) for i in data.withheld if values[i] is None)
        for index, x, y in points:
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" class="pb-dot pb-series-{number}"/>')
            if data.widest_value <= slot - 4:
                parts.append(_text(x, y - 10, data.text(values[index], number), "pb-value"))
    return parts


Marks = Callable[[_Data, Scale, _Box, float], list[str]]


def _vertical(marks: Marks, data: _Data) -> tuple[list[str], float]:
    """A chart with categories along the bottom and values up the side; its parts and height."""
    scale = nice_scale(data.values)
    left = PAD + max(_width(scale.label(tick, data.unit)) for tick in scale.ticks) + 10
    slot = (WIDTH - left - PAD) / max(len(data.labels), 1)
    categories = _categories(data.labels, slot)
    left = max(left, PAD + categories.reach - slot / 2)  # room for a turned first label
    box = _Box(left, PAD + _legend_height(data, left) + LINE, WIDTH - left - PAD, PLOT_HEIGHT)
    slot = box.width / max(len(data.labels), 1)
    parts = [
        *_legend(data.names, left, PAD),
        *_grid(scale, box, data.unit, across=False),
        *marks(data, scale, box, slot),
        *_category_marks(categories, box, slot),
    ]
    return parts, box.bottom + categories.height + PAD


# --- horizontal bars ----------------------------------------------------------------


def _row_label(label: str) -> list[str]:
    """A label in at most two lines of ``ROW_LABEL`` characters, the rest cut."""
    lines = [_cut(line, ROW_LABEL) for line in _wrap(label, ROW_LABEL)]
    return lines if len(lines) <= 2 else [lines[0], _cut(" ".join(lines[1:]), ROW_LABEL)]


def _horizontal(data: _Data) -> tuple[list[str], float]:
    """A band per category: its label across the full width, the bars from the left under it; its parts and height.

    Labels above their bars keep their words on a phone instead of a narrow column beside them.
    """
    scale = nice_scale(data.values)
    rows = [_row_label(label) for label in data.labels]
    label_height = max((len(lines) for lines in rows), default=1) * LINE
    bars = max(LINE + 8, len(data.series) * 20)
    band = label_height + bars + 10
    left = PAD + (data.widest_value + 10 if scale.low < 0 else 0)  # room for values left of zero
    box = _Box(left, PAD + _legend_height(data, left), WIDTH - left - PAD - data.widest_value - 10, band * max(len(data.labels), 1))
    parts = [*_legend(data.names, left, PAD)]
    for index, lines in enumerate(rows):
        top = box.top + band * index
        parts.append(_lines(PAD, top + FONT + label_height - len(lines) * LINE, lines, "pb-category", "start"))  # just above its bars
        parts.extend(_band_guides(scale, box, top + label_height + 4, bars))
    parts.extend(_text(box.x(scale, tick), box.bottom + LINE + 2, scale.label(tick, data.unit), "pb-tick") for tick in scale.ticks)
    parts.extend(_hbars(data, scale, box, band, label_height + 4))
    return parts, box.bottom + LINE + 8 + PAD


def _band_guides(scale: Scale, box: _Box, top: float, height: float) -> list[str]:
    """The grid lines and the zero line across one band's bars (not through its label)."""
    lines = [_rule(box.x(scale, tick), top, box.x(scale, tick), top + height, "pb-grid") for tick in scale.ticks if tick]
    return [*lines, _rule(box.x(scale, 0), top, box.x(scale, 0), top + height, "pb-axis")]


def _hbars(data: _Data, scale: Scale, box: _Box, band: float, offset: float) -> list[str]:
    """A bar per series in each band, ``offset`` below the band's top, from zero, with its value at its end."""
    thickness = (band - offset - 10) / len(data.series)
    parts = []
    for number, (_name, values) in enumerate(data.series):
        for index, value in enumerate(values):
            if value is None:
                continue
            y = box.top + band * index + offset + number * thickness
            start, end = box.x(scale, min(value, 0)), box.x(scale, max(value, 0))
            parts.append(_rect(start, y + 1, max(end - start, 1), thickness - 2, f"pb-bar pb-series-{number}"))
            x, anchor = (end + 6, "start") if value >= 0 else (start - 6, "end")
            parts.append(_text(x, y + thickness / 2, data.text(value, number), "pb-value", anchor, ' dy="0.35em"'))
    return parts


# --- the chart ------------------------------------------------------------------------

KINDS: dict[ChartKind, Callable[[_Data], tuple[list[str], float]]] = {
    "bar": lambda data: _vertical(_bars, data),
    "line": lambda data: _vertical(_line_marks, data),
    "hbar": _horizontal,
}


def _svg(title: str, kind: ChartKind, parts: Sequence[str], height: float) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pb-chart-svg pb-chart-{kind}" viewBox="0 0 {WIDTH} {math.ceil(height)}"'
        f' role="img" aria-label="{escape_text(title)}" font-size="{FONT}">'
    )
    return "\n".join([head, f"<title>{escape_text(title)}</title>", *parts, "</svg>"])


def render_chart(
    kind: ChartKind,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    withheld: Sequence[int] = (),
) -> Chart:
    """A bar, horizontal bar or line chart as inline SVG, with its numbers as text; ``withheld`` categories are marked so."""
    data = _Data(tuple(labels), tuple((name, tuple(values)) for name, values in series), unit, tuple(withheld))
    parts, height = KINDS[kind](data)
    texts = tuple(
        (name, tuple(data.cell(value, number, index) for index, value in enumerate(values)))
        for number, (name, values) in enumerate(data.series)
    )
    return Chart(title, description, data.labels, texts, Markup(_svg(title, kind, parts, height)))
