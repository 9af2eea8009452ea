"""Property-based checks of matching over many random cohorts (hypothesis).

No proposed pair breaks a hard constraint or a forbid, nobody takes more pairs than their
capacity, no pair appears twice, the roster written always passes the roster checks (pairs sharing
a person form one group partnership), the optimum is never below greedy, and the two exact solvers
(Hungarian method and MILP) agree on the best number of pairs and total score.
"""

from __future__ import annotations

import datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import parse_csv, parse_yaml
from generator.matching.availability import SLOT_PATTERN
from generator.matching.model import Matching
from generator.matching.participants import COLUMNS, parse_participants
from generator.matching.proposal import propose
from generator.matching.roster import roster_text
from generator.matching.scoring import Scorer
from generator.matching.solver import greedy_pairs, optimal_pairs, total_score
from generator.progress.data import ROSTER_COLUMNS, parse_roster
from generator.progress.model import Cohort
from tests.test_matching import csv_text

START = datetime.date(2026, 9, 14)
COHORT = Cohort("c", "C", START, datetime.date(2027, 3, 1))
SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed") for part in ("am", "pm")]
assert all(SLOT_PATTERN.match(slot) for slot in SLOTS)
SKILLS = ["ai", "data", "chat-tools", "social"]
joined = lambda values: st.lists(st.sampled_from(values), max_size=len(values), unique=True).map("|".join)  # noqa: E731


@st.composite
def cohorts(draw):
    size = draw(st.integers(2, 9))
    rows = []
    for index in range(size):
        role = draw(st.sampled_from(["mentor", "mentee", "none"]))
        manager = draw(st.sampled_from([""] + [row["id"] for row in rows]))
        rows.append(
            dict.fromkeys(COLUMNS, "")
            | {
                "id": f"p{index}",
                "name": f"P {index}",
                "email": f"p{index}@example.org",
                "role": role,
                "level": str(draw(st.integers(0, 5))),
                "department": draw(st.sampled_from(["a", "b", "c"])),
                "manager_id": manager,
                "timezone": draw(st.sampled_from(["Europe/London", "Europe/Warsaw", "America/New_York"])),
                "languages": draw(joined(["en", "pl", "es"])),
                "skills_offered": draw(joined(SKILLS)),
                "learning_goals": draw(joined(SKILLS)),
                "meeting_preferences": draw(joined(["video", "chat", "in-person"])),
                "availability": draw(joined(SLOTS)),
                "capacity": str(draw(st.integers(1, 3))),
            }
        )
    ids = [row["id"] for row in rows]
    constraints = {
        "separate_reporting_lines": draw(st.booleans()),
        "different_department": draw(st.booleans()),
        "shared_language": draw(st.booleans()),
        "min_overlap_hours": draw(st.sampled_from([0, 2, 4])),
    }
    if draw(st.booleans()):
        constraints["min_level_gap"] = draw(st.integers(-1, 3))
    forbids = [{"mentor": draw(st.sampled_from(ids)), "mentee": draw(st.sampled_from(ids))} for _ in range(draw(st.integers(0, 3)))]
    return rows, Matching(**{"constraints": constraints, "forbids": forbids})


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_no_proposed_pair_breaks_a_rule_or_a_capacity(case):
    rows, rules = case
    participants = parse_participants(parse_csv(csv_text(rows), "p.csv", COLUMNS), rules, "UTC", START)
    proposal = propose(parse_yaml("matching: {}\n", "program.yaml"), rules, COHORT, participants, (), START)
    scorer = Scorer(participants, rules)
    forbidden = {(rule.mentor, rule.mentee) for rule in rules.forbids}
    seen = [(pair.mentor.id, pair.mentee.id) for pair in proposal.pairs]
    assert len(seen) == len(set(seen))
    for pair in proposal.pairs:
        assert pair.mentor.role == "mentor" and pair.mentee.role == "mentee"
        assert scorer.broken(pair.mentor, pair.mentee) == ()
        assert (pair.mentor.id, pair.mentee.id) not in forbidden
    for person in participants.people:
        assert sum(person.id in pair for pair in seen) <= person.capacity
    partnerships = parse_roster(parse_csv(roster_text(pair.row for pair in proposal.pairs), "roster.csv", ROSTER_COLUMNS), COHORT)
    assert sorted(pair.id for pair in partnerships) == sorted({pair.pair_id for pair in proposal.pairs})
    members = {(partnership.id, person.email) for partnership in partnerships for person in partnership.people}
    assert members == {(pair.pair_id, person.email) for pair in proposal.pairs for person in (pair.mentor, pair.mentee)}


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_hungarian_and_milp_agree_and_beat_greedy(rows, cols, data):
    scores = np.array(data.draw(st.lists(st.integers(0, 10_000), min_size=rows * cols, max_size=rows * cols))).reshape(rows, cols)
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=rows * cols, max_size=rows * cols))).reshape(rows, cols)
    row_capacity = data.draw(st.lists(st.integers(0, 3), min_size=rows, max_size=rows))
    col_capacity = [1] * cols  # one side at one: the Hungarian method is exact here
    hungarian = optimal_pairs(scores, allowed, row_capacity, col_capacity)
    milp = optimal_pairs(scores, allowed, row_capacity, col_capacity, method="milp")
    greedy = greedy_pairs(scores, allowed, row_capacity, col_capacity)
    assert (len(hungarian), total_score(scores, hungarian)) == (len(milp), total_score(scores, milp))
    assert (len(hungarian), total_score(scores, hungarian)) >= (len(greedy), total_score(scores, greedy))
