"""The vectorised pair grid gives exactly the per-pair scores and broken rules (hypothesis).

``Scorer.grid`` scores every mentor × mentee pair with numpy; ``Scorer.score`` and
``Scorer.broken`` are the per-pair definitions. They must agree on every pair of random
cohorts with random weights, and the people left unmatched must get the counts and best
partner the per-pair definitions give.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import parse_csv, parse_yaml
from generator.matching.model import CRITERIA, Matching
from generator.matching.participants import COLUMNS, parse_participants
from generator.matching.proposal import ALREADY_PAIRED, FORBIDDEN, propose
from generator.matching.scoring import Scorer
from tests.test_matching import csv_text
from tests.test_matching_properties import COHORT, START, cohorts


@st.composite
def weighted_cohorts(draw):
    rows, rules = draw(cohorts())
    for row in rows:
        row["department"] = draw(st.sampled_from(["", "a", "A", "b"]))
    weights = {name: draw(st.sampled_from([0, 1, 2, 3.5])) for name in CRITERIA}
    settings_ = {"constraints": rules.constraints, "forbids": rules.forbids, "weights": weights}
    return rows, Matching(**settings_)


@settings(max_examples=200, deadline=None)
@given(weighted_cohorts())
def test_grid_matches_every_pair(case):
    rows, rules = case
    participants = parse_participants(parse_csv(csv_text(rows), "p.csv", COLUMNS), rules, "UTC", START)
    scorer = Scorer(participants, rules)
    mentors, mentees = participants.by_role("mentor"), participants.by_role("mentee")
    grid = scorer.grid(mentors, mentees)
    assert grid.scores.shape == (len(mentors), len(mentees))
    for i, mentor in enumerate(mentors):
        for j, mentee in enumerate(mentees):
            assert grid.scores[i, j] == scorer.score(mentor, mentee)
            assert {rule for rule, flags in grid.broken.items() if flags[i, j]} == set(scorer.broken(mentor, mentee))
            assert grid.allowed[i, j] == (not scorer.broken(mentor, mentee))


@settings(max_examples=150, deadline=None)
@given(weighted_cohorts())
def test_unmatched_counts_and_best_partner_follow_the_per_pair_rules(case):
    rows, rules = case
    participants = parse_participants(parse_csv(csv_text(rows), "p.csv", COLUMNS), rules, "UTC", START)
    proposal = propose(parse_yaml("matching: {}\n", "program.yaml"), rules, COHORT, participants, (), START)
    scorer = Scorer(participants, rules)
    taken = {(pair.mentor.id, pair.mentee.id) for pair in proposal.pairs}
    blocked = {(rule.mentor, rule.mentee): FORBIDDEN for rule in rules.forbids} | dict.fromkeys(taken, ALREADY_PAIRED)
    for item in proposal.unmatched:
        person = item.person
        others = participants.by_role("mentee" if person.role == "mentor" else "mentor")
        oriented = [(person, other) if person.role == "mentor" else (other, person) for other in others]
        reasons = [([blocked[(a.id, b.id)]] if (a.id, b.id) in blocked else []) + list(scorer.broken(a, b)) for a, b in oriented]
        assert item.ruled_out == dict(sorted(Counter(reason for why in reasons for reason in why).items()))
        possible = [(scorer.score(a, b), other.id) for (a, b), other, why in zip(oriented, others, reasons, strict=True) if not why]
        assert item.candidates == len(possible)
        assert (None if item.best is None else (item.best.score, item.best.person.id)) == max(possible, default=None)
