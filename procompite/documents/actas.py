"""The acta de evaluación of a call: the committee, the plans evaluated, the cuadro de mérito
with the allocation against each pool's budget, winners, accesitarios and tie-breaks.

Like a dictamen, an issued acta is a numbered, dated snapshot with a verification code; the
same function rebuilds it from the current data when the code is verified.
"""

from datetime import date

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.dates import format_short
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PLAN_STATUS, VERDICT
from procompite.common.money import format_soles
from procompite.documents.issuing import numbered, store_issued
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import current_letterhead_part, frozen_letterhead
from procompite.documents.snapshot_parts import (
    call_identity,
    dated_number,
    legal_part,
    member_entry,
    waiting_list,
)
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.committee import members
from procompite.evaluation.consolidation import METHOD_LABEL, format_points
from procompite.evaluation.results import OUTCOME, CallResults, PlanResult, call_results
from procompite.plans.admissibility import inadmissible_plans
from procompite.storage import audit


def _pool_rows(results: CallResults, pool: str) -> list[dict]:
    rows = []
    for plan in results.ranking:
        allocation = plan.allocation
        if allocation.pool != pool:
            continue
        running = allocation.assigned_before_cents + allocation.amount_cents
        funded = allocation.outcome == "ganador"
        rows.append(
            {
                "orden": allocation.rank,
                "codigo": plan.code,
                "aeo": plan.organization,
                "puntaje": format_points(plan.verdict_total_h),
                "veredicto": VERDICT[plan.verdict],
                "solicitado": format_soles(plan.procompite_cents),
                "resultado": OUTCOME[allocation.outcome],
                "asignado": format_soles(allocation.amount_cents),
                "acumulado": format_soles(running) if funded else "",
                "saldo": format_soles(allocation.remaining_cents)
                if allocation.outcome != "no_financiado"
                else "",
            }
        )
    return rows


def _pools(results: CallResults) -> list[dict]:
    pools = []
    for pool, budget in results.pools.items():
        rows = _pool_rows(results, pool)
        assigned = sum(
            plan.allocation.amount_cents for plan in results.ranking if plan.allocation.pool == pool
        )
        pools.append(
            {
                "codigo": pool,
                "nombre": results.pool_names[pool],
                "presupuesto": format_soles(budget),
                "filas": rows,
                "asignado": format_soles(assigned),
                "saldo": format_soles(budget - assigned),
            }
        )
    return pools


def _plan_line(plan: PlanResult) -> dict:
    return {
        "codigo": plan.code,
        "aeo": plan.organization,
        "categoria": plan.category,
        "estado": PLAN_STATUS.get(plan.status, plan.status),
        "ronda": plan.round,
        "fichas": plan.submitted,
        "puntaje": format_points(plan.verdict_total_h),
        "veredicto": VERDICT.get(plan.verdict, "Sin veredicto"),
        "dictamen": plan.dictamen_number if plan.issued else "",
    }


def _by_outcome(results: CallResults, outcome: str) -> list[dict]:
    """The winners (or accesitarios) category by category, each in its order of merit; an
    accesitario with its place in the category's waiting list."""
    order = {pool: position for position, pool in enumerate(results.pools)}
    waiting = waiting_list(results)
    chosen = sorted(
        (plan for plan in results.ranking if plan.allocation.outcome == outcome),
        key=lambda plan: (order.get(plan.allocation.pool, len(order)), plan.allocation.rank or 0),
    )
    return [
        {
            "categoria": results.pool_names.get(plan.allocation.pool, plan.allocation.pool),
            "orden": plan.allocation.rank,
            "espera": waiting.get(plan.plan_id),
            "codigo": plan.code,
            "aeo": plan.organization,
            "puntaje": format_points(plan.verdict_total_h),
            "monto": format_soles(
                plan.allocation.amount_cents if outcome == "ganador" else plan.procompite_cents
            ),
        }
        for plan in chosen
    ]


def _admissibility(db: Database, call_id: int) -> list[dict]:
    """Every plan presented to the call (registered or beyond), and what became of it at
    admission: admitted, inadmissible with what it lacked, observed, withdrawn."""
    refused = inadmissible_plans(db, call_id)
    rows = []
    for plan_id, code, organization, status in db.execute(
        "SELECT p.id, p.code, o.name, p.status FROM plans p "
        "JOIN organizations o ON o.id = p.organization_id "
        "WHERE p.call_id = ? AND p.status <> 'borrador' ORDER BY p.code",
        [call_id],
    ):
        if plan_id in refused:
            outcome, reason = "Inadmisible", " ".join(refused[plan_id])
        elif status == "registrado":
            outcome, reason = "Sin revisar", ""
        elif status == "retirado":
            outcome, reason = "Retirado", ""
        else:
            outcome, reason = "Admitido", ""
        rows.append({"codigo": code, "aeo": organization, "admision": outcome, "motivo": reason})
    return rows


def _grand_total(call: dict, results: CallResults) -> dict:
    assigned = sum(plan.allocation.amount_cents for plan in results.ranking)
    return {
        "presupuesto": format_soles(call["budget_cents"]),
        "asignado": format_soles(assigned),
        "saldo": format_soles(call["budget_cents"] - assigned),
    }


def _transfers(db: Database, call_id: int) -> list[dict]:
    """The leftovers moved between pools, with the document that authorised each."""
    return [
        {
            "fecha": format_short(row[3]),
            "desde": row[0],
            "hacia": row[1],
            "monto": format_soles(row[2]),
            "documento": row[4],
        }
        for row in db.execute(
            "SELECT s.code, d.code, t.amount_cents, t.transferred_on, t.document_reference "
            "FROM call_pool_transfers t JOIN call_categories s ON s.id = t.from_category_id "
            "JOIN call_categories d ON d.id = t.to_category_id WHERE t.call_id = ? ORDER BY t.id",
            [call_id],
        )
    ]


def build_acta_snapshot(db: Database, results: CallResults, number: str, issued_on: date) -> dict:
    call = db["calls"].get(results.call_id)
    moved = _transfers(db, results.call_id)
    return ({"transferencias": moved} if moved else {}) | {
        **dated_number(number, issued_on),
        "convocatoria": {
            **call_identity(call),
            "presupuesto": format_soles(call["budget_cents"]),
            "puntaje_minimo": format_points(results.passing_h),
            "consolidacion": METHOD_LABEL[call["consolidation"]],
            "quorum": call["quorum"],
            "desempates": [TIE_BREAKERS[name].label for name in results.tie_breakers],
        },
        "base_legal": legal_part(db, call, issued_on),
        "comite": [member_entry(m) for m in members(db, results.call_id)],
        "admisibilidad": _admissibility(db, results.call_id),
        "planes": [_plan_line(plan) for plan in results.plans],
        "bolsas": _pools(results),
        "total": _grand_total(call, results),
        "ganadores": _by_outcome(results, "ganador"),
        "accesitarios": _by_outcome(results, "accesitario"),
        "desempates": [
            {
                "codigo": plan.code,
                "nota": plan.allocation.tie_note,
                "orden": _order_after_tie(results, plan),
            }
            for plan in results.ranking
            if plan.allocation.tie_note
        ],
    }


def _order_after_tie(results: CallResults, plan: PlanResult) -> str:
    """The plans tied with ``plan`` (same pool, same score), in the order the tie-break left
    them: the first is the one preferred."""
    tied = sorted(
        (
            other
            for other in results.ranking
            if other.allocation.pool == plan.allocation.pool
            and other.verdict_total_h == plan.verdict_total_h
        ),
        key=lambda other: other.allocation.rank or 0,
    )
    return ", ".join(f"{position}.° {other.code}" for position, other in enumerate(tied, 1))


def acta_problems(results: CallResults) -> list[Problem]:
    """What keeps the acta from being issued: undecided plans, unsaved ranking, no dictamen."""
    problems = []
    for plan in results.plans:
        if plan.verdict is None:
            problems.append(Problem(plan.code, "no tiene veredicto consolidado."))
        elif not plan.issued:
            problems.append(Problem(plan.code, "no tiene su dictamen emitido."))
    if results.unsaved:
        problems.append(
            Problem("Cuadro de mérito", "cambió desde que se guardó; guárdelo antes del acta.")
        )
    if not results.plans:
        problems.append(Problem("Convocatoria", "no tiene planes en evaluación."))
    return problems


def next_acta_number(db: Database, call_id: int) -> str:
    call = db["calls"].get(call_id)
    return numbered(db, "actas", f"{call['document_prefix'] or call['year']}-ACTA", 2)


def issue_acta(db: Database, call_id: int, *, actor: str, on: date | None = None) -> str:
    """Issue the call's acta; returns its number."""
    require_stage(db, call_id, "emitir")
    on = on or date.today()
    results = call_results(db, call_id, on)
    if problems := acta_problems(results):
        raise ValidationError(problems)
    with db.atomic():
        number = next_acta_number(db, call_id)
        row_id, code = store_issued(
            db,
            "actas",
            {"call_id": call_id},
            number,
            on,
            build_acta_snapshot(db, results, number, on) | {MEMBRETE: frozen_letterhead(db)},
        )
        audit.record(
            db,
            actor=actor,
            action="emitir acta",
            table="actas",
            row_id=row_id,
            after={"numero": number, "verificacion": code},
        )
    return number


def current_acta_snapshot(db: Database, call_id: int, number: str, issued_on: date) -> dict:
    results = call_results(db, call_id, issued_on)
    return build_acta_snapshot(db, results, number, issued_on) | {
        MEMBRETE: current_letterhead_part(db)
    }
