"""Golden files: the Markdown the generator stages for the small fixture, compared
byte for byte with tests/golden/small/. After an intended change, regenerate with
``python -m pytest tests/test_golden.py --update-golden`` and review the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import generate
from generator.project import Project

GOLDEN = Path(__file__).resolve().parent / "golden" / "small"
CORE_PAGES = ("index.md", "guidelines/", "training/", "agendas/")


def core_pages(docs: Path) -> dict[str, bytes]:
    return {
        path.relative_to(docs).as_posix(): path.read_bytes()
        for path in sorted(docs.rglob("*.md"))
        if path.relative_to(docs).as_posix().startswith(CORE_PAGES)
    }


def test_staged_markdown_matches_golden_files(small_project: Project, update_golden: bool) -> None:
    generate(small_project)
    produced = core_pages(small_project.staged_docs_dir)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in produced.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = core_pages(GOLDEN)
    assert sorted(produced) == sorted(expected)
    for name in expected:
        assert produced[name].decode("utf-8") == expected[name].decode("utf-8"), name
