"""The programme's own images, PDFs and media under content/ reach the site beside its pages.

A logo named in mkdocs.yml (``theme.logo: images/logo.png``) and an image a page links to
(``![Team](images/team.png)``) were broken in every built site: nothing but Playbook's own
pages and assets was staged. Now those kinds of file are published at their place under
content/; data files and everything under content/cohorts/ never are; a link out of the project
or a clash with Playbook's own files is a located error and nothing changes.

Input: the small fixture with files added under content/.
Output: built sites (both engines), ``playbook build`` messages and ``static_files``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList, PlaybookError
from generator.pipeline import build, generate
from generator.project import Project
from generator.static_files import PUBLISHED_SUFFIXES, static_files
from generator.write import copy_if_changed
from tests.conftest import REPO

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077053e0000000c4944415408d763f8ffff3f0005fe02fea7d6a4c80000000049454e44ae426082"
)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources += [value for name, value in attrs if name == "src" and value]


def image_sources(page: Path) -> list[str]:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.sources


def resolves(site: Path, page: Path, source: str) -> bool:
    """Whether ``source``, as the browser reads it on ``page``, names a file of the built site."""
    address = urljoin("http://site/" + page.relative_to(site).as_posix(), source).removeprefix("http://site/")
    return (site / unquote(address)).is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_logo_and_a_pages_images_are_published(small_project: Project, engine: str) -> None:
    content = small_project.content_dir
    (content / "images").mkdir()
    (content / "images" / "logo.png").write_bytes(PNG)
    (content / "images" / "Team photo é.png").write_bytes(PNG)
    (content / "forms").mkdir()
    (content / "forms" / "agreement.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = content / "basics.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Our team](images/Team%20photo%20%C3%A9.png)\n", encoding="utf-8")
    site_config = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(
        site_config.replace("  name: material\n", "  name: material\n  logo: images/logo.png\n", 1), encoding="utf-8"
    )
    command = [sys.executable, "-m", "generator", "build", "--project", str(small_project.root), "--engine", engine]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    site = small_project.site_dir
    assert (site / "images" / "logo.png").read_bytes() == PNG
    assert (site / "forms" / "agreement.pdf").is_file()
    pages = [path for path in site.rglob("*.html") if "Our team" in path.read_text(encoding="utf-8")]
    assert pages, "the page with the image was built"
    for built in [site / "index.html", *pages]:
        sources = image_sources(built)
        assert sources and all(resolves(site, built, source) for source in sources), (built, sources)


def test_data_files_and_cohort_folders_are_never_published(small_project: Project) -> None:
    content = small_project.content_dir
    private = content / "cohorts" / "pilot"
    private.mkdir(parents=True, exist_ok=True)
    (private / "group photo.jpg").write_bytes(PNG)
    (private / "notes.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (content / "people.csv").write_text("name,email\nAda,ada@example.org\n", encoding="utf-8")
    (content / "list.xlsx").write_bytes(b"PK\x03\x04")
    (content / "stories").mkdir()
    (content / "stories" / "portrait.jpg").write_bytes(PNG)  # a story's photo: published only with the story, by consent
    (content / ".drafts").mkdir()
    (content / ".drafts" / "draft.png").write_bytes(PNG)
    build(small_project)
    published = {path.name for path in small_project.site_dir.rglob("*")}
    assert not {"group photo.jpg", "notes.pdf", "people.csv", "list.xlsx", "draft.png", "portrait.jpg"} & published


def test_a_link_out_of_the_project_or_a_clash_is_located_and_nothing_changes(small_project: Project, tmp_path: Path) -> None:
    build(small_project)
    before = sorted(path.relative_to(small_project.site_dir) for path in small_project.site_dir.rglob("*"))
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(PNG)
    (small_project.content_dir / "linked.png").symlink_to(outside)
    (small_project.content_dir / "downloads").mkdir()
    (small_project.content_dir / "downloads" / "handbook-mentor.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ErrorList) as problems:
        build(small_project)
    messages = sorted(str(problem) for problem in problems.value)
    assert messages == [
        "content/downloads/handbook-mentor.pdf: Playbook publishes its own file at 'downloads/handbook-mentor.pdf'; move or rename this one.",
        "content/linked.png: is a link to a file outside the project folder; copy the file here instead.",
    ]
    assert sorted(path.relative_to(small_project.site_dir) for path in small_project.site_dir.rglob("*")) == before


NAMES = (
    st.text(st.characters(whitelist_categories=["L", "N"], whitelist_characters=" -_"), min_size=1, max_size=12).map(str.strip).filter(bool)
)
SUFFIXES = st.sampled_from(sorted(PUBLISHED_SUFFIXES | {".csv", ".xlsx", ".yaml", ".json", ".docx", ".md", ".PNG"}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.lists(
        st.tuples(st.sampled_from(["", "images", "cohorts/pilot", "stories", "forms/2026", ".hidden"]), NAMES, SUFFIXES),
        min_size=1,
        max_size=8,
    )
)
def test_exactly_the_published_kinds_outside_cohorts_are_published(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str, str]]
) -> None:
    project = Project.at(tmp_path_factory.mktemp("static"))
    expected: dict[str, bytes] = {}
    for folder, name, suffix in files:
        relative = f"{folder}/{name}{suffix}".lstrip("/")
        path = project.content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(relative.encode("utf-8"))
        published = suffix.lower() in PUBLISHED_SUFFIXES and not folder.startswith(("cohorts", "stories", "."))
        if published:
            expected[relative] = relative.encode("utf-8")
        else:
            expected.pop(relative, None)
    found = static_files(project, generated=())
    assert {address: path.read_bytes() for address, path in found.items()} == dict(sorted(expected.items()))


def test_a_file_name_the_system_refuses_is_located(small_project: Project) -> None:
    """A name longer than the file system allows (here a published image's) stops the build with its place, not a traceback."""
    build(small_project)
    (small_project.content_dir / "images").mkdir()
    long_name = "a" * 240 + ".png"
    (small_project.content_dir / "images" / long_name).write_bytes(PNG)
    staged = small_project.staged_docs_dir / "images"
    staged.mkdir(parents=True)
    (staged / long_name).mkdir()  # the staged place is taken by a folder: the system refuses to write the file there
    with pytest.raises(PlaybookError) as problem:
        build(small_project)
    assert str(problem.value).startswith(".playbook/build/docs/images/" + long_name + ": the build could not write this file (")


def test_check_reports_what_the_build_would_refuse(small_project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(PNG)
    (small_project.content_dir / "linked.png").symlink_to(outside)
    (small_project.content_dir / "downloads").mkdir()  # the handbook's address, on a programme never built (no PDF drawn yet)
    (small_project.content_dir / "downloads" / "handbook-mentee.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(small_project.root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert "content/linked.png: is a link to a file outside the project folder; copy the file here instead." in result.stderr
    assert "content/downloads/handbook-mentee.pdf: Playbook publishes its own file at 'downloads/handbook-mentee.pdf'" in result.stderr
    assert not small_project.site_dir.exists(), "check builds nothing"
    assert not (small_project.root / ".playbook").exists(), "check draws and writes nothing"


def test_an_unchanged_image_is_not_read_again_and_a_changed_one_is_copied(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staging copies the programme's images only when their size or time changed: a preview save never reads them again."""
    image = small_project.content_dir / "images" / "team.png"
    image.parent.mkdir()
    image.write_bytes(PNG)
    build(small_project)
    staged = small_project.staged_docs_dir / "images" / "team.png"
    first = staged.stat()
    read: list[Path] = []
    original_read, original_copy = Path.read_bytes, shutil.copyfile
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path) or original_read(path))
    monkeypatch.setattr(shutil, "copyfile", lambda source, target: read.append(Path(source)) or original_copy(source, target))
    generate(small_project)
    monkeypatch.undo()
    assert image not in read and staged not in read, "neither the image nor its staged copy was read"
    assert staged.stat().st_ino == first.st_ino, "an unchanged image is left where it is"
    image.write_bytes(PNG + b"changed")
    build(small_project)
    assert staged.read_bytes() == PNG + b"changed"
    assert (small_project.site_dir / "images" / "team.png").read_bytes() == PNG + b"changed"


@settings(max_examples=60, deadline=None)
@given(first=st.binary(max_size=300), second=st.binary(max_size=300), same_time=st.booleans())
def test_a_copy_always_ends_with_the_source_bytes_and_time(
    tmp_path_factory: pytest.TempPathFactory, first: bytes, second: bytes, same_time: bool
) -> None:
    folder = tmp_path_factory.mktemp("copy")
    source, target = folder / "source.png", folder / "staged" / "target.png"
    source.write_bytes(first)
    assert copy_if_changed(source, target) is True
    assert copy_if_changed(source, target) is False, "unchanged: not copied again"
    earlier = source.stat().st_mtime_ns
    source.write_bytes(second)
    os.utime(source, ns=(earlier, earlier if same_time and len(first) != len(second) else earlier + 1_000_000_000))
    assert copy_if_changed(source, target) is True
    assert target.read_bytes() == second and target.stat().st_mtime_ns == source.stat().st_mtime_ns
    assert sorted(path.name for path in target.parent.iterdir()) == ["target.png"], "no temporary file is left"


# Where a link under content/images/ may lead, and whether the file there is published in its own right.
LINK_TARGETS = {
    "content/cohorts/pilot/roster.csv": False,
    "content/cohorts/pilot/photo.png": False,
    "content/Cohorts/pilot/photo.png": False,  # a case-insensitive disk's content/cohorts/
    "content/stories/portrait.jpg": False,
    "content/.drafts/draft.png": False,
    "content/forms/list.xlsx": False,
    "hr/employees.csv": False,
    "hr/photo.png": False,  # in the project, outside content/
    "content/shared/logo.png": True,
    "content/shared/guide.pdf": True,
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(sorted(LINK_TARGETS)),
    name=NAMES,
    suffix=st.sampled_from(sorted(PUBLISHED_SUFFIXES)),
    through_folder=st.booleans(),
)
def test_a_link_is_judged_by_the_file_it_leads_to(
    tmp_path_factory: pytest.TempPathFactory, target: str, name: str, suffix: str, through_folder: bool
) -> None:
    """A link with an image's name never publishes a roster, an HR file, a story's photo or a hidden draft."""
    project = Project.at(tmp_path_factory.mktemp("links"))
    real = project.root / target
    real.parent.mkdir(parents=True)
    real.write_bytes(b"name,email\nAnn Secret,ann@example.org\n")
    images = project.content_dir / "images"
    project.content_dir.mkdir(exist_ok=True)
    if through_folder:  # a linked folder: content/images → the target's folder, the file under its own name
        images.symlink_to(real.parent, target_is_directory=True)
        link = images / real.name
    else:
        images.mkdir()
        link = images / f"{name}{suffix}"
        link.symlink_to(real)
    if LINK_TARGETS[target]:
        found = static_files(project, generated=())
        if not through_folder:  # a linked folder is not walked; its files are published from their own place
            assert found[link.relative_to(project.content_dir).as_posix()].read_bytes() == real.read_bytes()
        return
    try:
        found = static_files(project, generated=())
    except ErrorList as problems:
        (problem,) = [str(error) for error in problems]
        assert problem.startswith(f"content/images/{link.name}: is a link to ") and "copy the file itself here instead" in problem
        return
    assert found == {}, "nothing private is published"


def test_a_link_that_leads_back_to_itself_is_located(small_project: Project) -> None:
    (small_project.content_dir / "images").mkdir()
    loop = small_project.content_dir / "images" / "a.png"
    loop.symlink_to(loop)
    with pytest.raises(ErrorList) as problems:
        static_files(small_project, generated=())
    assert [str(error) for error in problems.value] == [
        "content/images/a.png: is a broken link (or one that leads back to itself); replace it with the file itself or remove it."
    ]


def test_an_image_that_vanishes_while_it_is_copied_is_named_as_the_user_knows_it(
    small_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor replacing the file at the moment of the copy: the content/ file is named, not the build folder's copy."""
    image = small_project.content_dir / "images" / "team.png"
    image.parent.mkdir()
    image.write_bytes(PNG)
    original_copy = shutil.copyfile

    def vanishing(source: object, target: object) -> object:
        if Path(str(source)) == image:
            image.unlink()
        return original_copy(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "copyfile", vanishing)
    with pytest.raises(PlaybookError) as problem:
        generate(small_project)
    assert (
        str(problem.value)
        == "content/images/team.png: could not be read (No such file or directory); save the file again, or check that it can be read."
    )
