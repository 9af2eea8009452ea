"""``playbook certificates COHORT``: one PDF certificate per participant who met the criteria.

Input: a loaded programme (``generator.loading.Loaded``: its ``certificates`` criteria, the cohort's
roster, session log and answers) and the cohort's training record (``completion.py``).
Output: ``reports/certificates/<cohort>/<person>.pdf`` (private: it names people; ``reports/`` is
git-ignored), drawn with WeasyPrint from the theme's ``certificate.html.j2``, in the programme's
language; each file written atomically, and certificates of people who no longer qualify removed.
Nothing is written when the criteria are missing or the training record has a bad row.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PlaybookError
from generator.i18n import language
from generator.loading import Loaded, as_of_date, build_epoch
from generator.model import Program
from generator.printing.pdf import document_language, html_to_pdf, stamp, write_pdf_file
from generator.progress.data import CohortData
from generator.progress.model import Cohort, cohort_tables, find_cohort
from generator.recognition.completion import Completion, completions, load_training
from generator.recognition.model import CertificateCriteria, certificate_criteria_of
from generator.templating import Renderer, theme_folders

CERTIFICATES_FOLDER = "certificates"


@dataclass(frozen=True)
class CertificateRun:
    """What ``playbook certificates`` did: every participant's completion and the files written."""

    cohort: Cohort
    people: tuple[Completion, ...]
    files: tuple[Path, ...]


def require_criteria(program: Program) -> CertificateCriteria:
    """The programme's criteria, or a located error saying how to set them."""
    criteria = certificate_criteria_of(program)
    if criteria is None:
        raise PlaybookError(
            "program.yaml", 0, 0, ("certificates",), "no certificate criteria; add a 'certificates:' section (see docs/format.md)."
        )
    return criteria


def file_stem(name: str) -> str:
    """A file name from a person's name: ``Zofia Wróbel`` → ``zofia-wrobel``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "participant"


def file_names(people: list[Completion]) -> list[str]:
    """A distinct file name per certified participant (``-2``, ``-3`` … after a repeated name).

    A numbered name is never one another participant's own name gives (``Sam Lee 2`` beside two ``Sam Lee``).
    """
    stems = [file_stem(item.person.name) for item in people]
    taken = set(stems)
    seen: set[str] = set()
    names = []
    for stem in stems:
        name, number = stem, 1
        while name in seen or (number > 1 and name in taken):
            number += 1
            name = f"{stem}-{number}"
        seen.add(name)
        names.append(f"{name}.pdf")
    return names


def render_certificate(renderer: Renderer, cohort: Cohort, item: Completion, awarded: datetime.date, signer: str, epoch: int) -> str:
    """The certificate's HTML, from the theme's ``certificate.html.j2``."""
    return renderer.render(
        "certificate.html.j2", cohort=cohort, item=item, awarded=awarded, signer=signer, created=stamp(epoch), **document_language()
    )


def signer_of(program: Program, criteria: CertificateCriteria) -> str:
    """Who awards the certificates: ``certificates.signed_by``, else the programme's contact, else the organisation."""
    return criteria.signed_by or (program.info.contact.name if program.info.contact else program.info.organisation)


def write_certificates(loaded: Loaded, cohort_id: str) -> CertificateRun:
    """Evaluate every participant of ``cohort_id`` and write the certificates of those who qualify."""
    program, project = loaded.program, loaded.project
    criteria = require_criteria(program)
    cohort = find_cohort(program, cohort_id)
    data = cohort_tables(loaded.data).get(cohort.id, CohortData())
    epoch = build_epoch(project)
    as_of = as_of_date(program, epoch)
    people = completions(program, criteria, cohort, data, load_training(project, program, cohort, data), as_of)
    certified = [item for item in people if item.certified]
    renderer = Renderer(theme_folders(project.root, program.info.theme), program)
    folder = project.reports_dir / CERTIFICATES_FOLDER / cohort.id
    written = []
    with language(program.info.language):
        for item, name in zip(certified, file_names(certified), strict=True):
            html = render_certificate(renderer, cohort, item, as_of, signer_of(program, criteria), epoch)
            write_pdf_file(folder / name, html_to_pdf(html))
            written.append(folder / name)
    _remove_others(folder, {path.name for path in written})
    return CertificateRun(cohort, tuple(people), tuple(written))


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Certificates of people who no longer qualify (or were renamed) are removed."""
    if folder.is_dir():
        for path in sorted(folder.glob("*.pdf")):
            if path.name not in keep:
                path.unlink()
