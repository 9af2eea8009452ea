"""The name a page shows for an id: declared, built in, a survey option's label, or readable.

Input: the ``Program`` (its ``labels`` and ``surveys`` sections), a kind and a value.
Output: ``Names(program)`` (call it with a kind and a value) and ``name_of``. Order: the ``labels`` section; for statuses the
built-in translatable names; the label of a survey choice whose value is the id (the intake
survey names skills and levels this way); else the value itself when it is already words
(a roster's "Customer service"), or an id made readable ("early-career" → "Early career").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.i18n import N_
from generator.i18n import gettext as _
from generator.labels.model import Kind, labels_of
from generator.model import Program
from generator.surveys.model import surveys_of

ID_LIKE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
STATUSES = {
    "active": N_("active"),
    "completed": N_("completed"),
    "ended-early": N_("ended early"),
    "on-track": N_("on track"),
    "behind-plan": N_("behind plan"),
    "silent": N_("silent"),
}


def _key(value: str) -> str:
    """A status written with spaces ("on track") or as an id ("on-track") has one key."""
    return value.strip().replace(" ", "-")


def _option_labels(program: Program) -> Iterator[tuple[str, str]]:
    for survey in surveys_of(program) if "surveys" in program.sections else ():
        for question in survey.questions:
            for choice in question.choices:
                yield str(choice.value), choice.label


def readable(value: str) -> str:
    """An id as words: "early-career" → "Early career"; anything else unchanged."""
    if not ID_LIKE.match(value):
        return value
    words = re.sub(r"[-_]+", " ", value)
    return words[:1].upper() + words[1:]


class Names:
    """Names for one programme; the survey options are read once."""

    def __init__(self, program: Program) -> None:
        self.labels = labels_of(program)
        self.options = dict(reversed(list(_option_labels(program))))  # the first survey to name a value wins

    def __call__(self, kind: Kind, value: str) -> str:
        """The name shown for ``value``, an id of ``kind`` (or already a name)."""
        declared = self.labels.declared(kind)
        key = _key(value) if kind == "status" else value
        if key in declared:
            return declared[key]
        if kind == "status":
            return _(STATUSES[key]) if key in STATUSES else readable(value)
        return self.options.get(value) or readable(value)


def name_of(program: Program, kind: Kind, value: str) -> str:
    """The name shown for ``value``, an id of ``kind`` (or already a name)."""
    return Names(program)(kind, value)
