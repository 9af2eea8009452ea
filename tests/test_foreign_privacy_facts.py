"""``[[pairs:COHORT]]`` of a cohort too small to publish is withheld, not "0" (found by a fresh-eyes sweep).

A cohort below ``privacy.min_group_size`` publishes only its dates and plan, so its figures are
emptied before the pages are made; ``[[pairs:tiny]]`` then printed "0" on a page, a wrong figure
about a cohort whose roster holds pairs.

Input: the privacy fixture (cohort ``big`` above the threshold, ``tiny`` below) with a page naming both.
Output: the staged page (``generator.pipeline.generate``).
"""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import generate
from tests.conftest import FIXTURES, copy_project


def test_pairs_of_a_small_cohort_are_withheld_and_a_published_cohort_counts_its_pairs(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "privacy", tmp_path / "privacy")
    (project.root / "content" / "basics.md").write_text("Big: [[pairs:big]]. Tiny: [[pairs:tiny]].\n", encoding="utf-8")
    _, rendered, _, _ = generate(project)
    page = rendered.files["guidelines/basics.md"].decode("utf-8")
    big_pairs = len((project.cohort_dir("big") / "roster.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"Big: {big_pairs}." in page
    assert "Tiny: withheld: cohort of fewer than 5 people." in page
