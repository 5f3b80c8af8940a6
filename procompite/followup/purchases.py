"""The entity's purchases for a funded plan, each against one budget line: the process, the
supplier, the date and the amount. PROCOMPITE money is spent buying for the AEO, never handed
over; an amount above what is left of the line is refused unless a reason is written."""

from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import format_soles
from procompite.followup.agreements import require_agreement
from procompite.followup.budget import line_of
from procompite.followup.fields import Field, read_fields
from procompite.followup.funded import require_open
from procompite.storage import audit

PURCHASE_FIELDS = (
    Field("process", "Proceso de selección", "text", required=True, help="p. ej. AS-003-2026"),
    Field("supplier", "Proveedor", "text", required=True),
    Field("supplier_ruc", "RUC del proveedor", "ruc"),
    Field("purchased_on", "Fecha", "date", required=True),
    Field("amount_cents", "Monto", "amount", required=True),
    Field("over_budget_reason", "Motivo del exceso", "text"),
)
WHERE = "Compra"


def over_budget(line, amount_cents: int) -> str | None:
    """The message when ``amount_cents`` goes beyond what is left of ``line``."""
    if amount_cents <= line.left_cents:
        return None
    return (
        f"{format_soles(amount_cents)} supera lo que queda de «{line.concept}»: presupuesto "
        f"{format_soles(line.budget_cents)}, ya comprado {format_soles(line.executed_cents)}, "
        f"queda {format_soles(max(line.left_cents, 0))}. Escriba el motivo del exceso para "
        "registrarla."
    )


def record_purchase(
    db: Database,
    plan_id: int,
    line_id: int,
    raw: dict[str, Any],
    *,
    actor: str,
    today: date | None = None,
) -> int:
    """Record one purchase, whole or not at all; returns its id."""
    today = today or date.today()
    require_open(db, plan_id)
    agreement = require_agreement(db, plan_id, WHERE)
    values, problems = read_fields(PURCHASE_FIELDS, raw, WHERE)
    line = line_of(db, plan_id, line_id)
    if line is None:
        problems.append(Problem(f"{WHERE}, Línea del presupuesto", "No es una línea de este plan."))
    if line and not line.bought:
        problems.append(
            Problem(
                f"{WHERE}, Línea del presupuesto",
                f"«{line.concept}» es aporte no monetario del AEO: no se compra, se verifica en "
                "el convenio.",
            )
        )
    on = parse_iso(values.get("purchased_on"))
    if on and on < parse_iso(agreement["signed_on"]):
        problems.append(Problem(f"{WHERE}, Fecha", "Es anterior a la suscripción del convenio."))
    if on and on > today:
        problems.append(Problem(f"{WHERE}, Fecha", "Es posterior a hoy."))
    amount = values.get("amount_cents")
    if amount == 0:
        problems.append(Problem(f"{WHERE}, Monto", "Debe ser mayor que cero."))
    reason = values.get("over_budget_reason") or ""
    if line and amount and not reason and (message := over_budget(line, amount)):
        problems.append(Problem(f"{WHERE}, Monto", message))
    if problems:
        raise ValidationError(problems)
    record = {
        **values,
        "plan_id": plan_id,
        "budget_line_id": line_id,
        "over_budget_reason": reason,
        "recorded_at": now_iso(),
    }
    with db.atomic():
        purchase_id = db["purchases"].insert(record).last_pk
        audit.record(
            db,
            actor=actor,
            action="registrar compra",
            table="purchases",
            row_id=purchase_id,
            after=record,
            reason=reason,
        )
    return purchase_id


def purchases(db: Database, plan_id: int) -> list[dict[str, Any]]:
    """The plan's purchases by date, each with its line's concept and payer."""
    return [
        dict(row)
        for row in db.query(
            "SELECT u.*, l.concept, l.payer, l.position AS line_position FROM purchases u "
            "JOIN plan_budget_lines l ON l.id = u.budget_line_id WHERE u.plan_id = ? "
            "ORDER BY u.purchased_on, u.id",
            [plan_id],
        )
    ]


def delete_purchase(db: Database, purchase_id: int, reason: str, *, actor: str) -> None:
    """Remove a purchase recorded by mistake; the reason stays in the audit log."""
    row = db.execute("SELECT plan_id FROM purchases WHERE id = ?", [purchase_id]).fetchone()
    if row is None:
        raise ValidationError([Problem(WHERE, "Esa compra no existe.")])
    require_open(db, row[0])
    if not reason.strip():
        raise ValidationError([Problem(f"{WHERE}, Motivo", "Diga por qué se anula la compra.")])
    with db.atomic():
        before = dict(db["purchases"].get(purchase_id))
        db["purchases"].delete(purchase_id)
        audit.record(
            db,
            actor=actor,
            action="anular compra",
            table="purchases",
            row_id=purchase_id,
            before=before,
            reason=reason.strip(),
        )
