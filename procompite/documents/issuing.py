"""What every issued document shares: its next number, the verification code derived from its
snapshot, and storing it with that snapshot. Dictámenes and actas are issued through it."""

import hashlib
import json
from datetime import date

from sqlite_utils import Database


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def verification_code(snapshot: dict) -> str:
    """Sixteen hex digits of the SHA-256 of the snapshot, in groups of four."""
    digest = hashlib.sha256(canonical(snapshot).encode()).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def numbered(db: Database, table: str, prefix: str, digits: int) -> str:
    """The next number ``PREFIX-0001`` among the documents of ``table`` with that prefix."""
    issued = db.execute(
        f"SELECT count(*) FROM {table} WHERE substr(number, 1, ?) = ?",
        [len(prefix) + 1, prefix + "-"],
    ).fetchone()[0]
    return f"{prefix}-{issued + 1:0{digits}d}"


def store_issued(
    db: Database, table: str, owner: dict, number: str, on: date, snapshot: dict
) -> tuple[int, str]:
    """Insert an issued document with its canonical snapshot; returns its id and code."""
    code = verification_code(snapshot)
    row_id = (
        db[table]
        .insert(
            owner
            | {
                "number": number,
                "issued_on": on.isoformat(),
                "snapshot": canonical(snapshot),
                "verification_code": code,
            }
        )
        .last_pk
    )
    return row_id, code
