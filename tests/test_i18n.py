"""Translations: complete catalogues, real plural forms, locale formats, the page's language and direction.

The catalogue tests read every shipped ``generator/locale/<lang>/LC_MESSAGES/messages.po``; they
fail while a translator still has entries to fill in (that is their purpose).
"""

from __future__ import annotations

import datetime
import gettext
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import i18n
from generator.errors import ErrorList
from generator.loading import load_programme
from generator.pipeline import build
from generator.project import Project
from generator.textsafe import finalize
from tests.conftest import in_language

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ("ar", "cy", "de", "es", "fr", "nl", "pl")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("playbook_i18n_script", REPO / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()


def catalogue(code: str) -> Catalog:
    with (i18n.locale_folder() / code / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=code)


def test_every_shipped_language_has_a_catalogue() -> None:
    assert set(SHIPPED) | {"en"} <= set(i18n.shipped_languages())


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_has_no_missing_fuzzy_or_broken_entry(code: str) -> None:
    problems = list(SCRIPT.problems(i18n.locale_folder() / code / "LC_MESSAGES" / "messages.po"))
    assert not problems, f"{len(problems)} problem(s), first ones:\n" + "\n".join(problems[:15])


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_holds_every_text_of_the_template(code: str) -> None:
    with SCRIPT.TEMPLATE.open("rb") as source:
        template = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(source) if message.id}
    found = {message.id if isinstance(message.id, str) else message.id[0] for message in catalogue(code) if message.id}
    assert template - found == set(), "run `.venv/bin/python scripts/i18n.py update`"


def test_template_lists_every_marked_text_of_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text marked in a template or module but not in messages.pot means extraction was not run."""
    with SCRIPT.TEMPLATE.open("rb") as source:
        committed = {message.id for message in read_po(source) if message.id}
    monkeypatch.setattr(SCRIPT, "TEMPLATE", tmp_path / "messages.pot")
    fresh = {message.id for message in SCRIPT.extract() if message.id}
    assert fresh - committed == set(), "run `.venv/bin/python scripts/i18n.py all`"


@pytest.mark.parametrize("code", SHIPPED)
def test_plural_forms_header_is_the_languages_own(code: str) -> None:
    rule = get_plural(code)
    assert catalogue(code).plural_forms == f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


# gettext plural index for sample numbers, by language: the forms a fluent writer uses.
PLURAL_INDEX = {
    "pl": {1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 22: 1, 25: 2, 112: 2},
    "cy": {1: 1, 2: 2, 3: 3, 6: 4, 4: 0, 10: 0},
    "ar": {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 5, 99: 5, 100: 4, 102: 4, 103: 3},
    "fr": {0: 0, 1: 0, 2: 1, 10: 1},
    "de": {0: 1, 1: 0, 2: 1},
    "es": {0: 1, 1: 0, 2: 1},
    "nl": {0: 1, 1: 0, 2: 1},
}


@pytest.mark.parametrize("code", SHIPPED)
def test_plural_rule_picks_the_right_form(code: str) -> None:
    index = gettext.c2py(get_plural(code).plural_expr)
    assert {number: index(number) for number in PLURAL_INDEX[code]} == PLURAL_INDEX[code]


@pytest.mark.parametrize("code", SHIPPED)
def test_plural_rule_agrees_with_cldr_categories(code: str) -> None:
    """Numbers of one CLDR category (Babel's plural rules) always take the same catalogue form."""
    index, category = gettext.c2py(get_plural(code).plural_expr), Locale.parse(code).plural_form
    forms: dict[str, set[int]] = {}
    for number in range(0, 300):
        forms.setdefault(category(number), set()).add(index(number))
    assert all(len(found) == 1 for found in forms.values()), forms


@pytest.mark.parametrize("code", SHIPPED)
def test_ngettext_gives_the_catalogues_form_for_each_number(code: str) -> None:
    singular, plural = "%(num)s module, %(total)s in all.", "%(num)s modules, %(total)s in all."
    entry = catalogue(code).get((singular, plural)) or catalogue(code).get(singular)
    assert entry is not None and isinstance(entry.string, tuple)
    index = gettext.c2py(get_plural(code).plural_expr)
    with i18n.language(code):
        for number in (0, 1, 2, 3, 5, 6, 11, 22, 100):
            assert i18n.ngettext(singular, plural, number) == entry.string[index(number)], number


def test_numbers_dates_and_durations_follow_the_locale() -> None:
    with i18n.language("de"):
        assert i18n.format_number(1234.5) == "1.234,5"
        assert i18n.format_signed(0.25, 2) == "+0,25"
    with i18n.language("fr"):
        assert i18n.format_percent(0.5) == "50\xa0%"
    with i18n.language("en"):
        assert i18n.format_number(1234.5) == "1,234.5"
        assert i18n.format_duration(90) == "1 h 30 min"
        assert i18n.format_date(datetime.date(2026, 11, 25)) == "November 25, 2026"
    with i18n.language("cy"):
        assert i18n.format_date(datetime.date(2026, 11, 25)) == "25 Tachwedd 2026"
    with i18n.language("pl"):
        assert i18n.format_date(datetime.date(2026, 11, 25)) == "25 listopada 2026"
    assert i18n.text_direction("ar") == "rtl" and i18n.text_direction("cy") == "ltr"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(finalize=finalize)
    i18n.install(environment)
    return environment


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_a_value_put_into_a_translated_text_is_escaped(value: str) -> None:
    out = _environment().from_string('{{ _("Contact: %(contact)s", contact=value) }}').render(value=value)
    assert out == "Contact: " + finalize(value)


def test_plural_template_block_picks_the_english_forms() -> None:
    template = _environment().from_string("{% trans count=n %}{{ count }} goal{% pluralize %}{{ count }} goals{% endtrans %}")
    assert [template.render(n=n) for n in (0, 1, 2)] == ["0 goals", "1 goal", "2 goals"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_program_language_sets_the_pages_lang_and_direction(example_project: Project, engine: str) -> None:
    build(in_language(example_project, "ar"), engine)
    for page in ("index.html", "training/index.html", "surveys/session-pulse/index.html"):
        html = (example_project.site_dir / page).read_text(encoding="utf-8")
        assert re.search(r'<html lang="ar"', html), page
        assert re.search(r'<body dir="rtl"', html), page


def test_a_conflicting_theme_language_in_mkdocs_yml_is_located(example_project: Project) -> None:
    project = in_language(example_project, "cy")
    site = project.mkdocs_file.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  language: fr\n", 1)
    project.mkdocs_file.write_text(site, encoding="utf-8")
    with pytest.raises(ErrorList) as raised:
        load_programme(project)
    (error,) = list(raised.value)
    assert (error.file, error.line) == ("mkdocs.yml", site.splitlines().index("  language: fr") + 1)
    assert "program.language" in error.message and "remove theme.language" in error.message


@given(st.sampled_from(["en", "fr", "de", "cy", "ar", "pl", "pt-BR", "xx", ""]), st.sampled_from(["en", "cy", "ar", "pl", "en-GB"]))
@settings(max_examples=40, deadline=None)
def test_site_language_check_flags_exactly_the_disagreements(written: str, programme: str) -> None:
    from generator.languages import site_language_errors, theme_language
    from generator.load import Document

    site = Document("mkdocs.yml", {"theme": {"name": "material", "language": written}}, {("theme", "language"): (3, 3)})
    errors = site_language_errors(site, programme)
    assert bool(errors) == (written != theme_language(programme))
    assert all((error.file, error.line) == ("mkdocs.yml", 3) for error in errors)


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import EXAMPLE_PARTS, copy_project

    project = in_language(copy_project(REPO, tmp_path_factory.mktemp("arabic"), EXAMPLE_PARTS), "ar")
    build(project, "mkdocs")
    return project.site_dir


@pytest.mark.parametrize("width", [390, 1280])
def test_right_to_left_pages_forms_and_charts_in_a_browser(
    arabic_site: Path, serve_folder: Callable[[Path], str], browser: object, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844}, base_url=serve_folder(arabic_site))  # type: ignore[attr-defined]
    page = context.new_page()
    for path in ("surveys/session-pulse/", "progress/autumn-2026/"):
        page.goto(path)
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.goto("surveys/session-pulse/")
    form = page.locator("form.pb-survey")
    assert form.evaluate("el => getComputedStyle(el).direction") == "rtl"
    label, field = page.locator("label[for=pb-field-cohort]"), page.locator("#pb-field-cohort")
    label_box, field_box = label.bounding_box(), field.bounding_box()
    assert label_box and field_box and abs(label_box["x"] + label_box["width"] - (field_box["x"] + field_box["width"])) < 40
    page.goto("progress/autumn-2026/")
    chart = page.locator(".pb-chart svg").first
    assert chart.evaluate("el => getComputedStyle(el).direction") == "ltr"
    context.close()


def test_merging_new_texts_keeps_every_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``scripts/i18n.py update``: a kept text keeps its translation, a changed one keeps it as fuzzy, a dropped one as obsolete."""
    from babel.messages.pofile import write_po

    monkeypatch.setattr(SCRIPT, "LOCALE", tmp_path)
    monkeypatch.setattr(SCRIPT, "ROOT", tmp_path)
    old = Catalog(locale="cy")
    old.add("Next session", "Sesiwn nesaf")
    old.add("Data as of:", "Data ar:")
    old.add("Goals", "Nodau")
    path = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        write_po(out, old)
    template = Catalog()
    for text in ("Next session", "Data as of", "Trends"):  # "Data as of:" changed, "Goals" dropped, "Trends" new
        template.add(text)
    SCRIPT.update(template)
    merged = catalogue_at(path)
    assert merged.get("Next session").string == "Sesiwn nesaf" and not merged.get("Next session").fuzzy
    assert merged.get("Data as of").string == "Data ar:" and merged.get("Data as of").fuzzy
    assert merged.get("Trends").string == "" and not merged.get("Trends").fuzzy
    assert merged.obsolete["Goals"].string == "Nodau"
    assert [line.rsplit(": ", 1)[-1] for line in SCRIPT.problems(path)] == ["'Data as of'", "'Trends'"]


def catalogue_at(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=path.parent.parent.name)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("klingon", "is not a language code; write a two-letter code"),
        ("xx", "is not a language code Playbook knows"),
        ("zz-ZZ", "is not a language code Playbook knows"),
    ],
)
def test_an_unknown_program_language_is_a_located_error_not_a_crash(
    small_project: Project, code: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    text = small_project.program_file.read_text(encoding="utf-8")
    small_project.program_file.write_text(text.replace("  language: en\n", f"  language: {code}\n", 1), encoding="utf-8")
    assert main(["build", "--project", str(small_project.root)]) == 1
    printed = capsys.readouterr().err
    assert re.search(rf"program\.yaml:\d+:\d+: program\.language: .*{expected}", printed) and "Traceback" not in printed
    assert not small_project.site_dir.exists()
