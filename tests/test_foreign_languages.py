"""program.languages written by hand, outside the project (found by a fresh-eyes sweep).

- ``languages: [de]`` alone built an English site without a word;
- ``languages: [ar, ar]`` said "program.name: expected text, got a mapping" instead of naming the repeat;
- a text with a language outside the list (``{ar: …, en: …, fr: …}``) said "expected text, got a mapping";
- an unknown code in the list (``[ar, qq]``) was named only through its side effects.

Input: program.yaml ``Document`` values built in memory.
Output: ``generator.languages.language_documents`` results and located errors.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.languages import language_documents, text_mapping_errors
from generator.load import Document

DECLARED = ("cy", "en")
UNDECLARED = st.sampled_from(["fr", "de", "pl", "ar", "en-GB", "cy-GB"])


def document(program: dict[str, object], **sections: object) -> Document:
    return Document("program.yaml", {"program": program, **sections}, {("program",): (1, 1)})


@pytest.mark.parametrize("code", ["de", "ar", "en-GB"])
def test_a_single_listed_language_is_the_programme_language(code: str) -> None:
    copies = language_documents(document({"languages": [code]}))
    assert list(copies) == [code]
    assert copies[code].data["program"]["language"] == code


def test_a_language_listed_twice_is_named_even_when_one_remains() -> None:
    with pytest.raises(ErrorList) as raised:
        language_documents(document({"languages": ["ar", "ar"]}))
    assert [(error.key_path, error.message.split(";")[0]) for error in raised.value] == [
        (("program", "languages", 1), "'ar' is listed twice in program.languages")
    ]


def test_an_unknown_listed_language_is_named_at_its_place() -> None:
    with pytest.raises(ErrorList) as raised:
        language_documents(document({"languages": ["cy", "qq"]}))
    assert [(error.key_path, error.message.split(";")[0]) for error in raised.value] == [
        (("program", "languages", 1), "'qq' is not a language code Playbook knows")
    ]


@given(extra=UNDECLARED, where=st.integers(0, 2))
def test_a_text_naming_an_undeclared_language_is_located_at_that_language(extra: str, where: int) -> None:
    text = {"cy": "Mentor", "en": "Mentor", extra: "x"}
    roles = [{"id": f"r{index}", "name": text if index == where else "Mentor"} for index in range(3)]
    errors = text_mapping_errors(document({"languages": list(DECLARED)}, roles=roles))
    assert [error.key_path for error in errors] == [("roles", where, "name", extra)]
    assert f"'{extra}' is not one of program.languages [cy, en]" in errors[0].message


@given(keys=st.lists(st.sampled_from(["en", "cy", "it", "hr", "fr"]), min_size=1, max_size=4, unique=True))
def test_labels_whose_ids_look_like_languages_are_left_alone(keys: list[str]) -> None:
    labels = {"departments": {key: key.upper() for key in keys}}
    errors = text_mapping_errors(document({"languages": list(DECLARED)}, labels=labels))
    assert not [error for error in errors if "is not one of program.languages" in error.message]
