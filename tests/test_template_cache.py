"""Compiled templates outlive the process: a fresh build loads them from the user's cache folder
instead of compiling them again, and an edited template is compiled again.

Input: a theme folder with one template, rendered through two caches as two processes would.
Output: assertions on what Jinja2 compiled (its ``compile`` is counted) and on the output.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator.cache import MemoryBytecodeCache


def render(folder: Path, cache: MemoryBytecodeCache, **context: object) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache)
    return environment.get_template("page.md.j2").render(**context)


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja2 compiles from source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        names.append(name or "")
        return original(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_fresh_process_loads_compiled_templates_and_compiles_edited_ones(tmp_path: Path, compiled: list[str]) -> None:
    template = tmp_path / "page.md.j2"
    template.write_text("Hello {{ name }} ({{ tmp }})\n", encoding="utf-8")
    first = MemoryBytecodeCache()
    first.keep_on_disk()
    assert first.disk is not None
    assert render(tmp_path, first, name="Ada", tmp=str(tmp_path)) == f"Hello Ada ({tmp_path})"
    assert compiled == ["page.md.j2"]
    second = MemoryBytecodeCache()  # another process: nothing in memory
    second.keep_on_disk()
    assert render(tmp_path, second, name="Ben", tmp=str(tmp_path)) == f"Hello Ben ({tmp_path})"
    assert compiled == ["page.md.j2"]  # loaded from disk, not compiled again
    template.write_text("Goodbye {{ name }}\n", encoding="utf-8")
    third = MemoryBytecodeCache()
    third.keep_on_disk()
    assert render(tmp_path, third, name="Cy") == "Goodbye Cy"
    assert compiled == ["page.md.j2", "page.md.j2"]


def test_without_a_disk_folder_templates_still_render(tmp_path: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no private folder")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "__init__", refuse)
    (tmp_path / "page.md.j2").write_text("Hi {{ name }}\n", encoding="utf-8")
    cache = MemoryBytecodeCache()
    cache.keep_on_disk()
    assert cache.disk is None
    assert render(tmp_path, cache, name="Dee") == render(tmp_path, cache, name="Dee") == "Hi Dee"
    assert compiled == ["page.md.j2"]  # the second render came from memory


def test_compiled_templates_unused_for_a_month_are_pruned_once_a_day(tmp_path: Path) -> None:
    from generator.cache import CACHE_FILE_PATTERN, KEEP_UNUSED_SECONDS, PRUNE_EVERY_SECONDS, PRUNED_MARKER, prune_template_cache

    now = 2_000_000_000.0
    old, recent = tmp_path / (CACHE_FILE_PATTERN % "old"), tmp_path / (CACHE_FILE_PATTERN % "recent")
    foreign = tmp_path / "__jinja2_other.cache"  # another program's cache in the same folder: never touched
    for path, age in ((old, KEEP_UNUSED_SECONDS + 60), (recent, 60), (foreign, KEEP_UNUSED_SECONDS * 2)):
        path.write_bytes(b"x")
        os.utime(path, (now - age, now - age))
    assert prune_template_cache(tmp_path, now) == 1
    assert not old.exists() and recent.exists() and foreign.exists()
    os.utime(recent, (now - KEEP_UNUSED_SECONDS * 2, now - KEEP_UNUSED_SECONDS * 2))
    os.utime(tmp_path / PRUNED_MARKER, (now - 60, now - 60))
    assert prune_template_cache(tmp_path, now) == 0  # pruned less than a day ago: nothing looked at
    assert recent.exists()
    assert prune_template_cache(tmp_path, now + PRUNE_EVERY_SECONDS) == 1
    assert not recent.exists()


def test_a_template_loaded_from_disk_is_marked_as_used(tmp_path: Path, compiled: list[str]) -> None:
    from generator.cache import CACHE_FILE_PATTERN

    template = tmp_path / "page.md.j2"
    template.write_text("Hi {{ name }}\n", encoding="utf-8")
    first = MemoryBytecodeCache()
    first.keep_on_disk()
    render(tmp_path, first, name="Ada")
    assert first.disk is not None
    key = first.get_cache_key("page.md.j2", str(template))
    newest = Path(first.disk.directory) / (CACHE_FILE_PATTERN % key)
    os.utime(newest, (1_000_000_000, 1_000_000_000))
    second = MemoryBytecodeCache()
    second.keep_on_disk()
    render(tmp_path, second, name="Ben")
    assert newest.stat().st_mtime > 1_000_000_000
