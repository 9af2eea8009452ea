"""Site pages for the surveys feature: an index and one page with a real form per survey.

Input: the render ``Bundle`` and the ``Renderer``.
Output: the "Surveys" navigation ``Section`` with its ``Page`` objects. Every string from
program.yaml is escaped by the templates' ``finalize`` hook.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, replace

from generator.i18n import N_
from generator.i18n import gettext as _
from generator.model import Program
from generator.pages import Bundle, Page, Section
from generator.progress.model import cohorts_of
from generator.surveys.answers import audience, format_answer
from generator.surveys.model import Collector, Destination, Question, Survey, collector_of, collector_url, destination_of, surveys_of
from generator.surveys.session_log import session_log_survey
from generator.templating import Renderer
from generator.textsafe import escape_attribute

SUBMIT_PATH = "/api/responses"
SESSION_LOG_PAGE = "log/index.md"
WHEN_TEXT = {
    "before": N_("Before the programme starts"),
    "after-session": N_("After each session"),
    "midpoint": N_("At the midpoint"),
    "end": N_("At the end of the programme"),
    "dates": N_("On set dates"),
    "application": N_("When applying to join"),
}


def when_texts() -> dict[str, str]:
    """``WHEN_TEXT`` in the active language."""
    return {when: _(text) for when, text in WHEN_TEXT.items()}


@dataclass(frozen=True)
class FormTarget:
    """Where the form posts and what the page tells people about it."""

    kind: str
    action: str
    where: str


def form_target(destination: Destination, collector: Collector | None) -> FormTarget:
    """The form's action URL and a plain sentence saying where answers go."""
    if destination.type == "collector":
        url = collector_url(destination, collector)
        where = _("Your answers are sent to the programme's own collection service (%(url)s) and stored there.") % {"url": url}
        return FormTarget("collector", url + SUBMIT_PATH, where)
    if destination.type == "endpoint":
        host = urllib.parse.urlsplit(destination.url).hostname or destination.url
        where = _("Your answers are sent to an external form service (%(host)s) and stored there.") % {"host": host}
        return FormTarget("endpoint", destination.url, where)
    if destination.type == "netlify":
        return FormTarget("netlify", "", _("Your answers are stored by Netlify Forms, the service that hosts this site."))
    where = _("Your answers are not sent anywhere: submitting saves a file on your device. Email that file to your cohort lead.")
    return FormTarget("download", "", where)


def show_if_values(question: Question) -> str:
    """The ``show_if`` values as a JSON list of answer strings, for the page script."""
    if question.show_if is None:
        return ""
    return escape_attribute(json.dumps([format_answer(value) for value in question.show_if.values]))


def choices(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs of a question answered by picking."""
    if question.type == "likert":
        return [(str(value), _(label)) for value, label in zip(question.scale, question.labels, strict=False)]  # default labels translate
    if question.type in ("rating", "nps"):
        return [(str(value), str(value)) for value in question.scale]
    if question.type == "yes_no":
        return [("yes", _("Yes")), ("no", _("No"))]
    return list(zip(question.options, question.option_labels, strict=True))


def audience_roles(program: Program, survey: Survey) -> list[tuple[str, str]]:
    """(id, name) of each role that answers the survey."""
    names = {role.id: role.name for role in program.roles}
    return [(role_id, names.get(role_id, role_id)) for role_id in audience(program, survey)]


def survey_page(program: Program, survey: Survey, renderer: Renderer, pair_form: bool = False) -> Page:
    """A survey's page; ``pair_form``: the session log, opened from a partnership's link (not in the navigation)."""
    collector = collector_of(program)
    target = form_target(destination_of(survey, collector), collector)
    text = renderer.render(
        "survey.md.j2",
        survey=survey,
        target=target,
        who_can_see=(collector or Collector()).who_can_see,
        roles=audience_roles(program, survey),
        cohorts=[(cohort.id, cohort.name) for cohort in cohorts_of(program)],
        choices=choices,
        show_if_values=show_if_values,
        when_text=when_texts().get(survey.when, ""),
        pair_form=pair_form,
    )
    if pair_form:
        return Page(SESSION_LOG_PAGE, text, in_nav=False)
    return Page(f"surveys/{survey.id}.md", text)


def survey_sections(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """The surveys section of the site, with the session log when there are cohorts (none without either)."""
    program = bundle.program
    log = [survey_page(program, session_log_survey(program), renderer, pair_form=True)] if cohorts_of(program) else []
    if not surveys_of(program):
        return [Section(_("Session log"), tuple(replace(page, in_nav=True) for page in log))] if log else []
    index = Page("surveys/index.md", renderer.render("surveys-index.md.j2", surveys=surveys_of(program), when_text=when_texts()))
    pages = [index, *(survey_page(program, survey, renderer) for survey in surveys_of(program)), *log]
    return [Section(_("Surveys"), tuple(pages))]
