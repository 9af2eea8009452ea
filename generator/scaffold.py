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
from generator.write import write_if_changed

STARTER = Path(str(resources.files("generator") / "starter"))  # package data, in the wheel and in the repository


def scaffold(directory: str) -> Path:
    """Create the starter programme in ``directory`` and return its absolute path.

    A place that cannot hold it (inside a file, no permission, a full disk, a name the system
    refuses) is a ``PlaybookError`` naming the reason; a half-made folder is removed again.
    """
    try:
        target = Path(directory).resolve()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise PlaybookError(directory, 0, 0, (), "already exists and is not empty; choose a new folder name so nothing is overwritten.")
        created = not target.exists()
        _copy_starter(target, created)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlaybookError(
            directory, 0, 0, (), f"cannot create the programme here ({reason}); choose a folder you can write to, such as ./my-programme."
        ) from None
    return target


def _copy_starter(target: Path, created: bool) -> None:
    try:
        shutil.copytree(STARTER, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("gitignore.txt", "__pycache__"))
        shutil.copyfile(STARTER / "gitignore.txt", target / ".gitignore")
        write_if_changed(target / "program.schema.json", schema_json().encode("utf-8"))
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
