"""One error type for everything a user can get wrong.

Input: what went wrong and where (file, line, column, key path).
Output: ``PlaybookError`` values that print as ``FILE:LINE:COL: key.path: message``
and an ``ErrorList`` that collects them so a run can report every problem
at once and then abort (the MkDocs way: gather, then fail once).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

KeyPath = tuple[str | int, ...]
Result = TypeVar("Result")


def format_key_path(path: Sequence[str | int]) -> str:
    """Render ``("training", 2, "audience", 0)`` as ``training[2].audience[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A short hint naming the closest valid choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


@dataclass(unsafe_hash=True, order=True)
class PlaybookError(Exception):
    """A located problem in the user's files.

    ``line`` and ``column`` are 1-based; 0 means "unknown". Not frozen: Python and
    contextlib set ``__traceback__`` on exceptions as they travel. Treat it as a value.
    """

    file: str
    line: int = 0
    column: int = 0
    key_path: KeyPath = field(default=(), compare=False)
    message: str = field(default="", compare=True)

    def __str__(self) -> str:
        location = self.file
        if self.line:
            location += f":{self.line}"
            if self.column:
                location += f":{self.column}"
        key = format_key_path(self.key_path)
        return f"{location}: {key}: {self.message}" if key else f"{location}: {self.message}"


class ErrorList(Exception):
    """Many ``PlaybookError`` values, reported together and sorted by place."""

    def __init__(self, errors: Iterable[PlaybookError]) -> None:
        self.errors: list[PlaybookError] = sort_errors(errors)
        super().__init__("\n".join(str(error) for error in self.errors))

    def __iter__(self) -> Iterator[PlaybookError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


def sort_errors(errors: Iterable[PlaybookError]) -> list[PlaybookError]:
    """Errors without duplicates, in file, line and column order."""
    return sorted(set(errors), key=lambda error: (error.file, error.line, error.column, str(error)))


def collect(errors: list[PlaybookError], action: Callable[[], Result]) -> Result | None:
    """Run ``action``; a user's mistake it raises is added to ``errors`` (and None returned)."""
    try:
        return action()
    except PlaybookError as error:
        errors.append(error)
    except ErrorList as many:
        errors.extend(many)
    return None


def raise_if_any(errors: Iterable[PlaybookError]) -> None:
    """Abort once, with every collected error, if there is at least one."""
    collected = list(errors)
    if collected:
        raise ErrorList(collected)


def unreadable_file(where: str, reason: str) -> PlaybookError:
    """A file of the programme's (``where``, as the user knows it) that vanished or could not be read while Playbook read it."""
    return PlaybookError(where, 0, 0, (), f"could not be read ({reason}); save the file again, or check that it can be read.")
