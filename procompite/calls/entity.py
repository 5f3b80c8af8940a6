"""The entity that runs this file's competitions (its kind, name and place) and its letterhead,
the name and logo printed on every document, kept in the database
settings so that the file carries them from one laptop to another."""

import base64
import binascii
import io
from dataclasses import dataclass

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit
from procompite.storage.settings import save_setting, setting

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
    from reportlab.lib.utils import ImageReader

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
        save_setting(db, NAME_KEY, name)
        if logo is None:
            db.execute("DELETE FROM settings WHERE key = ?", [LOGO_KEY])
        else:
            save_setting(db, LOGO_KEY, base64.b64encode(logo).decode())
        audit.record(
            db,
            actor=actor,
            action="cambiar membrete",
            table="settings",
            row_id=None,
            before=before,
            after={"entidad": name, "logo": logo is not None},
        )


ENTITY_KINDS = {
    "regional": "Gobierno Regional",
    "provincial": "Municipalidad provincial",
    "distrital": "Municipalidad distrital",
}
KIND_KEY = "entity_kind"
PLACE_KEY = "entity_ubigeo"


@dataclass(frozen=True)
class Entity:
    """Who runs the competitions of a file: a regional government (its department) or a
    municipality (its province or district)."""

    kind: str
    name: str
    department: str
    province: str = ""
    district: str = ""

    @property
    def ubigeo(self) -> str:
        return {"regional": self.department, "provincial": self.province}.get(
            self.kind, self.district
        )


def entity_problems(db: Database, entity: Entity) -> list[Problem]:
    """What is wrong with the entity, each on its field: the kind, the name and the place
    (department, and the province or district of a municipality), by its INEI code."""
    problems = []
    if entity.kind not in ENTITY_KINDS:
        options = ", ".join(ENTITY_KINDS)
        problems.append(Problem("Tipo de entidad", f"«{entity.kind}» no es uno de: {options}."))
    if not entity.name.strip():
        problems.append(Problem("Entidad", "Escriba el nombre de la entidad."))
    places = (
        ("Departamento", "departments", entity.department, 2),
        ("Provincia", "provinces", entity.province, 4),
        ("Distrito", "districts", entity.district, 6),
    )
    needed = {"regional": 1, "provincial": 2, "distrital": 3}.get(entity.kind, 1)
    for label, table, code, digits in places[:needed]:
        if not code:
            problems.append(Problem(label, f"Indique el código INEI ({digits} cifras)."))
        elif not db.execute(f"SELECT 1 FROM {table} WHERE ubigeo = ?", [code]).fetchone():
            problems.append(Problem(label, f"No existe el código INEI «{code}»."))
    parent = entity.department
    for label, code in (("Provincia", entity.province), ("Distrito", entity.district)):
        if code and parent and not code.startswith(parent):
            problems.append(Problem(label, f"El código «{code}» no está dentro de «{parent}»."))
        parent = code or parent
    return problems


def save_entity(db: Database, entity: Entity, logo: bytes | None, *, actor: str) -> None:
    """Store the entity and its letterhead, or raise ``ValidationError`` with every problem."""
    if problems := entity_problems(db, entity):
        raise ValidationError(problems)
    with db.atomic():
        save_letterhead(db, entity.name, logo, actor=actor)
        save_setting(db, KIND_KEY, entity.kind)
        save_setting(db, PLACE_KEY, entity.ubigeo)
        audit.record(
            db,
            actor=actor,
            action="fijar entidad",
            table="settings",
            row_id=None,
            after={
                "tipo": ENTITY_KINDS[entity.kind],
                "entidad": entity.name,
                "ubigeo": entity.ubigeo,
            },
        )
