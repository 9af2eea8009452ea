"""Site pages for the progress feature: the dashboard, a page per cohort and per goal.

Input: the render ``Bundle`` (its ``figures["progress"]`` from the aggregate stage) and the ``Renderer``.
Output: a "Progress" ``Section``: ``progress/index.md`` (programme dashboard),
``progress/<cohort>.md`` with its ``progress/<cohort>.ics`` calendar, and
``progress/goals/<goal>.md``. Only aggregate figures and pseudonymous pair labels reach
these pages; names and emails never do unless ``privacy.show_names`` is true.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import TypedDict

from markupsafe import Markup

from generator.i18n import N_
from generator.i18n import gettext as _
from generator.labels.names import Names
from generator.model import Program
from generator.outcomes.goals import outcome_goal_method
from generator.outcomes.pages import cohort_outcomes
from generator.pages import Bundle, Page, Section
from generator.progress import measures
from generator.progress.aggregate import PERCENT, POINTS, CohortFigures, Figure, GoalFigure, ProgressFigures, skill_role
from generator.progress.calendar import CalendarContext, CalendarHistory, cohort_calendar
from generator.progress.charts import Chart, Series, render_chart
from generator.progress.model import OUTCOME_METRICS, Goal, cohorts_of, goals_of
from generator.recognition.pages import cohort_stories
from generator.surveys.answers import find_survey
from generator.surveys.model import surveys_of
from generator.templating import Renderer

HEALTH_ORDER = (*measures.HEALTH_STATES, measures.COMPLETED, measures.ENDED_EARLY)
BY_LEVEL = N_("Distinct participants counted by level; groups of fewer than %(minimum)s people are merged into Other.")
BY_DEPARTMENT = N_("Distinct participants counted by department; groups of fewer than %(minimum)s people are merged into Other.")


def _values(figures: Sequence[Figure]) -> list[float | None]:
    return [figure.value for figure in figures]


def _withheld(figures: Sequence[Figure]) -> list[int]:
    """Indexes of the withheld figures, drawn as withheld (not as zero, not as no data)."""
    return [index for index, figure in enumerate(figures) if figure.withheld]


def _month_labels(figures: CohortFigures, months: Sequence[str]) -> list[str]:
    return [_("%(month)s (partial)") % {"month": month} if month in figures.partial_months else month for month in months]


def _breakdown_chart(title: str, description: str, rows: Sequence[tuple[str, Figure]], minimum: int) -> Chart | None:
    """A chart of participants per group; ``title`` and ``description`` are ``N_`` texts (``%(minimum)s`` filled in)."""
    if not rows:
        return None
    figures = [f for _name, f in rows]
    names = [name for name, _figure in rows]
    people = [(_("People"), _values(figures))]
    return render_chart("bar", _(title), _(description) % {"minimum": minimum}, names, people, withheld=_withheld(figures))


def _health_chart(figures: CohortFigures, names: Names) -> Chart | None:
    states = [state for state in HEALTH_ORDER if figures.health.get(state)]
    if not states:
        return None
    description = _(
        "Active pairs on track, behind plan or silent on the as-of date; pairs that completed or ended early are counted apart."
    )
    labels = [names("status", state) for state in states]
    return render_chart("bar", _("Pairs by health"), description, labels, [(_("Pairs"), [figures.health[state] for state in states])])


def _sessions_chart(figures: CohortFigures) -> Chart | None:
    if not figures.sessions_by_month:
        return None
    months = _month_labels(figures, [month for month, _ in figures.sessions_by_month])
    description = _(
        "Sessions held in each month of the cohort, up to the as-of date; a month marked partial is not over or not wholly in the cohort."
    )
    counts = [count for _month, count in figures.sessions_by_month]
    return render_chart("bar", _("Sessions held per month"), description, months, [(_("Sessions"), counts)])


def _trend_charts(figures: CohortFigures, minimum: int) -> list[Chart]:
    charts = []
    for trend in figures.satisfaction_trends:
        if any(point.value is not None for _, point in trend.points):
            description = _(
                "Mean answer per month to “%(question)s”; months with answers from fewer than %(minimum)s people are withheld."
            ) % {
                "question": trend.title,
                "minimum": minimum,
            }
            labels = _month_labels(figures, [month for month, _ in trend.points])
            points = [p for _, p in trend.points]
            series: list[Series] = [(_("Mean"), _values(points))]
            charts.append(render_chart("line", _("Satisfaction per month"), description, labels, series, withheld=_withheld(points)))
    return charts


def _rating_chart(figures: CohortFigures) -> Chart | None:
    shown = [rating for rating in figures.ratings if rating.mean.value is not None]
    if not shown:
        return None
    labels = [rating.question.text for rating in shown]
    description = _("Mean answer to each rating question (1 is the lowest point of its scale).")
    return render_chart("hbar", _("Satisfaction per question"), description, labels, [(_("Mean"), _values([r.mean for r in shown]))])


def _nps_charts(figures: CohortFigures) -> list[Chart]:
    charts = []
    for item in figures.nps:
        if item.split is None:
            continue
        split, total = item.split, item.split.answers
        shares = [round(100 * count / total) for count in (split.promoters, split.passives, split.detractors)]
        description = _("Net Promoter Score %(score)s: share of promoters (9-10), passives (7-8) and detractors (0-6), in %%.") % {
            "score": item.score.text
        }
        labels = [_("Promoters"), _("Passives"), _("Detractors")]
        title = _("NPS: %(survey)s") % {"survey": item.survey.title}
        charts.append(render_chart("bar", title, description, labels, [(_("Share"), shares)], unit="%"))
    return charts


def _skills_chart(figures: CohortFigures) -> Chart | None:
    if not any(skill.change.value is not None for skill in figures.skills):
        return None
    labels = [_("%(skill)s (%(role)s)") % {"skill": skill.skill, "role": skill.role} for skill in figures.skills]
    description = _("Mean self-rating of each skill at the start and at the end, each role apart, on the question's own scale.")
    before, after = _values([s.before for s in figures.skills]), _values([s.after for s in figures.skills])
    series: list[Series] = [(_("Before"), before), (_("After"), after)]
    withheld = _withheld([s.change for s in figures.skills])
    return render_chart("bar", _("Skills before and after"), description, labels, series, withheld=withheld)


class CohortCharts(TypedDict):
    """The charts of a cohort page, by the section they belong to."""

    participation: list[Chart]
    health: list[Chart]
    trends: list[Chart]
    satisfaction: list[Chart]
    nps: list[Chart]
    skills: list[Chart]


def named(figures: CohortFigures, names: Names, program: Program) -> CohortFigures:
    """The figures with names where the data holds ids: levels, departments, skills and roles."""
    roles = {role.id: role.name for role in program.roles}
    return dataclasses.replace(
        figures,
        by_level=tuple((names("level", name), figure) for name, figure in figures.by_level),
        by_department=tuple((names("department", name), figure) for name, figure in figures.by_department),
        skills=tuple(dataclasses.replace(s, skill=names("skill", s.skill), role=roles.get(s.role, s.role)) for s in figures.skills),
    )


def cohort_charts(figures: CohortFigures, minimum: int, names: Names) -> CohortCharts:
    """Every chart of a cohort page, by the section it belongs to (``figures`` already ``named``)."""

    def some(*charts: Chart | None) -> list[Chart]:
        return [chart for chart in charts if chart]

    return {
        "participation": some(
            _breakdown_chart(N_("Participants by level"), BY_LEVEL, figures.by_level, minimum),
            _breakdown_chart(N_("Participants by department"), BY_DEPARTMENT, figures.by_department, minimum),
        ),
        "health": some(_health_chart(figures, names)),
        "trends": some(_sessions_chart(figures), *_trend_charts(figures, minimum)),
        "satisfaction": some(_rating_chart(figures)),
        "nps": _nps_charts(figures),
        "skills": some(_skills_chart(figures)),
    }


def _comparison_chart(progress: ProgressFigures) -> Chart | None:
    if not progress.cohorts:
        return None
    labels = [figures.cohort.name for figures in progress.cohorts]
    description = _("Sessions held toward the plan as a share of the sessions planned to date, per cohort.")
    values = [None if f.completion.value is None else round(100 * f.completion.value) for f in progress.cohorts]
    withheld = [i for i, f in enumerate(progress.cohorts) if f.completion.withheld or not f.published]
    series: list[Series] = [(_("Completion"), values)]
    return render_chart("bar", _("Session completion by cohort"), description, labels, series, unit="%", withheld=withheld)


def goal_chart(goal_figures: Sequence[tuple[str, GoalFigure]]) -> Chart | None:
    """The goal's measure per cohort and for the whole programme."""
    if not any(figure.value.value is not None for _, figure in goal_figures):
        return None
    goal = goal_figures[0][1].goal
    scale = 100 if goal_figures[0][1].value.kind in (PERCENT, POINTS) else 1
    values = [None if f.value.value is None else round(scale * f.value.value, 2) for _, f in goal_figures]
    target = goal.target * scale
    target_text = goal_figures[0][1].target.text + (" " + goal.unit if goal.unit else "")  # as the tables write it: "+1.00 points"
    description = _("%(goal)s: the measure per cohort and overall, against a target of %(target)s.") % {
        "goal": goal.title,
        "target": target_text,
    }
    series: list[Series] = [(_("Measure"), values), (_("Target"), [target] * len(values))]
    withheld = _withheld([figure.value for _, figure in goal_figures])
    return render_chart("bar", goal.title, description, [name for name, _ in goal_figures], series, withheld=withheld)


def _stamp(as_of: datetime.date) -> datetime.datetime:
    return datetime.datetime(as_of.year, as_of.month, as_of.day, tzinfo=datetime.UTC)


def _calendar_context(program: Program, progress: ProgressFigures) -> CalendarContext:
    """The cohort calendars' context: the site's address and the SEQUENCE history the feature loaded, when present."""
    history = getattr(progress, "history", None)
    site_url = getattr(progress, "site_url", None)
    return CalendarContext(
        program, _stamp(progress.as_of), site_url, history if isinstance(history, CalendarHistory) else CalendarHistory()
    )


def _cohort_pages(
    program: Program, progress: ProgressFigures, renderer: Renderer, outcomes: Mapping[str, Markup], stories: Mapping[str, Markup]
) -> list[Page]:
    """Each cohort's page (with its part of the outcomes, when there is an HR extract, and its stories) and calendar."""
    pages, names = [], Names(program)
    context = _calendar_context(program, progress)
    for found in progress.cohorts:
        cohort, figures = found.cohort, named(found, names, program)
        text = renderer.render(
            "cohort.md.j2",
            figures=figures,
            charts=cohort_charts(figures, progress.minimum, names),
            minimum=progress.minimum,
            as_of=progress.as_of,
            outcomes=outcomes.get(cohort.id, ""),
            stories=stories.get(cohort.id, ""),
        )
        pages.append(Page(f"progress/{cohort.id}.md", text))
        pages.append(Page(f"progress/{cohort.id}.ics", cohort_calendar(context, cohort), in_nav=False))
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
        return _("sessions held toward the plan (each pair counts at most its plan to date) divided by the sessions planned to date.")
    if measure.metric == "participation":
        return _("the share of started pairs that did not end early.")
    if measure.metric in OUTCOME_METRICS:
        return outcome_goal_method(goal, minimum)
    anonymous = _("anonymous answers count only when there are at least %(minimum)s answers from at least %(minimum)s invited people.") % {
        "minimum": minimum
    }
    if measure.metric == "nps":
        return _("the share of promoters (9-10) minus the share of detractors (0-6), in points; %(rule)s") % {"rule": anonymous}
    if measure.metric == "satisfaction":
        survey = find_survey(program, measure.survey)
        question = next((q for q in survey.questions if q.id == measure.question), None) if survey and measure.question else None
        return _("the mean answer to the question “%(question)s” of the survey %(survey)s; %(rule)s") % {
            "question": question.text if question else measure.question,
            "survey": survey.title if survey else measure.survey,
            "rule": anonymous,
        }
    baseline = find_survey(program, measure.baseline)
    role = skill_role(baseline) if baseline else "mentee"
    return _(
        "for each cohort whose end survey has answers, the mean change in the self-ratings of the %(role)s role (its own end answers "
        "minus its own baseline answers, on the question's scale; different scales and roles are never mixed), weighted by people."
    ) % {"role": role}


def _goal_pages(program: Program, progress: ProgressFigures, renderer: Renderer) -> list[Page]:
    pages = []
    for index, goal in enumerate(goals_of(program)):
        rows = [(figures.cohort.name, _cohort_goal(figures, index)) for figures in progress.cohorts]
        rows.append((_("All cohorts"), progress.goals[index]))
        text = renderer.render(
            "goal.md.j2",
            goal=goal,
            surveys={survey.id: survey for survey in surveys_of(program)} if "surveys" in program.sections else {},
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
    outcomes = cohort_outcomes(bundle.figures.get("outcomes"), renderer)
    stories = cohort_stories(bundle.figures.get("recognition"), renderer)
    pages = [
        Page("progress/index.md", dashboard),
        *_cohort_pages(program, progress, renderer, outcomes, stories),
        *_goal_pages(program, progress, renderer),
    ]
    return [Section(_("Progress"), tuple(pages))]
