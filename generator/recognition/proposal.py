"""A story proposed through a survey: the answer of a ``story`` question, and its review-queue file.

Input: the raw answer of a ``story`` question (a JSON object, or its text, with ``consent``
``named`` or ``anonymous``, ``quote`` and, when named, the ``name`` to publish), and, for the
queue, a checked survey ``Response``.
Output: ``story_answer`` (the canonical answer text stored with the response, or a ``ValueError``
saying what is wrong), and ``queue_file`` (a story file for ``reports/stories/queue/``, in the
format of ``content/stories/*.md``: a lead reviews it and moves it there to publish it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml

PROPOSED_CONSENTS = ("named", "anonymous")
MAX_NAME = 100
QUEUE_FOLDER = ("stories", "queue")


def _fields(raw: object, max_length: int) -> Mapping[str, Any]:
    if isinstance(raw, Mapping):
        return raw
    if not isinstance(raw, str):
        raise ValueError("expected a story: consent, quote and (when named) a name")
    if len(raw) > 4 * max_length + 200:
        raise ValueError(f"the story is too long; at most {max_length} characters")
    try:
        found = json.loads(raw)
    except ValueError:
        raise ValueError("expected a story as a JSON object with consent, quote and name") from None
    if not isinstance(found, dict):
        raise ValueError("expected a story as a JSON object with consent, quote and name")
    return found


def _text(fields: Mapping[str, Any], key: str, limit: int) -> str:
    value = fields.get(key) or ""
    if not isinstance(value, str):
        raise ValueError(f"the story's {key} must be text")
    value = " ".join(value.split())
    if "\x00" in value:
        raise ValueError(f"the story's {key} contains a NUL character")
    if len(value) > limit:
        raise ValueError(f"the story's {key} has {len(value)} characters; at most {limit} are allowed")
    return value


def story_answer(raw: object, max_length: int) -> str | None:
    """The canonical answer text (sorted JSON); None when the respondent proposed no story."""
    fields = _fields(raw, max_length)
    unknown = sorted(set(fields) - {"consent", "quote", "name"})
    if unknown:
        raise ValueError(f"unknown part '{unknown[0]}' in the story; it has consent, quote and name")
    consent, quote, name = _text(fields, "consent", 20), _text(fields, "quote", max_length), _text(fields, "name", MAX_NAME)
    if not consent and not quote:
        return None
    if consent not in PROPOSED_CONSENTS:
        raise ValueError(f"'{consent}' is not a consent; choose named or anonymous")
    if not quote:
        raise ValueError("the story has no quote; write a sentence or two")
    if consent == "anonymous" and name:
        raise ValueError("an anonymous story must not carry a name; leave the name empty or choose named")
    return json.dumps({"consent": consent, "name": name, "quote": quote}, sort_keys=True, ensure_ascii=False)


def queue_file(answer: str, cohort: str, role: str, day: str, source: str) -> str:
    """A story file for the review queue, from a canonical answer (``story_answer``)."""
    fields = json.loads(answer)
    front: dict[str, Any] = {"cohort": cohort, "roles": [role], "consent": fields["consent"], "date": day, "quote": fields["quote"]}
    if fields["consent"] == "named":
        front["name"] = fields["name"] or "WRITE THE NAME TO PUBLISH"
    text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100)
    note = (
        f"# Proposed through {source}. Review it: check the quote, and the name against the consent.\n"
        "# To publish it, move this file into content/stories/; to decline it, delete this file.\n"
    )
    return f"---\n{note}{text}---\n"
