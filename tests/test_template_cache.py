"""Compiled templates outlive the process: a fresh build loads them from the user's cache folder
instead of compiling them again, and an edited template is compiled again.

Input: a theme folder with one template, rendered through two caches as two processes would.
Output: assertions on what Jinja2 compiled (its ``compile`` is counted) and on the output.
"""

from __future__ import annotations

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
