"""JSON from outside (submissions, imported exports) read with the same limits everywhere.

Input: JSON text from a request body or an imported file.
Output: the decoded value, or ``UnsafeJson`` saying what is wrong: not JSON, nested deeper than
``MAX_JSON_DEPTH``, an integer with more than ``MAX_NUMBER_DIGITS`` digits, ``NaN`` or
``Infinity``, a key twice in one object, or a lone surrogate (``"\\ud800"``) in any text or key.
The collector answers these with HTTP 400; ``ingest`` with a FILE:LINE error.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from generator.load import has_surrogate

MAX_JSON_DEPTH = 8
MAX_NUMBER_DIGITS = 30


class UnsafeJson(ValueError):
    """Why a JSON text is refused; ``line`` is where, when known (1-based, else 0)."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


def _refuse_constant(name: str) -> Any:
    raise UnsafeJson(f"{name} is not a number a survey can take; write a finite number")


def _checked_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise UnsafeJson(f"a number has more than {MAX_NUMBER_DIGITS} digits; no answer needs that many")
    return int(text)


def _finite_float(text: str) -> float:
    """A decimal number; one too large to hold (``1e999`` would be infinity) is refused like ``Infinity``."""
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJson(f"the number {text[:20]} is too large; write a finite number")
    return value


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        names = [name for name, _ in pairs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        raise UnsafeJson(f"the key(s) {', '.join(map(repr, repeated))} appear twice in one object; keep each once")
    return data


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest past ``MAX_JSON_DEPTH`` (checked before decoding)."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def check_value(value: Any, depth: int = 0) -> None:
    """Refuse lone surrogates anywhere (keys too) and nesting deeper than ``MAX_JSON_DEPTH``."""
    if depth > MAX_JSON_DEPTH:
        raise UnsafeJson(f"values are nested more than {MAX_JSON_DEPTH} levels deep")
    if isinstance(value, str) and has_surrogate(value):
        raise UnsafeJson("text holds an invalid character (a lone surrogate such as \\ud800); send UTF-8 text")
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        check_value(key, depth + 1)
        check_value(item, depth + 1)


def loads(text: str) -> Any:
    """Decode ``text`` with the limits above; raises ``UnsafeJson``."""
    if _too_deep(text):
        raise UnsafeJson(f"values are nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        data = json.loads(
            text, parse_int=_checked_int, parse_float=_finite_float, parse_constant=_refuse_constant, object_pairs_hook=_unique_pairs
        )
    except json.JSONDecodeError as error:
        raise UnsafeJson(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})", error.lineno) from None
    except RecursionError:
        raise UnsafeJson(f"values are nested more than {MAX_JSON_DEPTH} levels deep") from None
    check_value(data)
    return data
