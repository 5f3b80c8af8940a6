"""Unsaved drafts of the long forms, kept while the user types and offered back after a crash."""

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso

KINDS = {"plan": "Plan de negocio", "calificacion": "Calificación"}


@dataclass(frozen=True)
class Draft:
    kind: str
    key: str
    label: str
    payload: dict[str, Any]
    saved_at: str


def _draft(row) -> Draft:
    kind, key, label, payload, saved_at = row
    return Draft(kind, key, label, json.loads(payload), saved_at)


def keep_draft(db: Database, kind: str, key: str, label: str, payload: dict[str, Any]) -> None:
    """Store what a form holds now (one statement: the previous draft or this one, never half)."""
    with db.atomic():
        db.execute(
            "INSERT INTO drafts (kind, key, label, payload, saved_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET label = excluded.label, "
            "payload = excluded.payload, saved_at = excluded.saved_at",
            [kind, key, label, json.dumps(payload, ensure_ascii=False), now_iso()],
        )


def find_draft(db: Database, kind: str, key: str) -> Draft | None:
    row = db.execute(
        "SELECT kind, key, label, payload, saved_at FROM drafts WHERE kind = ? AND key = ?",
        [kind, key],
    ).fetchone()
    return _draft(row) if row else None


def drop_draft(db: Database, kind: str, key: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM drafts WHERE kind = ? AND key = ?", [kind, key])


def pending_drafts(db: Database) -> list[Draft]:
    """Every draft left behind, oldest first."""
    return [
        _draft(row)
        for row in db.execute(
            "SELECT kind, key, label, payload, saved_at FROM drafts ORDER BY saved_at, kind, key"
        )
    ]
