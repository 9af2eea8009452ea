"""Aggregate stage for progress: figures per cohort, per goal and for the programme.

Input: the ``Program``, each cohort's ``CohortData`` and the as-of date.
Output: ``ProgressFigures``: one ``CohortFigures`` per cohort, the goals' figures for the
whole programme, all with the privacy rule applied (a figure computed from fewer people
than ``privacy.min_group_size`` is a withheld ``Figure``). No IO, no names or emails.

The rules (docs/privacy.md): the threshold counts distinct people; a cohort with fewer
people publishes only that it exists and its dates, and stays out of the cross-cohort
figures; a cross-cohort figure is withheld when one of the cohorts it sums is withheld for
that figure (complementary suppression); levels and departments with fewer people are
merged into "Other" before counting; pair labels are keyed pseudonyms (no secret, no rows).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from generator.cache import COHORTS
from generator.disclosure import Cell, Equation, Table, protect, pseudonym
from generator.i18n import N_, active_language, format_number, format_percent, format_signed, gettext
from generator.model import Program
from generator.progress import measures
from generator.progress.data import CohortData, Pair, Person, Session
from generator.progress.model import OUTCOME_METRICS, Cohort, Goal, Milestone, cohorts_of, goals_of
from generator.surveys.answers import find_survey
from generator.surveys.canonical import Response
from generator.surveys.model import Answer, Question, Survey, surveys_of

PERCENT, MEAN, NPS_SCORE, CHANGE, COUNT, POINTS = "percent", "mean", "nps", "change", "count", "points"
METRIC_KIND = {"session_completion": PERCENT, "participation": PERCENT, "nps": NPS_SCORE, "satisfaction": MEAN, "skill_change": CHANGE}
METRIC_KIND.update(dict.fromkeys(OUTCOME_METRICS, POINTS))  # a difference of two shares, supplied by the outcomes feature
RATING_TYPES = ("likert", "rating")
PARTICIPANT_ROLES = ("mentor", "mentee")
ON_TRACK_MARGIN = 0.1  # a running cohort within 10% of a goal's target is "on track"
OTHER = N_("Other")  # shown in the active language
SKILL_ROLE = "mentee"  # the role whose self-ratings a skill_change goal is judged by, when it answers
T = TypeVar("T")


class ProgressData(dict[str, CohortData]):
    """Each cohort's tables by cohort id, and the programme's pseudonym secret (None when unset)."""

    def __init__(self, tables: dict[str, CohortData], secret: bytes | None = None) -> None:
        super().__init__(tables)
        self.secret = secret


@dataclass(frozen=True)
class Figure:
    """A number about ``people`` people; ``value`` is None when there is no data or it is withheld."""

    value: float | None
    people: int
    kind: str = COUNT
    withheld: bool = False
    weight: float = 0.0
    """What the value is a share or mean of (sessions planned, pairs, answers): value × weight adds up across cohorts."""
    secondary: bool = False
    """Withheld only so that another withheld figure cannot be worked out (complementary suppression)."""
    amount: float = 0.0
    """value × weight, kept for the disclosure audit even when the value is withheld; never shown."""
    interval: tuple[float, float] | None = None
    """A 95% confidence interval of the value, shown after it (differences from a comparison group)."""

    @property
    def text(self) -> str:
        """The value for people to read (empty when there is none): ``figure_text``, formatted once per language and value."""
        return _remembered_text(active_language(), self.kind, self.value, self.interval, repr(self.value), repr(self.interval))


def figure_text(kind: str, value: float | None, interval: tuple[float, float] | None = None) -> str:
    """A figure's value for people to read in the active language, as its ``kind`` is written (empty when there is none)."""
    if value is None:
        return ""
    if kind == PERCENT:
        return format_percent(value)
    if kind == NPS_SCORE:
        return format_signed(value)
    if kind == POINTS:
        return points_text(value, interval)
    if kind == CHANGE:
        return format_signed(value, 2)
    if kind == MEAN:
        return format_number(value, 2)
    return format_number(value, 0)


@functools.lru_cache(maxsize=4096)
def _remembered_text(language: str, kind: str, value: float | None, interval: tuple[float, float] | None, *exactly: str) -> str:
    """``figure_text`` kept per language and value; ``exactly`` (the values' ``repr``) tells apart equal numbers written apart (0.0, -0.0)."""
    return figure_text(kind, value, interval)


def points_text(difference: float, interval: tuple[float, float] | None = None) -> str:
    """A difference of two shares in percentage points, with its interval when there is one: "+6 points (-2 to +14)"."""
    shown = gettext("%(difference)s points") % {"difference": f"{100 * difference:+.0f}"}
    if interval is None:
        return shown
    return gettext("%(difference)s points (%(low)s to %(high)s)") % {
        "difference": f"{100 * difference:+.0f}",
        "low": f"{100 * interval[0]:+.0f}",
        "high": f"{100 * interval[1]:+.0f}",
    }


def guarded(value: float | None, people: int, minimum: int, kind: str = COUNT, weight: float = 0.0) -> Figure:
    """A ``Figure`` that is withheld when computed from fewer than ``minimum`` people."""
    if value is None or people == 0:
        return Figure(None, people, kind)
    if people < minimum:
        return Figure(None, people, kind, withheld=True, weight=weight, amount=value * weight)
    return Figure(value, people, kind, weight=weight, amount=value * weight)


PER_UNIT = {PERCENT: (0.0, 1.0), MEAN: (0.0, 10.0), NPS_SCORE: (-100.0, 100.0), CHANGE: (-10.0, 10.0), POINTS: (-1.0, 1.0)}
"""What one unit of a figure's weight can add: a share of 0-1, an answer of 0-10, an NPS of ±100, a change of ±10."""


def figure_cell(key: str, figure: Figure, primary: bool = True) -> Cell:
    """A figure as an additive cell for the disclosure audit: value × weight (a sum of answers, sessions held, pairs kept).

    ``primary``: a withheld figure is sensitive (withheld by the threshold), unless it is withheld
    only to protect another (``Figure.secondary``).
    """
    low, high = PER_UNIT.get(figure.kind, (0.0, figure.weight))
    return Cell(
        key, figure.amount, low * figure.weight, high * figure.weight, figure.withheld, figure.withheld and primary and not figure.secondary
    )


def withheld_too(figure: Figure) -> Figure:
    """``figure`` withheld to protect another one."""
    return Figure(None, figure.people, figure.kind, withheld=True, weight=figure.weight, secondary=True, amount=figure.amount)


@dataclass(frozen=True)
class PairRow:
    label: str
    status: str
    held: int
    planned: int
    days_since: int | None
    health: str


@dataclass(frozen=True)
class MilestoneFigure:
    milestone: Milestone
    due: bool
    reached: Figure


@dataclass(frozen=True)
class SurveyFigure:
    survey: Survey
    responses: int
    expected: int | None
    rate: Figure


@dataclass(frozen=True)
class RatingFigure:
    survey: Survey
    question: Question
    mean: Figure
    counts: tuple[int, ...] | None


@dataclass(frozen=True)
class NpsFigure:
    survey: Survey
    question: Question
    score: Figure
    split: measures.Nps | None


@dataclass(frozen=True)
class SkillFigure:
    skill: str
    role: str
    before: Figure
    after: Figure
    change: Figure


@dataclass(frozen=True)
class GoalFigure:
    goal: Goal
    value: Figure
    status: str

    @property
    def target(self) -> Figure:
        """The target, written like the measure (80% for a share)."""
        return Figure(self.goal.target, 1, self.value.kind)


@dataclass(frozen=True)
class Trend:
    title: str
    points: tuple[tuple[str, Figure], ...]
    goal: str = ""
    total: Figure = field(default_factory=lambda: Figure(None, 0, MEAN))
    """The mean over every month (the cohort's figure for the goal): the months add up to it."""

    def table(self, cohort_id: str, page: str) -> Table:
        """The months and their total, as the audit sees them (answers outside the months are a known remainder)."""
        months = [figure_cell(f"trend:{self.goal}:{cohort_id}:{month}", figure) for month, figure in self.points]
        total = figure_cell(f"goal:{self.goal}:{cohort_id}", self.total)
        remainder = total.value - sum(cell.value for cell in months)
        rest = Cell(f"trend:{self.goal}:{cohort_id}:outside", remainder, remainder, remainder, known=True)
        cells = (*months, rest, total)
        return Table(f"Trend: {self.title}", page, cells, (Equation(total.key, tuple(cell.key for cell in (*months, rest))),))


def protect_trend(trend: Trend, cohort_id: str) -> Trend:
    """Withhold further months until no withheld month can be worked out from the others and the total."""
    protected, _ = protect([trend.table(cohort_id, "")])
    withheld = {cell.key for table in protected for cell in table.cells if cell.withheld}
    points = tuple(
        (month, withheld_too(figure) if f"trend:{trend.goal}:{cohort_id}:{month}" in withheld and not figure.withheld else figure)
        for month, figure in trend.points
    )
    return Trend(trend.title, points, trend.goal, trend.total)


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
    published: bool
    state: str
    week: int
    next_milestone: Milestone | None
    pairs: Counter[str]
    participants: int
    by_level: tuple[tuple[str, Figure], ...]
    by_department: tuple[tuple[str, Figure], ...]
    sessions: Counter[str]
    held: int
    planned: int
    beyond: int
    completion: Figure
    health: Counter[str]
    pair_rows: tuple[PairRow, ...]
    milestones: tuple[MilestoneFigure, ...]
    surveys: tuple[SurveyFigure, ...]
    ratings: tuple[RatingFigure, ...]
    nps: tuple[NpsFigure, ...]
    skills: tuple[SkillFigure, ...]
    sessions_by_month: tuple[tuple[str, int], ...]
    partial_months: tuple[str, ...]
    satisfaction_trends: tuple[Trend, ...]
    goals: tuple[GoalFigure, ...]


@dataclass(frozen=True)
class ProgressFigures:
    as_of: datetime.date
    minimum: int
    cohorts: tuple[CohortFigures, ...] = ()
    goals: tuple[GoalFigure, ...] = ()
    goals_by_cohort: dict[str, tuple[GoalFigure, ...]] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()
    """Names of cohorts below the threshold, left out of every cross-cohort figure."""


@dataclass(frozen=True)
class Part:
    """One cohort with its data: the unit every measure is summed over.

    What is worked out from the data (the responses to a survey, a question's answers, the people
    of the started pairs, each pair's progress) is remembered per part and as-of date
    (``remember``): the aggregate asks for it once per figure, the programme's figures again.
    """

    cohort: Cohort
    data: CohortData

    def sessions_of(self) -> dict[str, list[Session]]:
        """Sessions by pair id (computed once)."""
        return self._sessions_by_pair

    @functools.cached_property
    def _sessions_by_pair(self) -> dict[str, list[Session]]:
        grouped: dict[str, list[Session]] = defaultdict(list)
        for session in self.data.sessions:
            grouped[session.pair_id].append(session)
        return grouped

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per ``key`` for this part (its data never changes)."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        return cast(T, memo[key])

    @functools.cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}


@functools.cache
def _session_secret() -> bytes:
    """A secret for this process only, when the programme has none (its labels are never published)."""
    import secrets

    return secrets.token_bytes(32)


def pair_label(cohort_id: str, pair_id: str, length: int, secret: bytes | None = None) -> str:
    """A keyed pseudonym for a pair: HMAC of its cohort and id with the programme's secret."""
    return "Pair " + pseudonym(secret or _session_secret(), cohort_id, pair_id, length)


def pair_labels(cohort_id: str, pairs: Sequence[Pair], secret: bytes | None = None) -> dict[str, str]:
    """Pseudonyms for every pair, longer when short ones would collide."""
    for length in (4, 6, 8, 12):
        labels = {pair.id: pair_label(cohort_id, pair.id, length, secret) for pair in pairs}
        if len(set(labels.values())) == len(labels):
            return labels
    return {pair.id: f"Pair {pair.id}" for pair in pairs}


def started_pairs(part: Part, as_of: datetime.date) -> tuple[Pair, ...]:
    return part.remember(("started", as_of), lambda: tuple(pair for pair in part.data.pairs if pair.start <= as_of))


def person_key(person: Person) -> str:
    """Who a person is, for counting people once (a mentor of two pairs is one person)."""
    return (person.email or person.name).strip().lower()


def participants(parts: Iterable[Part], as_of: datetime.date, roles: Sequence[str] = PARTICIPANT_ROLES) -> int:
    """Distinct people in the started pairs of ``parts`` (in ``roles``); a person in two cohorts counts in each."""
    return sum(len(people_in(part, as_of, tuple(roles))) for part in parts)


def people_in(part: Part, as_of: datetime.date, roles: tuple[str, ...]) -> frozenset[str]:
    """Who is in the started pairs of one cohort, in ``roles`` (by ``person_key``)."""
    return part.remember(("people", as_of, roles), lambda: frozenset(key for role, key in member_keys(part, as_of) if role in roles))


def member_keys(part: Part, as_of: datetime.date) -> tuple[tuple[str, str], ...]:
    """(role, ``person_key``) of everyone in the cohort's started pairs (worked out once)."""
    return part.remember(
        ("members", as_of),
        lambda: tuple((role, person_key(person)) for pair in started_pairs(part, as_of) for role, person in pair.members),
    )


def respondents(responses: Sequence[Response], people: int) -> int:
    """How many people these responses stand for, for the threshold.

    Linked to pairs: the distinct pairs and roles. Anonymous: the answers can repeat a person,
    so the figure needs at least ``minimum`` answers *and* ``minimum`` invited people; the
    smaller of the two is what the threshold is applied to.
    """
    return counted_people(len(responses), [linked_people(responses)], people)


def counted_people(answers: int, linked: Sequence[frozenset[tuple[str, str, str]] | None], people: int) -> int:
    """``respondents`` of ``answers`` responses from several groups (cohorts), given each group's ``linked_people``."""
    if answers and all(group is not None for group in linked):
        return len(frozenset[tuple[str, str, str]]().union(*(group for group in linked if group is not None)))
    return min(answers, people)


def linked_people(responses: Iterable[Response]) -> frozenset[tuple[str, str, str]] | None:
    """The (cohort, pair, role) each response comes from, or None when one of them is anonymous (linked to no pair).

    The cohort is part of it: two cohorts may both have a pair 'p01', and their people are not the same.
    """
    found = {(response.cohort, response.pair, response.role) for response in responses}
    return None if any(not pair for _, pair, _ in found) else frozenset(found)


def invited(parts: Sequence[Part], survey: Survey | None, as_of: datetime.date) -> int:
    """People invited to a survey: distinct participants in its audience's roles."""
    roles = tuple(role for role in (survey.audience if survey and survey.audience else PARTICIPANT_ROLES) if role in PARTICIPANT_ROLES)
    return participants(parts, as_of, roles)


def submitted(part: Part, survey_id: str, as_of: datetime.date) -> Sequence[Response]:
    """One cohort's responses to a survey submitted by the as-of date."""
    return submitted_by_survey(part, as_of).get(survey_id, ())


def submitted_by_survey(part: Part, as_of: datetime.date) -> dict[str, list[Response]]:
    """One cohort's responses submitted by the as-of date, by survey id (worked out once)."""

    def compute() -> dict[str, list[Response]]:
        grouped: dict[str, list[Response]] = defaultdict(list)
        for response in part.data.responses:
            if response.submitted_at.date() <= as_of:
                grouped[response.survey].append(response)
        return grouped

    return part.remember(("submitted", as_of), compute)


def survey_people(part: Part, survey_id: str, as_of: datetime.date) -> frozenset[tuple[str, str, str]] | None:
    """The ``linked_people`` of one cohort's responses to a survey by the as-of date."""
    return part.remember(("linked", survey_id, as_of), lambda: linked_people(submitted(part, survey_id, as_of)))


@dataclass(frozen=True)
class Answers:
    """One cohort's answers to one question: the responses that answer it and their ``linked_people``.

    ``numeric``: each response's answer as a number, None when it is not one.
    """

    responses: list[Response]
    numeric: list[float | None]
    linked: frozenset[tuple[str, str, str]] | None

    @functools.cached_property
    def values(self) -> list[float]:
        """The numeric answers (the others left out), as ``numbers`` gives them."""
        return [value for value in self.numeric if value is not None]


def answers_to(part: Part, survey_id: str, question_id: str, as_of: datetime.date) -> Answers:
    """One cohort's answers to a question by the as-of date (worked out once)."""

    def compute() -> Answers:
        responses = submitted(part, survey_id, as_of)
        given, values = answers_given(responses, question_id)
        linked = survey_people(part, survey_id, as_of) if len(given) == len(responses) else linked_people(given)
        return Answers(given, as_numbers(values), linked)

    return part.remember(("answers", survey_id, question_id, as_of), compute)


def answered(responses: Iterable[Response], question_id: str) -> list[Response]:
    """The responses that answer ``question_id``.

    A response holds every question of its survey, None for one left empty (or hidden): that is
    no answer, so its person never counts toward the threshold of a figure about the question.
    """
    return answers_given(list(responses), question_id)[0]


def answers_given(responses: Sequence[Response], question_id: str) -> tuple[list[Response], list[Answer]]:
    """The responses that answer ``question_id`` (``answered``) and their answers, in order, in one look at each."""
    found = [response.answers.get(question_id) for response in responses]
    given = list(itertools.compress(responses, map(operator.is_not, found, itertools.repeat(None))))
    return given, [value for value in found if value is not None]


def question_numbers(parts: Sequence[Part], survey: Survey, question_id: str, as_of: datetime.date) -> tuple[list[float], int]:
    """The numeric answers to a question over ``parts``, and how many people they stand for."""
    found = [answers_to(part, survey.id, question_id, as_of) for part in parts]
    people = counted_people(
        sum(len(answers.responses) for answers in found), [answers.linked for answers in found], invited(parts, survey, as_of)
    )
    return list(itertools.chain.from_iterable(answers.values for answers in found)), people


def numbers(responses: Iterable[Response], question_id: str) -> list[float]:
    """Numeric answers to a question (unanswered ones left out)."""
    return [value for value in numeric_answers(responses, question_id) if value is not None]


def numeric_answers(responses: Iterable[Response], question_id: str) -> list[float | None]:
    """Each response's answer to a question as a number; None when unanswered or not a number (a yes/no is not one)."""
    return as_numbers(response.answers.get(question_id) for response in responses)


def as_numbers(answers: Iterable[Answer]) -> list[float | None]:
    """Each answer as a number; None when it is none or not a number (a yes/no is not one)."""
    return [float(value) if type(value) is int or type(value) is float else as_number(value) for value in answers]  # plain ones first


def as_number(answer: Answer) -> float | None:
    """An answer as a number; None when it is none or not a number (a yes/no is not one)."""
    return None if answer is None or isinstance(answer, bool) or not isinstance(answer, (int, float)) else float(answer)


def started_progress(part: Part, as_of: datetime.date) -> tuple[measures.PairProgress, ...]:
    """Where each started pair of the cohort stands on the as-of date."""
    return part.remember(("progress", as_of), lambda: _started_progress(part, as_of))


def _started_progress(part: Part, as_of: datetime.date) -> tuple[measures.PairProgress, ...]:
    """Each started pair's progress, from its held sessions only (``pair_progress`` counts only those)."""
    grouped = held_by_pair(part, as_of)
    return tuple(measures.pair_progress(pair, grouped.get(pair.id, []), part.cohort, as_of) for pair in started_pairs(part, as_of))


def completion_counts(progress: Iterable[measures.PairProgress]) -> tuple[int, int, int]:
    """Sessions held that count toward the plan (at most the plan, per pair), planned to date, and held beyond the plan."""
    held = planned = beyond = 0
    for item in progress:
        held, planned = held + min(item.held, item.planned), planned + item.planned
        beyond += max(0, item.held - item.planned)
    return held, planned, beyond


def session_completion(parts: Sequence[Part], as_of: datetime.date, minimum: int) -> Figure:
    """Sessions held (at most the plan per pair) as a share of the sessions planned to date; no session log, no figure."""
    held, planned, _ = completion_counts(item for part in parts for item in started_progress(part, as_of))
    if not any(part.data.sessions for part in parts):
        return Figure(None, 0, PERCENT)
    return guarded(measures.ratio(held, planned), participants(parts, as_of), minimum, PERCENT, planned)


def participation(parts: Sequence[Part], as_of: datetime.date, minimum: int) -> Figure:
    """Share of started pairs still active or completed (not ended early)."""
    pairs = [pair for part in parts for pair in started_pairs(part, as_of)]
    kept = sum(1 for pair in pairs if pair.status != measures.ENDED_EARLY)
    return guarded(measures.ratio(kept, len(pairs)), participants(parts, as_of), minimum, PERCENT, len(pairs))


def satisfaction(parts: Sequence[Part], survey: Survey, question_id: str, as_of: datetime.date, minimum: int) -> Figure:
    """Mean answer to a rating question."""
    values, people = question_numbers(parts, survey, question_id, as_of)
    return guarded(measures.mean(values), people, minimum, MEAN, len(values))


def nps_split(parts: Sequence[Part], survey: Survey, question_id: str, as_of: datetime.date, minimum: int) -> tuple[Figure, measures.Nps]:
    """The Net Promoter Score of an nps question, and its promoters, passives and detractors."""
    values, people = question_numbers(parts, survey, question_id, as_of)
    split = measures.nps(int(value) for value in values)
    return guarded(split.score, people, minimum, NPS_SCORE, len(values)), split


def skill_questions(survey: Survey) -> dict[str, Question]:
    return {question.skill: question for question in survey.questions if question.skill}


def skill_changes(part: Part, before: Survey, after: Survey, as_of: datetime.date, minimum: int) -> tuple[SkillFigure, ...]:
    """Each skill asked in both surveys on the same scale, each role apart: mean before, mean after, and the change.

    Only where the later survey has answers from that role in this cohort (it has taken place);
    a skill asked on different scales is never compared.
    """
    return part.remember(
        ("skills", before.id, after.id, as_of, minimum), lambda: tuple(compare_skills(part, before, after, as_of, minimum))
    )


def compare_skills(part: Part, before: Survey, after: Survey, as_of: datetime.date, minimum: int) -> list[SkillFigure]:
    first, second = skill_questions(before), skill_questions(after)
    found = []
    for role in PARTICIPANT_ROLES:
        earlier_all = [r for r in submitted(part, before.id, as_of) if r.role == role]
        later_all = [r for r in submitted(part, after.id, as_of) if r.role == role]
        for skill in sorted(set(first) & set(second)):
            earlier, later = answered(earlier_all, first[skill].id), answered(later_all, second[skill].id)
            if earlier and later_all and first[skill].scale == second[skill].scale:  # asked before, and the later survey took place
                found.append(skill_figure(skill, role, earlier, later, (first[skill].id, second[skill].id), minimum))
    return found


def skill_figure(skill: str, role: str, earlier: list[Response], later: list[Response], ids: tuple[str, str], minimum: int) -> SkillFigure:
    """One skill for one role: the mean of each group and the change (pair-linked answers count people)."""
    change = measures.skill_change(skill, numbers(earlier, ids[0]), numbers(later, ids[1]))
    base_before, base_after = respondents(earlier, len(earlier)), respondents(later, len(later))
    people = min(base_before, base_after)
    return SkillFigure(
        skill,
        role,
        guarded(change.before, base_before, minimum, MEAN, base_before),
        guarded(change.after, base_after, minimum, MEAN, base_after),
        guarded(change.change, people, minimum, CHANGE, people),
    )


def average_skill_change(skills: Sequence[SkillFigure], minimum: int) -> Figure:
    """The mean change over every skill asked before and after."""
    if any(skill.change.withheld for skill in skills):
        return Figure(None, min(skill.change.people for skill in skills), CHANGE, withheld=True)
    measured = [skill.change for skill in skills if skill.change.value is not None]  # a skill nobody answered after has no change
    changes = [change.value for change in measured if change.value is not None]
    people = min((change.people for change in measured), default=0)
    return guarded(measures.mean(changes), people, minimum, CHANGE, people)


def skill_role(before: Survey) -> str:
    """The role a skill_change goal is judged by: mentees when they answer the baseline, else its first role."""
    roles = [role for role in (before.audience or PARTICIPANT_ROLES) if role in PARTICIPANT_ROLES] or [SKILL_ROLE]
    return SKILL_ROLE if SKILL_ROLE in roles else roles[0]


def cohort_skill_change(part: Part, before: Survey, after: Survey, as_of: datetime.date, minimum: int) -> Figure:
    """One cohort's mean change over its skills, for the goal's role, where its end survey took place."""
    role = skill_role(before)
    return average_skill_change([f for f in skill_changes(part, before, after, as_of, minimum) if f.role == role], minimum)


def programme_skill_change(parts: Sequence[Part], before: Survey, after: Survey, as_of: datetime.date, minimum: int) -> Figure:
    """Cohort changes weighted by their people: each cohort compares its own answers, before against after."""
    found = [cohort_skill_change(part, before, after, as_of, minimum) for part in parts]
    found = [figure for figure in found if figure.value is not None or figure.withheld]
    people = sum(figure.people for figure in found)
    if any(figure.withheld for figure in found):
        return Figure(None, people, CHANGE, withheld=True, weight=people)
    total = sum((figure.value or 0.0) * figure.people for figure in found)
    return guarded(measures.ratio(total, people), people, minimum, CHANGE, people)


def first_question(survey: Survey, kind: str, question_id: str | None) -> Question | None:
    """The question called ``question_id``, else the survey's first question of type ``kind``."""
    return next((q for q in survey.questions if (q.id == question_id if question_id else q.type == kind)), None)


def goal_value(goal: Goal, program: Program, parts: Sequence[Part], as_of: datetime.date, minimum: int) -> Figure:
    """The goal's measure over ``parts`` (one cohort, or all of them)."""
    measure = goal.measure
    kind = METRIC_KIND[measure.metric]
    survey = find_survey(program, measure.survey)
    if measure.metric == "session_completion":
        return session_completion(parts, as_of, minimum)
    if measure.metric == "participation":
        return participation(parts, as_of, minimum)
    if measure.metric == "satisfaction" and survey and measure.question:
        return satisfaction(parts, survey, measure.question, as_of, minimum)
    if measure.metric == "nps" and survey:
        question = first_question(survey, "nps", measure.question)
        return nps_split(parts, survey, question.id, as_of, minimum)[0] if question else Figure(None, 0, kind)
    baseline = find_survey(program, measure.baseline)
    if measure.metric == "skill_change" and survey and baseline:
        return programme_skill_change(parts, baseline, survey, as_of, minimum)
    return Figure(None, 0, kind)


def goal_status(value: Figure, target: float, state: str) -> str:
    """met, on track, at risk, not met (a finished cohort), or why there is no verdict."""
    if state == measures.NOT_STARTED:
        return measures.NOT_STARTED
    if value.withheld:
        return N_("withheld")
    if value.value is None:
        return N_("no data yet")
    if value.value >= target:
        return N_("met")
    if state == measures.FINISHED:
        return N_("not met")
    return N_("on track") if value.value >= target - ON_TRACK_MARGIN * abs(target) else N_("at risk")


def goal_figures(program: Program, parts: Sequence[Part], state: str, as_of: datetime.date, minimum: int) -> tuple[GoalFigure, ...]:
    figures = []
    for goal in goals_of(program):
        value = goal_value(goal, program, parts, as_of, minimum)
        figures.append(GoalFigure(goal, value, goal_status(value, goal.target, state)))
    return tuple(figures)


def breakdown(people_values: Iterable[str], minimum: int) -> tuple[tuple[str, Figure], ...]:
    """People counted by a value (level, department), small groups merged into "Other" before counting.

    A group of fewer than ``minimum`` people goes into "Other"; while "Other" itself is smaller
    than ``minimum``, the next smallest group joins it. No label points at fewer people than the
    threshold, so no cell is withheld and none can be worked out from the total.
    """
    counts = Counter(value.strip() or OTHER for value in people_values)
    other = Counter({OTHER: counts.pop(OTHER, 0)})
    for name, count in sorted(counts.items(), key=lambda item: (item[1], item[0])):
        if count < minimum or 0 < other[OTHER] < minimum:
            other[OTHER] += counts.pop(name)
    shown = sorted(counts.items()) + ([(gettext(OTHER), other[OTHER])] if other[OTHER] else [])
    return tuple((name, guarded(count, count, minimum)) for name, count in shown)


def held_by(part: Part, as_of: datetime.date) -> list[Session]:
    """The cohort's sessions held by the as-of date."""
    return part.remember(("held", as_of), lambda: measures.held_sessions(part.data.sessions, as_of))


def held_per_pair(part: Part, as_of: datetime.date) -> Counter[str]:
    """How many sessions each pair held by the as-of date."""
    return part.remember(
        ("held per pair", as_of), lambda: Counter({pair_id: len(held) for pair_id, held in held_by_pair(part, as_of).items()})
    )


def held_by_pair(part: Part, as_of: datetime.date) -> dict[str, list[Session]]:
    """The sessions each pair held by the as-of date, in the log's order (worked out once)."""

    def compute() -> dict[str, list[Session]]:
        grouped: dict[str, list[Session]] = defaultdict(list)
        for session in held_by(part, as_of):
            grouped[session.pair_id].append(session)
        return grouped

    return part.remember(("held by pair", as_of), compute)


def survey_due(survey: Survey, cohort: Cohort, as_of: datetime.date) -> bool:
    """Whether a midpoint or end survey is due yet (others are due from the start)."""
    midpoint = cohort.start + (cohort.end - cohort.start) / 2
    due = {"midpoint": midpoint, "end": cohort.end - datetime.timedelta(days=14)}.get(survey.when, cohort.start)
    return as_of >= due


def expected_responses(survey: Survey, part: Part, as_of: datetime.date) -> int | None:
    """How many responses the survey should have had: per session, per participant, or unknown (applications).

    Per session: one from each person of the partnership in the survey's roles (a group has several).
    """
    roles = [role for role in (survey.audience or PARTICIPANT_ROLES) if role in PARTICIPANT_ROLES]
    if survey.when == "application" or not roles or not survey_due(survey, part.cohort, as_of):
        return None
    answering = answering_members(part, tuple(roles))
    if survey.when == "after-session":
        return sum(answering.get(pair_id, 0) * count for pair_id, count in held_per_pair(part, as_of).items())
    return sum(answering[pair.id] for pair in started_pairs(part, as_of))


def answering_members(part: Part, roles: tuple[str, ...]) -> dict[str, int]:
    """How many people of each partnership are in ``roles``, by pair id."""
    return part.remember(
        ("answering", roles), lambda: {pair.id: sum(1 for role, _ in pair.members if role in roles) for pair in part.data.pairs}
    )


def survey_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[SurveyFigure, ...]:
    people = participants([part], as_of)
    figures = []
    for survey in surveys_of(program):
        count = len(submitted(part, survey.id, as_of))
        expected = expected_responses(survey, part, as_of)
        value = min(1.0, count / expected) if expected and part.data.responses else None  # no responses file: no data yet
        rate = guarded(value, people, minimum, PERCENT, expected or 0)
        figures.append(SurveyFigure(survey, count, expected, rate))
    return tuple(figures)


def rating_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[RatingFigure, ...]:
    figures = []
    for survey in surveys_of(program):
        people = invited([part], survey, as_of)
        for question in survey.questions:
            if question.type not in RATING_TYPES or question.skill:
                continue
            answers = answers_to(part, survey.id, question.id, as_of)
            values = answers.values
            average = guarded(
                measures.mean(values), counted_people(len(answers.responses), [answers.linked], people), minimum, MEAN, len(values)
            )
            counts = measures.distribution(map(int, values), question.scale) if average.value is not None else None
            figures.append(RatingFigure(survey, question, average, counts))
    return tuple(figures)


def nps_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[NpsFigure, ...]:
    figures = []
    for survey in surveys_of(program):
        for question in survey.questions:
            if question.type == "nps":
                score, split = nps_split([part], survey, question.id, as_of, minimum)
                figures.append(NpsFigure(survey, question, score, split if score.value is not None else None))
    return tuple(figures)


def skill_pairs(program: Program) -> list[tuple[Survey, Survey]]:
    """(baseline, later) survey pairs compared on their skills: from goals, else before → end."""
    found: list[tuple[Survey, Survey]] = []
    for goal in goals_of(program):
        after, before = find_survey(program, goal.measure.survey), find_survey(program, goal.measure.baseline)
        if goal.measure.metric == "skill_change" and after and before and (before, after) not in found:
            found.append((before, after))
    if not found:
        firsts = [survey for survey in surveys_of(program) if survey.when == "before" and skill_questions(survey)]
        lasts = [survey for survey in surveys_of(program) if survey.when == "end" and skill_questions(survey)]
        found = [(firsts[0], lasts[0])] if firsts and lasts else []
    return found


def milestone_figures(part: Part, surveys: Sequence[SurveyFigure], as_of: datetime.date, minimum: int) -> tuple[MilestoneFigure, ...]:
    """Share of pairs that reached it (held the linked agenda, or marked it done), else the linked survey's response rate."""
    rates = {figure.survey.id: figure.rate for figure in surveys}
    pairs = started_pairs(part, as_of)
    marked = [item for item in part.data.milestones_done if item.date <= as_of]
    figures = []
    for milestone in part.cohort.milestones:
        due = milestone.due <= as_of
        if milestone.agenda or (marked and not milestone.survey):
            done = {s.pair_id for s in held_by(part, as_of) if milestone.agenda and s.agenda == milestone.agenda}
            done |= {item.pair_id for item in marked if item.milestone == milestone.id}
            done &= {pair.id for pair in pairs}
            ratio = measures.ratio(len(done), len(pairs)) if part.data.sessions or marked else None
            reached = guarded(ratio, participants([part], as_of), minimum, PERCENT, len(pairs))
        elif milestone.survey:
            reached = rates.get(milestone.survey, Figure(None, 0, PERCENT))
        else:
            reached = Figure(None, 0, PERCENT)
        figures.append(MilestoneFigure(milestone, due, reached))
    return tuple(figures)


def satisfaction_trends(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[Trend, ...]:
    """Monthly mean of each satisfaction goal's question (the pulse survey)."""
    trends = []
    months = measures.months_between(part.cohort.start, min(as_of, part.cohort.end))
    for goal in goals_of(program):
        survey, question_id = find_survey(program, goal.measure.survey), goal.measure.question
        if goal.measure.metric != "satisfaction" or survey is None or question_id is None:
            continue
        people = invited([part], survey, as_of)
        answers = answers_to(part, survey.id, question_id, as_of)
        by_month = measures.by_month(zip(answers.responses, answers.numeric, strict=True), [r.submitted_at for r in answers.responses])
        points = tuple((month, month_figure(by_month.get(month, []), people, minimum)) for month in months)
        question = first_question(survey, "", question_id)
        total = satisfaction([part], survey, question_id, as_of, minimum)
        trends.append(protect_trend(Trend(question.text if question else question_id, points, goal.id, total), part.cohort.id))
    return tuple(trends)


def month_figure(answers: Sequence[tuple[Response, float | None]], people: int, minimum: int) -> Figure:
    """One month's mean answer, weighted by its number of answers (``people``: invited to the survey)."""
    values = [value for _, value in answers if value is not None]
    return guarded(measures.mean(values), respondents([response for response, _ in answers], people), minimum, MEAN, len(values))


def pair_rows(
    part: Part, as_of: datetime.date, show_names: bool, secret: bytes | None
) -> tuple[tuple[measures.PairProgress, ...], tuple[PairRow, ...]]:
    """Each started pair's progress, and its public row: a keyed pseudonym unless names are opted in.

    Without a secret there are no rows: an unkeyed label could be recomputed from a pair id.
    """
    progress = started_progress(part, as_of)
    if show_names:
        labels = {pair.id: names_label(pair) for pair in part.data.pairs}
    elif secret:
        labels = pair_labels(part.cohort.id, part.data.pairs, secret)
    else:
        return progress, ()
    rows = (PairRow(labels[p.pair.id], p.pair.status, p.held, p.planned, p.days_since, p.health) for p in progress)
    return progress, tuple(sorted(rows, key=lambda row: row.label))


def names_label(pair: Pair) -> str:
    """Everyone in the partnership by name: "Ann and Bob", "Ann, Bob and Cyd"."""
    names = [person.name for person in pair.people]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def partial_months(cohort: Cohort, as_of: datetime.date) -> tuple[str, ...]:
    """Months the cohort's figures cover only in part: it starts after the 1st, or the data stops before the month ends."""
    last = min(as_of, cohort.end)
    months = measures.months_between(cohort.start, last)
    found = []
    if months and cohort.start.day != 1:
        found.append(months[0])
    if months and (last + datetime.timedelta(days=1)).day != 1 and months[-1] not in found:
        found.append(months[-1])
    return tuple(found)


def cohort_figures(program: Program, part: Part, as_of: datetime.date, minimum: int, secret: bytes | None = None) -> CohortFigures:
    """Every figure of one cohort; a cohort of fewer than ``minimum`` people gets the figures of an empty cohort."""
    published = participants([part], as_of) >= minimum or not part.data.pairs
    if not published:
        part = Part(part.cohort, CohortData())
    cohort, data = part.cohort, part.data
    state = measures.cohort_state(cohort, as_of)
    progress, rows = pair_rows(part, as_of, program.info.privacy.show_names, secret)
    held, planned, beyond = completion_counts(progress)
    surveys = survey_figures(program, part, as_of, minimum)
    skills = [figure for before, after in skill_pairs(program) for figure in skill_changes(part, before, after, as_of, minimum)]
    people = [person for pair in started_pairs(part, as_of) for person in pair.people]
    distinct = list({person_key(person): person for person in people}.values())
    upcoming = [milestone for milestone in cohort.milestones if milestone.due >= as_of]
    return CohortFigures(
        cohort=cohort,
        published=published,
        state=state,
        week=measures.cohort_week(cohort, as_of),
        next_milestone=upcoming[0] if upcoming else None,
        pairs=Counter(pair.status for pair in started_pairs(part, as_of)),
        participants=len(distinct),
        by_level=breakdown((person.level for person in distinct), minimum),
        by_department=breakdown((person.department for person in distinct), minimum),
        sessions=Counter(session.status for session in data.sessions if session.date <= as_of),
        held=held,
        planned=planned,
        beyond=beyond,
        completion=session_completion([part], as_of, minimum),
        health=Counter(p.health for p in progress),
        pair_rows=rows,
        milestones=milestone_figures(part, surveys, as_of, minimum),
        surveys=surveys,
        ratings=rating_figures(program, part, as_of, minimum),
        nps=nps_figures(program, part, as_of, minimum),
        skills=tuple(skills),
        sessions_by_month=tuple(measures.sessions_per_month(held_by(part, as_of), cohort, as_of)),  # counts held ones only
        partial_months=partial_months(cohort, as_of),
        satisfaction_trends=satisfaction_trends(program, part, as_of, minimum),
        goals=goal_figures(program, [part], state, as_of, minimum),
    )


def programme_state(states: Iterable[str]) -> str:
    found = set(states)
    if found <= {measures.NOT_STARTED}:
        return measures.NOT_STARTED
    return measures.FINISHED if found == {measures.FINISHED} else measures.RUNNING


def complement(total: GoalFigure, cohorts: Sequence[GoalFigure]) -> GoalFigure:
    """The cross-cohort figure, withheld when a cohort it sums is withheld for it (complementary suppression)."""
    if total.value.value is None or not any(figure.value.withheld for figure in cohorts):
        return total
    value = withheld_too(total.value)
    return GoalFigure(total.goal, value, "withheld")


def aggregate_progress(program: Program, cohort_data: dict[str, CohortData], as_of: datetime.date) -> ProgressFigures:
    """Figures for the progress pages."""
    minimum = program.info.privacy.min_group_size
    secret = getattr(cohort_data, "secret", None)
    parts = [Part(cohort, cohort_data.get(cohort.id, CohortData())) for cohort in cohorts_of(program)]
    cohorts = tuple(
        COHORTS.recall(  # the preview recomputes only the cohorts whose data changed
            ("figures", part.cohort.id, program.info.language),
            (program, part.data, as_of, minimum, secret),
            functools.partial(cohort_figures, program, part, as_of, minimum, secret),
        )
        for part in parts
    )
    included = [part for part, figures in zip(parts, cohorts, strict=True) if figures.published]
    state = programme_state(figures.state for figures in cohorts)
    totals = goal_figures(program, included, state, as_of, minimum)
    return ProgressFigures(
        as_of=as_of,
        minimum=minimum,
        cohorts=cohorts,
        goals=tuple(complement(total, [figures.goals[index] for figures in cohorts]) for index, total in enumerate(totals)),
        goals_by_cohort={figures.cohort.id: figures.goals for figures in cohorts},
        excluded=tuple(figures.cohort.name for figures in cohorts if not figures.published),
    )
