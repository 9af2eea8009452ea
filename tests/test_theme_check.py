"""The theme check remembers templates it found valid, and still reports every syntax error as before.

Input: a project folder with one theme template, checked by ``theme_errors`` with a fresh
``TEMPLATES`` cache (memory, and the user's private Jinja2 cache folder).
Output: assertions on the located errors (the same as a plain Jinja2 parse gives, cold and warm)
and on how often templates are parsed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import templating
from generator.cache import MemoryBytecodeCache
from generator.errors import PlaybookError
from generator.templating import theme_errors

TEMPLATE = Path("themes") / "default" / "templates" / "home.md.j2"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> MemoryBytecodeCache:
    cache = MemoryBytecodeCache()
    monkeypatch.setattr(templating, "TEMPLATES", cache)
    return cache


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates the check parses."""
    names: list[str] = []
    original = jinja2.Environment.parse

    def counting(self: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None) -> object:
        names.append(name or "")
        return original(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "parse", counting)
    return names


def write(root: Path, text: str) -> None:
    path = root / TEMPLATE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def described(errors: list[PlaybookError]) -> list[str]:
    return [str(error) for error in errors]


def reference(root: Path) -> list[str]:
    """What a plain Jinja2 parse of the template reports, as the check words it."""
    path = (root / TEMPLATE).resolve()
    try:
        jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(path.read_text(encoding="utf-8"), path.name, str(path))
    except jinja2.TemplateSyntaxError as error:
        return [str(PlaybookError(TEMPLATE.as_posix(), error.lineno, 0, (), f"template syntax error: {error.message}."))]
    return []


def test_a_template_may_use_the_translation_tags_the_renderer_knows(tmp_path: Path) -> None:
    write(tmp_path, "{% trans count=n %}One pair{% pluralize %}{{ count }} pairs{% endtrans %}\n{{ _('Next session') }}\n")
    assert theme_errors(tmp_path, "default") == []
    write(tmp_path, "{% translate %}x{% endtranslate %}\n")
    assert "unknown tag 'translate'" in " ".join(described(theme_errors(tmp_path, "default")))


def test_an_unchanged_valid_template_is_parsed_once(tmp_path: Path, parsed: list[str]) -> None:
    write(tmp_path, "# {{ program.name }}\n")
    assert theme_errors(tmp_path, "default") == []
    assert theme_errors(tmp_path, "default") == []
    assert parsed == ["home.md.j2"]


def test_a_fresh_process_remembers_valid_templates_on_disk(tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "# {{ program.name }}\n")  # a new path: nothing remembered for it yet
    assert theme_errors(tmp_path, "default") == []
    monkeypatch.setattr(templating, "TEMPLATES", MemoryBytecodeCache())  # another process: nothing in memory
    assert theme_errors(tmp_path, "default") == []
    assert parsed == ["home.md.j2"]


def test_a_broken_template_is_reported_on_every_check_and_an_edit_is_checked_again(tmp_path: Path, parsed: list[str]) -> None:
    write(tmp_path, "# {{ program.name }}\n\n{% if %}\n")
    first, second = theme_errors(tmp_path, "default"), theme_errors(tmp_path, "default")
    assert len(parsed) == 2  # a broken template is never remembered
    assert described(first) == described(second) == reference(tmp_path)
    assert described(first)[0].startswith("themes/default/templates/home.md.j2:3: template syntax error")
    write(tmp_path, "# {{ program.name }}\n")
    assert theme_errors(tmp_path, "default") == []
    write(tmp_path, "# {{ program.name }\n")
    assert described(theme_errors(tmp_path, "default")) == reference(tmp_path) != []


TEMPLATE_PIECES = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", " if ", " endif ", " for x in y ", " endfor ", " trans ", " endtrans ", "x", "\n", " ", "|", "("]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEMPLATE_PIECES | st.text(max_size=3), max_size=12).map("".join))
def test_the_check_reports_what_a_plain_parse_reports_cold_and_warm(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(root, text)
        expected = reference(root)
        assert described(theme_errors(root, "default")) == expected
        assert described(theme_errors(root, "default")) == expected
