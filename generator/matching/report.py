"""The private match report: every pair with its score and reasons in plain words.

Input: a ``Proposal`` and the ``Renderer`` (template ``match-report.html.j2``).
Output: a standalone HTML page (inline styles, no scripts, nothing fetched) for
``reports/match-<cohort>.html``. It names people, so it never goes into ``site/``.
Every value lands through the template's escaping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from generator.i18n import N_, format_number, language, ngettext
from generator.i18n import gettext as _
from generator.matching.model import Matching
from generator.matching.participants import Participant, partner_role
from generator.matching.proposal import ALREADY_PAIRED, FORBIDDEN, PINNED, PROPOSED, STARTED, Pair, Proposal, Unmatched
from generator.matching.scoring import Fit
from generator.templating import Renderer

TEMPLATE = "match-report.html.j2"
BUCKETS = 10

WAY_WORDS = {"video": N_("by video"), "in-person": N_("in person"), "chat": N_("by chat")}
RULE_WORDS = {
    "reporting-line": N_("one manages the other, directly or further up"),
    "department": N_("same department"),
    "language": N_("no shared language"),
    "level-gap": N_("the level gap is too small"),
    "overlap": N_("too little time in common"),
    FORBIDDEN: N_("forbidden by the lead"),
    ALREADY_PAIRED: N_("paired before in this cohort"),
}
N_("started"), N_("pinned"), N_("proposed")  # a pair's source, shown in the report


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _hours(value: float) -> str:
    return ngettext("%(hours)s hour", "%(hours)s hours", int(value) if float(value).is_integer() else 2) % {"hours": format_number(value)}


def _skill_reason(teacher: Participant, learner: Participant, taught: tuple[str, ...]) -> str:
    if not learner.learning_goals:
        return _("%(name)s named no learning goals.") % {"name": learner.name}
    if not teacher.skills_offered:
        return _("%(name)s named no skills to share.") % {"name": teacher.name}
    if not taught:
        return _("None of %(learner)s's learning goals is among %(teacher)s's skills.") % {"learner": learner.name, "teacher": teacher.name}
    text = ngettext(
        "%(teacher)s can help with %(skills)s (%(count)s of %(learner)s's %(goals)s learning goal).",
        "%(teacher)s can help with %(skills)s (%(count)s of %(learner)s's %(goals)s learning goals).",
        len(learner.learning_goals),
    )
    return text % {
        "teacher": teacher.name,
        "skills": listing(taught),
        "count": len(taught),
        "learner": learner.name,
        "goals": len(learner.learning_goals),
    }


def fit_reasons(fit: Fit, mentor: Participant, mentee: Participant) -> list[str]:
    """Why this pair scores what it does, one sentence per criterion."""
    reasons = [_skill_reason(mentor, mentee, fit.mentor_teaches), _skill_reason(mentee, mentor, fit.mentee_teaches)]
    free = _("%(time)s a week when both are free.") % {"time": _hours(fit.overlap_hours)}
    reasons.append(free if fit.overlap_hours else _("No free time in common in the week."))
    ways = [_(WAY_WORDS[way]) if way in WAY_WORDS else way for way in fit.shared_ways]
    reasons.append(_("Both are happy to meet %(ways)s.") % {"ways": listing(ways)} if ways else _("No way to meet that both chose."))
    languages = _("Both speak %(languages)s.") % {"languages": listing(fit.shared_languages)}
    reasons.append(languages if fit.shared_languages else _("No shared language."))
    if fit.values["department"]:  # both named one, and they differ
        reasons.append(_("Different departments (%(first)s and %(second)s).") % {"first": mentor.department, "second": mentee.department})
    else:
        reasons.append(_("Same department (%(department)s).") % {"department": mentor.department or _("not given")})
    return reasons


def rules_met(fit: Fit, rules: Matching) -> list[str]:
    """The hard constraints in force that this pair meets, in plain words."""
    constraints, met = rules.constraints, []
    if constraints.separate_reporting_lines and "reporting-line" not in fit.broken:
        met.append(_("not in the same reporting line"))
    if constraints.different_department and "department" not in fit.broken:
        met.append(_("different departments"))
    if constraints.shared_language and "language" not in fit.broken:
        met.append(_("a shared language"))
    if constraints.min_level_gap is not None and "level-gap" not in fit.broken:
        gap = ngettext(
            "the mentee is %(gap)s level above the mentor (at least %(needed)s needed)",
            "the mentee is %(gap)s levels above the mentor (at least %(needed)s needed)",
            abs(fit.level_gap),
        )
        met.append(gap % {"gap": fit.level_gap, "needed": constraints.min_level_gap})
    if constraints.min_overlap_hours and "overlap" not in fit.broken:
        met.append(_("at least %(time)s a week in common") % {"time": _hours(constraints.min_overlap_hours)})
    return met


class PairView(TypedDict):
    """A pair as the report shows it; the last four keys only when the pair has a score."""

    id: str
    source: str
    note: str
    row: dict[str, str]
    score: NotRequired[str]
    reasons: NotRequired[list[str]]
    met: NotRequired[str]
    broken: NotRequired[str]


class UnmatchedView(TypedDict):
    """An applicant without a pair and why."""

    person: Participant
    reason: str


class Band(TypedDict):
    """A score band of the distribution and its bar width in percent."""

    band: str
    count: int
    width: int


def _pair_view(pair: Pair, rules: Matching) -> PairView:
    view: PairView = {"id": pair.pair_id, "source": pair.source, "note": pair.note, "row": pair.row}
    if pair.fit and pair.mentor and pair.mentee:
        view["score"] = format_number(pair.fit.points, 1)
        view["reasons"] = fit_reasons(pair.fit, pair.mentor, pair.mentee)
        view["met"] = listing(rules_met(pair.fit, rules))
        view["broken"] = listing([_(RULE_WORDS[rule]) for rule in pair.fit.broken])
    return view


def unmatched_reason(item: Unmatched, other_role: str) -> str:
    """Why an applicant has no pair."""
    if item.candidates == 0:
        if not item.ruled_out:
            return _("No possible partner: no %(role)s applied.") % {"role": other_role}
        counts = listing([f"{_(RULE_WORDS[rule])} ({count})" for rule, count in item.ruled_out.items()])
        text = _("No possible partner: every %(role)s is ruled out by the rules: %(counts)s.")
        return text % {"role": other_role, "counts": counts} + " " + _("Relax a constraint or pin a pair by hand.")
    best = item.best
    text = ngettext(
        "%(num)s possible partner, paired with someone else (that gives more pairs or a higher total score).",
        "%(num)s possible partners, all paired with others (that gives more pairs or a higher total score).",
        item.candidates,
    ) % {"num": item.candidates}
    if best:
        score = format_number(best.score / 100, 1)
        if best.pair_id:
            best_text = _("Best possible partner: %(name)s (score %(score)s, in %(pair)s).")
        else:
            best_text = _("Best possible partner: %(name)s (score %(score)s).")
        text += " " + best_text % {"name": best.person.name, "score": score, "pair": best.pair_id}
    return text


def distribution(pairs: tuple[Pair, ...]) -> list[Band]:
    """Pairs per score band of 10 points, with a bar width in percent."""
    counts = [0] * BUCKETS
    for pair in pairs:
        if pair.fit:
            counts[min(int(pair.fit.points // (100 / BUCKETS)), BUCKETS - 1)] += 1
    largest = max(counts, default=0) or 1
    size = 100 // BUCKETS
    return [
        {"band": f"{i * size}–{(i + 1) * size}", "count": count, "width": round(100 * count / largest)} for i, count in enumerate(counts)
    ]


@dataclass(frozen=True)
class Summary:
    """The figures at the top of the report."""

    mentors: int
    mentees: int
    by_source: dict[str, int]
    unmatched: int
    mean: str
    optimal_total: str
    greedy_total: str


def summary(proposal: Proposal) -> Summary:
    """Applicants, pairs by source, the unmatched and the scores, as the report shows them."""
    scored = proposal.scored
    sources = {source: sum(1 for pair in proposal.pairs if pair.source == source) for source in (STARTED, PINNED, PROPOSED)}
    mean = sum(pair.fit.points for pair in scored if pair.fit) / len(scored) if scored else 0.0
    return Summary(
        mentors=len(proposal.participants.by_role("mentor")),
        mentees=len(proposal.participants.by_role("mentee")),
        by_source=sources,
        unmatched=len(proposal.unmatched),
        mean=format_number(mean, 1),
        optimal_total=format_number(proposal.optimal_total / 100, 1),
        greedy_total=format_number(proposal.greedy_total / 100, 1),
    )


def render_report(proposal: Proposal, renderer: Renderer) -> str:
    """The report's HTML, in the renderer's language."""
    with language(renderer.language):
        return _render(proposal, renderer)


def _render(proposal: Proposal, renderer: Renderer) -> str:
    unmatched: list[UnmatchedView] = [
        {"person": item.person, "reason": unmatched_reason(item, partner_role(item.person.role))} for item in proposal.unmatched
    ]
    return renderer.render(
        TEMPLATE,
        proposal=proposal,
        summary=summary(proposal),
        pairs=[_pair_view(pair, proposal.rules) for pair in proposal.pairs],
        unmatched=unmatched,
        bands=distribution(proposal.pairs),
        weights=proposal.rules.weights,
        constraints=proposal.rules.constraints,
    )
