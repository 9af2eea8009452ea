"""No English left: the example built in every shipped language shows none of Playbook's English texts.

Every page is rendered (without the engine) in each shipped language, and built with the engine
for two of them (Welsh with Material for MkDocs, Arabic with Zensical). A page "leaks" when it
holds a piece of an English text of the catalogue that the programme's own files (program.yaml,
content, CSV) do not contain and that the translation did not keep (a name such as "NPS").

A pseudo-language (every catalogue text with its letters accented) checks the marking itself: with a
catalogue that translates everything, any English still on a page is text nobody marked.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from generator import i18n
from generator.cache import SLOW_OUTPUTS
from generator.pipeline import build, generate
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project, in_language
from tests.htmltext import html_pages, parse_html

SHIPPED = ("ar", "cy", "de", "es", "fr", "nl", "pl")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_]+\}|\]\([^)]*\)|<[^>]+>|&[a-z#0-9]+;")
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W\d_]))*")


def pieces(message: str) -> Iterator[str]:
    """The runs of plain English in a catalogue text: between placeholders, markup and link targets."""
    for part in _PLACEHOLDER.split(message):
        text = re.sub(r"[*_`#\[\]|]", " ", part)
        for piece in re.split(r"\s*[.:;,()\"“”?!]\s*", text):
            words = _WORD.findall(piece)
            if len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 5):
                yield " ".join(words)


def english_pieces(code: str) -> dict[str, str]:
    """Each English piece of the template's texts, with the translation of its text in ``code`` (empty if none)."""
    with (i18n.locale_folder() / "messages.pot").open("rb") as source:
        template = read_po(source)
    path = i18n.locale_folder() / i18n.catalogue_language(code) / "LC_MESSAGES" / "messages.po"
    translated = read_po(path.open("rb"), locale=i18n.catalogue_language(code)) if path.is_file() else Catalog()
    found: dict[str, str] = {}
    for message in template:
        for english in message.id if isinstance(message.id, tuple) else (message.id,):
            entry = translated.get(message.id, message.context) if message.id else None
            strings = entry.string if entry is not None else ""
            translation = " ".join(strings) if isinstance(strings, tuple) else strings
            for piece in pieces(english or ""):
                found.setdefault(piece, translation)
    return found


def user_text(project: Project) -> str:
    """Everything the programme's own files say (their English is theirs, not Playbook's)."""
    files = [project.program_file, project.mkdocs_file, *sorted(project.content_dir.rglob("*"))]
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in files if path.is_file())


_MARKUP = re.compile(
    r"https?://\S+|<(style|script)\b.*?</\1>|<!--.*?-->|<[^>]+>|\]\([^)]*\)|\{[:\s][^}]*\}|\{ *download *\}|^---\n.*?\n---\n", re.S
)


def visible(text: str) -> str:
    """The words a reader sees in a staged page or built HTML text: no tags, attributes, link targets or attribute lists."""
    return " ".join(_WORD.findall(html.unescape(_MARKUP.sub(" ", text))))


def leaks(pages: dict[str, str], code: str, project: Project) -> list[str]:
    """``page: piece`` for every English piece found on a page."""
    own = visible(user_text(project))
    english = english_pieces(code)
    translated = visible(" ".join(english.values()))  # a word the translations use is a word of the language ("Module" in German)
    found = []
    for piece in english:
        if re.search(rf"\b{re.escape(piece)}\b", own) or re.search(rf"\b{re.escape(piece)}\b", translated):
            continue
        pattern = re.compile(rf"\b{re.escape(piece)}\b")
        found += [f"{name}: {piece!r}" for name, text in sorted(pages.items()) if pattern.search(text)]
    return found


def project_language(project: Project) -> str:
    found = re.search(r"(?m)^  language: (.*)$", project.program_file.read_text(encoding="utf-8"))
    return found.group(1).strip() if found else "en"


def staged_pages(project: Project) -> dict[str, str]:
    with SLOW_OUTPUTS.set_to("never"):  # the handbook PDFs are not read here; drawing them takes seconds
        _, rendered, _, _ = generate(project)
    pages = {name: visible(data.decode("utf-8")) for name, data in rendered.files.items() if name.endswith((".md", ".ics"))}
    return pages


@pytest.mark.parametrize("code", SHIPPED)
def test_rendered_pages_hold_no_english(tmp_path: Path, code: str) -> None:
    project = in_language(copy_project(REPO, tmp_path / code, EXAMPLE_PARTS), code)
    found = leaks(staged_pages(project), code, project)
    assert not found, f"{len(found)} English text(s) left in {code}:\n" + "\n".join(found[:30])


@pytest.mark.parametrize(("code", "engine"), [("cy", "mkdocs"), ("ar", "zensical")])
def test_built_site_holds_no_english(tmp_path: Path, code: str, engine: str) -> None:
    project = in_language(copy_project(REPO, tmp_path / code, EXAMPLE_PARTS), code)
    build(project, engine)
    pages = {path.relative_to(project.site_dir).as_posix(): visible(parse_html(path).text) for path in html_pages(project.site_dir)}
    found = leaks(pages, code, project)
    assert not found, f"{len(found)} English text(s) left in {code} ({engine}):\n" + "\n".join(found[:30])


_ACCENTED = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")


def pseudo(message: str) -> str:
    """``message`` with the letters of its plain text accented; placeholders and markup kept."""
    kept = _PLACEHOLDER.findall(message)
    parts = _PLACEHOLDER.split(message)
    return "".join(part.translate(_ACCENTED) + (kept[index] if index < len(kept) else "") for index, part in enumerate(parts))


@pytest.fixture
def pseudo_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A catalogue for Swedish (sv) that "translates" every text of the template into accented English."""
    folder = tmp_path / "locale"
    (folder / "sv" / "LC_MESSAGES").mkdir(parents=True)
    with (i18n.locale_folder() / "messages.pot").open("rb") as source:
        template = read_po(source)
    catalogue = Catalog(locale="sv")
    for message in template:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            string = tuple(pseudo(text) for text in ids) if isinstance(message.id, tuple) else pseudo(ids[0])
            catalogue.add(message.id, string, context=message.context, flags=message.flags)
    with (folder / "sv" / "LC_MESSAGES" / "messages.po").open("wb") as out:
        write_po(out, catalogue)
    (folder / "messages.pot").write_bytes((i18n.locale_folder() / "messages.pot").read_bytes())
    monkeypatch.setattr(i18n, "locale_folder", lambda: folder)
    i18n.translations.cache_clear()
    yield "sv"
    i18n.translations.cache_clear()


# Words in staged pages that readers never see: admonition kinds, attribute lists, the calendar format.
NOT_WORDS = {
    "info",
    "note",
    "question",
    "warning",
    "tip",
    "download",
    "ics",
    "VCALENDAR",
    "VEVENT",
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "GREGORIAN",
    "METHOD",
    "PUBLISH",
}


_BOUNDARY = re.compile(
    r"^---\n.*?\n---\n|https?://\S+|(?<![\w/])/[\w/#?=&.%-]*|<(style|script)\b.*?</\1>|<!--.*?-->|<[^>]+>|\]\([^)]*\)"
    r"|\{[:\s][^}]*\}|\{ *download *\}|[|\n()\[\]]|\s[–—·-]\s|[.:;,!?\"“”](?=\s|$)",
    re.S,
)


def runs(text: str) -> Iterator[list[str]]:
    """Runs of plain-ASCII words between markup, table cells, lines and sentence breaks (an accented word ends a run)."""
    for line in _BOUNDARY.sub("\n", html.unescape(text)).splitlines():
        run: list[str] = []
        for word in (re.sub(r"['’]s$", "", word) for word in _WORD.findall(line)):  # a name's English possessive is in the text
            if word.isascii() and word not in NOT_WORDS:
                run.append(word)
            else:
                yield run
                run = []
        yield run


def trigrams(words: list[str]) -> set[tuple[str, ...]]:
    lowered = [word.lower() for word in words]
    return {tuple(lowered[index : index + 3]) for index in range(len(lowered) - 2)}


PROSE = ("guidelines/", "training/", "agendas/", "stories/", "index.md")  # pages made mostly of the programme's own prose


def unmarked(pages: dict[str, str], project: Project) -> list[str]:
    """English Playbook wrote without marking it: a word, or a run of three words, that no file of the programme holds."""
    texts = [user_text(project), *(path.read_text(encoding="utf-8") for path in sorted(project.root.rglob("*.csv")))]
    locale = i18n.babel_locale(project_language(project))
    calendar_names = [locale.months["format"][width] for width in ("wide", "abbreviated")] + [locale.days["format"]["wide"]]
    texts += [name for names in calendar_names for name in names.values()]
    words = [re.sub(r"['’]s$", "", word) for text in texts for word in _WORD.findall(html.unescape(text))]
    own, phrases = {word.lower() for word in words}, trigrams(words)
    found = set()
    for name, text in pages.items():
        for run in runs(text):
            found |= {f"{name}: {word}" for word in run if len(word) >= 3 and word.lower() not in own}
            if len(run) >= 3 and not name.startswith(PROSE) and not trigrams(run) <= phrases:
                found.add(f"{name}: {' '.join(run)!r}")
    return sorted(found)


def calendar_text(ics: str) -> str:
    """The words people read in a calendar file: its events' summaries, descriptions and places."""
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")
    values = [line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(("SUMMARY:", "DESCRIPTION:", "LOCATION:"))]
    return "\n".join(values).replace("\\n", "\n").replace("\\", "")


def private_outputs(project: Project) -> dict[str, str]:
    """The text of the pair packs and the reminder messages of the example's running cohort."""
    from generator.loading import load_programme
    from generator.progress.pack import write_packs
    from generator.progress.remind import remind

    (project.root / ".playbook-secret").write_text("a-test-secret-that-is-long-enough-for-pair-links-0123456789\n", encoding="utf-8")
    loaded = load_programme(project)
    found = {}
    for folder in write_packs(loaded, "autumn-2026")[:3]:
        name = folder.relative_to(project.root).as_posix()
        found[f"{name}/start.html"] = (folder / "start.html").read_text(encoding="utf-8")
        found[f"{name}/calendar.ics"] = calendar_text((folder / "calendar.ics").read_text(encoding="utf-8"))
    remind(loaded, "autumn-2026", datetime.date(2026, 11, 20), False, {})
    for path in sorted((project.reports_dir / "outbox").rglob("*.eml"))[:20]:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        found[path.relative_to(project.root).as_posix()] = f"{message['subject']}\n{body.get_content() if body else ''}"
    return found


def test_every_text_playbook_writes_is_marked_for_translation(tmp_path: Path, pseudo_language: str) -> None:
    from generator.loading import as_of_date, build_epoch, load_programme
    from generator.matching.run import match_cohort
    from generator.progress.report import render_report

    project = in_language(copy_project(REPO, tmp_path / "sv", EXAMPLE_PARTS), pseudo_language)
    with SLOW_OUTPUTS.set_to("never"):  # PDFs are not read here
        _, rendered, _, _ = generate(project)
    pages = {name: data.decode("utf-8") for name, data in rendered.files.items() if name.endswith(".md")}
    pages |= {name: calendar_text(data.decode("utf-8")) for name, data in rendered.files.items() if name.endswith(".ics")}
    loaded = load_programme(project)
    pages["reports/autumn-2026.html"] = render_report(loaded, "autumn-2026", as_of_date(loaded.program, build_epoch(project)))
    match = match_cohort(project, "pilot", datetime.date(2026, 1, 5))
    pages["reports/match-pilot.html"] = match.report.read_text(encoding="utf-8")
    pages |= private_outputs(project)
    found = unmarked(pages, project)
    assert not found, f"{len(found)} English word(s) not marked for translation:\n" + "\n".join(found[:60])


def test_the_sweep_finds_english_left_on_a_page(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "cy", EXAMPLE_PARTS)
    pages = {"progress/index.md": visible("## Goals across the programme\n\n| Measure | Session completion rate |")}
    assert any("Goals across the programme" in leak for leak in leaks(pages, "cy", project)) or not english_pieces("cy")
