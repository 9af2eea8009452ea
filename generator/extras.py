"""Optional parts of Playbook: which extra each one needs, and a check before it runs.

Input: the name of an optional part (``match``, ``collect`` or ``zensical``) and the
command that needs it, such as ``"match"`` or ``"build --engine zensical"``.
Output: nothing when the part's modules can be imported; otherwise a ``PlaybookError``
that names the extra and the pip command that installs it, printed without a traceback.
The modules are looked up with ``importlib.util.find_spec``, never imported, so the
check is cheap and has no side effects.
"""

from __future__ import annotations

import importlib.util

from generator.errors import PlaybookError

DISTRIBUTION = "playbook-mentoring"

EXTRAS: dict[str, tuple[str, ...]] = {
    "match": ("scipy",),
    "collect": ("starlette", "uvicorn"),
    "postgres": ("psycopg",),
    "zensical": ("zensical",),
    "pdf": ("weasyprint",),
}


def importable(module: str) -> bool:
    """Whether ``module`` can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_modules(extra: str) -> tuple[str, ...]:
    """The modules of ``extra`` that cannot be imported (empty when it is installed)."""
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra '{extra}'; known: {', '.join(EXTRAS)}")
    return tuple(module for module in EXTRAS[extra] if not importable(module))


def is_installed(extra: str) -> bool:
    """Whether every module of ``extra`` can be imported."""
    return not missing_modules(extra)


def install_command(extra: str) -> str:
    """The command that installs ``extra``, quoted for a POSIX shell."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def require_extra(extra: str, command: str) -> None:
    """Raise a ``PlaybookError`` when ``playbook COMMAND`` cannot run because ``extra`` is missing."""
    missing = missing_modules(extra)
    if missing:
        raise PlaybookError(
            "playbook",
            0,
            0,
            (),
            f"'playbook {command}' needs the optional part [{extra}], which is not installed "
            f"(missing: {', '.join(missing)}). Install it with: {install_command(extra)}",
        )
