"""``playbook new DIR``: a complete starter programme that checks and builds at once.

Input: a folder that does not exist yet, or is empty.
Output: program.yaml, program.schema.json, mkdocs.yml, content/ and .gitignore in it.
An existing, non-empty folder is refused, so nothing anyone made is overwritten.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from generator.errors import PlaybookError
from generator.schema import schema_json

STARTER = Path(str(resources.files("generator") / "starter"))  # package data, in the wheel and in the repository


def scaffold(directory: str) -> Path:
    """Create the starter programme in ``directory`` and return its absolute path."""
    target = Path(directory).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PlaybookError(directory, 0, 0, (), "already exists and is not empty; choose a new folder name so nothing is overwritten.")
    shutil.copytree(STARTER, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("gitignore.txt", "__pycache__"))
    shutil.copyfile(STARTER / "gitignore.txt", target / ".gitignore")
    (target / "program.schema.json").write_text(schema_json(), encoding="utf-8")
    return target
