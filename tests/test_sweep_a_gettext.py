"""A value given to a template's ``_()`` (a survey's own thanks text) is escaped, never read as a
``%`` format nor trusted as catalogue text (found by a sweep of foreign programmes); a text
written in the programme's own theme templates is a template text, as Playbook's are (found by review)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import language, playbook_messages, template_gettext
from generator.pipeline import build, generate
from generator.project import Project
from generator.scaffold import scaffold
from generator.textsafe import finalize
from tests.conftest import REPO

SURVEY = """
surveys:
  - id: pulse
    title: Pulse
    thanks: "Merci ! 100% anonyme <script>alert(1)</script> %(x)s {{ 7*7 }}"
    questions:
      - {id: useful, type: likert, text: Useful}
"""


def test_a_survey_thanks_text_with_percent_signs_and_html_is_shown_as_typed(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    program = root / "program.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace("language: en", "language: fr") + SURVEY, encoding="utf-8")
    generate(Project(root))
    page = (root / ".playbook" / "build" / "docs" / "surveys" / "pulse.md").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert 'data-thanks="Merci &#33; 100&#37; anonyme &#60;&#8288;script&#62;alert&#40;1&#41;' in page


def test_the_default_thanks_is_still_translated() -> None:
    with language("de"):
        assert str(template_gettext("Thank you: your answers were received.", frozenset)) != "Thank you: your answers were received."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80).filter(lambda text: text not in playbook_messages()))
def test_any_value_given_to_gettext_comes_back_escaped(value: str) -> None:
    for code in ("en", "fr", "ar"):
        with language(code):
            assert str(template_gettext(value, frozenset)) == finalize(value)


OWN_TEXTS = '\n{% trans %}Full 100% sure{% endtrans %}\n\n{{ _("Read **this** first") }}\n\n{{ _(program.info.name) }}\n'


def test_texts_in_the_programmes_own_theme_templates_are_template_texts(small_project: Project) -> None:
    """A theme override's own ``{% trans %}`` and ``_("…")`` keep their ``%`` and Markdown; a value given to ``_()`` stays escaped."""
    folder = small_project.root / "themes" / "default" / "templates"
    folder.mkdir(parents=True)
    (folder / "home.md.j2").write_text(
        (REPO / "themes/default/templates/home.md.j2").read_text(encoding="utf-8") + OWN_TEXTS, encoding="utf-8"
    )
    program = small_project.program_file
    program.write_text(
        program.read_text(encoding="utf-8").replace("name: Small Test Programme", "name: 'Small *Test* 5%'"), encoding="utf-8"
    )
    build(small_project)
    page = (small_project.staged_docs_dir / "index.md").read_text(encoding="utf-8")
    assert "\nFull 100% sure\n" in page and "\nRead **this** first\n" in page
    assert "\nSmall &#42;Test&#42; 5&#37;\n" in page, "a value given to _() is still escaped"


def test_only_templates_that_differ_from_playbooks_are_read_for_their_texts(tmp_path: Path) -> None:
    """A theme folder holding copies of Playbook's templates (a copied example) adds no text and costs no parsing."""
    import jinja2

    from generator.templating import BUILTIN_THEMES, theme_texts

    builtin = BUILTIN_THEMES / "default" / "templates"
    for path in sorted(builtin.rglob("*.j2")):
        copy = tmp_path / path.relative_to(builtin)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    assert theme_texts(environment, [tmp_path]) == frozenset()
    home = tmp_path / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + '{{ _("Our own words") }}\n', encoding="utf-8")
    assert "Our own words" in theme_texts(environment, [tmp_path])
