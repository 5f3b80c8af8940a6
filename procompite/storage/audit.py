"""Writing the audit trail, always inside the transaction of the change it records.

Each entry is chained to the one before it by its hash (:mod:`.audit_chain`), read and written
in that same transaction, so that ``verify --all`` finds an entry changed or deleted outside the
program.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.storage.audit_chain import last_hash, row_hash


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    db: Database,
    *,
    actor: str,
    action: str,
    table: str,
    row_id: int | None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    at: str | None = None,
) -> None:
    """Append one entry to ``audit_log``; call it inside the caller's ``db.atomic()``.

    The entry links to the hash of the last one, read in the same transaction: should another
    connection add an entry after that read, SQLite refuses this insert (the writer lock already
    keeps a second program out)."""
    entry = {
        "at": at or now_iso(),
        "actor": actor or "usuario",
        "action": action,
        "table_name": table,
        "row_id": None if row_id is None else int(row_id),
        "before": _json(before),
        "after": _json(after),
        "reason": reason,
    }
    with db.atomic():
        prev_hash = last_hash(db)
        db["audit_log"].insert(
            {**entry, "prev_hash": prev_hash, "hash": row_hash(entry, prev_hash)}
        )


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    actor: str
    action: str
    table: str
    row_id: int | None
    before: str
    after: str
    reason: str


TABLE_LABELS = {
    "conflict_declarations": "Declaración de conflicto",
    "evaluations": "Ficha de evaluación",
    "plan_verdicts": "Veredicto",
    "disagreement_notes": "Nota de discusión",
    "plan_allocations": "Cuadro de mérito",
    "dictamenes": "Dictamen",
    "actas": "Acta de evaluación",
    "settings": "Membrete",
    "committee_members": "Comité",
    "rubrics": "Rúbrica",
    "plans": "Plan de negocio",
    "organizations": "AEO",
    "calls": "Convocatoria",
    "call_chains": "Cadena de la convocatoria",
    "call_pool_transfers": "Transferencia entre fondos",
    "chains": "Cadena productiva",
    "prioritizations": "Priorización",
    "prioritization_signatories": "Firmantes de la priorización",
    "appeals": "Recurso",
    "document_signatures": "Firma digital",
}


def in_words(stored: str | None) -> str:
    """A stored before/after value as a reader says it: ``campo: valor; …`` instead of JSON."""
    if not stored:
        return ""
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    return _said(value)


def _said(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{str(key).replace('_', ' ')}: {_said(item)}" for key, item in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_said(item) for item in value) or "(ninguno)"
    if value is None or value == "":
        return "(vacío)"
    if value is True:
        return "sí"
    if value is False:
        return "no"
    return str(value)


def entries(db: Database, limit: int = 5000) -> list[Entry]:
    """The latest entries of the trail, newest first."""
    return [
        Entry(
            row["id"],
            datetime.fromisoformat(row["at"]).astimezone().strftime("%d/%m/%Y %H:%M"),
            row["actor"],
            row["action"],
            TABLE_LABELS.get(row["table_name"], row["table_name"]),
            row["row_id"],
            in_words(row["before"]),
            in_words(row["after"]),
            row["reason"],
        )
        for row in db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
    ]
