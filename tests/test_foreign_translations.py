"""Translations that name another translated label use that label's translation (found by a fresh-eyes sweep).

Input: every shipped catalogue ``generator/locale/<lang>/LC_MESSAGES/messages.po``.
Output: assertions that a sentence explaining the "Other" bucket names the bucket as the page shows it.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from generator.i18n import locale_folder, shipped_languages

MERGED_INTO_OTHER = (
    "Distinct participants counted by level; groups of fewer than %(minimum)s people are merged into Other.",
    "Distinct participants counted by department; groups of fewer than %(minimum)s people are merged into Other.",
)


def catalogue(code: str) -> Catalog:
    with (locale_folder() / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("code", [code for code in shipped_languages() if code != "en"])
def test_the_merged_into_other_sentence_names_the_translated_bucket(code: str) -> None:
    messages = catalogue(code)
    other = messages.get("Other")
    assert other is not None and isinstance(other.string, str) and other.string
    for message_id in MERGED_INTO_OTHER:
        sentence = messages.get(message_id)
        assert sentence is not None and isinstance(sentence.string, str)
        assert other.string in sentence.string, f"{code}: {sentence.string!r} does not name the bucket {other.string!r}"
