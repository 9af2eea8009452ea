"""Files a feature reads outside content/ (the outcomes' private HR extract, wherever program.yaml
puts it) are inputs like any other in the preview: an edit is seen, read again, and a mistake in
it is shown with its place, while unchanged files are still not read again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cache import LoadCache
from generator.errors import ErrorList
from generator.loading import load_programme
from generator.overlay import ERRORS
from generator.project import Project
from tests.test_serve import fetch, free_port, wait_for


def _moved_extract(project: Project, folder: str) -> tuple[Path, Path]:
    """Move the example's HR extract to ``folder`` (inside the project) and point program.yaml at it."""
    target = project.root / folder
    target.mkdir(parents=True, exist_ok=True)
    for name in ("employees.csv", "changes.csv"):
        (project.root / "hr" / name).rename(target / name)
    text = project.program_file.read_text(encoding="utf-8")
    text = text.replace("employees: hr/employees.csv", f"employees: {folder}/employees.csv")
    project.program_file.write_text(text.replace("changes: hr/changes.csv", f"changes: {folder}/changes.csv"), encoding="utf-8")
    return target / "employees.csv", target / "changes.csv"


@pytest.mark.parametrize("folder", ["hr", "private/people-data"])
def test_an_edited_extract_is_read_again_and_an_unchanged_one_is_not(example_project: Project, folder: str) -> None:
    employees, changes = (
        _moved_extract(example_project, folder)
        if folder != "hr"
        else (
            example_project.root / "hr" / "employees.csv",
            example_project.root / "hr" / "changes.csv",
        )
    )
    cache = LoadCache()
    first = load_programme(example_project, cache=cache)  # learns which files the features read, before reading them
    load_programme(example_project, cache=cache)
    assert {"document", "content", "data:outcomes"} <= set(cache.hits), "unchanged files are not read again"
    for path in (employees, changes):
        good = path.read_text(encoding="utf-8")
        path.write_text(good.rstrip("\n") + "\n" + good.splitlines()[1].replace(",", ",x", 1) + "\n", encoding="utf-8")
        with pytest.raises(ErrorList) as problems:
            load_programme(example_project, cache=cache)
        assert any(str(error).startswith(example_project.display(path) + ":") for error in problems.value)
        path.write_text(good, encoding="utf-8")
        again = load_programme(example_project, cache=cache)
        assert "data:outcomes" not in cache.hits
        assert again.data["outcomes"] == first.data["outcomes"]


def test_the_preview_watches_the_extract_where_program_yaml_puts_it(example_project: Project) -> None:
    employees, _ = _moved_extract(example_project, "people")
    port = free_port()
    errors_url = f"http://127.0.0.1:{port}/{ERRORS}"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(example_project.root), "--port", str(port)]
    server = subprocess.Popen([*command, "--engine", "mkdocs"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: fetch(errors_url).strip() == "[]", 120), "preview never came up"
        good = employees.read_text(encoding="utf-8")
        employees.write_text(good + "e99999,someone@northwind.example,professional,People,not-a-date,,\n", encoding="utf-8")

        def shown() -> list[dict[str, str]]:
            text = fetch(errors_url)
            return list(json.loads(text)) if text.strip().startswith("[") else []

        assert wait_for(lambda: any(item["location"].startswith("people/employees.csv:") for item in shown()), 60)
        employees.write_text(good, encoding="utf-8")
        assert wait_for(lambda: fetch(errors_url).strip() == "[]", 60), "the fixed extract clears the overlay"
    finally:
        server.terminate()
        server.wait(timeout=20)
