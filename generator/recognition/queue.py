"""The private review queue of proposed stories: ``reports/stories/queue/*.md``.

Input: checked survey ``Response`` objects (from ``playbook ingest``) and the ``Program``.
Output: the responses without their story answers (a story never lands in
``content/cohorts/<cohort>/responses.csv``), the story files to queue, and ``write_queue``, which
writes them atomically under ``reports/`` (git-ignored, never part of ``site/``). A lead publishes
one by moving it into ``content/stories/``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.model import Program
from generator.project import Project
from generator.recognition.proposal import QUEUE_FOLDER, queue_file
from generator.surveys.answers import find_survey
from generator.surveys.canonical import Response
from generator.write import write_if_changed


@dataclass(frozen=True)
class Proposal:
    """A story proposed in one response: the response it came from and the queue file's name and text."""

    response: Response
    file_name: str
    text: str


def split_stories(responses: Iterable[Response], program: Program) -> tuple[list[Response], list[Proposal]]:
    """Each response without its story answers, and the proposals taken out of them."""
    kept, proposals = [], []
    for response in responses:
        survey = find_survey(program, response.survey)
        story_ids = [question.id for question in survey.questions if question.type == "story"] if survey else []
        told = [(question, response.answers[question]) for question in story_ids if response.answers.get(question)]
        stripped = dataclasses.replace(response, answers={**response.answers, **dict.fromkeys(story_ids)}) if story_ids else response
        kept.append(stripped)
        for question, answer in told:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{response.response_id}-{question}") + ".md"
            text = queue_file(
                str(answer), response.cohort, response.role, response.submitted_at.date().isoformat(), f"survey {response.survey}"
            )
            proposals.append(Proposal(stripped, name, text))
    return kept, proposals


def queue_folder(project: Project) -> Path:
    return project.reports_dir.joinpath(*QUEUE_FOLDER)


def write_queue(project: Project, proposals: Iterable[Proposal]) -> list[Path]:
    """Write each proposal to the review queue (atomically); returns the files written."""
    written = []
    for proposal in proposals:
        path = queue_folder(project) / proposal.file_name
        if write_if_changed(path, proposal.text.encode("utf-8")):
            written.append(path)
    return written
