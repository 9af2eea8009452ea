"""Plugins and Markdown extensions in a user's mkdocs.yml that are not installed (a typo, a missing package).

They passed ``playbook check``; then MkDocs stopped with an unlocated "plugin is not installed"
and both engines on an unknown extension (Zensical with a traceback). Now each is an error at
its mkdocs.yml line, with the closest installed name.

Input: the small fixture's mkdocs.yml with generated plugin and extension names added.
Output: ``playbook check`` messages (in-process) and ``site_config_errors``.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.load import parse_yaml
from generator.site_config import site_config_errors
from tests.conftest import FIXTURES, copy_project

PLUGINS = sorted({entry.name for entry in importlib.metadata.entry_points(group="mkdocs.plugins")})
EXTENSIONS = sorted({entry.name for entry in importlib.metadata.entry_points(group="markdown.extensions")})
MODULES = ["pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "markdown.extensions.toc", "material.extensions.emoji"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def errors_for(plugins: list[str], extensions: list[str], theme: str = "material") -> list[str]:
    lines = [f"theme:\n  name: {theme}", "plugins:", *(f"  - {name}" for name in plugins), "markdown_extensions:"]
    lines += [f"  - {name}" for name in extensions]
    document = parse_yaml("\n".join(lines) + "\n", "mkdocs.yml", foreign_tags=True)
    return [str(error) for error in site_config_errors(document)]


def misspelt(name: str, position: int, letter: str) -> str:
    at = position % len(name)
    return name[:at] + letter + name[at + 1 :]


def test_every_installed_name_passes() -> None:
    assert errors_for(PLUGINS, [*EXTENSIONS, *MODULES, "pymdownx.emoji:EmojiExtension"]) == []
    assert errors_for(["search", "tags"], []) == []  # Material's own, without the theme's prefix


@given(name=st.sampled_from(PLUGINS), position=st.integers(0, 30), letter=st.sampled_from("qxz"))
def test_a_misspelt_plugin_is_located_with_the_installed_name(name: str, position: int, letter: str) -> None:
    wrong = misspelt(name, position, letter)
    assume(wrong not in PLUGINS and f"material/{wrong}" not in PLUGINS)
    (message,) = errors_for(["search", wrong], ["toc"])
    assert message.startswith(f"mkdocs.yml:5:5: plugins[1]: no installed package provides the plugin '{wrong}'.")
    assert "Did you mean '" in message and "Zensical runs no MkDocs plugins" in message


@given(name=st.sampled_from([*EXTENSIONS, *MODULES]), position=st.integers(0, 30), letter=st.sampled_from("qxz"))
def test_a_misspelt_extension_is_located_with_the_installed_name(name: str, position: int, letter: str) -> None:
    package, _, last = name.rpartition(".")
    wrong = f"{package}.{misspelt(last, position, letter)}" if package else misspelt(last, position, letter)
    assume(wrong not in EXTENSIONS and importlib.util.find_spec(wrong) is None)
    (message,) = errors_for(["search"], ["toc", wrong])
    assert message.startswith(f"mkdocs.yml:7:5: markdown_extensions[1]: the Markdown extension '{wrong}' is not installed.")
    assert f"Did you mean '{name}'?" in message


def test_a_disabled_plugin_and_tagged_values_are_left_to_the_engine() -> None:
    text = "plugins:\n  - nothing-here:\n      enabled: false\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    assert site_config_errors(parse_yaml(text, "mkdocs.yml", foreign_tags=True)) == []


def test_checking_imports_no_extension_module() -> None:
    module = "pymdownx.smartsymbols"
    if module in sys.modules:
        pytest.skip("already imported by another test")
    assert errors_for([], [module, "pymdownx.nothing"]) != []
    assert module not in sys.modules and "pymdownx.nothing" not in sys.modules


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("site-config") / "small").root


@SETTINGS
@given(wrong=st.from_regex(r"[a-z][a-z_]{3,12}", fullmatch=True))
def test_playbook_check_stops_on_an_unknown_plugin(root: Path, capsys: pytest.CaptureFixture[str], wrong: str) -> None:
    assume(wrong not in PLUGINS and f"material/{wrong}" not in PLUGINS)
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert "  - search\n" in text
    path.write_text(text.replace("  - search\n", f"  - search\n  - {wrong}\n"), encoding="utf-8")
    try:
        status = main(["check", "--project", str(root)])
    finally:
        path.write_text(text, encoding="utf-8")
    captured = capsys.readouterr()
    output = captured.out + captured.err
    line = text[: text.index("  - search\n")].count("\n") + 2
    assert status == 1
    assert f"mkdocs.yml:{line}:5: plugins[1]: no installed package provides the plugin '{wrong}'." in output


@given(
    plugins=st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), max_size=20), max_size=3),
    extensions=st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), max_size=20), max_size=3),
)
def test_any_name_gives_a_located_error_or_none(plugins: list[str], extensions: list[str]) -> None:
    """Whatever a name holds (slashes, dots, colons, spaces), the check answers with located errors, never an exception."""
    text = json.dumps({"theme": {"name": "material"}, "plugins": plugins, "markdown_extensions": extensions}, ensure_ascii=False)
    document = parse_yaml(text + "\n", "mkdocs.yml", foreign_tags=True)
    for error in site_config_errors(document):
        assert error.file == "mkdocs.yml" and error.line == 1 and error.key_path[0] in ("plugins", "markdown_extensions")
