"""The committee of a call: its members and the optional PIN that keeps each one's scores theirs.

Only a salted PBKDF2 hash of a PIN is stored; the PIN itself never reaches the database.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.errors import Problem, ValidationError
from procompite.common.identifiers import dni_problem
from procompite.common.labels import COMMITTEE_ROLE
from procompite.storage import audit

PIN_ITERATIONS = 200_000
MIN_PIN_LENGTH = 4
MEMBER_FIELDS = ("full_name", "dni", "role", "institution")


@dataclass(frozen=True)
class CommitteeMember:
    id: int
    call_id: int
    full_name: str
    dni: str
    role: str
    institution: str
    has_pin: bool

    @property
    def role_label(self) -> str:
        return COMMITTEE_ROLE.get(self.role, self.role)

    @property
    def leads(self) -> bool:
        """The presidency and the technical secretariat consolidate and issue documents."""
        return self.role in ("presidente", "secretario_tecnico")


def _member(row: dict[str, Any]) -> CommitteeMember:
    return CommitteeMember(
        row["id"],
        row["call_id"],
        row["full_name"],
        row["dni"],
        row["role"],
        row["institution"],
        row["pin_hash"] is not None,
    )


def members(db: Database, call_id: int) -> list[CommitteeMember]:
    return [
        _member(row)
        for row in db["committee_members"].rows_where("call_id = ?", [call_id], order_by="position")
    ]


def member(db: Database, member_id: int) -> CommitteeMember:
    return _member(db["committee_members"].get(member_id))


def member_problems(db: Database, call_id: int, record: dict[str, Any], member_id: int | None):
    problems = []
    if not str(record.get("full_name") or "").strip():
        problems.append(Problem("Nombre", "Escriba el nombre completo del miembro."))
    dni = str(record.get("dni") or "").strip()
    if message := dni_problem(dni):
        problems.append(Problem("DNI", message))
    elif db.execute(
        "SELECT 1 FROM committee_members WHERE call_id = ? AND dni = ? AND id IS NOT ?",
        [call_id, dni, member_id],
    ).fetchone():
        problems.append(Problem("DNI", f"El DNI {dni} ya es de otro miembro de este comité."))
    if record.get("role") not in COMMITTEE_ROLE:
        problems.append(Problem("Cargo", "Elija presidencia, miembro o secretaría técnica."))
    return problems


def save_member(
    db: Database,
    call_id: int,
    record: dict[str, Any],
    member_id: int | None = None,
    *,
    actor: str = "usuario",
) -> int:
    """Add a member to the call's committee or correct one; returns its id."""
    require_stage(db, call_id, "cambiar comité")
    record = {key: str(record.get(key) or "").strip() for key in MEMBER_FIELDS}
    if problems := member_problems(db, call_id, record, member_id):
        raise ValidationError(problems)
    with db.atomic():
        if member_id is None:
            position = db.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM committee_members WHERE call_id = ?",
                [call_id],
            ).fetchone()[0]
            member_id = (
                db["committee_members"]
                .insert(record | {"call_id": call_id, "position": position})
                .last_pk
            )
            before = None
        else:
            row = db["committee_members"].get(member_id)
            before = {key: row[key] for key in MEMBER_FIELDS}
            db["committee_members"].update(member_id, record)
        audit.record(
            db,
            actor=actor,
            action="registrar miembro del comité" if before is None else "corregir miembro",
            table="committee_members",
            row_id=member_id,
            before=before,
            after=record,
        )
    return member_id


def remove_member(db: Database, member_id: int, *, actor: str = "usuario") -> None:
    """Take a member off the committee, only while they have declared and scored nothing."""
    require_stage(db, db["committee_members"].get(member_id)["call_id"], "cambiar comité")
    used = db.execute(
        "SELECT (SELECT count(*) FROM evaluations WHERE committee_member_id = :id) + "
        "(SELECT count(*) FROM conflict_declarations WHERE committee_member_id = :id)",
        {"id": member_id},
    ).fetchone()[0]
    row = db["committee_members"].get(member_id)
    if used:
        raise ValidationError(
            [
                Problem(
                    row["full_name"],
                    "ya declaró o calificó planes; no puede quitarse del comité.",
                )
            ]
        )
    with db.atomic():
        db["committee_members"].delete(member_id)
        audit.record(
            db,
            actor=actor,
            action="quitar miembro del comité",
            table="committee_members",
            row_id=member_id,
            before={key: row[key] for key in MEMBER_FIELDS},
        )


def _hash(pin: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PIN_ITERATIONS).hex()


def set_pin(db: Database, member_id: int, pin: str | None, *, actor: str = "usuario") -> None:
    """Set, change or (with ``None``) remove a member's PIN."""
    if pin is not None and (len(pin) < MIN_PIN_LENGTH or not (pin.isascii() and pin.isdigit())):
        raise ValidationError(
            [Problem("PIN", f"Use al menos {MIN_PIN_LENGTH} dígitos, solo números.")]
        )
    salt = secrets.token_hex(16) if pin is not None else None
    with db.atomic():
        db["committee_members"].update(
            member_id, {"pin_salt": salt, "pin_hash": _hash(pin, salt) if pin else None}
        )
        audit.record(
            db,
            actor=actor,
            action="fijar PIN" if pin is not None else "quitar PIN",
            table="committee_members",
            row_id=member_id,
        )


def pin_matches(db: Database, member_id: int, pin: str) -> bool:
    """Whether ``pin`` opens the member's session; true for a member without a PIN."""
    row = db["committee_members"].get(member_id)
    if row["pin_hash"] is None:
        return True
    return hmac.compare_digest(_hash(pin, row["pin_salt"]), row["pin_hash"])
