"""Aggregate stage for progress: figures per cohort, per goal and for the programme.

Input: the ``Program``, each cohort's ``CohortData`` and the as-of date.
Output: ``ProgressFigures``: one ``CohortFigures`` per cohort, the goals' figures for the
whole programme, all with the privacy rule applied (a figure computed from fewer people
than ``privacy.min_group_size`` is a withheld ``Figure``). No IO, no names or emails.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.model import Program
from generator.progress import measures
from generator.progress.data import CohortData, Pair, Session
from generator.progress.model import Cohort, Goal, Milestone, cohorts_of, goals_of
from generator.surveys.answers import find_survey
from generator.surveys.canonical import Response
from generator.surveys.model import Question, Survey, surveys_of

PERCENT, MEAN, NPS_SCORE, CHANGE, COUNT = "percent", "mean", "nps", "change", "count"
METRIC_KIND = {"session_completion": PERCENT, "participation": PERCENT, "nps": NPS_SCORE, "satisfaction": MEAN, "skill_change": CHANGE}
RATING_TYPES = ("likert", "rating")
PARTICIPANT_ROLES = ("mentor", "mentee")
ON_TRACK_MARGIN = 0.1  # a running cohort within 10% of a goal's target is "on track"


@dataclass(frozen=True)
class Figure:
    """A number about ``people`` people; ``value`` is None when there is no data or it is withheld."""

    value: float | None
    people: int
    kind: str = COUNT
    withheld: bool = False

    @property
    def text(self) -> str:
        """The value for people to read (empty when there is none)."""
        if self.value is None:
            return ""
        if self.kind == PERCENT:
            return f"{100 * self.value:.0f}%"
        if self.kind == NPS_SCORE:
            return f"{self.value:+.0f}"
        if self.kind == CHANGE:
            return f"{self.value:+.2f}"
        if self.kind == MEAN:
            return f"{self.value:.2f}"
        return f"{self.value:.0f}"


def guarded(value: float | None, people: int, minimum: int, kind: str = COUNT) -> Figure:
    """A ``Figure`` that is withheld when computed from fewer than ``minimum`` people."""
    if value is None or people == 0:
        return Figure(None, people, kind)
    if people < minimum:
        return Figure(None, people, kind, withheld=True)
    return Figure(value, people, kind)


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


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
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
    completion: Figure
    health: Counter[str]
    pair_rows: tuple[PairRow, ...]
    milestones: tuple[MilestoneFigure, ...]
    surveys: tuple[SurveyFigure, ...]
    ratings: tuple[RatingFigure, ...]
    nps: tuple[NpsFigure, ...]
    skills: tuple[SkillFigure, ...]
    sessions_by_month: tuple[tuple[str, int], ...]
    satisfaction_trends: tuple[Trend, ...]
    goals: tuple[GoalFigure, ...]


@dataclass(frozen=True)
class ProgressFigures:
    as_of: datetime.date
    minimum: int
    cohorts: tuple[CohortFigures, ...] = ()
    goals: tuple[GoalFigure, ...] = ()
    goals_by_cohort: dict[str, tuple[GoalFigure, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """One cohort with its data: the unit every measure is summed over."""

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

    @functools.cached_property
    def responses_by_survey(self) -> dict[str, list[Response]]:
        """Responses by survey id (computed once)."""
        grouped: dict[str, list[Response]] = defaultdict(list)
        for response in self.data.responses:
            grouped[response.survey].append(response)
        return grouped


def pair_label(cohort_id: str, pair_id: str, length: int) -> str:
    """A stable pseudonym for a pair: letters from a hash of its cohort and id."""
    digest = hashlib.sha256(f"{cohort_id}/{pair_id}".encode()).digest()
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Pair " + "".join(alphabet[byte % len(alphabet)] for byte in digest[:length])


def pair_labels(cohort_id: str, pairs: Sequence[Pair]) -> dict[str, str]:
    """Pseudonyms for every pair, longer when short ones would collide."""
    for length in (4, 6, 8, 12):
        labels = {pair.id: pair_label(cohort_id, pair.id, length) for pair in pairs}
        if len(set(labels.values())) == len(labels):
            return labels
    return {pair.id: f"Pair {pair.id}" for pair in pairs}


def started_pairs(part: Part, as_of: datetime.date) -> list[Pair]:
    return [pair for pair in part.data.pairs if pair.start <= as_of]


def participants(parts: Iterable[Part], as_of: datetime.date) -> int:
    return sum(2 * len(started_pairs(part, as_of)) for part in parts)


def respondents(responses: Sequence[Response], people: int) -> int:
    """How many people gave these responses: distinct pair and role when known, never more than took part."""
    if responses and all(response.pair for response in responses):
        return len({(response.pair, response.role) for response in responses})
    return min(len(responses), people) if people else len(responses)


def responses_to(parts: Iterable[Part], survey_id: str, as_of: datetime.date) -> list[Response]:
    return [response for part in parts for response in part.responses_by_survey.get(survey_id, ()) if response.submitted_at.date() <= as_of]


def answered(responses: Iterable[Response], question_id: str) -> list[Response]:
    """The responses that answer ``question_id``."""
    return [response for response in responses if question_id in response.answers]


def question_numbers(parts: Sequence[Part], survey_id: str, question_id: str, as_of: datetime.date) -> tuple[list[float], int]:
    """The numeric answers to a question over ``parts``, and how many people gave them."""
    given = answered(responses_to(parts, survey_id, as_of), question_id)
    return numbers(given, question_id), respondents(given, participants(parts, as_of))


def numbers(responses: Iterable[Response], question_id: str) -> list[float]:
    """Numeric answers to a question (unanswered ones left out)."""
    values = (response.answers.get(question_id) for response in responses)
    return [float(value) for value in values if isinstance(value, int | float) and not isinstance(value, bool)]


def started_progress(part: Part, as_of: datetime.date) -> list[measures.PairProgress]:
    """Where each started pair of the cohort stands on the as-of date."""
    grouped = part.sessions_of()
    return [measures.pair_progress(pair, grouped.get(pair.id, []), part.cohort, as_of) for pair in started_pairs(part, as_of)]


def completion_counts(progress: Iterable[measures.PairProgress]) -> tuple[int, int]:
    """Sessions held (at most the plan, per pair) and planned to date."""
    held = planned = 0
    for item in progress:
        held, planned = held + min(item.held, item.planned), planned + item.planned
    return held, planned


def session_completion(parts: Sequence[Part], as_of: datetime.date, minimum: int) -> Figure:
    """Sessions held as a share of the sessions planned to date."""
    held, planned = completion_counts(item for part in parts for item in started_progress(part, as_of))
    return guarded(measures.ratio(held, planned), participants(parts, as_of), minimum, PERCENT)


def participation(parts: Sequence[Part], as_of: datetime.date, minimum: int) -> Figure:
    """Share of started pairs still active or completed (not ended early)."""
    pairs = [pair for part in parts for pair in started_pairs(part, as_of)]
    kept = sum(1 for pair in pairs if pair.status != measures.ENDED_EARLY)
    return guarded(measures.ratio(kept, len(pairs)), 2 * len(pairs), minimum, PERCENT)


def satisfaction(parts: Sequence[Part], survey_id: str, question_id: str, as_of: datetime.date, minimum: int) -> Figure:
    """Mean answer to a rating question."""
    values, people = question_numbers(parts, survey_id, question_id, as_of)
    return guarded(measures.mean(values), people, minimum, MEAN)


def nps_split(parts: Sequence[Part], survey_id: str, question_id: str, as_of: datetime.date, minimum: int) -> tuple[Figure, measures.Nps]:
    """The Net Promoter Score of an nps question, and its promoters, passives and detractors."""
    values, people = question_numbers(parts, survey_id, question_id, as_of)
    split = measures.nps(int(value) for value in values)
    return guarded(split.score, people, minimum, NPS_SCORE), split


def skill_questions(survey: Survey) -> dict[str, Question]:
    return {question.skill: question for question in survey.questions if question.skill}


def skill_changes(parts: Sequence[Part], before: Survey, after: Survey, as_of: datetime.date, minimum: int) -> list[SkillFigure]:
    """Each skill asked in both surveys: mean before, mean after, and the change."""
    people = participants(parts, as_of)
    before_responses, after_responses = responses_to(parts, before.id, as_of), responses_to(parts, after.id, as_of)
    first, second = skill_questions(before), skill_questions(after)
    found = []
    for skill in sorted(set(first) & set(second)):
        earlier, later = answered(before_responses, first[skill].id), answered(after_responses, second[skill].id)
        change = measures.skill_change(skill, numbers(earlier, first[skill].id), numbers(later, second[skill].id))
        base_before, base_after = respondents(earlier, people), respondents(later, people)
        found.append(
            SkillFigure(
                skill,
                guarded(change.before, base_before, minimum, MEAN),
                guarded(change.after, base_after, minimum, MEAN),
                guarded(change.change, min(base_before, base_after), minimum, CHANGE),
            )
        )
    return found


def average_skill_change(skills: Sequence[SkillFigure], minimum: int) -> Figure:
    """The mean change over every skill asked before and after."""
    if any(skill.change.withheld for skill in skills):
        return Figure(None, min(skill.change.people for skill in skills), CHANGE, withheld=True)
    changes = [skill.change.value for skill in skills if skill.change.value is not None]
    people = min((skill.change.people for skill in skills), default=0)
    return guarded(measures.mean(changes), people, minimum, CHANGE)


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
        return satisfaction(parts, survey.id, measure.question, as_of, minimum)
    if measure.metric == "nps" and survey:
        question = first_question(survey, "nps", measure.question)
        return nps_split(parts, survey.id, question.id, as_of, minimum)[0] if question else Figure(None, 0, kind)
    baseline = find_survey(program, measure.baseline)
    if measure.metric == "skill_change" and survey and baseline:
        return average_skill_change(skill_changes(parts, baseline, survey, as_of, minimum), minimum)
    return Figure(None, 0, kind)


def goal_status(value: Figure, target: float, state: str) -> str:
    """met, on track, at risk, not met (a finished cohort), or why there is no verdict."""
    if state == measures.NOT_STARTED:
        return measures.NOT_STARTED
    if value.withheld:
        return "withheld"
    if value.value is None:
        return "no data yet"
    if value.value >= target:
        return "met"
    if state == measures.FINISHED:
        return "not met"
    return "on track" if value.value >= target - ON_TRACK_MARGIN * abs(target) else "at risk"


def goal_figures(program: Program, parts: Sequence[Part], state: str, as_of: datetime.date, minimum: int) -> tuple[GoalFigure, ...]:
    figures = []
    for goal in goals_of(program):
        value = goal_value(goal, program, parts, as_of, minimum)
        figures.append(GoalFigure(goal, value, goal_status(value, goal.target, state)))
    return tuple(figures)


def breakdown(people_values: Iterable[str], minimum: int) -> tuple[tuple[str, Figure], ...]:
    """People counted by a value (level, department); small groups withheld."""
    counts = Counter(people_values)
    return tuple((name, guarded(count, count, minimum)) for name, count in sorted(counts.items()))


def survey_due(survey: Survey, cohort: Cohort, as_of: datetime.date) -> bool:
    """Whether a midpoint or end survey is due yet (others are due from the start)."""
    midpoint = cohort.start + (cohort.end - cohort.start) / 2
    due = {"midpoint": midpoint, "end": cohort.end - datetime.timedelta(days=14)}.get(survey.when, cohort.start)
    return as_of >= due


def expected_responses(survey: Survey, part: Part, held: int, as_of: datetime.date) -> int | None:
    """How many responses the survey should have had: per session, per participant, or unknown (applications)."""
    roles = [role for role in (survey.audience or PARTICIPANT_ROLES) if role in PARTICIPANT_ROLES]
    if survey.when == "application" or not roles or not survey_due(survey, part.cohort, as_of):
        return None
    if survey.when == "after-session":
        return held * len(roles)
    return len(started_pairs(part, as_of)) * len(roles)


def survey_figures(program: Program, part: Part, held: int, as_of: datetime.date, minimum: int) -> tuple[SurveyFigure, ...]:
    people = participants([part], as_of)
    figures = []
    for survey in surveys_of(program):
        count = len(responses_to([part], survey.id, as_of))
        expected = expected_responses(survey, part, held, as_of)
        rate = guarded(min(1.0, count / expected) if expected else None, people, minimum, PERCENT)
        figures.append(SurveyFigure(survey, count, expected, rate))
    return tuple(figures)


def rating_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[RatingFigure, ...]:
    people = participants([part], as_of)
    figures = []
    for survey in surveys_of(program):
        responses = responses_to([part], survey.id, as_of)
        for question in survey.questions:
            if question.type not in RATING_TYPES or question.skill:
                continue
            given = answered(responses, question.id)
            values = numbers(given, question.id)
            average = guarded(measures.mean(values), respondents(given, people), minimum, MEAN)
            counts = measures.distribution((int(value) for value in values), question.scale) if average.value is not None else None
            figures.append(RatingFigure(survey, question, average, counts))
    return tuple(figures)


def nps_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[NpsFigure, ...]:
    figures = []
    for survey in surveys_of(program):
        for question in survey.questions:
            if question.type == "nps":
                score, split = nps_split([part], survey.id, question.id, as_of, minimum)
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
    """Share of pairs that held the linked agenda, or the linked survey's response rate."""
    rates = {figure.survey.id: figure.rate for figure in surveys}
    pairs = started_pairs(part, as_of)
    figures = []
    for milestone in part.cohort.milestones:
        due = milestone.due <= as_of
        if milestone.agenda:
            done = {s.pair_id for s in measures.held_sessions(part.data.sessions, as_of) if s.agenda == milestone.agenda}
            reached = guarded(measures.ratio(len(done), len(pairs)), 2 * len(pairs), minimum, PERCENT)
        elif milestone.survey:
            reached = rates.get(milestone.survey, Figure(None, 0, PERCENT))
        else:
            reached = Figure(None, 0, PERCENT)
        figures.append(MilestoneFigure(milestone, due, reached))
    return tuple(figures)


def satisfaction_trends(program: Program, part: Part, as_of: datetime.date, minimum: int) -> tuple[Trend, ...]:
    """Monthly mean of each satisfaction goal's question (the pulse survey)."""
    trends = []
    people = participants([part], as_of)
    months = measures.months_between(part.cohort.start, min(as_of, part.cohort.end))
    for goal in goals_of(program):
        survey, question_id = find_survey(program, goal.measure.survey), goal.measure.question
        if goal.measure.metric != "satisfaction" or survey is None or question_id is None:
            continue
        by_month: dict[str, list[Response]] = defaultdict(list)
        for response in answered(responses_to([part], survey.id, as_of), question_id):
            by_month[measures.month_key(response.submitted_at.date())].append(response)
        points = tuple(
            (month, guarded(measures.mean(numbers(by_month[month], question_id)), respondents(by_month[month], people), minimum, MEAN))
            for month in months
        )
        question = first_question(survey, "", question_id)
        trends.append(Trend(question.text if question else question_id, points))
    return tuple(trends)


def pair_rows(part: Part, as_of: datetime.date, show_names: bool) -> tuple[list[measures.PairProgress], tuple[PairRow, ...]]:
    """Each started pair's progress, and its public row: a pseudonym unless names are opted in."""
    progress = started_progress(part, as_of)
    labels = pair_labels(part.cohort.id, part.data.pairs)
    if show_names:
        labels = {pair.id: f"{pair.mentor.name} and {pair.mentee.name}" for pair in part.data.pairs}
    rows = (PairRow(labels[p.pair.id], p.pair.status, p.held, p.planned, p.days_since, p.health) for p in progress)
    return progress, tuple(sorted(rows, key=lambda row: row.label))


def cohort_figures(program: Program, part: Part, as_of: datetime.date, minimum: int) -> CohortFigures:
    cohort, data = part.cohort, part.data
    state = measures.cohort_state(cohort, as_of)
    progress, rows = pair_rows(part, as_of, program.info.privacy.show_names)
    held, planned = completion_counts(progress)
    surveys = survey_figures(program, part, len(measures.held_sessions(data.sessions, as_of)), as_of, minimum)
    skills = [figure for before, after in skill_pairs(program) for figure in skill_changes([part], before, after, as_of, minimum)]
    people = [person for pair in started_pairs(part, as_of) for person in pair.people]
    upcoming = [milestone for milestone in cohort.milestones if milestone.due >= as_of]
    return CohortFigures(
        cohort=cohort,
        state=state,
        week=measures.cohort_week(cohort, as_of),
        next_milestone=upcoming[0] if upcoming else None,
        pairs=Counter(pair.status for pair in started_pairs(part, as_of)),
        participants=len(people),
        by_level=breakdown((person.level for person in people), minimum),
        by_department=breakdown((person.department for person in people), minimum),
        sessions=Counter(session.status for session in data.sessions if session.date <= as_of),
        held=held,
        planned=planned,
        completion=guarded(measures.ratio(held, planned), len(people), minimum, PERCENT),
        health=Counter(p.health for p in progress),
        pair_rows=rows,
        milestones=milestone_figures(part, surveys, as_of, minimum),
        surveys=surveys,
        ratings=rating_figures(program, part, as_of, minimum),
        nps=nps_figures(program, part, as_of, minimum),
        skills=tuple(skills),
        sessions_by_month=tuple(measures.sessions_per_month(data.sessions, cohort, as_of)),
        satisfaction_trends=satisfaction_trends(program, part, as_of, minimum),
        goals=goal_figures(program, [part], state, as_of, minimum),
    )


def programme_state(states: Iterable[str]) -> str:
    found = set(states)
    if found <= {measures.NOT_STARTED}:
        return measures.NOT_STARTED
    return measures.FINISHED if found == {measures.FINISHED} else measures.RUNNING


def aggregate_progress(program: Program, cohort_data: dict[str, CohortData], as_of: datetime.date) -> ProgressFigures:
    """Figures for the progress pages."""
    minimum = program.info.privacy.min_group_size
    parts = [Part(cohort, cohort_data.get(cohort.id, CohortData())) for cohort in cohorts_of(program)]
    cohorts = tuple(cohort_figures(program, part, as_of, minimum) for part in parts)
    state = programme_state(figures.state for figures in cohorts)
    return ProgressFigures(
        as_of=as_of,
        minimum=minimum,
        cohorts=cohorts,
        goals=goal_figures(program, parts, state, as_of, minimum),
        goals_by_cohort={figures.cohort.id: figures.goals for figures in cohorts},
    )
