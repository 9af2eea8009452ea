"""Static SVG charts for the progress pages, made at build time.

Input: a title, a description, category labels and one or more series of numbers.
Output: ``Chart``: inline SVG markup plus the title, description and a table of the
numbers (the progress templates wrap them in a ``<figure>`` for screen readers).

Why pygal: it is a maintained charting library that writes plain SVG with no JavaScript
when ``js=[]``, and its style takes any CSS colour string. We give it Material's CSS
variables (``var(--md-accent-fg-color)``, ``var(--md-default-fg-color)``), so an SVG
inlined in the page follows the reader's light or dark scheme (slate) with no second
render; a staged .svg file would not see the page's variables. Three things pygal does
are fixed here: a random id per chart (replaced by a hash of the chart's content) and a
comment with today's date (removed), which would break reproducible builds, and an
inline <script> with its tooltip config (removed: the pages run no chart JavaScript).
pygal looks up every setting through a ``__getattribute__`` that asks for ``state`` a second
time; ``_QuickLookup`` gives the same answers with one lookup (a big programme has hundreds
of charts). We stay with pygal rather than drawing the SVG ourselves so the charts, and so
the built pages, stay exactly as they are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

# Material's theme colours, resolved by the browser for the active scheme.
ACCENT = "var(--md-accent-fg-color)"
SECOND = "var(--md-default-fg-color--light)"
THIRD = "var(--md-primary-fg-color)"
FOREGROUND = "var(--md-default-fg-color)"
SUBTLE = "var(--md-default-fg-color--lightest)"

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground=FOREGROUND,
    foreground_strong=FOREGROUND,
    foreground_subtle=SUBTLE,
    opacity="1",
    opacity_hover="1",
    colors=(ACCENT, SECOND, THIRD),
    font_family="inherit",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    legend_font_size=13,
    tooltip_font_size=13,
)

_RANDOM_ID = re.compile(r"chart-[0-9a-f-]{36}")

Series = tuple[str, Sequence[float | None]]


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


class _QuickLookup:
    """pygal's attribute lookup (the render state's value first, else the chart's), faster."""

    def __getattribute__(self, name: str) -> Any:
        if name[:2] != "__" and name != "state":
            state = object.__getattribute__(self, "__dict__").get("state")
            if state is not None and name in state.__dict__:
                return state.__dict__[name]
        return object.__getattribute__(self, name)


# Same class names as pygal's: the name goes into the SVG ("bar-graph").
KINDS: dict[str, type[Any]] = {
    kind: type(base.__name__, (_QuickLookup, base), {})
    for kind, base in (("bar", pygal.Bar), ("hbar", pygal.HorizontalBar), ("line", pygal.Line))
}


def _accessible(title: str) -> Any:
    """An XML filter: no script, no comments (one holds today's date), the title, role="img"."""

    def apply(root: Any) -> Any:
        for parent in list(root.iter()):
            for script in [child for child in parent if child.tag == "script"]:
                parent.remove(script)  # pygal's config for its optional JavaScript tooltips
        for child in list(root):
            if not isinstance(child.tag, str):
                root.remove(child)
            elif child.tag == "title":
                child.text = title
        root.set("role", "img")
        root.set("aria-label", title)
        return root

    return apply


def _make(kind: type[Any], horizontal_labels: bool, **options: Any) -> Any:
    return kind(
        style=STYLE,
        disable_xml_declaration=True,
        js=[],
        explicit_size=False,
        width=640,
        height=320,
        show_legend=options.pop("show_legend", False),
        legend_at_bottom=True,
        print_values=options.pop("print_values", True),
        x_label_rotation=0 if horizontal_labels else 30,
        truncate_label=-1,
        margin=12,
        **options,
    )


def _value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "withheld or no data"
    shown = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    return f"{shown}{unit}"


def render_chart(
    kind: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], unit: str = "", **options: Any
) -> Chart:
    """A bar, horizontal bar or line chart as inline SVG, with its numbers as text."""
    chart_class = KINDS[kind]
    chart = _make(chart_class, horizontal_labels=len(labels) <= 6 or kind == "hbar", show_legend=len(series) > 1, **options)
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    chart.add_xml_filter(_accessible(title))
    digest = hashlib.sha256(repr((kind, title, tuple(labels), tuple((n, tuple(v)) for n, v in series))).encode()).hexdigest()
    chart.uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    svg = chart.render(is_unicode=True)
    texts = tuple((name, tuple(_value_text(value, unit) for value in values)) for name, values in series)
    return Chart(title, description, tuple(labels), texts, Markup(_one_block(svg)))


def _one_block(svg: str) -> str:
    """No blank line inside, so Markdown keeps the SVG as one raw HTML block."""
    return "\n".join(line for line in svg.splitlines() if line.strip())
