"""Stage 1, load: read the user's files safely and remember where every value sits.

Input: paths inside a project folder.
Output: ``Document`` (parsed YAML data plus a map from key path to line and
column), ``CsvTable`` (records with their line numbers, read by column or as rows) and plain
text, or a ``PlaybookError`` saying what is wrong and where. ``TableCheck`` checks a table column
by column and locates every problem it finds at its row's line.

This is one of the two IO edges of the pipeline (the other is ``write``).
Guards: files must stay inside the project (``resolve_inside``, ``existing_inside``: no link
out of it, no folder where a file belongs), be UTF-8, be smaller than ``MAX_FILE_BYTES``; YAML
aliases may not expand past ``MAX_YAML_NODES`` nor nest deeper than ``MAX_YAML_DEPTH``, keys must be
plain text (a key YAML would read as null, yes/no or a number other than written is refused at its
line, saying to quote it), dates real (``strict_date``), integers below ``MAX_YAML_INT`` and text free of lone
surrogates. mkdocs.yml may carry only the tags MkDocs users need (``MKDOCS_TAGS``, ``!!python/name:``).
Speed: libyaml scans YAML that it reads as PyYAML does (``libyaml_reads_alike``), PyYAML the rest
and every problem, so messages and places never change. A CSV file without quotes or carriage
returns whose every line is a whole record is split at its commas, only as far as its reader
asks (``read_apart``); any other file, and every problem, goes through the csv module. A
header naming a column its reader does not know (``known``) is refused at line 1 with the
closest known name (``unknown_columns``), and a header name written in another letter case
(``Pair_ID``) is read as the expected column; a file separated by semicolons or tabs instead of
commas is refused once, saying so, as is a file saved as UTF-16 or as a workbook. ``date_advice``
says which day a date written as a spreadsheet writes it (31/12/2026, a day number) means.
``made_alike`` makes many frozen dataclass objects at once.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime
import functools
import gc
import inspect
import io
import itertools
import operator
import re
import types
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar, cast

import yaml

try:
    from yaml._yaml import CParser as _CParser  # libyaml's scanner and parser, when PyYAML was built with it
except ImportError:  # pragma: no cover - PyYAML without libyaml reads everything with _PositionLoader
    _CParser = None  # type: ignore[assignment, misc]

from generator.dates import ISO_DATE, strict_date
from generator.errors import ErrorList, KeyPath, PlaybookError, did_you_mean

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_YAML_NODES = 200_000

Position = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """Parsed YAML with the 1-based (line, column) of every key path."""

    file: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    line_offset: int = 0

    def where(self, path: KeyPath) -> Position:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: KeyPath, message: str) -> PlaybookError:
        """A located error for the value at ``path``."""
        line, column = self.where(path)
        return PlaybookError(self.file, line, column, tuple(path), message)


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One CSV record with the line it starts on (1-based, header is line 1); ``cells`` are in header order."""

    line: int
    cells: tuple[str, ...]
    header: tuple[str, ...] = field(repr=False, compare=False)

    @property
    def values(self) -> dict[str, str]:
        """The cells by column name (made on each use: readers of big tables use ``CsvTable.columns``)."""
        return dict(zip(self.header, self.cells, strict=True))


class CsvTable:
    """A CSV file read with its header: each record's cells (in header order) and the line it starts on.

    Kept as the reader gives it, for reading column by column (``columns``); ``rows`` makes a
    located ``CsvRow`` per record on first use. ``CsvTable(file, header, rows)`` builds one from rows.
    A file without quotes may be kept as its first columns and the rest of each record's text
    (``of_texts``): the rest is split when read, or read as one text per record (``span``).
    """

    def __init__(self, file: str, header: tuple[str, ...], rows: Sequence[CsvRow] = ()) -> None:
        self.file = file
        self.header = header
        self.lines: tuple[int, ...] = tuple(row.line for row in rows)
        """The line each record starts on (1-based, the header is line 1)."""
        self._split: Sequence[Sequence[str]] | None = [row.cells for row in rows]
        self._texts: Sequence[str] = ()
        self._parts: Sequence[tuple[str, ...]] = ()
        self._apart = -1

    @classmethod
    def of_records(cls, file: str, header: tuple[str, ...], records: Sequence[Sequence[str]], lines: Sequence[int]) -> CsvTable:
        """A table of ``records`` (each as wide as ``header``), the first starting on ``lines[0]``."""
        table = cls(file, header)
        table._split, table.lines = records, tuple(lines)
        return table

    @classmethod
    def of_texts(cls, file: str, header: tuple[str, ...], texts: Sequence[str], parts: Sequence[tuple[str, ...]]) -> CsvTable:
        """A table of records written without quotes, the first on line 2: each of ``texts`` holds its cells separated by commas.

        ``parts`` are the first columns, then the text of each record's other cells (``_plain_parts``).
        """
        table = cls(file, header)
        table._split, table._texts, table._parts, table._apart = None, texts, parts, len(parts) - 1
        table.lines = tuple(range(2, 2 + len(texts)))
        return table

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def _records(self) -> Sequence[Sequence[str]]:
        if self._split is None:
            self._split = [text.split(",") for text in self._texts]
        return self._split

    @functools.cached_property
    def rows(self) -> tuple[CsvRow, ...]:
        """A located row per record."""
        return tuple(map(CsvRow, self.lines, map(tuple, self._records), itertools.repeat(self.header)))

    def error(self, line: int, message: str, column: str | None = None) -> PlaybookError:
        """A located error for a row (``column`` names the CSV column, if any)."""
        return PlaybookError(self.file, line, 0, (column,) if column else (), message)

    def columns(self) -> dict[str, tuple[str, ...]]:
        """The table read column by column: each column's cells in row order, by column name."""
        return dict(zip(self.header, self._columns, strict=True))

    def column(self, name: str) -> tuple[str, ...]:
        """The cells of one column, in row order (without reading the others)."""
        index = self.header.index(name)
        if self._is_apart(index):
            return self._parts[index]
        return tuple(map(operator.itemgetter(index), self._records))

    def keys(self, names: Sequence[str]) -> list[tuple[str, ...]]:
        """Each record's cells of the columns ``names``, as one tuple (a key across columns for ``TableCheck``)."""
        positions = [self.header.index(name) for name in names]
        if all(map(self._is_apart, positions)):
            return list(zip(*(self._parts[position] for position in positions), strict=True))
        if len(positions) == 1:
            return [(cell,) for cell in self.column(names[0])]
        return list(map(operator.itemgetter(*positions), self._records))

    def span(self, names: Sequence[str]) -> Sequence[Span]:
        """Each record's cells of the columns ``names`` as one value (``span_cells`` gives them back, in ``names`` order).

        The record's text of those cells when they are the columns it keeps together (a few
        distinct texts hash faster than as many tuples of cells), else the tuple of cells.
        """
        if self._parts and tuple(names) == self.header[self._apart :]:
            return self._parts[self._apart]
        return self.keys(names)

    def _is_apart(self, index: int) -> bool:
        """Whether column ``index`` is one of the ``_parts`` (a table kept as texts, all columns when the rest is the last)."""
        return bool(self._parts) and (index < self._apart or self._apart == len(self.header) - 1)

    @functools.cached_property
    def _columns(self) -> list[tuple[str, ...]]:
        if self._is_apart(len(self.header) - 1):
            return list(self._parts)
        return list(zip(*self._records, strict=True)) if self._records else [()] * len(self.header)


Span = str | tuple[str, ...]
"""One record's cells of several columns (``CsvTable.span``)."""


def span_cells(span: Span) -> tuple[str, ...]:
    """The cells a ``CsvTable.span`` value holds."""
    return tuple(span.split(",")) if isinstance(span, str) else span


def resolve_inside(root: Path, relative: str, file: str, path: KeyPath, where: Position) -> Path:
    """Resolve ``relative`` against the project root, refusing paths that leave it."""
    line, column = where
    if "\x00" in relative:  # no file system takes it (Python refuses such a path with a ValueError)
        raise PlaybookError(file, line, column, path, "the path holds a NUL character (\\0), which no file name can hold; retype the path.")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or Path(relative).is_absolute() or relative.startswith("~"):
        raise PlaybookError(
            file,
            line,
            column,
            path,
            f"'{relative}' is an absolute path; write a path relative to the project folder, such as content/welcome.md.",
        )
    if ".." in pure.parts:
        raise PlaybookError(
            file,
            line,
            column,
            path,
            f"'{relative}' uses '..' to leave the project folder; keep every file inside it.",
        )
    resolved = (root / relative).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise PlaybookError(
            file,
            line,
            column,
            path,
            f"'{relative}' points outside the project folder (through a link); keep every file inside it.",
        )
    return resolved


def existing_inside(root: Path, path: Path, display: str) -> bool:
    """Whether the data file ``path`` exists; refused (located) if it is a folder or a link leaving ``root``."""
    if not path.exists() and not path.is_symlink():
        return False
    if not path.resolve().is_relative_to(root.resolve()):
        raise PlaybookError(display, 0, 0, (), "is a link to a file outside the project folder; copy the file here instead.")
    if not path.is_file():
        raise PlaybookError(display, 0, 0, (), "is a folder or a broken link, not a file; replace it with a CSV file or remove it.")
    return True


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file (a leading BOM is dropped) within the size limit."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PlaybookError(display, 0, 0, (), "file not found.") from None
    if size > MAX_FILE_BYTES:
        raise PlaybookError(
            display,
            0,
            0,
            (),
            f"file is {size / 1_048_576:.1f} MB, over the {MAX_FILE_BYTES // 1_048_576} MB limit; split it or remove what is not needed.",
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        kind = "is a folder, not a file" if path.is_dir() else f"cannot be read ({error.strerror or error})"
        raise PlaybookError(display, 0, 0, (), f"{kind}; name a file you can read.") from None
    if kind := _not_text(raw):
        raise PlaybookError(display, 1, 1, (), f'{kind}, not UTF-8 text; save it with UTF-8 encoding (in a spreadsheet: "CSV UTF-8").')
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PlaybookError(
            display,
            line,
            column,
            (),
            'file is not UTF-8 text; save it with UTF-8 encoding (in a spreadsheet: "CSV UTF-8").',
        ) from None


def _not_text(raw: bytes) -> str:
    """What a file that is not UTF-8 text is ('' otherwise): UTF-16 (a spreadsheet's "Unicode Text") or a workbook.

    Found by a byte order mark, else only in a file holding a NUL byte (one fast scan: a text file
    almost never has one). Other NUL characters are left to each reader, which locates them.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 'the file is UTF-16 text (a spreadsheet\'s "Unicode Text")'
    if b"\x00" not in raw:
        return ""
    if raw.startswith(b"PK\x03\x04"):
        return "the file is a spreadsheet workbook (.xlsx or .ods) or another zip archive"
    if len(raw) >= 8 and any(2 * half.count(0) > len(half) for half in (raw[0::2], raw[1::2])):  # every other byte of ASCII text
        return "the file is UTF-16 text without a byte order mark"
    return ""


MAX_YAML_DEPTH = 64
MAX_YAML_INT = 10**15
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _GuardedComposer(yaml.composer.Composer):
    """A composer whose nesting is bounded: deeper than ``MAX_YAML_DEPTH`` is refused where it starts.

    Never a RecursionError nor a crash, whichever parser gives the events (composing recurses in Python).
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                raise yaml.composer.ComposerError(
                    None, None, f"values nested more than {MAX_YAML_DEPTH} levels deep; flatten the structure", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PositionConstructor(yaml.constructor.SafeConstructor):
    """Safe construction for people's YAML: keys plain text and unique, values sane.

    Refused with the place they sit: a list or mapping used as a key, a key YAML reads as
    nothing, yes/no or a number other than written (``~``, ``yes``, ``0x1F``), a key set twice, an
    impossible date (2026-02-30), an integer beyond ``MAX_YAML_INT`` and text holding a lone
    surrogate (``"\\ud800"``), a value its tag cannot read (``!!int x``). Merge keys (``<<: *anchor``)
    are supported: keys written next to them win.
    """

    keys_as_written = True
    """Refuse a key YAML reads as something else than its text (``_key_read_otherwise``); mkdocs.yml's are MkDocs' to read."""

    def __init__(self) -> None:
        super().__init__()
        self.key_problems: list[tuple[int, int, str]] = []
        """The 0-based line and column, and the message, of each key refused; the first in the file is reported."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, ArithmeticError):  # PyYAML's own constructors on a mistagged value
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            raise _refuse(
                f"the value does not fit its tag '!!{tag}'; remove the tag (YAML reads plain values by itself) or fix the value", node
            ) from None


class _PositionLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _GuardedComposer, yaml.resolver.Resolver):
    """The reference composer (pure Python, as ``yaml.SafeLoader``): its messages and places are the ones users see."""

    def __init__(self, stream: Any) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _GuardedComposer.__init__(self)
        yaml.resolver.Resolver.__init__(self)


if _CParser is not None:

    class _FastLoader(_GuardedComposer, _CParser, yaml.resolver.Resolver):
        """libyaml's events composed by ``_GuardedComposer``: the same nodes and places as ``_PositionLoader``, ten times faster.

        Only a document it reads without any problem is taken from it; ``parse_yaml`` asks
        ``_PositionLoader`` about every other, so messages and places never depend on libyaml.
        """

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _GuardedComposer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_node(self) -> yaml.Node | None:
            node: yaml.Node | None = super().get_single_node()
            if node is not None and _question_in_flow(node, False, set()):
                raise yaml.composer.ComposerError(None, None, "libyaml reads this flow collection otherwise", node.start_mark)
            return node


def _question_in_flow(node: yaml.Node, in_flow: bool, seen: set[int]) -> bool:
    """Whether a plain value inside [ ] or { } holds '?' (libyaml reads it as text, PyYAML refuses it) or is empty (placed otherwise)."""
    if isinstance(node, yaml.ScalarNode):
        return in_flow and not node.style and ("?" in node.value or not node.value)  # plain: libyaml's style is '', PyYAML's None
    if not isinstance(node, yaml.CollectionNode) or id(node) in seen:
        return False
    seen.add(id(node))
    inside = in_flow or bool(node.flow_style)
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
    return any(_question_in_flow(child, inside, seen) for child in children)


_COMPOSERS: tuple[type, ...] = (_FastLoader, _PositionLoader) if _CParser is not None else (_PositionLoader,)


def _refuse(message: str, node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _mapping_with_duplicate_check(loader: _PositionConstructor, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            raise _refuse("a list or mapping is used as a key; keys must be plain text, such as 'title'", key_node)
        key = loader.construct_object(key_node, deep=True)
        if loader.keys_as_written and (problem := _key_read_otherwise(key, key_node.value)):
            loader.key_problems.append((key_node.start_mark.line, key_node.start_mark.column, problem))
            continue
        if key in seen:
            first = seen[key].start_mark.line + 1
            raise _refuse(f"duplicate key '{key}' (first set on line {first}); keep only one", key_node)
        seen[key] = key_node
    return loader.construct_mapping(node, deep=True)


def _key_read_otherwise(key: object, written: str) -> str:
    """Why a key YAML reads as something else than the text written is refused, and what to write ('' when it is kept).

    Nothing (``~``, ``null``, an empty ``?`` key) and yes/no values (``yes``, ``no``, ``on``, ``true``:
    the language code ``no`` among them) never; a number only when it reads back as written
    (``3``, ``-1``, ``1.5``, not ``0x1F``, ``1_000``, ``1:30`` or ``1.50``). Dates are kept as text by ``_date_text``.
    """
    if isinstance(key, str) or (isinstance(key, int | float) and not isinstance(key, bool) and str(key) == written):
        return ""
    if not written:
        return "this key has no name; write the key's name after the '?', such as 'title', or remove the line."
    if key is None:
        read_as = "nothing (null)"
    elif isinstance(key, bool):
        read_as = f"{str(key).lower()} (a yes/no value)"
    elif isinstance(key, int | float):
        read_as = f"the number {key}"
    else:
        read_as = f"a {type(key).__name__} value"
    return f"YAML reads the key '{written}' as {read_as}, not as text; put it in quotes ('{written}':) to keep it as written, or use a name such as 'title'."


def _checked_text(loader: _PositionConstructor, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if has_surrogate(text):
        raise _refuse("text holds an invalid character (a lone surrogate such as \\ud800); remove it", node)
    return str(text)


def _checked_int(loader: _PositionConstructor, node: yaml.ScalarNode) -> int:
    value: int = loader.construct_yaml_int(node)
    if abs(value) > MAX_YAML_INT:
        raise _refuse(
            f"the number {node.value[:24]}{'…' if len(node.value) > 24 else ''} is too large; numbers here stay below {MAX_YAML_INT:,}",
            node,
        )
    return value


def _date_text(loader: _PositionConstructor, node: yaml.ScalarNode) -> str:
    """A date or time stays as written, so an impossible one (2026-02-30) is reported, not crashed on."""
    text = str(loader.construct_scalar(node))
    if ISO_DATE.fullmatch(text) and strict_date(text) is None:
        raise _refuse(f"'{text}' is not a real date; check the day and the month", node)
    return text


def date_advice(text: str, example: str) -> str:
    """How to write ``text`` (not a YYYY-MM-DD date) as a date: ``date_meant``, else the plain advice with ``example``."""
    return date_meant(text) or f"write it as YYYY-MM-DD, such as {example}"


def date_meant(text: str) -> str:
    """The day ``text`` seems to mean when a spreadsheet or a person wrote it otherwise than YYYY-MM-DD ('' when none).

    Day/month/year (``31/12/2026``, ``31.12.2026``; both readings when either could be the month), a
    date and time (``2026-12-31T09:00``: the day alone) and a spreadsheet's day number (``46387``).
    """
    if (found := _DATE_AND_TIME.fullmatch(text)) and strict_date(found[1]):
        return f"write the day alone, as YYYY-MM-DD: {found[1]}"
    if found := _DAY_MONTH_YEAR.fullmatch(text):
        first, second, year = (int(part) for part in found.groups())
        day_first, month_first = _real_day(year, second, first), _real_day(year, first, second)
        if day_first and month_first and day_first != month_first:
            return f"write it as YYYY-MM-DD: {day_first} if the day comes first, {month_first} if the month does"
        if meant := day_first or month_first:
            return f"write it as YYYY-MM-DD: {meant}"
    if _SERIAL_DAY.fullmatch(text):
        day = _SPREADSHEET_EPOCH + datetime.timedelta(days=int(text))
        return f"write it as YYYY-MM-DD: {day} (the spreadsheet saved its day number; format the column as YYYY-MM-DD before saving)"
    return ""


def _real_day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_DATE_AND_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_SERIAL_DAY = re.compile(r"[2-7][0-9]{4}")  # 1954 to 2173: a day number, not a year nor a count
_SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel, LibreOffice and Google Sheets (after February 1900)


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (U+D800 to U+DFFF), which no file or page can encode."""
    return _SURROGATE.search(text) is not None


_SURROGATE = re.compile("[\ud800-\udfff]")


_PositionConstructor.yaml_constructors = {
    **yaml.constructor.SafeConstructor.yaml_constructors,
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG: _mapping_with_duplicate_check,
    "tag:yaml.org,2002:str": _checked_text,
    "tag:yaml.org,2002:int": _checked_int,
    "tag:yaml.org,2002:timestamp": _date_text,
}


class _ForeignTagConstructor(_PositionConstructor):
    """For mkdocs.yml: the tags MkDocs users need (``!ENV``, ``!relative``, ``!!python/name:``) kept as text.

    Every other tag is refused where it stands, before any engine reads the file: both engines
    would construct ``!!python/object…`` or ``!!python/module…`` values, running code.
    Keys are read as MkDocs reads them (a ``nav`` title ``2024`` or ``Yes``).
    """

    keys_as_written = False


MKDOCS_TAGS = ("!ENV", "!relative")


def _tag_as_text(loader: _ForeignTagConstructor, suffix: str, node: yaml.Node) -> str:
    if node.tag not in MKDOCS_TAGS and not node.tag.startswith("tag:yaml.org,2002:python/name:"):
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _refuse(
            f"the YAML tag '{shown}' is not allowed in mkdocs.yml (it would run code when the site is built); "
            "only !ENV, !relative and !!python/name: are, so remove it",
            node,
        )
    return f"{node.tag} {node.value}" if isinstance(node, yaml.ScalarNode) else node.tag


_ForeignTagConstructor.add_multi_constructor("!", _tag_as_text)
_ForeignTagConstructor.add_multi_constructor("tag:yaml.org,2002:python/", _tag_as_text)


def _count_nodes(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """Count the nodes ``node`` expands to, following aliases (memoised, capped)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = limit + 1  # a cycle counts as too many
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children: list[yaml.Node] = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _count_nodes(child, memo, limit)
        if total > limit:
            break
    memo[key] = total
    return total


def _record_positions(node: yaml.Node, path: KeyPath, out: dict[KeyPath, Position], offset: int) -> None:
    out.setdefault(path, (node.start_mark.line + 1 + offset, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            child = (*path, key_node.value)
            out[child] = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            _record_children(value_node, child, out, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), out, offset)


def _record_children(node: yaml.Node, path: KeyPath, out: dict[KeyPath, Position], offset: int) -> None:
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        saved = out[path]
        _record_positions(node, path, out, offset)
        out[path] = saved


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag ", 1)[1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return line, column, f"unknown YAML tag '{tag}'; this file takes plain values only, so remove the tag."
    if isinstance(exc, yaml.constructor.ConstructorError | yaml.composer.ComposerError) and "duplicate anchor" not in problem:
        return line, column, problem + "."
    if "'\\t'" in problem or "\t" in problem or "tab" in problem.lower():
        return line, column, "tab character used for indentation; YAML needs spaces (use 2 spaces per level)."
    if "duplicate key" in problem:
        return line, column, problem + "."
    context = f" {exc.context}" if exc.context else ""
    if "flow" in context:
        return line, column, f"YAML syntax error: {problem}{context}. Inside [ ] or {{ }}, put text that contains , : ? or # in quotes."
    return line, column, f"YAML syntax error: {problem}{context}. Check the indentation and quoting here."


def parse_yaml(text: str, file: str, line_offset: int = 0, foreign_tags: bool = False) -> Document:
    """Parse one YAML document, recording positions; refuse alias bombs and tabs.

    ``foreign_tags`` keeps other tools' tags (``!ENV``, ``!!python/name:``) as text. libyaml reads
    the document when it can; any problem is read again by the pure-Python parser, which says what
    and where exactly as it always has.
    """
    *fast, reference = _COMPOSERS
    for composer in fast if libyaml_reads_alike(text) else ():
        try:
            return _parse_with(composer, text, file, line_offset, foreign_tags)
        except (PlaybookError, ValueError):  # ValueError: text libyaml cannot encode (a lone surrogate)
            pass
    return _parse_with(reference, text, file, line_offset, foreign_tags)


_LIBYAML_DIFFERS = re.compile(r"[\t\ufeff\x85\u2028\u2029]|[|>][-+0-9]*#")
"""What libyaml reads otherwise than PyYAML: tabs, byte order marks and Unicode line breaks
anywhere, and a block scalar's header followed by '#' without a space."""


def libyaml_reads_alike(text: str) -> bool:
    """Whether libyaml gives the nodes and places PyYAML gives for ``text`` (when both read it).

    Also a text not ending with a line break: libyaml places an empty value at its end on the next line.
    """
    return text.endswith("\n") and not _LIBYAML_DIFFERS.search(text)


def _parse_with(composer: type, text: str, file: str, line_offset: int, foreign_tags: bool) -> Document:
    """``parse_yaml`` with the nodes composed by ``composer``."""
    try:
        node = yaml.compose(text, Loader=composer)
    except yaml.MarkedYAMLError as exc:
        line, column, message = _yaml_problem(exc, text)
        raise PlaybookError(file, line + line_offset, column, (), message) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = (
            f"the character U+{exc.character:04X} is not allowed in YAML; remove it."
            if isinstance(exc.character, int)
            else f"{exc.reason}."
        )
        raise PlaybookError(file, line + line_offset, column, (), message) from None
    except yaml.YAMLError as exc:
        raise PlaybookError(file, 1 + line_offset, 1, (), f"YAML error: {exc}") from None
    if node is None:
        return Document(file, None, {(): (1 + line_offset, 1)}, line_offset)
    if _count_nodes(node, {}, MAX_YAML_NODES) > MAX_YAML_NODES:
        raise PlaybookError(
            file,
            node.start_mark.line + 1 + line_offset,
            1,
            (),
            f"YAML anchors and aliases expand to more than {MAX_YAML_NODES:,} values; remove the nested aliases (&name / *name).",
        )
    constructor = _ForeignTagConstructor() if foreign_tags else _PositionConstructor()
    try:
        data = constructor.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line, column, message = _yaml_problem(exc, text)
        raise PlaybookError(file, line + line_offset, column, (), message) from None
    if constructor.key_problems:
        line, column, message = min(constructor.key_problems)
        raise PlaybookError(file, line + 1 + line_offset, column + 1, (), message)
    positions: dict[KeyPath, Position] = {}
    _record_positions(node, (), positions, line_offset)
    return Document(file, _plain(data), positions, line_offset)


def _plain(value: Any) -> Any:
    """Turn YAML dates and times into ISO strings so the data is plain JSON."""
    if isinstance(value, dict):
        return {key if isinstance(key, str) else str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_yaml_file(path: Path, display: str) -> Document:
    """Read and parse a YAML file (size, encoding and syntax checked)."""
    return parse_yaml(read_text(path, display), display)


def parse_csv(
    text: str,
    file: str,
    required: tuple[str, ...] = (),
    read_apart: Collection[str] | None = None,
    known: Sequence[str] | None = None,
) -> CsvTable:
    """Parse CSV text (BOM, CRLF or LF, quoted newlines) into located records.

    ``read_apart``: the columns read one by one (default: all); a table of a file without quotes
    may keep the columns after the last of them together (``CsvTable.span``). ``known``: every
    column the file may have (a header naming another is refused); None: any column.
    A file whose header is separated by semicolons or tabs instead of commas is refused once, saying so.
    """
    if separated := _separator_error(text, file, (*required, *(read_apart or ()), *(known or ()))):
        raise ErrorList([separated])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header_row = next(reader, None)
    except csv.Error as exc:
        raise PlaybookError(file, 1, 0, (), f"malformed CSV header: {exc}.") from None
    if not header_row or not any(cell.strip() for cell in header_row):
        raise PlaybookError(file, 1, 0, (), "CSV file is empty; it needs a header row.")
    header = _named_as_expected(tuple(cell.strip() for cell in header_row), (*required, *(read_apart or ()), *(known or ())))
    errors = _header_errors(header, required, file, known)
    width = len(header)
    apart = width if read_apart is None else 1 + max((header.index(name) for name in read_apart if name in header), default=-1)
    plain = _plain_parts(text, width, min(max(apart, 1), width - 1)) if not errors else None  # the first cell apart: blank rows
    if plain is not None:
        return CsvTable.of_texts(file, header, *plain)
    records, lines, problem = _records(text)
    if not set(map(len, records)) <= {width} or not all(map(str.strip, map(operator.itemgetter(0), records))):
        records, lines = _usable_records(records, lines, width, file, errors)  # a row of another width, or maybe a blank one
    if problem is not None:
        errors.append(PlaybookError(file, problem[0], 0, (), f"malformed CSV: {problem[1]}; check the quotes on this row."))
    if errors:
        raise ErrorList(errors)
    return CsvTable.of_records(file, header, records, lines)


def _plain_parts(text: str, width: int, apart: int) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """The text of each record after the header, and its first ``apart`` columns then the text of its other cells.

    Only when the CSV reader would give each record as its line split at commas: no quote and
    no carriage return in the file, each line ``width`` cells wide, none over the reader's size
    limit and none maybe blank (a first cell of spaces or nothing: ``apart`` is at least 1 when
    there are two columns or more). Otherwise None: ``_records`` reads the file and
    ``_usable_records`` sorts out its rows.
    """
    if '"' in text or "\r" in text:
        return None
    texts = text.split("\n")
    del texts[0]
    if texts and not texts[-1]:
        texts.pop()  # the line break ending the last record
    if not texts:
        return texts, [()] * (apart + 1)
    if len(text) > csv.field_size_limit() and max(map(len, texts)) > csv.field_size_limit():
        return None
    records = map(str.split, texts, itertools.repeat(","), itertools.repeat(apart))
    parts = list(zip(*records, strict=False))  # as many as the shortest record has
    if len(parts) != apart + 1 or not all(map(str.strip, parts[0])):
        return None
    if {rest.count(",") for rest in set(parts[-1])} != {width - 1 - apart}:
        return None
    return texts, parts


def _records(text: str) -> tuple[list[list[str]], Sequence[int], tuple[int, csv.Error] | None]:
    """The records after the header, the line each starts on, and the line and problem that stopped the reader (if any).

    Without a quote character every record is one line, so the whole file is read in one go.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    if '"' not in text:
        try:
            records = list(reader)
            return records, range(2, 2 + len(records)), None
        except csv.Error:  # a cell over the size limit: read again record by record to find its line
            reader = csv.reader(io.StringIO(text, newline=""), strict=True)
            next(reader)
    records, lines = [], []
    start = reader.line_num + 1
    try:
        for record in reader:
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return records, lines, (start, exc)
    return records, lines, None


def _usable_records(
    records: list[list[str]], lines: Sequence[int], width: int, file: str, errors: list[PlaybookError]
) -> tuple[list[list[str]], list[int]]:
    """The records that are not blank, with their lines; a record of the wrong width is an error."""
    kept: list[list[str]] = []
    kept_lines: list[int] = []
    for record, line in zip(records, lines, strict=True):
        if not any(map(str.strip, record)):
            continue
        if len(record) != width:
            message = f"row has {len(record)} values but the header has {width} columns; check for a missing or extra comma."
            errors.append(PlaybookError(file, line, 0, (), message))
            continue
        kept.append(record)
        kept_lines.append(line)
    return kept, kept_lines


def _named_as_expected(header: tuple[str, ...], expected: Collection[str]) -> tuple[str, ...]:
    """``header`` with each name written in other letter case (``Pair_ID``, ``EMAIL``) as the expected column it names.

    Spreadsheets and people capitalise headings; a name is changed only when it is not itself
    expected, exactly one expected column has it in any case, and the header does not already have that column.
    """
    by_case: dict[str, list[str]] = {}
    for name in dict.fromkeys(expected):
        by_case.setdefault(name.casefold(), []).append(name)
    named = list(header)
    for index, name in enumerate(header):
        matches = by_case.get(name.casefold(), [])
        if name not in matches and len(matches) == 1 and matches[0] not in named:
            named[index] = matches[0]
    return tuple(named)


def _header_errors(header: tuple[str, ...], required: tuple[str, ...], file: str, known: Sequence[str] | None) -> list[PlaybookError]:
    errors = [PlaybookError(file, 1, 0, (), f"missing column '{name}' in the header row.") for name in required if name not in header]
    unnamed_reported = known is not None  # each column without a name is reported by ``unknown_columns``
    duplicates = sorted({name for name in header if header.count(name) > 1 and (name or not unnamed_reported)})
    errors += [PlaybookError(file, 1, 0, (), f"column '{name}' appears twice in the header row.") for name in duplicates]
    if known is not None:
        errors += unknown_columns(file, header, known, f"This file's columns are {', '.join(known)}; rename the column or remove it")
    return errors


def unknown_columns(file: str, header: Iterable[str], known: Collection[str], advice: str) -> list[PlaybookError]:
    """An error at line 1 for each column of ``header`` not in ``known``: the closest known column, then ``advice`` (a sentence)."""
    errors = []
    for name in dict.fromkeys(header):
        if name not in known:
            what = f"unknown column '{name}'" if name else "a column without a name"
            errors.append(PlaybookError(file, 1, 0, (), f"{what}.{did_you_mean(name, known)} {advice}."))
    return errors


_SEPARATORS = {";": "semicolons", "\t": "tabs"}


def _separator_error(text: str, file: str, expected: Collection[str]) -> PlaybookError | None:
    """The error for a file saved with semicolons or tabs between its columns, or None.

    Such a file (European spreadsheets save "CSV" with semicolons) has a header line without a
    comma that splits into two or more named columns at its semicolons or tabs, one of them ``expected``.
    """
    end = text.find("\n")
    first = text[: end if end >= 0 else len(text)]
    if "," in first:
        return None
    for separator, name in _SEPARATORS.items():
        cells = {cell.strip().strip('"\ufeff').strip() for cell in first.split(separator)} - {""}
        if len(cells) > 1 and not cells.isdisjoint(expected):  # two columns at least: a trailing tab alone is no separator
            message = (
                f'the columns are separated by {name}, not commas; save the file as comma-separated values (in a spreadsheet: "CSV UTF-8").'
            )
            return PlaybookError(file, 1, 0, (), message)
    return None


Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")
Problems = Sequence[tuple[str, str]]  # (column, message) pairs


class CellProblem(ValueError):
    """Raised by a check of ``TableCheck``: what is wrong, as (column, message) pairs."""

    def __init__(self, *problems: tuple[str, str]) -> None:
        super().__init__(*problems)
        self.problems: Problems = problems


class TableCheck:
    """Checks a ``CsvTable`` column by column, each distinct key once (cells repeat a lot).

    A key is one row's cell, or a tuple of one row's cells or checked values (for a rule
    across columns). Every row whose key has problems gets them, located at its line, in
    ``errors``; ``refused`` holds the index of each row a ``check`` refused, and ``closed``
    those of rows a ``final`` check refused (later checks add no problem to them).
    """

    def __init__(self, table: CsvTable, errors: list[PlaybookError]) -> None:
        self.table, self.errors = table, errors
        self.refused: set[int] = set()
        self.closed: set[int] = set()

    def check(self, keys: Sequence[Key], convert: Callable[[Key], Value], final: bool = False) -> list[Value | None]:
        """Each row's value: ``convert`` of its key, or ``None`` if that raised ``CellProblem``."""
        values: dict[Key, Value | None] = dict.fromkeys(keys)
        problems: dict[Key, Problems] = {}
        for key in values:
            try:
                values[key] = convert(key)
            except CellProblem as problem:
                problems[key] = problem.problems
        refused = self._locate(keys, problems)
        self.refused.update(refused)
        if final:
            self.closed.update(refused)
        return list(map(values.__getitem__, keys))

    def report(self, keys: Sequence[Key], find: Callable[[Key], Problems]) -> None:
        """Add the problems ``find`` gives for each row's key, without refusing the rows."""
        self._locate(keys, {key: found for key in dict.fromkeys(keys) if (found := find(key))})

    def _locate(self, keys: Sequence[Key], problems: dict[Key, Problems]) -> list[int]:
        """Add the problems of each row's key to ``errors``; the indices of the rows that have some."""
        if not problems:
            return []
        found = [index for index, key in enumerate(keys) if key in problems and index not in self.closed]
        for index in found:
            line = self.table.lines[index]
            self.errors += [self.table.error(line, message, column) for column, message in problems[keys[index]]]
        return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while big tables become objects (and during a build's generation).

    Parsing 100,000 rows makes hundreds of thousands of objects that hold no cycles; each
    full collection would walk all of them again (half of the load time for a big
    programme). Reference counting still frees everything; the collector resumes after.
    A whole generation of the 40-cohort benchmark programme leaves only a few hundred objects
    in cycles, so ``playbook build`` pauses it for its generation too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


Made = TypeVar("Made")


def made_alike(cls: type[Made], *columns: Iterable[Any]) -> tuple[Made, ...]:
    """``tuple(map(cls, *columns))`` for columns of equal length: the same objects, made faster when ``cls`` allows.

    A frozen dataclass's ``__init__`` sets its fields one by one through ``object.__setattr__``,
    most of the time 100,000 rows of answers take to become objects. A frozen dataclass with
    slots whose ``__init__`` only stores its fields gets each field filled column by column
    instead; any other class (``__post_init__``, no slots, a field left to its default) is called.
    """
    slots = _stored_slots(cast(type, cls))
    if slots is None or len(slots) != len(columns):
        return tuple(map(cls, *columns))
    cells = [column if isinstance(column, Sequence) else tuple(column) for column in columns]
    count = len(cells[0]) if cells else 0
    if any(len(column) != count for column in cells):
        raise ValueError(f"columns of {sorted({len(column) for column in cells})} cells; made_alike takes columns of equal length")
    made = tuple(map(object.__new__, itertools.repeat(cls, count)))
    for slot, column in zip(slots, cells, strict=True):
        collections.deque(map(slot.__set__, made, column), maxlen=0)
    return made


@functools.cache
def _stored_slots(cls: type) -> tuple[types.MemberDescriptorType, ...] | None:
    """The slot of each field ``cls.__init__`` takes, in order, when all it does is store them in slots; else None."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or cls.__new__ is not object.__new__:
        return None
    fields = dataclasses.fields(cls)
    names = tuple(item.name for item in fields)
    slots = tuple(cls.__dict__.get(name) for name in names)
    taken = tuple(list(inspect.signature(cls.__init__).parameters)[1:])
    if taken != names or not all(item.init for item in fields) or not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        return None
    return cast(tuple[types.MemberDescriptorType, ...], slots)


def load_csv_file(
    path: Path, display: str, required: tuple[str, ...] = (), read_apart: Collection[str] | None = None, known: Sequence[str] | None = None
) -> CsvTable:
    """Read and parse a CSV file with the same guards as every other input (``read_apart``, ``known``: as ``parse_csv``)."""
    return parse_csv(read_text(path, display), display, required, read_apart, known)


def split_front_matter(text: str, file: str) -> tuple[Document | None, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns the parsed front matter (or None), the body, and the body's first line number.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            block = "".join(lines[1:index])
            document = parse_yaml(block, file, line_offset=1)
            return document, "".join(lines[index + 1 :]), index + 2
    raise PlaybookError(file, 1, 1, (), "front matter starts with '---' but never ends; add a closing '---' line.")
