"""Links from a content file to the programme's own images and files, rewritten for the page it becomes.

A content file is staged at another place (``content/basics.md`` becomes
``guidelines/basics.md``), so a relative link written from its own folder would lead nowhere.
The property: whatever the folders, the rewritten link read from the page leads to the same
published file; code and every other link stay exactly as written.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, unquote

from hypothesis import given
from hypothesis import strategies as st

from generator.content_links import rebased_links

FOLDERS = st.lists(st.sampled_from(["guidelines", "training", "a b", "é", "x"]), max_size=3).map("/".join)
NAMES = st.text(st.characters(whitelist_categories=["L", "N"], whitelist_characters=" -_."), min_size=1, max_size=10).filter(
    lambda name: name.strip(".") == name and name.strip() == name
)


def resolved(target: str, page: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target.split("#")[0])))


@given(source_folder=FOLDERS, page_folder=FOLDERS, image_folder=FOLDERS, name=NAMES, fragment=st.sampled_from(["", "#top"]))
def test_a_rewritten_link_leads_to_the_same_file(source_folder: str, page_folder: str, image_folder: str, name: str, fragment: str) -> None:
    address = posixpath.join(image_folder, f"{name}.png")
    source = posixpath.join("content", source_folder, "page.md")
    page = posixpath.join(page_folder, "page.md")
    written = quote(posixpath.relpath(address, source_folder or "."), safe="/") + fragment
    body = f'Intro ![Team]({written}) and [the form]({written} "Title").\n\n[ref]: {written}\n\n<img src="{written}">\n'
    result = rebased_links(body, source, page, {address})
    targets = [piece.split(")")[0].split(" ")[0].strip('"') for piece in result.split("(")[1:]]
    targets += [line.split(": ", 1)[1] for line in result.splitlines() if line.startswith("[ref]: ")]
    targets += [result.split('src="')[1].split('"')[0]]
    assert len(targets) == 4
    assert all(resolved(target, page) == address and target.endswith(fragment) for target in targets), (result, targets)


def test_code_and_other_links_stay_as_written() -> None:
    published = {"images/team.png"}
    body = (
        "See `![not this](images/team.png)` and:\n\n"
        "```markdown\n![nor this](images/team.png)\n```\n\n"
        '~~~~\n<img src="images/team.png">\n~~~~\n\n'
        "[web](https://example.org/images/team.png) [top](#top) [root](/images/team.png) "
        "[page](guidelines.md) ![missing](images/other.png) [mail](mailto:a@example.org)\n\n"
        "![this one](images/team.png)\n"
    )
    result = rebased_links(body, "content/basics.md", "guidelines/basics.md", published)
    assert result == body.replace("![this one](images/team.png)", "![this one](../images/team.png)")


def test_a_page_staged_in_its_own_folder_is_left_alone() -> None:
    body = "![team](images/team.png)\n"
    assert rebased_links(body, "content/guidelines/x.md", "guidelines/x.md", {"guidelines/images/team.png"}) == body
    assert rebased_links(body, "content/home.md", "index.md", {"images/team.png"}) == body
