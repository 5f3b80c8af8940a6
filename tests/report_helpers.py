"""Helpers shared by the report tests: issuing the demo's documents and reading PDFs back."""

import io
from datetime import date

from pypdf import PdfReader

from procompite.documents.actas import ActaSession, issue_acta
from procompite.documents.dictamenes import issue_dictamenes, issue_problems
from procompite.evaluation.results import call_results

ISSUED_ON = date(2026, 11, 21)


def issue_ready(db) -> list[str]:
    """Issue the dictamen of every demo plan that is ready; returns the numbers."""
    ready = [p.plan_id for p in call_results(db, 1, ISSUED_ON).plans if not issue_problems(p)]
    return issue_dictamenes(db, 1, ready, actor="Secretaría", on=ISSUED_ON)


def prepare_demo_acta(db) -> None:
    """Leave out the plans the demo has not finished evaluating and issue all the others."""
    with db.atomic():
        db.execute(
            "UPDATE plans SET status = 'registrado' WHERE status IN ('admitido', 'en_evaluacion')"
        )
    issue_ready(db)


def issue_demo_acta(db, session: ActaSession | None = None) -> str:
    """Leave out the plans the demo has not finished evaluating, issue all, then the acta
    (with ``session``, its hours and absences)."""
    prepare_demo_acta(db)
    return issue_acta(db, 1, actor="Secretaría", on=ISSUED_ON, session=session)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
