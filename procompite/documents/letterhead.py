"""The letterhead of every printed document: the entity's name and logo, kept in the database
settings so that the file carries them from one laptop to another."""

import base64
import binascii
import io
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit
from procompite.storage.settings import setting

NAME_KEY = "entity_name"
LOGO_KEY = "entity_logo"
MAX_LOGO_BYTES = 1_000_000


@dataclass(frozen=True)
class Letterhead:
    entity: str = ""
    logo: bytes | None = None


def letterhead(db: Database) -> Letterhead:
    return Letterhead(entity_name(db), entity_logo(db))


def entity_name(db: Database, default: str = "") -> str:
    return setting(db, NAME_KEY) or default


def entity_logo(db: Database) -> bytes | None:
    """The logo as PNG or JPEG bytes, or ``None`` when none is set (or the stored one is bad)."""
    stored = setting(db, LOGO_KEY)
    if not stored:
        return None
    try:
        return base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError):
        return None


def logo_problem(data: bytes) -> str | None:
    if len(data) > MAX_LOGO_BYTES:
        return "La imagen pesa más de 1 MB; use una versión más pequeña."
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:
        return "El archivo no es una imagen PNG o JPEG que se pueda leer."
    if not width or not height:
        return "La imagen está vacía."
    return None


def save_letterhead(db: Database, name: str, logo: bytes | None, *, actor: str) -> None:
    """Store the entity's name and logo (``None`` removes the logo), in one transaction."""
    name = name.strip()
    problems = []
    if not name:
        problems.append(Problem("Entidad", "Escriba el nombre de la entidad."))
    if logo is not None and (message := logo_problem(logo)):
        problems.append(Problem("Logo", message))
    if problems:
        raise ValidationError(problems)
    before = {"entidad": entity_name(db), "logo": entity_logo(db) is not None}
    with db.atomic():
        db["settings"].upsert({"key": NAME_KEY, "value": name}, pk="key")
        if logo is None:
            db.execute("DELETE FROM settings WHERE key = ?", [LOGO_KEY])
        else:
            encoded = base64.b64encode(logo).decode()
            db["settings"].upsert({"key": LOGO_KEY, "value": encoded}, pk="key")
        audit.record(
            db,
            actor=actor,
            action="cambiar membrete",
            table="settings",
            row_id=None,
            before=before,
            after={"entidad": name, "logo": logo is not None},
        )
