"""The handbook PDF of each role: written by 'playbook pdf' and by the build, linked from every page,
in learning-path order (checked with pdftotext), without personal data, and byte-identical when
drawn again from the same input."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.loading import load_programme
from generator.model import learning_path
from generator.printing.cache import CACHE_FOLDER, cache_folder
from generator.project import Project
from tests.conftest import pdf_cache_in

PDFTOTEXT = "/usr/bin/pdftotext"


def pdf_text(path: Path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module", autouse=True)
def own_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This module counts drawings and clears the cache, so it keeps its own, apart from the suite's shared one."""
    yield from pdf_cache_in(tmp_path_factory)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example with its handbooks written once by 'playbook pdf' (drawing them takes seconds)."""
    from tests.conftest import EXAMPLE_PARTS, REPO, copy_project

    project = copy_project(REPO, tmp_path_factory.mktemp("printed"), EXAMPLE_PARTS)
    assert main(["pdf", "--project", str(project.root)]) == 0
    return project


def test_pdf_writes_a_handbook_for_each_role(printed: Project) -> None:
    program = load_programme(printed, content=False, data=False).program
    found = sorted(path.name for path in (printed.site_dir / "downloads").glob("*.pdf"))
    assert found == sorted(f"handbook-{role.id}.pdf" for role in program.roles)
    info = subprocess.run(["/usr/bin/pdfinfo", str(printed.site_dir / "downloads" / found[0])], check=True, capture_output=True, text=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)  # structure for screen readers


@pytest.mark.parametrize("role", ["mentor", "mentee", "cohort-lead"])
def test_the_handbook_lists_the_roles_modules_in_learning_path_order(printed: Project, role: str) -> None:
    program = load_programme(printed, content=False, data=False).program
    text = pdf_text(printed.site_dir / "downloads" / f"handbook-{role}.pdf")
    contents = text[: text.index("Agendas")]  # the table of contents, before the chapters
    titles = [module.title for module in learning_path(program, role)]
    positions = [contents.index(title) for title in titles]
    assert positions == sorted(positions)
    others = [module.title for module in program.training if module.title not in titles]
    assert not [title for title in others if title in contents]
    tops = [[line.strip() for line in page.splitlines() if line.strip()][:2] for page in text.split("\f") if page.strip()]
    headings = [top[1] if top[0] == "Training" and len(top) > 1 else top[0] for top in tops]  # a part's title heads its first page
    assert [heading for heading in headings if heading in titles + others] == titles  # each module's chapter, in order


def test_the_handbook_has_a_cover_contents_guidelines_and_agendas(printed: Project) -> None:
    program = load_programme(printed, content=False, data=False).program
    text = pdf_text(printed.site_dir / "downloads" / "handbook-mentee.pdf")
    assert text.lstrip().startswith(program.info.organisation.upper().replace(" ", " ")) or program.info.name in text[:600]
    assert "Mentee handbook" in text[:800] and "Contents" in text
    for page in program.guideline_pages:
        assert page.title in text
    for agenda in program.agendas:
        assert agenda.title in text


def test_no_participant_name_or_email_in_any_handbook(printed: Project) -> None:
    people: set[str] = set()
    for roster in sorted(printed.content_dir.glob("cohorts/*/roster.csv")):
        with roster.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                people.update(row[f"{side}_{part}"] for side in ("mentor", "mentee") for part in ("name", "email"))
    for listing in sorted(printed.content_dir.glob("cohorts/*/participants.csv")):
        with listing.open(encoding="utf-8") as stream:
            people.update(cell for row in csv.DictReader(stream) for cell in (row["name"], row["email"]))
    people.discard("")
    assert len(people) > 20
    for path in sorted((printed.site_dir / "downloads").glob("*.pdf")):
        text = pdf_text(path)
        assert not [person for person in people if person in text], path.name
        assert "@northwind.example" not in text.replace("mentoring@northwind.example", "")  # only the programme's contact


def test_drawing_again_gives_the_same_bytes(printed: Project, tmp_path: Path) -> None:
    first = (printed.site_dir / "downloads" / "handbook-mentor.pdf").read_bytes()
    shutil.rmtree(cache_folder(printed.root))  # no cache: drawn again from scratch
    assert main(["pdf", "--project", str(printed.root), "--role", "mentor"]) == 0
    assert (printed.site_dir / "downloads" / "handbook-mentor.pdf").read_bytes() == first


def test_an_unknown_role_is_refused(printed: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pdf", "--project", str(printed.root), "--role", "mentr"]) == 1
    assert "unknown role 'mentr'" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_build_stages_the_handbooks_and_links_them_from_every_page(built_example, engine: str) -> None:  # type: ignore[no-untyped-def]
    site = built_example(engine).site_dir
    assert sorted(path.name for path in (site / "downloads").glob("*.pdf")) == [
        "handbook-cohort-lead.pdf",
        "handbook-mentee.pdf",
        "handbook-mentor.pdf",
    ]
    pages = [path for path in site.rglob("index.html") if path.parent.name != "404"]
    assert len(pages) > 20
    target = (site / "downloads" / "handbook-mentor.pdf").resolve()
    for path in pages:
        links = re.findall(r'href="([^"]*handbook-mentor\.pdf)"', path.read_text(encoding="utf-8"))
        assert any((path.parent / link).resolve() == target for link in links), path


def test_an_unchanged_handbook_is_not_drawn_again(printed: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["pdf", "--project", str(printed.root)]) == 0  # fills the cache for every role

    def refuse(html: str) -> bytes:
        raise AssertionError("an unchanged handbook was drawn again")

    monkeypatch.setattr("generator.printing.output.html_to_pdf", refuse)
    assert main(["pdf", "--project", str(printed.root)]) == 0


def test_a_changed_module_draws_that_handbook_again(printed: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["pdf", "--project", str(printed.root)]) == 0
    drawn: list[str] = []
    from generator.printing import output

    real = output.html_to_pdf

    def counting(html: str) -> bytes:
        drawn.append(html)
        return real(html)

    monkeypatch.setattr("generator.printing.output.html_to_pdf", counting)
    module = printed.content_dir / "training" / "mentee-foundations.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA new closing line for mentees.\n", encoding="utf-8")
    assert main(["pdf", "--project", str(printed.root)]) == 0
    assert len(drawn) == 1 and "A new closing line for mentees." in drawn[0]
    assert "A new closing line for mentees." in pdf_text(printed.site_dir / "downloads" / "handbook-mentee.pdf")


def test_without_weasyprint_the_build_leaves_the_handbooks_out(example_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.loading import build_epoch
    from generator.pipeline import render_project

    monkeypatch.delenv("PLAYBOOK_PDF_CACHE")  # the default: the cache is in the project
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the pdf extra is not installed
    rendered = render_project(load_programme(example_project), build_epoch(example_project))
    assert not [name for name in rendered.files if name.startswith("downloads/")]
    assert "Handbook (PDF)" not in rendered.config
    assert not (example_project.root / CACHE_FOLDER).exists()


def test_the_edition_date_follows_source_date_epoch(example_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    program = example_project.program_file
    text = program.read_text(encoding="utf-8")
    program.write_text(re.sub(r"^  as_of: .*$", "", text, flags=re.M), encoding="utf-8")  # no programme date: the build's
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert main(["pdf", "--project", str(example_project.root), "--role", "mentee"]) == 0
    path = example_project.site_dir / "downloads" / "handbook-mentee.pdf"
    assert "Edition of January 1, 2026" in pdf_text(path)
    info = subprocess.run(["/usr/bin/pdfinfo", "-isodates", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^CreationDate:\s+2026-01-01T00:00:00", info, re.M)


def test_a_bilingual_programme_gets_a_handbook_per_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAYBOOK_PDF_CACHE")  # this project's own cache, to see exactly what it keeps
    from tests.conftest import EXAMPLE_PARTS, REPO, copy_project
    from tests.test_bilingual import make_bilingual

    project = make_bilingual(copy_project(REPO, tmp_path / "bilingual", EXAMPLE_PARTS))
    assert main(["pdf", "--project", str(project.root), "--role", "mentee"]) == 0
    welsh, english = (pdf_text(project.site_dir / code / "downloads" / "handbook-mentee.pdf") for code in ("cy", "en"))
    assert "Mentora o Chwith Northwind" in welsh and "Northwind Reverse Mentoring" in english
    cached = sorted(path.name.rsplit("-", 1)[0] for path in cache_folder(project.root).glob("*.pdf"))
    assert cached == ["handbook-cy-mentee", "handbook-en-mentee"]  # each language keeps its own drawn copy


def test_the_preview_shows_the_last_drawn_handbook_instead_of_drawing_on_every_save(
    printed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cache import SLOW_OUTPUTS
    from generator.printing.cache import cached_pdf

    assert main(["pdf", "--project", str(printed.root)]) == 0  # a build has drawn every handbook once
    drawn_before = sorted(cache_folder(printed.root).glob("handbook-*-mentee-*.pdf"))
    assert len(drawn_before) == 1

    def refuse() -> bytes:
        raise AssertionError("the preview drew a handbook on a save")

    monkeypatch.setattr(SLOW_OUTPUTS, "mode", "last")
    shown = cached_pdf(printed.root, drawn_before[0].name.rsplit("-", 1)[0], "f" * 32, refuse)
    assert shown == drawn_before[0].read_bytes()
    monkeypatch.setattr(SLOW_OUTPUTS, "mode", "draw")
    assert cached_pdf(printed.root, drawn_before[0].name.rsplit("-", 1)[0], "f" * 32, lambda: b"%PDF new") == b"%PDF new"
