"""The session log: the form a partnership fills in after each session, and the checks of an entry.

Input: the ``Program`` (its agendas, cohorts and milestones), an entry's envelope fields and raw
answers (from the collector, a downloaded file or an export), the pair's token and the cohort's
revocation list (``generator.pair_links``).
Output: ``session_log_survey`` (the form as a built-in ``Survey`` with the reserved id
``session-log``, so the survey page template, the page script and every destination serve it),
``check_entry`` (a checked ``Response`` or the problems found), ``TokenGate`` (why a token is
refused, or None) and ``SessionRow`` (what an entry adds to ``sessions.csv``). The page is the
survey page (``generator.surveys.pages``) at ``log/``, reading cohort, pair and token from the link.
The token is checked and dropped: it is never part of a stored response.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from generator.dates import strict_date
from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.i18n import gettext as _
from generator.model import Program
from generator.pair_links import load_revocations, verify_pair_token
from generator.progress.data import markable_milestones
from generator.progress.model import Cohort, cohorts_of
from generator.project import Project
from generator.surveys.answers import PAIR_PATTERN, Problem, check_answers, check_response_id
from generator.surveys.canonical import Response, submission_time
from generator.surveys.model import SESSION_LOG_ID, Answer, Survey
from generator.surveys.rosters import COHORT_ID

NONE = "none"
"""The choice 'no agenda' / 'no milestone'; stored as an empty cell."""
NOTE_MAX = 2000


def _choice_question(question_id: str, text: str, choices: list[dict[str, str]], **extra: Any) -> list[dict[str, Any]]:
    """A pick-one question, or nothing when there is nothing to pick from."""
    if len(choices) < 2:
        return []
    return [{"id": question_id, "type": "single", "text": text, "options": choices, **extra}]


def _milestone_choices(program: Program) -> list[dict[str, str]]:
    """Every cohort's milestones that a session can reach (not those reached by answering a survey)."""
    seen: dict[str, str] = {}
    for cohort in cohorts_of(program):
        for key, title in markable_milestones(cohort).items():
            seen.setdefault(key, title)
    return [{"value": key, "label": title} for key, title in seen.items()]


def session_log_survey(program: Program) -> Survey:
    """The session-log form as a survey: date, minutes, agenda, held or not, milestone, private note."""
    agendas = [{"value": agenda.id, "label": agenda.title} for agenda in program.agendas]
    milestones = _milestone_choices(program)
    statuses = [
        {"value": "held", "label": _("We met")},
        {"value": "cancelled", "label": _("Cancelled")},
        {"value": "no-show", "label": _("Someone did not come")},
    ]
    questions: list[dict[str, Any]] = [
        {"id": "date", "type": "date", "required": True, "text": _("Date of the session")},
        {"id": "status", "type": "single", "required": True, "text": _("Did the session take place?"), "options": statuses},
        {
            "id": "minutes",
            "type": "number",
            "min": 1,
            "max": 1440,
            "required": True,
            "text": _("How many minutes did you meet?"),
            "show_if": {"question": "status", "equals": "held"},
        },
        *_choice_question("agenda", _("Which agenda did you use?"), [*agendas, {"value": NONE, "label": _("No agenda")}]),
        *_choice_question(
            "milestone",
            _("Did you reach a milestone in this session?"),
            [*milestones, {"value": NONE, "label": _("No milestone")}] if milestones else [],
            show_if={"question": "status", "equals": "held"},
        ),
        {
            "id": "note",
            "type": "long_text",
            "max_length": NOTE_MAX,
            "text": _("Private note (optional)"),
            "help": _("Only the programme team reads it; it is never published."),
        },
    ]
    data = {
        "id": SESSION_LOG_ID,
        "title": _("Log a session"),
        "intro": _("Fill this in after each session, whether you met or not. It takes a minute."),
        "thanks": _("Thank you: your session is logged."),
        "when": "after-session",
        "audience": [role.id for role in program.roles],
        "anonymous": False,
        "questions": questions,
    }
    return TypeAdapter(Survey).validate_python(data)


def _cohort(program: Program, cohort_id: str) -> Cohort | None:
    return next((cohort for cohort in cohorts_of(program) if cohort.id == cohort_id), None)


def _envelope_problems(program: Program, cohort_id: str, pair: str) -> list[Problem]:
    problems = []
    known = [cohort.id for cohort in cohorts_of(program)]
    if cohort_id not in known:
        hint = did_you_mean(cohort_id, known)
        problems.append(Problem("cohort", f"unknown cohort '{cohort_id}'.{hint} Open the form from your pair's link."))
    if not PAIR_PATTERN.fullmatch(pair):
        problems.append(Problem("pair", "the pair is missing or not a pair id; open the form from your pair's link."))
    return problems


def _answer_problems(cohort: Cohort | None, answers: Mapping[str, Answer]) -> list[Problem]:
    """The checks a question type cannot express: the date lies in the cohort, the milestone is the cohort's."""
    problems = []
    day = strict_date(str(answers.get("date") or ""))
    if cohort and day and not cohort.start <= day <= cohort.end:
        problems.append(Problem("date", f"{day} is outside the cohort ({cohort.start} to {cohort.end}); check the date."))
    if cohort and day and day > datetime.date.today() + datetime.timedelta(days=1):
        problems.append(Problem("date", f"{day} is in the future; log a session after it took place."))
    milestone = str(answers.get("milestone") or "")
    if cohort and milestone not in ("", NONE) and milestone not in markable_milestones(cohort):
        problems.append(Problem("milestone", f"milestone '{milestone}' is not one of cohort '{cohort.id}'; choose another."))
    return problems


def check_entry(
    program: Program, fields: Mapping[str, Any], raw_answers: Mapping[str, Any], timezone: str = "UTC"
) -> tuple[Response | None, list[Problem]]:
    """A checked session-log entry (a ``Response`` of the ``session-log`` form), or the problems found."""
    response_id = str(fields.get("response_id") or "").strip()
    cohort_id, pair = (str(fields.get(key) or "").strip() for key in ("cohort", "pair"))
    problems = check_response_id(response_id) + _envelope_problems(program, cohort_id, pair)
    survey = session_log_survey(program)
    offered = {key: value for key, value in raw_answers.items() if key in survey.question_ids or value not in (None, "")}
    answers, answer_problems = check_answers(survey, offered)
    problems += answer_problems + _answer_problems(_cohort(program, cohort_id), answers)
    moment = submission_time(fields, timezone, problems)
    if problems or moment is None:
        return None, problems
    return Response(response_id, SESSION_LOG_ID, cohort_id, "", pair, moment, answers), []


@dataclass
class TokenGate:
    """Checks a pair's token against the programme's secret and the cohort's revocation list (re-read each time)."""

    project: Project
    secret: bytes | None

    def problem(self, cohort_id: str, pair: str, token: str) -> tuple[int, str] | None:
        """The HTTP status and reason the token does not open this pair's log; None when it does."""
        if self.secret is None:
            return 503, "the collector has no secret, so pair links cannot be checked; the organisers must set PLAYBOOK_SECRET"
        if not COHORT_ID.fullmatch(cohort_id):
            return 403, "this link is not valid (no cohort); ask your cohort lead for your pair's current link"
        try:
            revocations = load_revocations(self.project, [cohort_id])
        except (PlaybookError, ErrorList):
            return 503, f"the list of revoked links of cohort '{cohort_id}' has problems, so no link can be checked; tell the organisers"
        if verify_pair_token(self.secret, token, cohort_id, pair, revocations) is None:
            return 403, "this link is not valid (unknown, changed or revoked); ask your cohort lead for your pair's current link"
        return None


@dataclass(frozen=True)
class SessionRow:
    """What one entry adds to ``sessions.csv``, and its private note."""

    pair_id: str
    date: str
    minutes: str
    agenda: str
    status: str
    milestone: str
    note: str

    @property
    def cells(self) -> tuple[str, str, str, str, str, str]:
        return (self.pair_id, self.date, self.minutes, self.agenda, self.status, self.milestone)


def session_row(response: Response) -> SessionRow:
    """The ``sessions.csv`` cells of a checked entry (no agenda / no milestone become empty cells)."""
    answers = response.answers

    def cell(key: str) -> str:
        value = answers.get(key)
        return "" if value in (None, NONE) else str(value)

    return SessionRow(response.pair, cell("date"), cell("minutes"), cell("agenda"), cell("status"), cell("milestone"), cell("note"))
