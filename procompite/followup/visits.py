"""Follow-up visits: who visited and when, the photos taken, notes, and the indicators the
studies use (the AEO still operating, active socios, women and youth, sales of the year, direct
and indirect jobs, new markets, the use and state of the delivered goods) plus those of the
call (:mod:`.indicators`)."""

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.followup.agreements import require_agreement
from procompite.followup.fields import Field, read_fields, read_value
from procompite.followup.funded import require_open
from procompite.followup.indicators import call_indicators
from procompite.storage import audit

GOODS_USE = {"en_uso": "En uso", "uso_parcial": "Uso parcial", "sin_uso": "Sin uso"}
GOODS_CONDITION = {"bueno": "Bueno", "regular": "Regular", "malo": "Malo"}
VISIT_FIELDS = (
    Field("visited_on", "Fecha de la visita", "date", required=True),
    Field("visitors", "Visitó", "text", required=True),
    Field("operating", "AEO en funcionamiento", "yesno", required=True),
    Field("active_members", "Socios activos", "integer"),
    Field("active_women", "Socias activas", "integer"),
    Field("active_youth", "Socios jóvenes activos", "integer"),
    Field("sales_cents", "Ventas del año", "amount"),
    Field("direct_jobs", "Empleos directos", "integer"),
    Field("indirect_jobs", "Empleos indirectos", "integer"),
    Field("new_markets", "Nuevos mercados", "text"),
    Field("goods_use", "Uso de los bienes", "choice", choices=GOODS_USE),
    Field("goods_condition", "Estado de los bienes", "choice", choices=GOODS_CONDITION),
    Field("photos", "Fotos (archivos)", "lines"),
    Field("notes", "Notas", "text"),
)
WHERE = "Visita"


def visit_problems(
    db: Database, plan_id: int, values: dict[str, Any], where: str, today: date
) -> list[Problem]:
    """What a visit's values contradict: dates outside the agreement, more women or youth than
    active socios, goods judged before any delivery, a second visit on the same day."""
    problems = []
    agreement = require_agreement(db, plan_id, where)
    on = parse_iso(values.get("visited_on"))
    if on and on < parse_iso(agreement["signed_on"]):
        problems.append(
            Problem(f"{where}, Fecha de la visita", "Es anterior a la suscripción del convenio.")
        )
    if on and on > today:
        problems.append(Problem(f"{where}, Fecha de la visita", "Es posterior a hoy."))
    if (
        on
        and db.execute(
            "SELECT 1 FROM visits WHERE plan_id = ? AND visited_on = ?", [plan_id, on.isoformat()]
        ).fetchone()
    ):
        problems.append(
            Problem(f"{where}, Fecha de la visita", f"Ya hay una visita del {on:%d/%m/%Y}.")
        )
    members = values.get("active_members")
    for name, label in (("active_women", "Socias activas"), ("active_youth", "Socios jóvenes")):
        if members is not None and (values.get(name) or 0) > members:
            problems.append(
                Problem(f"{where}, {label}", f"Son más que los socios activos ({members}).")
            )
    delivered = db.execute(
        "SELECT min(delivered_on) FROM deliveries WHERE plan_id = ?", [plan_id]
    ).fetchone()[0]
    goods = values.get("goods_use") or values.get("goods_condition")
    if goods and (delivered is None or (on and on.isoformat() < delivered)):
        problems.append(
            Problem(
                f"{where}, Uso de los bienes",
                "No se había entregado ningún bien a la fecha de la visita.",
            )
        )
    return problems


def read_indicator_values(
    db: Database, call_id: int, raw: dict[int, Any], where: str
) -> tuple[dict[int, str], list[Problem]]:
    """The values of the call's indicators (by id), exact decimal text."""
    values, problems = {}, []
    for indicator in call_indicators(db, call_id):
        spec = Field(str(indicator.id), indicator.label, "quantity")
        try:
            value = read_value(spec, raw.get(indicator.id))
        except ValueError as error:
            problems.append(Problem(f"{where}, {indicator.label}", str(error)))
            continue
        if value is not None:
            values[indicator.id] = value
    return values, problems


def record_visit(
    db: Database,
    plan_id: int,
    raw: dict[str, Any],
    indicator_values: dict[int, Any] | None = None,
    *,
    actor: str,
    today: date | None = None,
    where: str = WHERE,
) -> int:
    """Record one visit with its figures, whole or not at all; returns its id."""
    today = today or date.today()
    plan = require_open(db, plan_id)
    values, problems = read_fields(VISIT_FIELDS, raw, where)
    extra, found = read_indicator_values(db, plan.call_id, indicator_values or {}, where)
    problems += found
    if not problems:
        problems += visit_problems(db, plan_id, values, where, today)
    if problems:
        raise ValidationError(problems)
    return store_visit(db, plan_id, values, extra, actor=actor)


def store_visit(
    db: Database, plan_id: int, values: dict[str, Any], extra: dict[int, str], *, actor: str
) -> int:
    """Write a checked visit (inside the caller's transaction when there is one)."""
    record = {
        **values,
        "plan_id": plan_id,
        "new_markets": values.get("new_markets") or "",
        "notes": values.get("notes") or "",
        "photos": json.dumps(values.get("photos") or [], ensure_ascii=False),
        "recorded_at": now_iso(),
    }
    with db.atomic():
        visit_id = db["visits"].insert(record).last_pk
        db["visit_values"].insert_all(
            {"visit_id": visit_id, "indicator_id": key, "value": value}
            for key, value in extra.items()
        )
        audit.record(
            db,
            actor=actor,
            action="registrar visita",
            table="visits",
            row_id=visit_id,
            after={**record, "indicadores": {str(k): v for k, v in extra.items()}},
        )
    return visit_id


def visits(db: Database, plan_id: int) -> list[dict[str, Any]]:
    """The plan's visits by date, each with its photos as a list and ``values`` by indicator."""
    found = []
    for row in db.query(
        "SELECT * FROM visits WHERE plan_id = ? ORDER BY visited_on, id", [plan_id]
    ):
        visit = dict(row)
        visit["photos"] = json.loads(visit["photos"])
        visit["values"] = dict(
            db.execute(
                "SELECT indicator_id, value FROM visit_values WHERE visit_id = ?", [visit["id"]]
            ).fetchall()
        )
        found.append(visit)
    return found


def delete_visit(db: Database, visit_id: int, reason: str, *, actor: str) -> None:
    """Remove a visit recorded by mistake; the reason stays in the audit log."""
    row = db.execute("SELECT plan_id FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        raise ValidationError([Problem(WHERE, "Esa visita no existe.")])
    require_open(db, row[0])
    if not reason.strip():
        raise ValidationError([Problem(f"{WHERE}, Motivo", "Diga por qué se anula la visita.")])
    with db.atomic():
        before = dict(db["visits"].get(visit_id))
        db["visits"].delete(visit_id)
        audit.record(
            db,
            actor=actor,
            action="anular visita",
            table="visits",
            row_id=visit_id,
            before=before,
            reason=reason.strip(),
        )
