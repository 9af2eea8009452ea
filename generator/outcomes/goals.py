"""Goals judged by an outcome: retention, promotion or mobility of mentors or mentees, against colleagues.

Input: the ``Extract``, the goals whose metric is an outcome (``progress.model.OUTCOME_METRICS``),
the cohorts, the as-of date and ``privacy.min_group_size`` (``goal_outcomes``); then the progress
feature's ``ProgressFigures`` (``with_outcome_goals``).
Output: ``GoalOutcome``: each cohort's comparison and the pooled one; and the progress figures
with those goals filled in. A goal's value is the difference from the comparison group, in points,
with its 95% interval; fewer than the threshold is "too few to tell" (withheld), a window that has
not ended is "not yet". The pooled figure is withheld when a cohort it would sum is withheld.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from generator.errors import PlaybookError
from generator.i18n import N_, gettext
from generator.load import Document
from generator.outcomes.extract import Extract
from generator.outcomes.figures import VERDICTS, non_participants, taking_part
from generator.outcomes.measures import NOT_YET, SAME, TOO_FEW, Comparison, Measure, Pools, compare
from generator.progress.aggregate import POINTS, Figure, GoalFigure, ProgressFigures, complement, withheld_too
from generator.progress.model import OUTCOME_METRICS, Cohort, Goal
from generator.refs import entries

DEFAULT_WINDOW_MONTHS = 12
DEFAULT_ROLE = "mentee"
MET, NOT_MET = N_("met"), N_("not met")


@dataclass(frozen=True)
class GoalOutcome:
    """One outcome goal: each cohort's comparison (by cohort id) and the cohorts with a verdict pooled."""

    goal: Goal
    by_cohort: dict[str, Comparison]
    pooled: Comparison | None
    pooled_cohorts: tuple[str, ...]


def outcome_goals(goals: Sequence[Goal]) -> list[Goal]:
    """The goals judged by an outcome."""
    return [goal for goal in goals if goal.measure.metric in OUTCOME_METRICS]


def goal_measure_errors(document: Document) -> list[PlaybookError]:
    """Each outcome goal names its window and role, and the programme has an ``outcomes`` section; no other goal names them."""
    errors: list[PlaybookError] = []
    for path, goal in entries(document.data, "goals"):
        measure = goal.get("measure")
        if not isinstance(measure, dict):
            continue
        where, metric = (*path, "measure"), measure.get("metric")
        if metric in OUTCOME_METRICS:
            errors += [
                document.error(where, f"metric '{metric}' needs '{key}'; add {key}: {example}.")
                for key, example in (("window_months", "12"), ("role", "mentee (or mentor)"))
                if key not in measure
            ]
            if not isinstance(document.data.get("outcomes"), dict):
                errors.append(
                    document.error(where, f"metric '{metric}' is measured from the HR extract; add an 'outcomes:' section that names it.")
                )
        elif isinstance(metric, str):
            errors += [
                document.error((*where, key), f"'{key}' is only for retention, promotion and mobility goals; remove it.")
                for key in ("window_months", "role")
                if key in measure
            ]
    return errors


def goal_subject(goal: Goal) -> tuple[Measure, int, str]:
    """What an outcome goal measures: the measure, the window in months and the role."""
    metric = cast(Measure, goal.measure.metric)  # one of OUTCOME_METRICS, the names of the measures
    return metric, goal.measure.window_months or DEFAULT_WINDOW_MONTHS, goal.measure.role or DEFAULT_ROLE


def goal_outcomes(
    extract: Extract, goals: Sequence[Goal], cohorts: Sequence[Cohort], as_of: datetime.date, minimum: int, pools: Pools | None = None
) -> tuple[GoalOutcome, ...]:
    """Each outcome goal's comparisons: per cohort, then pooled over the cohorts that have a verdict.

    ``pools``: comparison-group tallies to reuse and add to (``outcome_figures`` makes the same ones).
    """
    others, found = non_participants(extract), []
    pools = {} if pools is None else pools
    for goal in outcome_goals(goals):
        measure, window, role = goal_subject(goal)

        def comparison(cohort_ids: set[str], measure: Measure = measure, window: int = window, role: str = role) -> Comparison:
            return compare(taking_part(extract, role, cohort_ids), others, extract.changes, measure, window, as_of, minimum, pools)

        by_cohort = {cohort.id: comparison({cohort.id}) for cohort in cohorts}
        pooled_ids = tuple(cohort.id for cohort in cohorts if by_cohort[cohort.id].verdict in VERDICTS)
        found.append(GoalOutcome(goal, by_cohort, comparison(set(pooled_ids)) if pooled_ids else None, pooled_ids))
    return tuple(found)


def goal_figure(goal: Goal, row: Comparison | None) -> GoalFigure:
    """A comparison as a goal's figure: the difference in points with its interval, or why there is none.

    Met when the whole 95% interval reaches the target, not met when it lies below it, and
    "no clear difference" when it includes the target: chance alone could put the figure either side.
    """
    if row is None or row.verdict == NOT_YET:
        people = row.participants if row else 0
        return GoalFigure(goal, Figure(None, people, POINTS), NOT_YET)
    if row.verdict == TOO_FEW or row.difference is None or row.low is None or row.high is None:
        return GoalFigure(goal, Figure(None, row.participants, POINTS, withheld=True, weight=float(row.participants)), TOO_FEW)
    weight = float(row.participants)
    value = Figure(row.difference, row.participants, POINTS, weight=weight, amount=row.difference * weight, interval=(row.low, row.high))
    return GoalFigure(goal, value, MET if row.low >= goal.target else NOT_MET if row.high < goal.target else SAME)


def _programme_figure(outcome: GoalOutcome, progress: ProgressFigures, cohorts: Sequence[GoalFigure]) -> GoalFigure:
    """The pooled figure; withheld when a cohort it sums is withheld, or is left out of the progress pages.

    A withheld pooled figure is, for the audit, the sum of its cohorts over all their people.
    """
    unpublished = {figures.cohort.id for figures in progress.cohorts if not figures.published}
    if outcome.pooled is None and any(row.verdict == TOO_FEW for row in outcome.by_cohort.values()):
        total = GoalFigure(outcome.goal, Figure(None, 0, POINTS, withheld=True), TOO_FEW)
    elif outcome.pooled is not None and unpublished & set(outcome.pooled_cohorts):
        found = goal_figure(outcome.goal, outcome.pooled)
        total = GoalFigure(found.goal, withheld_too(found.value), "withheld")
    else:
        total = complement(goal_figure(outcome.goal, outcome.pooled), cohorts)
    if not total.value.withheld:
        return total
    weight, amount = sum(item.value.weight for item in cohorts), sum(item.value.amount for item in cohorts)
    people = sum(item.value.people for item in cohorts)
    return replace(total, value=replace(total.value, people=people, weight=weight, amount=amount))


def with_outcome_goals(progress: ProgressFigures, outcomes: Sequence[GoalOutcome]) -> ProgressFigures:
    """The progress figures with each outcome goal's value, per published cohort and for the programme."""
    by_goal = {outcome.goal.id: outcome for outcome in outcomes}
    cohorts = []
    for figures in progress.cohorts:
        goals = tuple(
            goal_figure(item.goal, by_goal[item.goal.id].by_cohort.get(figures.cohort.id))
            if item.goal.id in by_goal and figures.published
            else item
            for item in figures.goals
        )
        cohorts.append(replace(figures, goals=goals))
    totals = tuple(
        _programme_figure(by_goal[item.goal.id], progress, [figures.goals[index] for figures in cohorts if figures.published])
        if item.goal.id in by_goal
        else item
        for index, item in enumerate(progress.goals)
    )
    return replace(progress, cohorts=tuple(cohorts), goals=totals, goals_by_cohort={f.cohort.id: f.goals for f in cohorts})


def outcome_goal_method(goal: Goal, minimum: int) -> str:
    """How an outcome goal is measured and judged, for its page."""
    measure, window, role = goal_subject(goal)
    what = {
        "retention": gettext("the share of %(role)ss still employed %(months)s months after their cohort started"),
        "promotion": gettext("the share of %(role)ss promoted within %(months)s months of their cohort's start"),
        "mobility": gettext(
            "the share of %(role)ss who moved to another role or department within %(months)s months of their cohort's start"
        ),
    }[measure] % {"role": role, "months": window}
    return gettext(
        "%(what)s, minus the same share among colleagues who did not take part, matched on level, department and length of "
        "service (see Outcomes), in points with its 95%% interval. The goal is met when the whole interval reaches the target, "
        "not met when it lies below it, and shows no clear difference when it includes the target; fewer than %(minimum)s "
        "people on either side is too few to tell."
    ) % {"what": what[:1].upper() + what[1:], "minimum": minimum}
