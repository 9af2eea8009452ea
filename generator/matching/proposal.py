"""One matching run for a cohort: keep started and pinned pairs, then solve for the rest.

Input: the cohort, the ``Matching`` rules (with program.yaml's ``Document`` to locate pin errors),
its ``Participants``, the existing roster rows that started on or before the as-of date, and that date.
Output: ``Proposal``: every pair (started, pinned, proposed) with its roster row and ``Fit`` (pairs
that share a person, because a capacity is above one, form one group partnership: one pair id), the
people left unmatched with the reason, the greedy baseline's total, and notices for people no
rule allows to be paired.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from generator.errors import PlaybookError, raise_if_any
from generator.load import CsvRow, Document
from generator.matching.grid import Grid
from generator.matching.model import Matching, PairRule
from generator.matching.participants import Participant, Participants
from generator.matching.roster import pair_number
from generator.matching.scoring import Fit, Scorer
from generator.matching.solver import Scores, greedy_pairs, optimal_pairs, total_score
from generator.progress.measures import ACTIVE, ENDED_EARLY
from generator.progress.model import Cohort

STARTED, PINNED, PROPOSED = "started", "pinned", "proposed"
FORBIDDEN, ALREADY_PAIRED = "forbidden", "already-paired"
BLOCKS = (FORBIDDEN, ALREADY_PAIRED)
Codes = NDArray[np.int8]


@dataclass(frozen=True)
class Pair:
    """A pair in the roster, how it got there, and why it fits."""

    pair_id: str
    source: str
    row: dict[str, str]
    mentor: Participant | None
    mentee: Participant | None
    fit: Fit | None
    note: str = ""


class BestPartner(NamedTuple):
    """The best possible partner of someone left unmatched: their score together and the pair they went to ("" if none)."""

    person: Participant
    score: int
    pair_id: str


@dataclass(frozen=True)
class Unmatched:
    """An applicant without a pair, and whether anyone was possible at all."""

    person: Participant
    candidates: int
    ruled_out: dict[str, int]
    best: BestPartner | None


@dataclass(frozen=True)
class Proposal:
    """The outcome of ``playbook match`` for one cohort."""

    cohort: Cohort
    as_of: datetime.date
    rules: Matching
    participants: Participants
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    greedy_total: int
    optimal_total: int

    @property
    def scored(self) -> tuple[Pair, ...]:
        return tuple(pair for pair in self.pairs if pair.fit is not None)


@dataclass
class _Pool:
    """Remaining places per person and the pairs that may not be proposed again."""

    places: dict[str, int]
    taken: set[tuple[str, str]]

    def use(self, mentor: str, mentee: str) -> None:
        self.places[mentor] = self.places.get(mentor, 0) - 1
        self.places[mentee] = self.places.get(mentee, 0) - 1
        self.taken.add((mentor, mentee))


class _Pin(NamedTuple):
    """A pair the lead pinned, with the lead's note."""

    mentor: Participant
    mentee: Participant
    note: str


def _by_email(participants: Participants) -> dict[str, Participant]:
    return {person.email.casefold(): person for person in participants.people if person.email}


def _started_pairs(rows: tuple[CsvRow, ...], participants: Participants, scorer: Scorer, pool: _Pool) -> list[Pair]:
    emails = _by_email(participants)
    pairs = []
    for row in rows:
        cells = row.values
        mentor = emails.get(cells["mentor_email"].strip().casefold())
        mentee = emails.get(cells["mentee_email"].strip().casefold())
        if mentor and mentee:
            pool.taken.add((mentor.id, mentee.id))
        if cells["status"].strip() == ACTIVE:  # in an active partnership: no place left for another one
            pool.places.update({person.id: 0 for person in (mentor, mentee) if person})
        elif mentor and mentee and cells["status"].strip() != ENDED_EARLY:
            pool.use(mentor.id, mentee.id)
        fit = scorer.fit(mentor, mentee) if mentor and mentee else None
        pairs.append(Pair(cells["pair_id"], STARTED, cells, mentor, mentee, fit))
    return pairs


def _rule_person(
    document: Document, participants: Participants, index: int, rule: PairRule, key: str, role: str
) -> Participant | PlaybookError:
    person = participants.get(getattr(rule, key))
    path = ("matching", "pins", index, key)
    if person is None:
        return document.error(path, f"'{getattr(rule, key)}' is not an id in {participants.file}; use a participant's id.")
    if person.role != role:
        return document.error(path, f"'{person.id}' applied as {person.role}, not {role}; swap mentor and mentee or fix the id.")
    return person


def _pinned_pairs(document: Document, rules: Matching, cohort: str, participants: Participants, pool: _Pool) -> list[_Pin]:
    pinned: list[_Pin] = []
    errors: list[PlaybookError] = []
    for index, rule in rules.pins_for(cohort):
        mentor = _rule_person(document, participants, index, rule, "mentor", "mentor")
        mentee = _rule_person(document, participants, index, rule, "mentee", "mentee")
        if isinstance(mentor, PlaybookError) or isinstance(mentee, PlaybookError):
            errors += [item for item in (mentor, mentee) if isinstance(item, PlaybookError)]
            continue
        if (mentor.id, mentee.id) in pool.taken:
            continue
        full = [person.id for person in (mentor, mentee) if pool.places.get(person.id, 0) < 1]
        if full:
            message = f"{' and '.join(full)} has no place left for this pin (capacity reached); raise capacity in the participants file or remove a pin."
            errors.append(document.error(("matching", "pins", index), message))
            continue
        pool.use(mentor.id, mentee.id)
        pinned.append(_Pin(mentor, mentee, rule.note))
    raise_if_any(errors)
    return pinned


def blocked_matrix(blocked: dict[tuple[str, str], str], mentors: tuple[Participant, ...], mentees: tuple[Participant, ...]) -> Codes:
    """0 where the lead allows a pair, else 1 + the index of its block in ``BLOCKS`` (mentors are rows)."""
    rows = {person.id: index for index, person in enumerate(mentors)}
    cols = {person.id: index for index, person in enumerate(mentees)}
    codes = np.zeros((len(mentors), len(mentees)), dtype=np.int8)
    for (mentor, mentee), block in blocked.items():
        if mentor in rows and mentee in cols:
            codes[rows[mentor], cols[mentee]] = BLOCKS.index(block) + 1
    return codes


def groups_of(pairs: list[tuple[Participant, Participant]]) -> list[list[tuple[Participant, Participant]]]:
    """The pairs joined into partnerships: pairs that share a person (capacity above one) form one group, in order."""
    group_of: dict[str, int] = {}
    groups: list[list[tuple[Participant, Participant]]] = []
    for mentor, mentee in pairs:
        found = sorted({group_of[person.id] for person in (mentor, mentee) if person.id in group_of})
        target = found[0] if found else len(groups)
        if not found:
            groups.append([])
        for other in reversed(found[1:]):  # this pair links two groups: merge the later into the first
            groups[target] += groups[other]
            groups[other] = []
        groups[target].append((mentor, mentee))
        for member_mentor, member_mentee in groups[target]:
            group_of.update({member_mentor.id: target, member_mentee.id: target})
    return [group for group in groups if group]


def _new_rows(
    groups: list[list[tuple[Participant, Participant]]], cohort: Cohort, as_of: datetime.date, first_number: int
) -> list[dict[str, str]]:
    """One roster row per pair; the pairs of a group share its pair id and follow each other."""
    start = max(cohort.start, as_of + datetime.timedelta(days=1)).isoformat()
    width = max(2, len(str(first_number + len(groups))))
    rows = []
    numbered = ((number, pair) for number, group in enumerate(groups, start=first_number) for pair in group)
    for number, (mentor, mentee) in numbered:
        row = {"pair_id": f"{cohort.id}-{number:0{width}d}", "start": start, "end": "", "status": ACTIVE}
        for prefix, person in (("mentor", mentor), ("mentee", mentee)):
            row.update(
                {
                    f"{prefix}_name": person.name,
                    f"{prefix}_email": person.email,
                    f"{prefix}_level": person.level,
                    f"{prefix}_department": person.department,
                }
            )
        rows.append(row)
    return rows


def propose(
    document: Document, rules: Matching, cohort: Cohort, participants: Participants, started: tuple[CsvRow, ...], as_of: datetime.date
) -> Proposal:
    """Keep started and pinned pairs, then add the optimal assignment of everyone else."""
    scorer = Scorer(participants, rules)
    pool = _Pool({person.id: person.capacity for person in participants.people}, set())
    kept = _started_pairs(started, participants, scorer, pool)
    pinned = _pinned_pairs(document, rules, cohort.id, participants, pool)
    blocked = {(rule.mentor, rule.mentee): FORBIDDEN for rule in rules.forbids_for(cohort.id)} | dict.fromkeys(pool.taken, ALREADY_PAIRED)
    mentors, mentees = participants.by_role("mentor"), participants.by_role("mentee")
    grid, blocks = scorer.grid(mentors, mentees), blocked_matrix(blocked, mentors, mentees)
    scores, allowed = grid.scores, grid.allowed & (blocks == 0)
    row_places = [max(pool.places[person.id], 0) for person in mentors]
    col_places = [max(pool.places[person.id], 0) for person in mentees]
    cells = optimal_pairs(scores, allowed, row_places, col_places)
    greedy = greedy_pairs(scores, allowed, row_places, col_places)
    new_pairs = sorted(
        [(mentor, mentee) for mentor, mentee, _ in pinned] + [(mentors[i], mentees[j]) for i, j in cells],
        key=lambda pair: (pair[0].id, pair[1].id),
    )
    numbers = [pair_number(pair.pair_id, cohort.id) or 0 for pair in kept]
    groups = groups_of(new_pairs)
    new_pairs = [pair for group in groups for pair in group]
    rows = _new_rows(groups, cohort, as_of, max(numbers, default=0) + 1)
    notes = {(mentor.id, mentee.id): note for mentor, mentee, note in pinned}
    pairs = kept + [
        Pair(
            row["pair_id"],
            PINNED if (mentor.id, mentee.id) in notes else PROPOSED,
            row,
            mentor,
            mentee,
            scorer.fit(mentor, mentee),
            notes.get((mentor.id, mentee.id), ""),
        )
        for row, (mentor, mentee) in zip(rows, new_pairs, strict=True)
    ]
    unmatched = _unmatched(_Options(grid, blocks, mentors, mentees), participants, pairs)
    pinned_total = sum(scorer.score(mentor, mentee) for mentor, mentee, _ in pinned)
    return Proposal(
        cohort,
        as_of,
        rules,
        participants,
        tuple(pairs),
        unmatched,
        pinned_total + total_score(scores, greedy),
        pinned_total + total_score(scores, cells),
    )


@dataclass(frozen=True)
class _Options:
    """Every mentor × mentee pair: scores, broken rules and the lead's blocks."""

    grid: Grid
    blocks: Codes
    mentors: tuple[Participant, ...]
    mentees: tuple[Participant, ...]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        index = {person.id: number for people in (self.mentors, self.mentees) for number, person in enumerate(people)}
        object.__setattr__(self, "index", index)

    def of(self, person: Participant) -> tuple[tuple[Participant, ...], Scores, dict[str, NDArray[np.bool_]]]:
        """The possible partners of a mentor (a row) or mentee (a column): each one's score and why it is ruled out."""
        is_mentor, number = person.role == "mentor", self.index[person.id]
        at = (number, slice(None)) if is_mentor else (slice(None), number)  # the person's row or column
        codes = self.blocks[at]
        reasons: dict[str, NDArray[np.bool_]] = {block: codes == code for code, block in enumerate(BLOCKS, start=1)}
        reasons |= {rule: flags[at] for rule, flags in self.grid.broken.items()}
        return (self.mentees if is_mentor else self.mentors), self.grid.scores[at], reasons


def _unmatched(options: _Options, participants: Participants, pairs: list[Pair]) -> tuple[Unmatched, ...]:
    paired = {person.id: pair for pair in pairs for person in (pair.mentor, pair.mentee) if person is not None}
    result = []
    for person in participants.people:
        if person.role not in ("mentor", "mentee") or person.id in paired:
            continue
        others, scores, reasons = options.of(person)
        possible = np.ones(len(others), dtype=bool)
        for flags in reasons.values():
            possible &= ~flags
        ruled_out = {reason: int(flags.sum()) for reason, flags in sorted(reasons.items()) if flags.any()}
        result.append(Unmatched(person, int(possible.sum()), ruled_out, _best_partner(others, scores, possible, paired)))
    return tuple(result)


def _best_partner(
    others: tuple[Participant, ...], scores: Scores, possible: NDArray[np.bool_], paired: dict[str, Pair]
) -> BestPartner | None:
    """The highest-scoring possible partner (the larger id on a tie), and the pair they went to."""
    if not possible.any():
        return None
    top = int(scores[possible].max())
    best = max((others[index] for index in np.flatnonzero(possible & (scores == top))), key=lambda other: other.id)
    return BestPartner(best, top, paired[best.id].pair_id if best.id in paired else "")
