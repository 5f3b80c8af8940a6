"""The agreement (convenio) of a funded plan: its number, date, signatories and term, the AEO's
committed contribution (cash and in kind) and its verification, and the line of base the
results are measured against. Saving it the first time writes the milestones and the call's
indicators."""

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import from_cents
from procompite.followup.budget import by_payer, plan_lines
from procompite.followup.fields import Field, read_fields
from procompite.followup.funded import funded_plan, require_open
from procompite.followup.indicators import ensure_indicators
from procompite.followup.schedule import create_schedule
from procompite.storage import audit

AGREEMENT_FIELDS = (
    Field("number", "Número de convenio", "text", required=True),
    Field("signed_on", "Fecha de suscripción", "date", required=True),
    Field("signatories", "Firmantes", "lines", required=True, help="uno por línea"),
    Field("term_months", "Plazo (meses)", "integer", required=True),
    Field("cash_cents", "Aporte comprometido monetario", "amount"),
    Field("in_kind_cents", "Aporte comprometido no monetario", "amount"),
    Field("verified_cash_cents", "Aporte monetario verificado", "amount"),
    Field("verified_in_kind_cents", "Aporte no monetario verificado", "amount"),
    Field("verified_on", "Fecha de verificación", "date"),
    Field("verification", "Documento de verificación", "text"),
    Field("baseline_sales_cents", "Ventas del año anterior (línea de base)", "amount"),
    Field("baseline_jobs", "Empleos directos (línea de base)", "integer"),
    Field("baseline_members", "Socios activos (línea de base)", "integer"),
)
WHERE = "Convenio"


def load_agreement(db: Database, plan_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM agreements WHERE plan_id = ?", [plan_id]).fetchone()
    if row is None:
        return None
    columns = [column[0] for column in db.execute("SELECT * FROM agreements LIMIT 0").description]
    agreement = dict(zip(columns, row, strict=True))
    agreement["signatories"] = json.loads(agreement["signatories"])
    return agreement


def _soles(cents: int | None) -> str | None:
    return None if cents is None else str(from_cents(cents))


def proposed_agreement(db: Database, plan_id: int) -> dict[str, Any]:
    """What a new agreement's form starts from, as a user would type it: the contribution of
    the plan's budget, its duration, and the AEO's sales and socios as the line of base."""
    plan = funded_plan(db, plan_id)
    payers = {item.payer: item.budget_cents for item in by_payer(plan_lines(db, plan_id))}
    duration, sales, members = db.execute(
        "SELECT p.duration_months, o.annual_sales_cents, "
        "(SELECT count(*) FROM members m WHERE m.organization_id = o.id) "
        "FROM plans p JOIN organizations o ON o.id = p.organization_id WHERE p.id = ?",
        [plan.plan_id],
    ).fetchone()
    return {
        "number": "",
        "signed_on": None,
        "signatories": [],
        "term_months": duration,
        "cash_cents": _soles(payers.get("aeo_monetario", 0)),
        "in_kind_cents": _soles(payers.get("aeo_no_monetario", 0)),
        "baseline_sales_cents": _soles(sales),
        "baseline_jobs": 0,
        "baseline_members": members,
    }


def _checks(db: Database, plan_id: int, values: dict[str, Any], today: date) -> list[Problem]:
    problems = []
    signed = parse_iso(values.get("signed_on"))
    if signed and signed > today:
        problems.append(Problem(f"{WHERE}, Fecha de suscripción", "Es posterior a hoy."))
    acta = db.execute(
        "SELECT max(a.issued_on) FROM actas a JOIN plans p ON p.call_id = a.call_id WHERE p.id = ?",
        [plan_id],
    ).fetchone()[0]
    if signed and acta and signed.isoformat() < acta:
        problems.append(
            Problem(
                f"{WHERE}, Fecha de suscripción",
                f"Es anterior al acta que declaró ganador al plan ({parse_iso(acta):%d/%m/%Y}).",
            )
        )
    term = values.get("term_months")
    if term is not None and not 1 <= term <= 120:
        problems.append(Problem(f"{WHERE}, Plazo (meses)", "Debe estar entre 1 y 120."))
    verified = (
        values.get("verified_cash_cents") is not None
        or values.get("verified_in_kind_cents") is not None
    )
    verified_on = parse_iso(values.get("verified_on"))
    if verified and verified_on is None:
        problems.append(
            Problem(f"{WHERE}, Fecha de verificación", "Indique cuándo se verificó el aporte.")
        )
    if verified_on and signed and verified_on < signed:
        problems.append(
            Problem(f"{WHERE}, Fecha de verificación", "Es anterior a la suscripción del convenio.")
        )
    if verified_on and verified_on > today:
        problems.append(Problem(f"{WHERE}, Fecha de verificación", "Es posterior a hoy."))
    if verified and not values.get("verification"):
        problems.append(
            Problem(
                f"{WHERE}, Documento de verificación",
                "Indique el documento que sustenta el aporte verificado (acta, informe…).",
            )
        )
    number = values.get("number")
    if (
        number
        and db.execute(
            "SELECT 1 FROM agreements WHERE number = ? AND plan_id <> ?", [number, plan_id]
        ).fetchone()
    ):
        problems.append(Problem(f"{WHERE}, Número de convenio", f"«{number}» ya es de otro plan."))
    return problems


def save_agreement(
    db: Database, plan_id: int, raw: dict[str, Any], *, actor: str, today: date | None = None
) -> int:
    """Save the plan's agreement whole or not at all; returns its id."""
    today = today or date.today()
    plan = require_open(db, plan_id)
    values, problems = read_fields(AGREEMENT_FIELDS, raw, WHERE)
    problems += _checks(db, plan_id, values, today)
    if problems:
        raise ValidationError(problems)
    before = load_agreement(db, plan_id)
    record = {
        **values,
        "cash_cents": values.get("cash_cents") or 0,
        "in_kind_cents": values.get("in_kind_cents") or 0,
        "verification": values.get("verification") or "",
        "signatories": json.dumps(values["signatories"], ensure_ascii=False),
        "updated_at": now_iso(),
    }
    with db.atomic():
        if before is None:
            agreement_id = db["agreements"].insert({"plan_id": plan_id, **record}).last_pk
            create_schedule(db, plan_id, parse_iso(values["signed_on"]), values["term_months"])
            ensure_indicators(db, plan.call_id)
        else:
            agreement_id = before["id"]
            db["agreements"].update(agreement_id, record)
        audit.record(
            db,
            actor=actor,
            action="registrar convenio" if before is None else "modificar convenio",
            table="agreements",
            row_id=agreement_id,
            before=before,
            after=load_agreement(db, plan_id),
        )
    return agreement_id


def require_agreement(db: Database, plan_id: int, what: str) -> dict[str, Any]:
    agreement = load_agreement(db, plan_id)
    if agreement is None:
        raise ValidationError([Problem(what, "El plan aún no tiene convenio: regístrelo primero.")])
    return agreement
