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

from generator.matching.model import Matching
from generator.matching.participants import Participant, partner_role
from generator.matching.proposal import ALREADY_PAIRED, FORBIDDEN, PINNED, PROPOSED, STARTED, Pair, Proposal, Unmatched
from generator.matching.scoring import Fit
from generator.templating import Renderer

TEMPLATE = "match-report.html.j2"
BUCKETS = 10

WAY_WORDS = {"video": "by video", "in-person": "in person", "chat": "by chat"}
RULE_WORDS = {
    "reporting-line": "one manages the other, directly or further up",
    "department": "same department",
    "language": "no shared language",
    "level-gap": "the level gap is too small",
    "overlap": "too little time in common",
    FORBIDDEN: "forbidden by the lead",
    ALREADY_PAIRED: "paired before in this cohort",
}


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''}"


def _skill_reason(teacher: Participant, learner: Participant, taught: tuple[str, ...]) -> str:
    if not learner.learning_goals:
        return f"{learner.name} named no learning goals."
    if not teacher.skills_offered:
        return f"{teacher.name} named no skills to share."
    if not taught:
        return f"None of {learner.name}'s learning goals is among {teacher.name}'s skills."
    return (
        f"{teacher.name} can help with {listing(taught)} ({len(taught)} of {learner.name}'s {len(learner.learning_goals)} learning goals)."
    )


def fit_reasons(fit: Fit, mentor: Participant, mentee: Participant) -> list[str]:
    """Why this pair scores what it does, one sentence per criterion."""
    reasons = [_skill_reason(mentor, mentee, fit.mentor_teaches), _skill_reason(mentee, mentor, fit.mentee_teaches)]
    reasons.append(
        f"{_hours(fit.overlap_hours)} a week when both are free." if fit.overlap_hours else "No free time in common in the week."
    )
    ways = [WAY_WORDS.get(way, way) for way in fit.shared_ways]
    reasons.append(f"Both are happy to meet {listing(ways)}." if ways else "No way to meet that both chose.")
    reasons.append(f"Both speak {listing(fit.shared_languages)}." if fit.shared_languages else "No shared language.")
    if fit.values["department"]:  # both named one, and they differ
        reasons.append(f"Different departments ({mentor.department} and {mentee.department}).")
    else:
        reasons.append(f"Same department ({mentor.department or 'not given'}).")
    return reasons


def rules_met(fit: Fit, rules: Matching) -> list[str]:
    """The hard constraints in force that this pair meets, in plain words."""
    constraints, met = rules.constraints, []
    if constraints.separate_reporting_lines and "reporting-line" not in fit.broken:
        met.append("not in the same reporting line")
    if constraints.different_department and "department" not in fit.broken:
        met.append("different departments")
    if constraints.shared_language and "language" not in fit.broken:
        met.append("a shared language")
    if constraints.min_level_gap is not None and "level-gap" not in fit.broken:
        met.append(
            f"the mentee is {fit.level_gap} level{'s' if abs(fit.level_gap) != 1 else ''} above the mentor (at least {constraints.min_level_gap} needed)"
        )
    if constraints.min_overlap_hours and "overlap" not in fit.broken:
        met.append(f"at least {_hours(constraints.min_overlap_hours)} a week in common")
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
        view["score"] = f"{pair.fit.points:.1f}"
        view["reasons"] = fit_reasons(pair.fit, pair.mentor, pair.mentee)
        view["met"] = listing(rules_met(pair.fit, rules))
        view["broken"] = listing([RULE_WORDS[rule] for rule in pair.fit.broken])
    return view


def unmatched_reason(item: Unmatched, other_role: str) -> str:
    """Why an applicant has no pair."""
    if item.candidates == 0:
        if not item.ruled_out:
            return f"No possible partner: no {other_role} applied."
        counts = listing([f"{RULE_WORDS[rule]} ({count})" for rule, count in item.ruled_out.items()])
        return f"No possible partner: every {other_role} is ruled out by the rules: {counts}. Relax a constraint or pin a pair by hand."
    best = item.best
    text = f"{item.candidates} possible partner{'s' if item.candidates != 1 else ''}, all paired with others (that gives more pairs or a higher total score)."
    if best:
        text += (
            f" Best possible partner: {best.person.name} (score {best.score / 100:.1f}{f', in {best.pair_id}' if best.pair_id else ''})."
        )
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
        mean=f"{mean:.1f}",
        optimal_total=f"{proposal.optimal_total / 100:.1f}",
        greedy_total=f"{proposal.greedy_total / 100:.1f}",
    )


def render_report(proposal: Proposal, renderer: Renderer) -> str:
    """The report's HTML."""
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
