"""Site pages for the progress feature: the dashboard, a page per cohort and per goal.

Input: the render ``Bundle`` (its ``figures["progress"]`` from the aggregate stage) and the ``Renderer``.
Output: a "Progress" ``Section``: ``progress/index.md`` (programme dashboard),
``progress/<cohort>.md`` with its ``progress/<cohort>.ics`` calendar, and
``progress/goals/<goal>.md``. Only aggregate figures and pseudonymous pair labels reach
these pages; names and emails never do unless ``privacy.show_names`` is true.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TypedDict

from generator.model import Program
from generator.pages import Bundle, Page, Section
from generator.progress import measures
from generator.progress.aggregate import PERCENT, CohortFigures, Figure, GoalFigure, ProgressFigures, skill_role
from generator.progress.calendar import cohort_calendar
from generator.progress.charts import Chart, Series, render_chart
from generator.progress.model import Goal, cohorts_of, goals_of
from generator.surveys.answers import find_survey
from generator.templating import Renderer

HEALTH_ORDER = (*measures.HEALTH_STATES, measures.COMPLETED, measures.ENDED_EARLY)


def _values(figures: Sequence[Figure]) -> list[float | None]:
    return [figure.value for figure in figures]


def _withheld(figures: Sequence[Figure]) -> list[int]:
    """Indexes of the withheld figures, drawn as withheld (not as zero, not as no data)."""
    return [index for index, figure in enumerate(figures) if figure.withheld]


def _month_labels(figures: CohortFigures, months: Sequence[str]) -> list[str]:
    return [f"{month} (partial)" if month in figures.partial_months else month for month in months]


def _breakdown_chart(title: str, rows: Sequence[tuple[str, Figure]], minimum: int) -> Chart | None:
    if not rows:
        return None
    description = (
        f"Distinct participants counted by {title.split(' by ')[-1]}; groups of fewer than {minimum} people are merged into Other."
    )
    figures = [f for _, f in rows]
    return render_chart("bar", title, description, [name for name, _ in rows], [("People", _values(figures))], withheld=_withheld(figures))


def _health_chart(figures: CohortFigures) -> Chart | None:
    states = [state for state in HEALTH_ORDER if figures.health.get(state)]
    if not states:
        return None
    description = "Active pairs on track, behind plan or silent on the as-of date; pairs that completed or ended early are counted apart."
    return render_chart("bar", "Pairs by health", description, states, [("Pairs", [figures.health[state] for state in states])])


def _sessions_chart(figures: CohortFigures) -> Chart | None:
    if not figures.sessions_by_month:
        return None
    months = _month_labels(figures, [month for month, _ in figures.sessions_by_month])
    description = (
        "Sessions held in each month of the cohort, up to the as-of date; a month marked partial is not over or not wholly in the cohort."
    )
    return render_chart(
        "bar", "Sessions held per month", description, months, [("Sessions", [count for _, count in figures.sessions_by_month])]
    )


def _trend_charts(figures: CohortFigures, minimum: int) -> list[Chart]:
    charts = []
    for trend in figures.satisfaction_trends:
        if any(point.value is not None for _, point in trend.points):
            description = f"Mean answer per month to '{trend.title}'; months with answers from fewer than {minimum} people are withheld."
            labels = _month_labels(figures, [month for month, _ in trend.points])
            points = [p for _, p in trend.points]
            series: list[Series] = [("Mean", _values(points))]
            charts.append(render_chart("line", "Satisfaction per month", description, labels, series, withheld=_withheld(points)))
    return charts


def _rating_chart(figures: CohortFigures) -> Chart | None:
    shown = [rating for rating in figures.ratings if rating.mean.value is not None]
    if not shown:
        return None
    labels = [f"{rating.survey.title}: {rating.question.id}" for rating in shown]
    description = "Mean answer to each rating question (1 is the lowest point of its scale)."
    return render_chart("hbar", "Satisfaction per question", description, labels, [("Mean", _values([r.mean for r in shown]))])


def _nps_charts(figures: CohortFigures) -> list[Chart]:
    charts = []
    for item in figures.nps:
        if item.split is None:
            continue
        split, total = item.split, item.split.answers
        shares = [round(100 * count / total) for count in (split.promoters, split.passives, split.detractors)]
        description = f"Net Promoter Score {item.score.text}: share of promoters (9-10), passives (7-8) and detractors (0-6), in %."
        labels = ["Promoters", "Passives", "Detractors"]
        charts.append(render_chart("bar", f"NPS: {item.survey.title}", description, labels, [("Share", shares)], unit="%"))
    return charts


def _skills_chart(figures: CohortFigures) -> Chart | None:
    if not any(skill.change.value is not None for skill in figures.skills):
        return None
    labels = [f"{skill.skill} ({skill.role}s)" for skill in figures.skills]
    description = "Mean self-rating of each skill at the start and at the end, each role apart, on the question's own scale."
    series: list[Series] = [("Before", _values([s.before for s in figures.skills])), ("After", _values([s.after for s in figures.skills]))]
    withheld = _withheld([s.change for s in figures.skills])
    return render_chart("bar", "Skills before and after", description, labels, series, withheld=withheld)


class CohortCharts(TypedDict):
    """The charts of a cohort page, by the section they belong to."""

    participation: list[Chart]
    health: list[Chart]
    trends: list[Chart]
    satisfaction: list[Chart]
    nps: list[Chart]
    skills: list[Chart]


def cohort_charts(figures: CohortFigures, minimum: int) -> CohortCharts:
    """Every chart of a cohort page, by the section it belongs to."""

    def some(*charts: Chart | None) -> list[Chart]:
        return [chart for chart in charts if chart]

    return {
        "participation": some(
            _breakdown_chart("Participants by level", figures.by_level, minimum),
            _breakdown_chart("Participants by department", figures.by_department, minimum),
        ),
        "health": some(_health_chart(figures)),
        "trends": some(_sessions_chart(figures), *_trend_charts(figures, minimum)),
        "satisfaction": some(_rating_chart(figures)),
        "nps": _nps_charts(figures),
        "skills": some(_skills_chart(figures)),
    }


def _comparison_chart(progress: ProgressFigures) -> Chart | None:
    if not progress.cohorts:
        return None
    labels = [figures.cohort.name for figures in progress.cohorts]
    description = "Sessions held toward the plan as a share of the sessions planned to date, per cohort."
    values = [None if f.completion.value is None else round(100 * f.completion.value) for f in progress.cohorts]
    withheld = [i for i, f in enumerate(progress.cohorts) if f.completion.withheld or not f.published]
    return render_chart("bar", "Session completion by cohort", description, labels, [("Completion", values)], unit="%", withheld=withheld)


def goal_chart(goal_figures: Sequence[tuple[str, GoalFigure]]) -> Chart | None:
    """The goal's measure per cohort and for the whole programme."""
    if not any(figure.value.value is not None for _, figure in goal_figures):
        return None
    goal = goal_figures[0][1].goal
    scale = 100 if goal_figures[0][1].value.kind == PERCENT else 1
    values = [None if f.value.value is None else round(scale * f.value.value, 2) for _, f in goal_figures]
    target = goal.target * scale
    description = f"{goal.title}: the measure per cohort and overall, against a target of {target:g}{' ' + goal.unit if goal.unit else ''}."
    series: list[Series] = [("Measure", values), ("Target", [target] * len(values))]
    withheld = _withheld([figure.value for _, figure in goal_figures])
    return render_chart("bar", goal.title, description, [name for name, _ in goal_figures], series, withheld=withheld)


def _stamp(as_of: datetime.date) -> datetime.datetime:
    return datetime.datetime(as_of.year, as_of.month, as_of.day, tzinfo=datetime.UTC)


def _cohort_pages(program: Program, progress: ProgressFigures, renderer: Renderer) -> list[Page]:
    pages = []
    for figures in progress.cohorts:
        cohort = figures.cohort
        text = renderer.render(
            "cohort.md.j2", figures=figures, charts=cohort_charts(figures, progress.minimum), minimum=progress.minimum, as_of=progress.as_of
        )
        pages.append(Page(f"progress/{cohort.id}.md", text))
        pages.append(Page(f"progress/{cohort.id}.ics", cohort_calendar(program, cohort, _stamp(progress.as_of)), in_nav=False))
    return pages


def _cohort_goal(figures: CohortFigures, index: int) -> GoalFigure:
    """A cohort's figure for a goal; for a cohort below the threshold, withheld."""
    found = figures.goals[index]
    if figures.published:
        return found
    return GoalFigure(found.goal, Figure(None, 0, found.value.kind, withheld=True), "withheld")


def goal_method(program: Program, goal: Goal) -> str:
    """How the goal's measure is computed, in one or two sentences for the page."""
    measure, minimum = goal.measure, program.info.privacy.min_group_size
    if measure.metric == "session_completion":
        return "sessions held toward the plan (each pair counts at most its plan to date) divided by the sessions planned to date."
    if measure.metric == "participation":
        return "the share of started pairs that did not end early."
    anonymous = f"anonymous answers count only when there are at least {minimum} answers from at least {minimum} invited people."
    if measure.metric == "nps":
        return f"the share of promoters (9-10) minus the share of detractors (0-6), in points; {anonymous}"
    if measure.metric == "satisfaction":
        return f"the mean answer to question {measure.question} of survey {measure.survey}; {anonymous}"
    baseline = find_survey(program, measure.baseline)
    role = skill_role(baseline) if baseline else "mentee"
    return (
        f"for each cohort whose end survey has answers, the mean change in {role}s' self-ratings (its own end answers minus "
        "its own baseline answers, on the question's scale; different scales and roles are never mixed), weighted by people."
    )


def _goal_pages(program: Program, progress: ProgressFigures, renderer: Renderer) -> list[Page]:
    pages = []
    for index, goal in enumerate(goals_of(program)):
        rows = [(figures.cohort.name, _cohort_goal(figures, index)) for figures in progress.cohorts]
        rows.append(("All cohorts", progress.goals[index]))
        text = renderer.render(
            "goal.md.j2",
            goal=goal,
            rows=rows,
            goal_chart=goal_chart(rows),
            minimum=progress.minimum,
            as_of=progress.as_of,
            method=goal_method(program, goal),
            excluded=progress.excluded,
        )
        pages.append(Page(f"progress/goals/{goal.id}.md", text))
    return pages


def progress_sections(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """The progress section of the site (none when the programme has no cohorts)."""
    progress = bundle.figures.get("progress")
    program = bundle.program
    if not isinstance(progress, ProgressFigures) or not cohorts_of(program):
        return []
    dashboard = renderer.render(
        "dashboard.md.j2", progress=progress, comparison=_comparison_chart(progress), minimum=progress.minimum, as_of=progress.as_of
    )
    pages = [Page("progress/index.md", dashboard), *_cohort_pages(program, progress, renderer), *_goal_pages(program, progress, renderer)]
    return [Section("Progress", tuple(pages))]
