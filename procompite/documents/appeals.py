"""Appeals (recursos) against a plan's result, and the committee's resolution of each.

An appeal contests an issued dictamen: who filed it, when, on what grounds and with which
documents. When it is filed its deadline is computed from the call's legal terms (working days
from the notification, :mod:`procompite.calls.legal`) and whether it came on time is kept. The
committee resolves it **fundado**, **infundado** or **improcedente** (a late appeal can only be
improcedente), with reasons, in a numbered resolution with its own frozen snapshot and
verification code, which never changes. A founded appeal reopens the contested dictamen, so the
committee evaluates the plan again and issues a new dictamen; the earlier one stays in the record,
marked reopened, with the resolution as its reason.
"""

import json
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.legal import appeal_deadline, stored_legal
from procompite.common.clock import now_iso
from procompite.common.dates import format_long
from procompite.common.errors import Problem, ValidationError
from procompite.documents.dictamenes import reopen_dictamen
from procompite.documents.issuing import canonical, numbered, verification_code
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import frozen_letterhead
from procompite.documents.snapshot_parts import (
    call_identity,
    dated_number,
    legal_part,
    member_entry,
)
from procompite.evaluation.committee import members
from procompite.storage import audit

DECISIONS = {
    "fundado": "FUNDADO",
    "infundado": "INFUNDADO",
    "improcedente": "IMPROCEDENTE",
}
EFFECTS = {
    "fundado": (
        "Se reabre el dictamen {dictamen} para que el comité evalúe de nuevo el plan {plan} y "
        "emita un nuevo dictamen; el dictamen reabierto queda en el expediente."
    ),
    "infundado": "El dictamen {dictamen} queda firme en todos sus extremos.",
    "improcedente": "El dictamen {dictamen} queda firme; el recurso no se examina en el fondo.",
}


@dataclass(frozen=True)
class Appeal:
    id: int
    plan_code: str
    dictamen: str
    appellant: str
    filed_on: date
    deadline: date
    on_time: bool
    decision: str | None
    number: str | None

    def __str__(self) -> str:
        timing = "en plazo" if self.on_time else "FUERA DE PLAZO"
        state = (
            f"resuelto {DECISIONS[self.decision]} ({self.number})"
            if self.decision
            else "por resolver"
        )
        return (
            f"Recurso {self.id}: {self.appellant} contra el dictamen {self.dictamen} del plan "
            f"{self.plan_code}, presentado el {self.filed_on:%d/%m/%Y} ({timing}; vencía el "
            f"{self.deadline:%d/%m/%Y}) — {state}."
        )


def _issued_dictamen(db: Database, plan_code: str, call_id: int) -> tuple[int, int, str, str]:
    row = db.execute(
        "SELECT p.id, d.id, d.number, d.issued_on FROM plans p JOIN dictamenes d "
        "ON d.plan_id = p.id AND d.status = 'emitido' WHERE p.call_id = ? AND p.code = ? "
        "ORDER BY d.id DESC LIMIT 1",
        [call_id, plan_code],
    ).fetchone()
    if row is None:
        raise ValidationError(
            [Problem("Plan", f"el plan {plan_code} no tiene un dictamen emitido que impugnar.")]
        )
    return row


def file_appeal(
    db: Database,
    call_id: int,
    plan_code: str,
    *,
    appellant: str,
    filed_on: date,
    grounds: str,
    attachments: list[str] | None = None,
    notified_on: date | None = None,
    actor: str,
) -> int:
    """Record an appeal against the plan's dictamen in force; returns its id. Whether it came
    on time is computed from the notification (by default, the dictamen's date)."""
    plan_id, dictamen_id, number, issued_on = _issued_dictamen(db, plan_code, call_id)
    problems = []
    if not appellant.strip():
        problems.append(Problem("Recurrente", "escriba quién presenta el recurso."))
    if not grounds.strip():
        problems.append(Problem("Fundamentos", "escriba los fundamentos del recurso."))
    notified_on = notified_on or date.fromisoformat(issued_on)
    if notified_on < date.fromisoformat(issued_on):
        problems.append(Problem("Notificación", "es anterior a la emisión del dictamen."))
    if filed_on < notified_on:
        problems.append(Problem("Presentación", "es anterior a la notificación del dictamen."))
    if problems:
        raise ValidationError(problems)
    terms = stored_legal(db["calls"].get(call_id))
    deadline = appeal_deadline(terms, notified_on)
    with db.atomic():
        appeal_id = (
            db["appeals"]
            .insert(
                {
                    "plan_id": plan_id,
                    "dictamen_id": dictamen_id,
                    "appellant": appellant.strip(),
                    "filed_on": filed_on.isoformat(),
                    "notified_on": notified_on.isoformat(),
                    "deadline": deadline.isoformat(),
                    "on_time": int(filed_on <= deadline),
                    "grounds": grounds.strip(),
                    "attachments": json.dumps(attachments or [], ensure_ascii=False),
                }
            )
            .last_pk
        )
        audit.record(
            db,
            actor=actor,
            action="registrar recurso",
            table="appeals",
            row_id=appeal_id,
            after={"plan": plan_code, "dictamen": number, "en_plazo": filed_on <= deadline},
        )
    return appeal_id


def _row(db: Database, appeal_id: int) -> dict:
    row = next(
        db.query(
            "SELECT a.*, p.code AS plan_code, p.call_id, d.number AS dictamen "
            "FROM appeals a JOIN plans p ON p.id = a.plan_id "
            "JOIN dictamenes d ON d.id = a.dictamen_id WHERE a.id = ?",
            [appeal_id],
        ),
        None,
    )
    if row is None:
        raise ValidationError([Problem("Recurso", f"no existe el recurso {appeal_id}.")])
    return row


def resolution_snapshot(
    db: Database, appeal: dict, decision: str, reasons: str, number: str, on: date
) -> dict:
    """What the resolution prints: the appeal, the term, the decision, its reasons and effect."""
    call = db["calls"].get(appeal["call_id"])
    effect = EFFECTS[decision].format(dictamen=appeal["dictamen"], plan=appeal["plan_code"])
    return {
        **dated_number(number, on),
        "convocatoria": call_identity(call),
        "base_legal": legal_part(db, call, on),
        "recurso": {
            "recurrente": appeal["appellant"],
            "plan": appeal["plan_code"],
            "dictamen": appeal["dictamen"],
            "presentado": format_long(appeal["filed_on"]),
            "notificado": format_long(appeal["notified_on"]),
            "vencia": format_long(appeal["deadline"]),
            "en_plazo": bool(appeal["on_time"]),
            "fundamentos": appeal["grounds"],
            "anexos": json.loads(appeal["attachments"]),
        },
        "decision": DECISIONS[decision],
        "motivos": reasons,
        "efecto": effect,
        "comite": [member_entry(m) for m in members(db, appeal["call_id"])],
    }


def decide_appeal(
    db: Database,
    appeal_id: int,
    decision: str,
    reasons: str,
    *,
    actor: str,
    on: date | None = None,
) -> str:
    """The committee's resolution of the appeal; returns its number. A founded appeal reopens
    the contested dictamen, in the same transaction."""
    on = on or date.today()
    appeal = _row(db, appeal_id)
    problems = []
    if appeal["decision"]:
        problems.append(Problem("Recurso", f"ya fue resuelto ({appeal['number']})."))
    if decision not in DECISIONS:
        problems.append(Problem("Decisión", "debe ser fundado, infundado o improcedente."))
    elif not appeal["on_time"] and decision != "improcedente":
        problems.append(
            Problem(
                "Decisión",
                f"el recurso se presentó fuera de plazo (vencía el "
                f"{format_long(appeal['deadline'])}): solo puede declararse improcedente.",
            )
        )
    if not reasons.strip():
        problems.append(Problem("Motivos", "escriba los motivos de la decisión."))
    if on < date.fromisoformat(appeal["filed_on"]):
        problems.append(Problem("Fecha", "la resolución no puede ser anterior al recurso."))
    if problems:
        raise ValidationError(problems)
    call = db["calls"].get(appeal["call_id"])
    prefix = f"{call['document_prefix'] or 'PROCOMPITE'}-REC"
    with db.atomic():
        number = numbered(db, "appeals", prefix, 2)
        snapshot = resolution_snapshot(db, appeal, decision, reasons.strip(), number, on) | {
            MEMBRETE: frozen_letterhead(db)
        }
        code = verification_code(snapshot)
        db.execute(
            "UPDATE appeals SET decision = ?, reasons = ?, number = ?, issued_on = ?, "
            "snapshot = ?, verification_code = ? WHERE id = ?",
            [
                decision,
                reasons.strip(),
                number,
                on.isoformat(),
                canonical(snapshot),
                code,
                appeal_id,
            ],
        )
        if decision == "fundado":
            reopen_dictamen(
                db,
                appeal["dictamen_id"],
                f"Recurso declarado fundado por la resolución {number}: {reasons.strip()}",
                actor=actor,
            )
        audit.record(
            db,
            actor=actor,
            action="resolver recurso",
            table="appeals",
            row_id=appeal_id,
            after={"numero": number, "decision": decision, "verificacion": code},
            reason=reasons.strip(),
            at=now_iso(),
        )
    return number


def appeals(db: Database, call_id: int) -> list[Appeal]:
    return [
        Appeal(
            row[0],
            row[1],
            row[2],
            row[3],
            date.fromisoformat(row[4]),
            date.fromisoformat(row[5]),
            bool(row[6]),
            row[7],
            row[8],
        )
        for row in db.execute(
            "SELECT a.id, p.code, d.number, a.appellant, a.filed_on, a.deadline, a.on_time, "
            "a.decision, a.number FROM appeals a JOIN plans p ON p.id = a.plan_id "
            "JOIN dictamenes d ON d.id = a.dictamen_id WHERE p.call_id = ? ORDER BY a.id",
            [call_id],
        )
    ]


def resolution(db: Database, appeal_id: int) -> tuple[dict, str]:
    """The issued resolution's snapshot and code; ``ValidationError`` if not resolved yet."""
    appeal = _row(db, appeal_id)
    if not appeal["decision"]:
        raise ValidationError(
            [Problem("Recurso", f"el recurso {appeal_id} aún no tiene resolución.")]
        )
    return json.loads(appeal["snapshot"]), appeal["verification_code"]
