"""A value given to a template's ``_()`` (a survey's own thanks text) is escaped, never read as a
``%`` format nor trusted as catalogue text (found by a sweep of foreign programmes)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import language, playbook_messages, template_gettext
from generator.pipeline import generate
from generator.project import Project
from generator.scaffold import scaffold
from generator.textsafe import finalize

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
        assert str(template_gettext("Thank you: your answers were received.")) != "Thank you: your answers were received."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80).filter(lambda text: text not in playbook_messages()))
def test_any_value_given_to_gettext_comes_back_escaped(value: str) -> None:
    for code in ("en", "fr", "ar"):
        with language(code):
            assert str(template_gettext(value)) == finalize(value)
