"""What is derived from a source file (a compiled translation catalogue, the list of Playbook's
texts) is kept in the user's private cache folder by the source's checksum: a fresh process
reads the kept copy instead of deriving it again, a changed source is derived again, and a
damaged or unwritable copy only costs time.

Input: sources (bytes, and the shipped catalogues), a temporary folder standing for the private cache folder.
Output: assertions on how often the derivation ran and on what it gave.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import cache, i18n
from generator.cache import CACHE_FILE_PATTERN, derived_bytes


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder of the test's own."""
    monkeypatch.setattr(cache, "private_cache_folder", lambda: tmp_path)
    return tmp_path


class Counting:
    """A derivation that counts its runs."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, source: bytes) -> bytes:
        self.runs += 1
        return source[::-1] + b"!"


@settings(max_examples=60, deadline=None)
@given(source=st.binary(max_size=200), kind=st.text(max_size=20), other=st.binary(max_size=200))
def test_a_kept_copy_is_used_until_the_source_or_kind_changes(
    tmp_path_factory: pytest.TempPathFactory, source: bytes, kind: str, other: bytes
) -> None:
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "private_cache_folder", lambda: folder)
        derive = Counting()
        assert derived_bytes(source, derive, kind) == source[::-1] + b"!"
        assert derived_bytes(source, derive, kind) == source[::-1] + b"!"
        assert derive.runs == 1  # the second came from the kept copy
        assert derived_bytes(source, derive, kind + "2") == source[::-1] + b"!"
        assert derive.runs == 2  # another kind: another copy
        if other != source:
            assert derived_bytes(other, derive, kind) == other[::-1] + b"!"
            assert derive.runs == 3
        assert not list(folder.glob("*.tmp"))  # nothing half-written left behind


def test_without_a_private_folder_everything_is_derived(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "private_cache_folder", lambda: None)
    derive = Counting()
    assert derived_bytes(b"abc", derive, "k") == derived_bytes(b"abc", derive, "k") == b"cba!"
    assert derive.runs == 2


def test_an_unwritable_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "private_cache_folder", lambda: tmp_path / "missing")
    derive = Counting()
    assert derived_bytes(b"abc", derive, "k") == b"cba!"
    assert derived_bytes(b"abc", derive, "k") == b"cba!"
    assert derive.runs == 2
    assert not (tmp_path / "missing").exists()


def test_a_fresh_process_reads_the_kept_catalogue(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages import pofile

    parsed: list[object] = []
    original = pofile.read_po

    def counting(*args: object, **kwargs: object) -> object:
        parsed.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pofile, "read_po", counting)
    try:
        for _ in range(2):
            i18n.translations.cache_clear()
            i18n.playbook_messages.cache_clear()
            assert i18n.translations("fr").gettext("Next session") == "Prochaine séance"
            assert "Next session" in i18n.playbook_messages()
        assert len(parsed) == 2  # the .po and the .pot, in the first "process" only
        assert len(list(folder.glob(CACHE_FILE_PATTERN % "*"))) == 2
    finally:
        i18n.translations.cache_clear()
        i18n.playbook_messages.cache_clear()


def test_a_damaged_kept_catalogue_is_compiled_again(folder: Path) -> None:
    try:
        i18n.translations.cache_clear()
        i18n.playbook_messages.cache_clear()
        i18n.translations("de")
        i18n.playbook_messages()
        for kept in folder.glob(CACHE_FILE_PATTERN % "*"):
            kept.write_bytes(b"\x00damaged")
        i18n.translations.cache_clear()
        i18n.playbook_messages.cache_clear()
        assert i18n.translations("de").gettext("Next session") == "Nächstes Treffen"
        assert "Next session" in i18n.playbook_messages()
    finally:
        i18n.translations.cache_clear()
        i18n.playbook_messages.cache_clear()
