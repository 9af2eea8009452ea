"""The previous site is deleted in the background once the new one is in place.

Input: folders of files under a project's ``.playbook/``; the small fixture built twice.
Output: assertions that ``discard`` takes a folder out of the way at once and that it, and any
folder an earlier deletion left behind, is gone soon after; and that a second build leaves the
new site whole and nothing else behind.
"""

from __future__ import annotations

import time
from pathlib import Path

from generator.pipeline import build
from generator.project import Project
from generator.write import DISCARDED, discard


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(DISCARDED + "*"))


def wait_until_gone(folder: Path, seconds: float = 30.0) -> list[Path]:
    deadline = time.monotonic() + seconds
    while leftovers(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    return leftovers(folder)


def filled(folder: Path, files: int) -> Path:
    for number in range(files):
        (folder / f"part-{number % 3}").mkdir(parents=True, exist_ok=True)
        (folder / f"part-{number % 3}" / f"page-{number}.html").write_text("<p>old</p>" * number, encoding="utf-8")
    return folder


def test_a_discarded_folder_is_out_of_the_way_at_once_and_deleted_soon(tmp_path: Path) -> None:
    bin_folder = tmp_path / ".playbook"
    old = filled(bin_folder / "site-outgoing", 40)
    stale = filled(bin_folder / f"{DISCARDED}1-1", 5)  # a deletion that was cut short
    keep = filled(bin_folder / "build", 3)
    discard(old)
    assert not old.exists()
    assert wait_until_gone(bin_folder) == []
    assert not stale.exists()
    assert sorted(path.name for path in keep.rglob("*.html")) == ["page-0.html", "page-1.html", "page-2.html"]


def test_discarding_nothing_does_nothing(tmp_path: Path) -> None:
    discard(tmp_path / "absent")
    assert list(tmp_path.iterdir()) == []


def test_a_second_build_replaces_the_site_and_leaves_no_old_one(small_project: Project) -> None:
    build(small_project)
    first = sorted(path.relative_to(small_project.site_dir) for path in small_project.site_dir.rglob("*"))
    marker = small_project.site_dir / "old-only.txt"
    marker.write_text("from the previous site", encoding="utf-8")
    build(small_project)
    assert not marker.exists()
    assert sorted(path.relative_to(small_project.site_dir) for path in small_project.site_dir.rglob("*")) == first
    assert wait_until_gone(small_project.root / ".playbook") == []
    assert not (small_project.root / ".playbook" / "site-outgoing").exists()
