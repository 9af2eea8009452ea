"""Certificate completion counts sessions as the progress pages do, and covers every member of a group.

Input: a hand-made cohort (one pair and one group) with a session log, against the repository's
example programme. Output: assertions on ``completions`` (sessions held and their minutes, the
participants listed), checked against ``progress.measures.held_sessions``.
"""

from __future__ import annotations

import datetime

from generator.load import parse_yaml
from generator.model import Program
from generator.progress.data import CohortData, Pair, Person, Session
from generator.progress.measures import held_sessions
from generator.progress.model import find_cohort
from generator.recognition.completion import completions
from generator.recognition.model import CertificateCriteria
from generator.validate import validate_program
from tests.conftest import REPO

D = datetime.date


def person(name: str) -> Person:
    return Person(name, f"{name.lower()}@example.org", "", "")


PAIRS = (
    Pair("p1", person("Ada"), person("Bo"), D(2026, 9, 14), None, "active"),
    Pair("g1", person("Cy"), person("Di"), D(2026, 9, 14), None, "active", other_mentees=(person("Ed"),)),
)
SESSIONS = (
    Session("p1", D(2026, 9, 20), 60, "kickoff", "held"),
    Session("p1", D(2026, 10, 4), 45, "regular-session", "cancelled"),
    Session("p1", D(2026, 11, 30), 30, "regular-session", "held"),  # after the as-of date below
    Session("g1", D(2026, 9, 21), 50, "kickoff", "held"),
)
AS_OF = D(2026, 11, 20)


def example() -> Program:
    program, errors = validate_program(parse_yaml((REPO / "program.yaml").read_text(encoding="utf-8"), "program.yaml"), REPO)
    assert errors == [] and program is not None
    return program


def held(as_of: datetime.date | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    program = example()
    cohort = find_cohort(program, "autumn-2026")
    data = CohortData(pairs=PAIRS, sessions=SESSIONS)
    found = completions(program, CertificateCriteria(sessions_held=1), cohort, data, {}, *([as_of] if as_of else []))
    return {(item.person.name, item.role): (item.sessions_held, item.session_minutes) for item in found}


def test_sessions_count_as_the_progress_pages_count_them() -> None:
    counted = held(AS_OF)
    assert counted[("Ada", "mentor")] == counted[("Bo", "mentee")] == (1, 60)  # cancelled and later sessions left out
    assert counted[("Ada", "mentor")][0] == len([s for s in held_sessions(SESSIONS, AS_OF) if s.pair_id == "p1"])


def test_without_a_date_every_held_session_counts() -> None:
    assert held()[("Ada", "mentor")] == (2, 90)


def test_every_member_of_a_group_is_listed() -> None:
    assert {key: value for key, value in held(AS_OF).items() if value == (1, 50)} == {
        ("Cy", "mentor"): (1, 50),
        ("Di", "mentee"): (1, 50),
        ("Ed", "mentee"): (1, 50),
    }
