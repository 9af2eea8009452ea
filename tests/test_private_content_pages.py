"""A page named by ``file:`` in program.yaml may not lie in content/cohorts/ (rosters and answers)
or content/stories/ (published only with consent): it would be published as a page. Found by a
review: a guideline page at content/cohorts/pilot/notes.md reached the site and its search index."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.pipeline import build
from generator.project import Project
from generator.scaffold import scaffold
from tests.test_sweep_a_inline_refs import line_of, validation_errors

FOLDER_CASES = st.sampled_from(["cohorts", "stories"]).flatmap(
    lambda folder: st.lists(st.booleans(), min_size=len(folder), max_size=len(folder)).map(
        lambda upper: "".join(letter.upper() if flag else letter for letter, flag in zip(folder, upper, strict=True))
    )
)
NAMES = st.text(st.characters(whitelist_categories=["Ll", "Nd"]), min_size=1, max_size=10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder=FOLDER_CASES, inner=st.sampled_from(["", "pilot/", "a/b/"]), name=NAMES)
def test_a_page_in_a_private_folder_is_refused_at_its_line(
    tmp_path_factory: pytest.TempPathFactory, folder: str, inner: str, name: str
) -> None:
    root = scaffold(str(tmp_path_factory.mktemp("private") / "programme"))
    page = f"content/{folder}/{inner}{name}.md"
    (root / page).parent.mkdir(parents=True, exist_ok=True)
    (root / page).write_text("# Private\n\nNotes about Ann.\n", encoding="utf-8")
    text = (root / "program.yaml").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if "file: content/" in line)
    current = first.split("file: ", 1)[1].split(",")[0].split("}")[0].strip()
    text = text.replace(f"file: {current}", f"file: {page}", 1)
    (error,) = validation_errors(root, text)
    assert error.startswith(f"program.yaml:{line_of(text, page)}:")
    assert f"'{page}' is under content/{folder.casefold()}/" in error and error.endswith("move the page out of it.")


def test_nothing_of_the_private_page_reaches_the_site(small_project: Project) -> None:
    notes = small_project.content_dir / "cohorts" / "pilot" / "notes.md"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("# Notes\n\nSECRET NOTES ABOUT ANN\n", encoding="utf-8")
    program = small_project.program_file
    program.write_text(
        program.read_text(encoding="utf-8").replace("file: content/basics.md", "file: content/cohorts/pilot/notes.md"), encoding="utf-8"
    )
    with pytest.raises(ErrorList):
        build(small_project)
    assert not small_project.site_dir.exists() or not any(
        "SECRET NOTES" in path.read_text(encoding="utf-8", errors="replace") for path in small_project.site_dir.rglob("*") if path.is_file()
    )


def test_pages_elsewhere_in_content_are_still_accepted(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    assert validation_errors(root, (root / "program.yaml").read_text(encoding="utf-8")) == []
