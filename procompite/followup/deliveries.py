"""Deliveries of goods to the AEO (actas de entrega): what, how many, when, who delivered and
who received. Each is numbered in the file; only what PROCOMPITE pays is delivered, and never
more than the plan's budget line holds; services (intangibles) are not handed over."""

from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.values import canonical_quantity
from procompite.followup.agreements import require_agreement
from procompite.followup.budget import plan_lines
from procompite.followup.fields import Field, read_fields
from procompite.followup.funded import require_open
from procompite.storage import audit

DELIVERY_FIELDS = (
    Field("delivered_on", "Fecha de entrega", "date", required=True),
    Field("place", "Lugar", "text"),
    Field("delivered_by", "Entrega (funcionario)", "text", required=True),
    Field("received_by", "Recibe (representante del AEO)", "text", required=True),
    Field("received_dni", "DNI de quien recibe", "dni"),
    Field("notes", "Observaciones", "text"),
)
ITEM_FIELDS = (
    Field("description", "Bien entregado", "text", required=True),
    Field("quantity", "Cantidad", "quantity", required=True),
    Field("unit", "Unidad", "text"),
)
WHERE = "Entrega"


def next_number(db: Database, year: int) -> str:
    prefix = f"ENTREGA-{year}-"
    count = db.execute(
        "SELECT count(*) FROM deliveries WHERE substr(number, 1, ?) = ?", [len(prefix), prefix]
    ).fetchone()[0]
    return f"{prefix}{count + 1:04d}"


def _item_problems(db: Database, plan_id: int, items: list[dict]) -> tuple[list, list[Problem]]:
    lines = {line.line_id: line for line in plan_lines(db, plan_id)}
    problems: list[Problem] = []
    cleaned = []
    adding: dict[int, Decimal] = {}
    if not items:
        problems.append(Problem(f"{WHERE}, Bienes", "Indique al menos un bien entregado."))
    for number, item in enumerate(items, start=1):
        where = f"{WHERE}, bien {number}"
        line = lines.get(item.get("line_id"))
        values, found = read_fields(ITEM_FIELDS, item, where)
        problems += found
        if line is None:
            problems.append(Problem(f"{where}, Línea del presupuesto", "No es una línea del plan."))
            continue
        if not line.handed_over:
            why = (
                "es un servicio (intangible): se ejecuta con su compra, no se entrega"
                if line.payer == "procompite"
                else "es aporte del AEO: el acta de entrega recoge lo que la entidad compró con "
                "PROCOMPITE"
            )
            problems.append(Problem(f"{where}, Línea del presupuesto", f"«{line.concept}» {why}."))
        quantity = values.get("quantity")
        if quantity is not None:
            if Decimal(quantity) == 0:
                problems.append(Problem(f"{where}, Cantidad", "Debe ser mayor que cero."))
            adding[line.line_id] = adding.get(line.line_id, Decimal(0)) + Decimal(quantity)
            total = line.delivered + adding[line.line_id]
            if total > line.quantity:
                problems.append(
                    Problem(
                        f"{where}, Cantidad",
                        f"con esta entrega serían {canonical_quantity(total)} {line.unit} de "
                        f"«{line.concept}» y el presupuesto tiene "
                        f"{canonical_quantity(line.quantity)}.",
                    )
                )
        cleaned.append(
            {
                "budget_line_id": line.line_id,
                "description": values.get("description") or line.concept,
                "quantity": quantity,
                "unit": values.get("unit") or line.unit,
            }
        )
    return cleaned, problems


def record_delivery(
    db: Database,
    plan_id: int,
    raw: dict[str, Any],
    items: list[dict],
    *,
    actor: str,
    today: date | None = None,
) -> str:
    """Record one delivery with its items, whole or not at all; returns its number."""
    today = today or date.today()
    require_open(db, plan_id)
    agreement = require_agreement(db, plan_id, WHERE)
    values, problems = read_fields(DELIVERY_FIELDS, raw, WHERE)
    on = parse_iso(values.get("delivered_on"))
    if on and on < parse_iso(agreement["signed_on"]):
        problems.append(
            Problem(f"{WHERE}, Fecha de entrega", "Es anterior a la suscripción del convenio.")
        )
    if on and on > today:
        problems.append(Problem(f"{WHERE}, Fecha de entrega", "Es posterior a hoy."))
    cleaned, found = _item_problems(db, plan_id, items)
    problems += found
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        number = next_number(db, on.year)
        record = {
            **values,
            "place": values.get("place") or "",
            "notes": values.get("notes") or "",
            "plan_id": plan_id,
            "number": number,
            "recorded_at": now_iso(),
        }
        delivery_id = db["deliveries"].insert(record).last_pk
        db["delivery_items"].insert_all(
            {"delivery_id": delivery_id, "position": position, **item}
            for position, item in enumerate(cleaned)
        )
        audit.record(
            db,
            actor=actor,
            action="registrar entrega",
            table="deliveries",
            row_id=delivery_id,
            after={**record, "bienes": cleaned},
        )
    return number


def load_delivery(db: Database, number: str) -> dict[str, Any]:
    row = db.execute("SELECT id FROM deliveries WHERE number = ?", [number.strip()]).fetchone()
    if row is None:
        raise ValidationError([Problem(WHERE, f"No hay un acta de entrega «{number}».")])
    delivery = dict(db["deliveries"].get(row[0]))
    delivery["items"] = [
        dict(item)
        for item in db.query(
            "SELECT i.*, l.concept FROM delivery_items i "
            "JOIN plan_budget_lines l ON l.id = i.budget_line_id "
            "WHERE i.delivery_id = ? ORDER BY i.position",
            [row[0]],
        )
    ]
    return delivery


def deliveries(db: Database, plan_id: int) -> list[dict[str, Any]]:
    return [
        load_delivery(db, number)
        for (number,) in db.execute(
            "SELECT number FROM deliveries WHERE plan_id = ? ORDER BY delivered_on, id", [plan_id]
        )
    ]
