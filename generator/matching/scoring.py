"""How well a mentor and a mentee fit, and which hard rules a pair would break.

Input: ``Participants`` of one cohort and the ``Matching`` rules.
Output: ``Scorer``: a pair's score out of 100 (in hundredths, for an exact optimum), the
hard constraints it breaks, and a ``Fit`` with everything the report explains.

Each criterion gives a value from 0 to 1; the score is their weighted mean × 100:
skills (learning goals the other person offers / all learning goals, counting a direction only
when the teaching side named skills at all), availability (hours both
are free / hours of the less available person), meeting (shared ways / all ways named),
language (1 when they share one) and department (1 when they differ).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.matching.availability import hours
from generator.matching.grid import Grid, pair_grid
from generator.matching.model import CRITERIA, Matching
from generator.matching.participants import Participant, Participants

SCALE = 10_000  # a score of 100 points is 10 000 hundredths


@dataclass(frozen=True)
class _Profile:
    """A participant's lists as bit masks over the cohort's vocabulary (fast to compare)."""

    offers: int
    goals: int
    ways: int
    languages: int
    week: int
    department: str


@dataclass(frozen=True)
class Fit:
    """Why a pair scores what it scores."""

    score: int
    values: dict[str, float]
    mentor_teaches: tuple[str, ...]
    mentee_teaches: tuple[str, ...]
    overlap_hours: float
    shared_ways: tuple[str, ...]
    shared_languages: tuple[str, ...]
    level_gap: int
    broken: tuple[str, ...]

    @property
    def points(self) -> float:
        return self.score / 100


def _shared(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    wanted = {item.casefold() for item in second}
    return tuple(item for item in first if item.casefold() in wanted)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _skills(first: _Profile, second: _Profile) -> float:
    """Goals met by the other's skills / all goals, counting a direction only when the teacher named skills."""
    taught = wanted = 0
    for teacher, learner in ((first, second), (second, first)):
        if teacher.offers and learner.goals:
            taught += (teacher.offers & learner.goals).bit_count()
            wanted += learner.goals.bit_count()
    return _ratio(taught, wanted)


class Scorer:
    """Scores and constraint checks for every mentor–mentee pair of a cohort."""

    def __init__(self, participants: Participants, rules: Matching) -> None:
        self.participants = participants
        self.rules = rules
        self.total_weight = sum(rules.weights[name] for name in CRITERIA)
        vocabulary: dict[str, int] = {}
        self.profiles = {person.id: self._profile(person, vocabulary) for person in participants.people}

    @staticmethod
    def _profile(person: Participant, vocabulary: dict[str, int]) -> _Profile:
        def mask(kind: str, items: tuple[str, ...]) -> int:
            bits = 0
            for item in items:
                bits |= 1 << vocabulary.setdefault(f"{kind}:{item.casefold()}", len(vocabulary))
            return bits

        return _Profile(
            offers=mask("skill", person.skills_offered),
            goals=mask("skill", person.learning_goals),
            ways=mask("way", person.meeting_preferences),
            languages=mask("language", person.languages),
            week=person.week,
            department=person.department.casefold(),
        )

    def values(self, mentor: Participant, mentee: Participant) -> dict[str, float]:
        """Each criterion's value from 0 to 1."""
        first, second = self.profiles[mentor.id], self.profiles[mentee.id]
        free = min(first.week.bit_count(), second.week.bit_count())
        return {
            "skills": _skills(first, second),
            "availability": _ratio((first.week & second.week).bit_count(), free),
            "meeting": _ratio((first.ways & second.ways).bit_count(), (first.ways | second.ways).bit_count()),
            "language": 1.0 if first.languages & second.languages else 0.0,
            "department": 1.0 if first.department and second.department and first.department != second.department else 0.0,
        }

    def score(self, mentor: Participant, mentee: Participant) -> int:
        """The pair's score in hundredths of a point (0 to 10 000)."""
        return self._points(self.values(mentor, mentee))

    def _points(self, values: dict[str, float]) -> int:
        if not self.total_weight:
            return 0
        weighted = sum(self.rules.weights[name] * values[name] for name in CRITERIA)
        return round(SCALE * weighted / self.total_weight)

    def broken(self, mentor: Participant, mentee: Participant) -> tuple[str, ...]:
        """The ids of the hard constraints this pair breaks (empty when allowed)."""
        rules, first, second = self.rules.constraints, self.profiles[mentor.id], self.profiles[mentee.id]
        broken = []
        if rules.separate_reporting_lines and self.participants.same_reporting_line(mentor.id, mentee.id):
            broken.append("reporting-line")
        if rules.different_department and first.department and first.department == second.department:
            broken.append("department")
        if rules.shared_language and not first.languages & second.languages:
            broken.append("language")
        if rules.min_level_gap is not None and mentee.rank - mentor.rank < rules.min_level_gap:
            broken.append("level-gap")
        if hours(first.week & second.week) < rules.min_overlap_hours:
            broken.append("overlap")
        return tuple(broken)

    def grid(self, mentors: tuple[Participant, ...], mentees: tuple[Participant, ...]) -> Grid:
        """Scores and broken rules of every mentor × mentee pair at once (the same numbers as ``score``, ``broken``)."""
        return pair_grid(self.participants, self.rules, mentors, mentees)

    def fit(self, mentor: Participant, mentee: Participant) -> Fit:
        """Everything about the pair, for the report."""
        values = self.values(mentor, mentee)
        return Fit(
            score=self._points(values),
            values=values,
            mentor_teaches=_shared(mentor.skills_offered, mentee.learning_goals),
            mentee_teaches=_shared(mentee.skills_offered, mentor.learning_goals),
            overlap_hours=hours(self.profiles[mentor.id].week & self.profiles[mentee.id].week),
            shared_ways=_shared(mentor.meeting_preferences, mentee.meeting_preferences),
            shared_languages=_shared(mentor.languages, mentee.languages),
            level_gap=mentee.rank - mentor.rank,
            broken=self.broken(mentor, mentee),
        )
