"""The dictamen of a plan as it is printed: the issued one (its frozen snapshot, number and
verification code), or a draft of the current data when none is in force."""

import json
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.documents.dictamen_snapshot import current_snapshot
from procompite.documents.letterheads import document_letterhead
from procompite.evaluation.results import IN_EVALUATION

DRAFT_NUMBER = "BORRADOR"


@dataclass(frozen=True)
class DictamenDocument:
    """One dictamen ready to print: issued (number and code) or a draft of the current data;
    ``head`` is the letterhead it was issued with (``None``: the current one)."""

    plan_id: int
    snapshot: dict
    code: str = ""
    head: Letterhead | None = None

    @property
    def draft(self) -> bool:
        return not self.code

    @property
    def number(self) -> str:
        return self.snapshot["numero"]

    @property
    def plan_code(self) -> str:
        return self.snapshot["plan"]["codigo"]

    @property
    def file_name(self) -> str:
        label = "borrador" if self.draft else self.number
        return f"dictamen_{self.plan_code}_{label}.pdf".replace("/", "-")


def load_dictamen(db: Database, plan_id: int, today: date | None = None) -> DictamenDocument:
    """The plan's issued dictamen, or a draft of the current data when none is in force.

    Raises ``LookupError`` when the plan is not in evaluation (there is nothing to dictaminar).
    """
    row = db.execute(
        "SELECT snapshot, verification_code FROM dictamenes "
        "WHERE plan_id = ? AND status = 'emitido' ORDER BY id DESC LIMIT 1",
        [plan_id],
    ).fetchone()
    if row:
        return issued_dictamen(db, plan_id, row[0], row[1])
    snapshot = current_snapshot(db, plan_id, DRAFT_NUMBER, today or date.today())
    return DictamenDocument(plan_id, snapshot)


def issued_dictamen(db: Database, plan_id: int, stored: str, code: str) -> DictamenDocument:
    snapshot = json.loads(stored)
    return DictamenDocument(plan_id, snapshot, code, document_letterhead(db, snapshot))


def call_dictamenes(
    db: Database, call_id: int, *, drafts: bool = False, today: date | None = None
) -> list[DictamenDocument]:
    """The issued dictámenes of a call in order of plan code; with ``drafts``, also a draft for
    every plan in evaluation that has none."""
    documents = [
        issued_dictamen(db, plan_id, snapshot, code)
        for plan_id, snapshot, code in db.execute(
            "SELECT d.plan_id, d.snapshot, d.verification_code FROM dictamenes d "
            "JOIN plans p ON p.id = d.plan_id "
            "WHERE p.call_id = ? AND d.status = 'emitido' ORDER BY p.code, d.id",
            [call_id],
        )
    ]
    if drafts:
        issued = {document.plan_id for document in documents}
        pending = db.execute(
            f"SELECT id FROM plans WHERE call_id = ? AND status IN {IN_EVALUATION} ORDER BY code",
            [call_id],
        ).fetchall()
        documents += [
            load_dictamen(db, plan_id, today) for (plan_id,) in pending if plan_id not in issued
        ]
        documents.sort(key=lambda document: document.plan_code)
    return documents
