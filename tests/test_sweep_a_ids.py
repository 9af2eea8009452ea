"""Ids long enough to break a file name are refused with a located error (found by a sweep of foreign programmes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.declare import ID_MAX_LENGTH
from generator.load import parse_yaml
from generator.scaffold import scaffold
from generator.validate import validate_program


def _starter(tmp: Path) -> tuple[Path, str]:
    root = scaffold(str(tmp / "programme")) if not (tmp / "programme").exists() else tmp / "programme"
    return root, (root / "program.yaml").read_text(encoding="utf-8")


def _errors(root: Path, text: str) -> list[str]:
    _, errors = validate_program(parse_yaml(text, "program.yaml"), root)
    return [str(error) for error in errors]


def test_a_guideline_page_id_of_3000_letters_is_refused_at_its_line(tmp_path: Path) -> None:
    root, text = _starter(tmp_path)
    errors = _errors(root, text.replace("id: how-it-works", "id: " + "p" * 3000))
    assert len(errors) == 1
    assert errors[0].startswith("program.yaml:")
    assert (
        "guidelines.pages[0].id: 'pppppppppppppppppppppppppppppppppppppppp…' is 3000 characters long; shorten it to at most 80."
        in errors[0]
    )


def test_an_id_of_the_longest_length_is_accepted(tmp_path: Path) -> None:
    root, text = _starter(tmp_path)
    assert _errors(root, text.replace("id: how-it-works", "id: " + "p" * ID_MAX_LENGTH)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["id: how-it-works", "id: first-session", "id: keep-meeting"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=ID_MAX_LENGTH + 1, max_size=400).map(lambda s: "a" + s),
)
def test_every_too_long_id_is_one_located_error(tmp_path_factory: pytest.TempPathFactory, line: str, new_id: str) -> None:
    root, text = _starter(tmp_path_factory.getbasetemp())
    errors = _errors(root, text.replace(line, "id: " + new_id))
    assert len(errors) == 1, errors
    assert f"is {len(new_id)} characters long; shorten it to at most {ID_MAX_LENGTH}." in errors[0]
    number = text.splitlines().index(next(row for row in text.splitlines() if line in row)) + 1
    assert errors[0].startswith(f"program.yaml:{number}:")


def test_a_long_sentence_where_an_id_goes_gets_the_id_message(tmp_path: Path) -> None:
    root, text = _starter(tmp_path)
    sentence = "Mentor and mentee together, taking turns " * 3
    errors = _errors(root, text.replace("lead: together}", f"lead: '{sentence}'}}", 1))
    assert any("agendas[0].items[0].lead: " in error and "is not a valid id" in error for error in errors), errors
    assert not any("characters long" in error for error in errors)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(
        [
            ("lead: together}", "Bad Lead"),
            ("lead: together}", "[a]"),
            ("minutes: 10,", "-5"),
            ("minutes: 10,", "ten"),
            ("title: Introductions,", "[a]"),
        ]
    )
)
def test_a_wrong_agenda_item_is_not_reported_as_a_missing_item(tmp_path_factory: pytest.TempPathFactory, change: tuple[str, str]) -> None:
    key, bad = change
    root, text = _starter(tmp_path_factory.getbasetemp())
    name = key.split(":")[0]
    errors = _errors(root, text.replace(key, f"{name}: {bad}{key[-1]}", 1))
    assert errors and all("agendas[0].items[0]" in error for error in errors if "agendas" in error), errors
    assert not any("needs at least" in error for error in errors), errors
