"""Drawn handbooks kept between builds, so an unchanged handbook is never drawn again.

Input: the project's root, the PDF's name (a handbook's language and role), its key
(``Handbook.key``) and, on a miss, a function that draws it.
Output: the PDF's bytes, from ``.playbook/pdf/<name>-<key>.pdf`` when it is there; else drawn,
stored atomically, and the older entries of that name removed (each language of a multilingual
site keeps its own). In the preview and in ``check`` (``cache.SLOW_OUTPUTS``), a stale handbook shows its last
drawn copy rather than being drawn again; ``check`` never draws or writes one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from generator.cache import SLOW_OUTPUTS
from generator.write import write_if_changed

CACHE_FOLDER = Path(".playbook") / "pdf"
_KEY = re.compile("[0-9a-f]{32}")


def cache_folder(root: Path) -> Path:
    """Where drawn handbooks are kept: ``.playbook/pdf`` in the project, or ``PLAYBOOK_PDF_CACHE`` if set.

    Entries are named by a hash of everything a handbook prints, so several checkouts of one
    programme (or a test suite's many copies) may share one folder safely.
    """
    shared = os.environ.get("PLAYBOOK_PDF_CACHE")
    return Path(shared) if shared else root / CACHE_FOLDER


def cached_pdf(root: Path, name: str, key: str, draw: Callable[[], bytes]) -> bytes:
    """The PDF called ``name`` (such as ``handbook-en-mentor``) for ``key``: from the cache, or drawn now and cached.

    With ``SLOW_OUTPUTS`` set to never (``playbook check``), no PDF is drawn and the bytes are empty.
    """
    folder = cache_folder(root)
    path = folder / f"{name}-{key[:32]}.pdf"
    if path.is_file():
        return path.read_bytes()
    drawn = _drawn(folder, name) if folder.is_dir() else []
    if SLOW_OUTPUTS.mode != "draw" and drawn:
        return drawn[-1].read_bytes()  # preview and check show the last drawn copy; a build draws it again
    if SLOW_OUTPUTS.mode == "never":
        return b""  # check draws nothing: an empty stand-in keeps the handbook's address, so a clash with it is found
    pdf = draw()
    for old in drawn:
        old.unlink(missing_ok=True)
    write_if_changed(path, pdf)
    return pdf


def _drawn(folder: Path, name: str) -> list[Path]:
    """The cached copies of ``name``, oldest first."""
    found = [old for old in folder.glob(f"{name}-*.pdf") if _KEY.fullmatch(old.stem.removeprefix(f"{name}-"))]
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))
