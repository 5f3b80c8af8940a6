"""Making a member's package: a copy of the origin file that keeps the call, its rubric, the
plans in evaluation with their AEO, padrón, budget, cash flow and documents, and the member
with their own declarations and sheets, and nothing else: no other member (their work, PIN
or notes), no verdicts, documents issued, follow-up of funded plans, audit trail, or plans of
other calls. The copy is written with ``VACUUM INTO``, so that no deleted row survives in its
free pages."""

import secrets
import sqlite3
import tempfile
from pathlib import Path

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.committee import member, set_pin
from procompite.evaluation.packages import content as package
from procompite.storage import audit
from procompite.storage.settings import is_package, save_setting, setting

FILE_ID = "file_id"
EVALUATED = "('admitido', 'en_evaluacion', 'evaluado', 'observado')"

# What a package leaves out, table by table (``None``: every row).
PRUNED = {
    "audit_log": None,
    "drafts": None,
    "dictamenes": None,
    "document_signatures": None,
    "actas": None,
    "appeals": None,
    "plan_corrections": None,
    "plan_allocations": None,
    "plan_verdicts": None,
    "disagreement_notes": None,
    "evaluation_packages": None,
    "visit_values": None,
    "visits": None,
    "delivery_items": None,
    "deliveries": None,
    "purchases": None,
    "plan_milestones": None,
    "plan_closures": None,
    "agreements": None,
    "followup_indicators": None,
    "scores": "evaluation_id IN (SELECT id FROM evaluations WHERE committee_member_id != :member)",
    "evaluations": "committee_member_id != :member",
    "conflict_declarations": "committee_member_id != :member",
    "committee_members": "id != :member",
    "plan_budget_lines": "plan_id IN (SELECT id FROM plans WHERE {outside})",
    "plan_cash_flows": "plan_id IN (SELECT id FROM plans WHERE {outside})",
    "plan_documents": "plan_id IN (SELECT id FROM plans WHERE {outside})",
    "plan_admissions": "plan_id IN (SELECT id FROM plans WHERE {outside})",
    "plans": "{outside}",
    "members": "organization_id NOT IN (SELECT organization_id FROM plans)",
    "organizations": "id NOT IN (SELECT organization_id FROM plans)",
}
OUTSIDE = f"call_id != :call OR status NOT IN {EVALUATED}"


def file_identity(db: Database) -> str:
    """The origin file's identity, made the first time a package is asked of it."""
    if not (identity := setting(db, FILE_ID)):
        identity = secrets.token_hex(16)
        save_setting(db, FILE_ID, identity)
    return identity


def _problems(db: Database, call_id: int, member_id: int, pin: str) -> list[Problem]:
    if is_package(db):
        return [
            Problem(
                "Archivo", "Un paquete se crea en el archivo de la secretaría, no en otro paquete."
            )
        ]
    problems = []
    who = member(db, member_id)
    if who.call_id != call_id:
        problems.append(
            Problem("Miembro", f"{who.full_name} no integra el comité de esta convocatoria.")
        )
    if len(pin) < 4 or not (pin.isascii() and pin.isdigit()):
        problems.append(
            Problem("PIN", "El PIN del paquete tiene al menos 4 dígitos, solo números.")
        )
    if not db.execute(
        f"SELECT 1 FROM plans WHERE call_id = ? AND status IN {EVALUATED} LIMIT 1", [call_id]
    ).fetchone():
        problems.append(Problem("Planes", "La convocatoria no tiene planes en evaluación."))
    return problems


def _prune(conn: sqlite3.Connection, call_id: int, member_id: int) -> None:
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    values = {"call": call_id, "member": member_id}
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, where in PRUNED.items():
        if table in tables:
            condition = (where or "1").format(outside=OUTSIDE)
            conn.execute(f"DELETE FROM {table} WHERE {condition}", values)
    conn.execute("DELETE FROM settings WHERE key LIKE 'package_%' OR key = ?", [FILE_ID])
    for _, sql in triggers:
        conn.execute(sql)
    if problems := conn.execute("PRAGMA foreign_key_check").fetchall():
        raise RuntimeError(f"el paquete quedaría con referencias rotas: {problems[:3]}")


def create_package(
    db: Database, call_id: int, member_id: int, pin: str, out: Path, *, actor: str
) -> str:
    """Write ``out``, the package of ``member_id`` for ``call_id``; return its identity."""
    require_stage(db, call_id, "calificar")
    if problems := _problems(db, call_id, member_id, pin):
        raise ValidationError(problems)
    identity = file_identity(db)
    package_id = secrets.token_hex(16)
    salt = secrets.token_hex(16)
    key = package.seal_key(pin, salt)
    at = now_iso()
    base = package.member_work(db, call_id, member_id)
    out = Path(out)
    with tempfile.TemporaryDirectory(dir=out.parent) as folder:
        copy = Path(folder) / "copia.db"
        target = sqlite3.connect(copy)
        db.conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        with target:
            _prune(target, call_id, member_id)
        packed = Path(folder) / out.name
        target.execute("VACUUM INTO ?", [str(packed)])
        target.close()
        packed_db = Database(sqlite3.connect(packed))
        try:
            with packed_db.atomic():
                for key_name, value in {
                    package.PACKAGE_ID: package_id,
                    package.PACKAGE_CALL: str(call_id),
                    package.PACKAGE_MEMBER: str(member_id),
                    package.PACKAGE_ORIGIN: identity,
                    package.PACKAGE_ORIGIN_NAME: setting(db, "entity_name"),
                    package.PACKAGE_CREATED: at,
                    package.PACKAGE_SALT: salt,
                    package.PACKAGE_REVISION: "0",
                }.items():
                    save_setting(packed_db, key_name, value)
                set_pin(packed_db, member_id, pin, actor=actor)
        finally:
            packed_db.close()
        with db.atomic():
            db["evaluation_packages"].insert(
                {
                    "id": package_id,
                    "call_id": call_id,
                    "committee_member_id": member_id,
                    "created_at": at,
                    "created_by": actor,
                    "key_salt": salt,
                    "seal_key": key,
                    "base": package.canonical(base),
                }
            )
            audit.record(
                db,
                actor=actor,
                action="crear paquete de evaluación",
                table="evaluation_packages",
                row_id=None,
                after={"paquete": package_id, "miembro": member(db, member_id).full_name},
                at=at,
            )
        packed.replace(out)
    return package_id
