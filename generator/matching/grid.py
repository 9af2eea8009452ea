"""Every mentor–mentee pair of a cohort at once, with numpy: scores and the hard rules each pair breaks.

Input: the mentors (rows) and mentees (columns) of one cohort, their ``Participants`` (for
reporting lines) and the ``Matching`` rules.
Output: ``Grid``: a mentors × mentees matrix of scores in hundredths and one boolean matrix per
hard constraint (True where the pair breaks it). The numbers are exactly those of
``Scorer.score`` and ``Scorer.broken`` for a single pair (same operations in the same order,
in float64), so the optimum found on the grid is the optimum of the per-pair definition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from generator.matching.availability import QUARTER, WEEK_QUARTERS
from generator.matching.model import CRITERIA, Matching
from generator.matching.participants import Participant, Participants

SCALE = 10_000
Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
_WEEK_BYTES = (WEEK_QUARTERS + 7) // 8


@dataclass(frozen=True)
class Grid:
    """Scores (hundredths) and broken hard rules of every mentor (row) × mentee (column)."""

    scores: NDArray[np.int64]
    broken: dict[str, Flags]

    @property
    def allowed(self) -> Flags:
        """True where the pair breaks no hard rule."""
        allowed = np.ones(self.scores.shape, dtype=bool)
        for flags in self.broken.values():
            allowed &= ~flags
        return allowed


def _lists(people: Sequence[Participant], items: Callable[[Participant], tuple[str, ...]], vocabulary: dict[str, int]) -> Floats:
    """One row per person, one column per (casefolded) item: 1.0 where the person names it."""
    rows = [[vocabulary.setdefault(item.casefold(), len(vocabulary)) for item in items(person)] for person in people]
    matrix = np.zeros((len(people), max(len(vocabulary), 1)), dtype=np.float64)
    for row, columns in enumerate(rows):
        matrix[row, columns] = 1.0
    return matrix


def _weeks(people: Sequence[Participant]) -> tuple[Floats, Floats]:
    """One row per person, one column per distinct UTC quarter hour of the week, and how many quarter hours each column stands for.

    Quarter hours that the same people have free (the whole night, for one) count as one column.
    """
    packed = b"".join(person.week.to_bytes(_WEEK_BYTES, "little") for person in people)
    bits = np.unpackbits(np.frombuffer(packed, dtype=np.uint8).reshape(len(people), _WEEK_BYTES), axis=1, bitorder="little")
    columns = np.packbits(bits[:, :WEEK_QUARTERS], axis=0)  # each quarter hour as the bytes of who is free
    index: dict[bytes, int] = {}
    kept: list[int] = []
    counts: list[int] = []
    for quarter in range(WEEK_QUARTERS):
        column = index.setdefault(columns[:, quarter].tobytes(), len(kept))
        if column == len(kept):
            kept.append(quarter)
            counts.append(0)
        counts[column] += 1
    return bits[:, kept].astype(np.float64), np.array(counts, dtype=np.float64)


def _ratio(part: Floats, whole: Floats) -> Floats:
    return np.divide(part, whole, out=np.zeros(np.broadcast_shapes(part.shape, whole.shape)), where=whole > 0)


@dataclass(frozen=True)
class _Side:
    """One side's lists as matrices (shared vocabularies with the other side)."""

    offers: Floats
    goals: Floats
    ways: Floats
    languages: Floats
    week: Floats
    free: Floats
    department: NDArray[np.int64]
    rank: NDArray[np.int64]


def _sides(mentors: Sequence[Participant], mentees: Sequence[Participant]) -> tuple[_Side, _Side]:
    skills: dict[str, int] = {}
    ways: dict[str, int] = {}
    languages: dict[str, int] = {}
    departments: dict[str, int] = {"": -1}
    everyone = [*mentors, *mentees]
    offers = _lists(everyone, lambda person: person.skills_offered, skills)
    goals = _lists(everyone, lambda person: person.learning_goals, skills)
    offers = np.pad(offers, ((0, 0), (0, goals.shape[1] - offers.shape[1])))
    ways_matrix = _lists(everyone, lambda person: person.meeting_preferences, ways)
    language_matrix = _lists(everyone, lambda person: person.languages, languages)
    codes = np.array([departments.setdefault(person.department.casefold(), len(departments) - 1) for person in everyone], dtype=np.int64)
    ranks = np.array([person.rank for person in everyone], dtype=np.int64)
    week, counts = _weeks(everyone)
    free = np.array([person.week.bit_count() for person in everyone], dtype=np.float64)
    split = len(mentors)

    def side(part: slice, days: Floats) -> _Side:
        return _Side(offers[part], goals[part], ways_matrix[part], language_matrix[part], days, free[part], codes[part], ranks[part])

    return side(slice(0, split), week[:split] * counts), side(slice(split, None), week[split:])


def _skills(mentor: _Side, mentee: _Side) -> Floats:
    taught = np.zeros((len(mentor.rank), len(mentee.rank)))
    wanted = np.zeros_like(taught)
    for teacher_offers, learner_goals, rows_first in ((mentor.offers, mentee.goals, True), (mentee.offers, mentor.goals, False)):
        teaches, learns = teacher_offers.sum(axis=1) > 0, learner_goals.sum(axis=1)
        active = np.outer(teaches, learns > 0) if rows_first else np.outer(learns > 0, teaches)
        shared = teacher_offers @ learner_goals.T if rows_first else learner_goals @ teacher_offers.T
        goals = learns[None, :] if rows_first else learns[:, None]
        taught = taught + np.where(active, shared, 0.0)
        wanted = wanted + np.where(active, goals, 0.0)
    return _ratio(taught, wanted)


def _values(mentor: _Side, mentee: _Side, overlap: Floats) -> dict[str, Floats]:
    free = np.minimum(mentor.free[:, None], mentee.free[None, :])
    shared_ways = mentor.ways @ mentee.ways.T
    all_ways = mentor.ways.sum(axis=1)[:, None] + mentee.ways.sum(axis=1)[None, :] - shared_ways
    departments = mentor.department[:, None], mentee.department[None, :]
    different = (departments[0] >= 0) & (departments[1] >= 0) & (departments[0] != departments[1])
    return {
        "skills": _skills(mentor, mentee),
        "availability": _ratio(overlap, free),
        "meeting": _ratio(shared_ways, all_ways),
        "language": ((mentor.languages @ mentee.languages.T) > 0).astype(np.float64),
        "department": different.astype(np.float64),
    }


def _scores(values: dict[str, Floats], rules: Matching, shape: tuple[int, int]) -> NDArray[np.int64]:
    weights = rules.weights
    total = sum(weights[name] for name in CRITERIA)
    if not total:
        return np.zeros(shape, dtype=np.int64)
    weighted = np.zeros(shape)
    for name in CRITERIA:
        weighted = weighted + weights[name] * values[name]
    return np.rint(SCALE * weighted / total).astype(np.int64)


def _reporting_lines(participants: Participants, mentors: Sequence[Participant], mentees: Sequence[Participant]) -> Flags:
    flags = np.zeros((len(mentors), len(mentees)), dtype=bool)
    rows = {person.id: index for index, person in enumerate(mentors)}
    cols = {person.id: index for index, person in enumerate(mentees)}
    for row, mentor in enumerate(mentors):
        for manager in participants.managers.get(mentor.id, ()):
            if manager in cols:
                flags[row, cols[manager]] = True
    for col, mentee in enumerate(mentees):
        for manager in participants.managers.get(mentee.id, ()):
            if manager in rows:
                flags[rows[manager], col] = True
    return flags


def _broken(
    participants: Participants,
    rules: Matching,
    pair: tuple[Sequence[Participant], Sequence[Participant]],
    sides: tuple[_Side, _Side],
    overlap: Floats,
) -> dict[str, Flags]:
    constraints, (mentor, mentee) = rules.constraints, sides
    broken: dict[str, Flags] = {}
    if constraints.separate_reporting_lines:
        broken["reporting-line"] = _reporting_lines(participants, *pair)
    if constraints.different_department:
        broken["department"] = (mentor.department[:, None] >= 0) & (mentor.department[:, None] == mentee.department[None, :])
    if constraints.shared_language:
        broken["language"] = (mentor.languages @ mentee.languages.T) == 0
    if constraints.min_level_gap is not None:
        broken["level-gap"] = (mentee.rank[None, :] - mentor.rank[:, None]) < constraints.min_level_gap
    broken["overlap"] = overlap * QUARTER / 60 < constraints.min_overlap_hours
    return broken


def pair_grid(participants: Participants, rules: Matching, mentors: Sequence[Participant], mentees: Sequence[Participant]) -> Grid:
    """Scores and broken rules of every mentor × mentee pair."""
    if not mentors or not mentees:
        return Grid(np.zeros((len(mentors), len(mentees)), dtype=np.int64), {})
    sides = _sides(mentors, mentees)
    overlap = sides[0].week @ sides[1].week.T
    scores = _scores(_values(*sides, overlap), rules, (len(mentors), len(mentees)))
    return Grid(scores, _broken(participants, rules, (mentors, mentees), sides, overlap))
