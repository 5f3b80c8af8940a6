"""Writing the audit trail, always inside the transaction of the change it records."""

import json
from typing import Any

from sqlite_utils import Database

from procompite.clock import now_iso


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
    """Append one entry to ``audit_log``; call it inside the caller's ``db.atomic()``."""
    db["audit_log"].insert(
        {
            "at": at or now_iso(),
            "actor": actor or "usuario",
            "action": action,
            "table_name": table,
            "row_id": row_id,
            "before": _json(before),
            "after": _json(after),
            "reason": reason,
        }
    )
