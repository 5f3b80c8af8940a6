"""The letterhead an issued document was printed with, frozen in its snapshot.

An issued dictamen or acta prints, every time, the entity's name and logo as they were when it
was issued: the snapshot holds the name and the logo's SHA-256, and the logo itself is kept in
the settings under that digest (the same image is stored once however many documents use it).
A later change of letterhead applies to new documents only. Documents issued before letterheads
were frozen (no ``membrete`` in their snapshot) print with the current one.
"""

import base64
import binascii
import hashlib

from sqlite_utils import Database

from procompite.calls.entity import Letterhead, letterhead
from procompite.storage.settings import setting

KEY = "membrete"
LOGO_PREFIX = "issued_logo:"


def _digest(logo: bytes) -> str:
    return hashlib.sha256(logo).hexdigest()


def frozen_letterhead(db: Database) -> dict[str, str | None]:
    """The current letterhead as a snapshot part; keeps its logo under its digest."""
    head = letterhead(db)
    digest = None
    if head.logo:
        digest = _digest(head.logo)
        db.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            [LOGO_PREFIX + digest, base64.b64encode(head.logo).decode()],
        )
    return {"entidad": head.entity, "logo_sha256": digest}


def current_letterhead_part(db: Database) -> dict[str, str | None]:
    """The current letterhead as it would enter a snapshot, without storing anything."""
    head = letterhead(db)
    return {"entidad": head.entity, "logo_sha256": _digest(head.logo) if head.logo else None}


def _stored_logo(db: Database, digest: str) -> bytes | None:
    stored = setting(db, LOGO_PREFIX + digest)
    if not stored:
        return None
    try:
        logo = base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError):
        return None
    return logo if _digest(logo) == digest else None


def document_letterhead(db: Database, snapshot: dict) -> Letterhead:
    """The letterhead to print a document with: the one frozen in it, else the current one."""
    frozen = snapshot.get(KEY)
    if not frozen:
        return letterhead(db)
    digest = frozen.get("logo_sha256")
    return Letterhead(frozen.get("entidad") or "", _stored_logo(db, digest) if digest else None)


def logo_problem(db: Database, snapshot: dict) -> str | None:
    """Why the frozen logo of a document cannot be printed as issued, or ``None``."""
    frozen = snapshot.get(KEY) or {}
    digest = frozen.get("logo_sha256")
    if digest and _stored_logo(db, digest) is None:
        return "El logo con que se emitió el documento falta o fue alterado en la base de datos."
    return None
