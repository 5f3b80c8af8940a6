"""Liquidation of a funded plan: its final figures frozen with a closing note and a
verification code; afterwards the database refuses any change to its agreement, milestones,
purchases, deliveries and visits (triggers of migration 0015), and the closure itself never
changes."""

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.documents.issuing import verification_code
from procompite.followup.agreements import require_agreement
from procompite.followup.funded import require_open
from procompite.followup.picture import plan_picture
from procompite.storage import audit

WHERE = "Liquidación"


def final_figures(db: Database, plan_id: int) -> dict[str, Any]:
    """What the liquidation freezes: money by line and payer, deliveries, the latest results."""
    picture = plan_picture(db, require_open(db, plan_id))
    last = picture.last_visit or {}
    agreement = picture.agreement or {}
    return {
        "plan": picture.plan.code,
        "aeo": picture.plan.organization,
        "convocatoria": picture.plan.call_name,
        "convenio": agreement.get("number"),
        "asignado_cents": picture.plan.awarded_cents,
        "ejecutado_procompite_cents": picture.executed_cents,
        "por_fuente": [
            {
                "fuente": item.payer,
                "presupuesto_cents": item.budget_cents,
                "ejecutado_cents": item.executed_cents,
            }
            for item in picture.payers
        ],
        "por_linea": [
            {
                "linea": line.label,
                "presupuesto_cents": line.budget_cents,
                "ejecutado_cents": line.executed_cents,
                "entregado": str(line.delivered),
            }
            for line in picture.lines
        ],
        "aporte_verificado_cents": (agreement.get("verified_cash_cents") or 0)
        + (agreement.get("verified_in_kind_cents") or 0),
        "entregas": db.execute(
            "SELECT count(*) FROM deliveries WHERE plan_id = ?", [plan_id]
        ).fetchone()[0],
        "visitas": len(picture.visits),
        "ultima_visita": last.get("visited_on"),
        "en_funcionamiento": picture.operating,
        "ventas": [picture.sales_before, picture.sales_after, picture.sales_projected],
        "empleos": [picture.jobs_before, picture.jobs_after, picture.jobs_projected],
    }


def close_plan(
    db: Database,
    plan_id: int,
    note: str,
    *,
    actor: str,
    closed_on: date | None = None,
    today: date | None = None,
) -> str:
    """Liquidate the plan; returns the closure's verification code."""
    today = today or date.today()
    closed_on = closed_on or today
    require_open(db, plan_id)
    agreement = require_agreement(db, plan_id, WHERE)
    problems = []
    if not note.strip():
        problems.append(
            Problem(f"{WHERE}, Nota de cierre", "Escriba la nota de cierre de la liquidación.")
        )
    if closed_on > today:
        problems.append(Problem(f"{WHERE}, Fecha", "Es posterior a hoy."))
    latest = db.execute(
        "SELECT max(day) FROM (SELECT purchased_on AS day FROM purchases WHERE plan_id = :p "
        "UNION ALL SELECT delivered_on FROM deliveries WHERE plan_id = :p "
        "UNION ALL SELECT visited_on FROM visits WHERE plan_id = :p)",
        {"p": plan_id},
    ).fetchone()[0]
    if closed_on < parse_iso(latest or agreement["signed_on"]):
        problems.append(
            Problem(
                f"{WHERE}, Fecha",
                f"Es anterior al último registro del plan ({parse_iso(latest):%d/%m/%Y})."
                if latest
                else "Es anterior a la suscripción del convenio.",
            )
        )
    if problems:
        raise ValidationError(problems)
    figures = {
        **final_figures(db, plan_id),
        "liquidado_el": closed_on.isoformat(),
        "nota": note.strip(),
    }
    code = verification_code(figures)
    with db.atomic():
        record = {
            "plan_id": plan_id,
            "closed_on": closed_on.isoformat(),
            "note": note.strip(),
            "figures": json.dumps(figures, ensure_ascii=False, sort_keys=True),
            "verification_code": code,
            "actor": actor,
            "closed_at": now_iso(),
        }
        db["plan_closures"].insert(record)
        audit.record(
            db,
            actor=actor,
            action="liquidar plan",
            table="plan_closures",
            row_id=plan_id,
            after=record,
        )
    return code


def load_closure(db: Database, plan_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM plan_closures WHERE plan_id = ?", [plan_id]).fetchone()
    if row is None:
        return None
    closure = dict(db["plan_closures"].get(plan_id))
    closure["figures"] = json.loads(closure["figures"])
    return closure
