"""Everything a plan's dictamen prints, as data: the call, the AEO, the plan and its budget,
the eligibility checklist, every member's scores and comments, the consolidation with each
criterion's disagreement threshold, the verdict with its reasons and the allocation. The same
function builds the frozen snapshot when a dictamen is issued and rebuilds it from the current
data when a code is verified, so any change to those data shows.

A plan undecided with fewer sent sheets than the call's quorum has no consolidation: its
snapshot holds who sent their sheet and the rubric's maxima, no score and no comment.
"""

import json
from collections import defaultdict
from dataclasses import replace
from datetime import date

from sqlite_utils import Database

from procompite.calls.categories import CategoryLimits
from procompite.calls.context import call_context
from procompite.common.dates import format_long, format_short
from procompite.common.labels import COMPONENT, PAYER, VERDICT
from procompite.common.money import format_soles, percent_from_bp
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import current_letterhead_part
from procompite.documents.snapshot_parts import (
    bonus_terms,
    call_identity,
    dated_number,
    legal_part,
    member_entry,
    waiting_list,
)
from procompite.evaluation.committee import CommitteeMember, members
from procompite.evaluation.consolidation import METHOD_LABEL, format_points, plan_consolidation
from procompite.evaluation.results import OUTCOME, PlanResult, call_results
from procompite.evaluation.verdicts import notes
from procompite.plans.brief import plan_brief
from procompite.plans.corrections import observation
from procompite.plans.finance import BudgetLine, financing
from procompite.plans.store import load_plan
from procompite.plans.summary import shared_member_lines
from procompite.registry.brief import organization_brief


def _quantity(line: BudgetLine) -> str:
    return f"{line.quantity.normalize():f}"


def _limits(category: CategoryLimits | None, money) -> list[dict]:
    if category is None:
        return []
    return [
        {
            "limite": "Cofinanciamiento PROCOMPITE",
            "categoria": (
                f"de {format_soles(category.min_cofinancing_cents)} a "
                f"{format_soles(category.max_cofinancing_cents)}, hasta "
                f"{percent_from_bp(category.max_cofinancing_bp)} de la inversión"
            ),
            "plan": f"{format_soles(money.procompite_cents)} "
            f"({money.share(money.procompite_cents)} %)",
        },
        {
            "limite": "Aporte del AEO",
            "categoria": f"al menos {percent_from_bp(category.min_contribution_bp)}",
            "plan": f"{money.share(money.contribution_cents)} %",
        },
        {
            "limite": "Aporte monetario del AEO",
            "categoria": f"al menos {percent_from_bp(category.min_cash_contribution_bp)}",
            "plan": f"{money.share(money.cash_contribution_cents)} %",
        },
    ]


def budget_block(db: Database, plan_id: int) -> dict:
    """The financing by component and payer with shares, the category's limits and the lines."""
    draft = load_plan(db, plan_id)
    context = call_context(db, draft.record["call_id"])
    money = financing(draft.lines)
    cross: dict[tuple[str, str], int] = defaultdict(int)
    for line in draft.lines:
        cross[(line.component, line.payer)] += line.total_cents
    rows = [
        {
            "componente": label,
            "pagadores": [format_soles(cross[(component, payer)]) for payer in PAYER],
            "total": format_soles(money.by_component[component]),
            "porcentaje": f"{money.share(money.by_component[component])} %",
        }
        for component, label in COMPONENT.items()
    ]
    return {
        "pagadores": list(PAYER.values()),
        "componentes": rows,
        "total": {
            "pagadores": [format_soles(money.by_payer[payer]) for payer in PAYER],
            "porcentajes": [f"{money.share(money.by_payer[payer])} %" for payer in PAYER],
            "total": format_soles(money.total_cents),
        },
        "limites": _limits(context.categories.get(draft.record["category_id"]), money),
        "partidas": [
            {
                "componente": COMPONENT[line.component],
                "concepto": line.concept,
                "unidad": line.unit,
                "cantidad": _quantity(line),
                "costo_unitario": format_soles(line.unit_cost_cents),
                "total": format_soles(line.total_cents),
                "pagador": PAYER[line.payer],
            }
            for line in draft.lines
        ],
    }


def _comments(db: Database, plan_id: int, round_: int) -> dict[tuple[int, int], str]:
    return {
        (member_id, criterion_id): comment
        for member_id, criterion_id, comment in db.execute(
            "SELECT e.committee_member_id, s.criterion_id, s.comment FROM scores s "
            "JOIN evaluations e ON e.id = s.evaluation_id "
            "WHERE e.plan_id = ? AND e.round = ? AND e.status = 'enviada' AND s.comment <> ''",
            [plan_id, round_],
        )
    }


def _sections(criteria, evaluators: list[int], names: dict[int, str], scored: bool) -> list[dict]:
    """Per section: its maximum, each evaluator's subtotal and the consolidated subtotal."""
    order: dict[str, list] = {}
    for criterion in criteria:
        order.setdefault(criterion.section, []).append(criterion)
    sections = []
    for section, items in order.items():
        subtotal = sum(c.consolidated_h or 0 for c in items)
        sections.append(
            {
                "seccion": section,
                "maximo": format_points(sum(c.max_h for c in items)),
                "puntajes": {
                    names[m]: format_points(sum(c.by_member.get(m, 0) for c in items))
                    for m in (evaluators if scored else [])
                },
                "subtotal": format_points(subtotal if scored else None),
            }
        )
    return sections


def evaluation_block(
    db: Database,
    plan_id: int,
    committee: list[CommitteeMember],
    *,
    quorum: int,
    decided: bool,
) -> dict:
    """The sheets, scores, comments and consolidation of the plan's current round; without
    scores while the round is undecided and its sent sheets are fewer than ``quorum``."""
    consolidation = plan_consolidation(db, plan_id)
    by_id = {m.id: m for m in committee}
    names = {m.id: m.full_name for m in committee}
    discussed = notes(db, plan_id, consolidation.round)
    sheets = db.execute(
        "SELECT committee_member_id, submitted_at FROM evaluations "
        "WHERE plan_id = ? AND round = ? AND status = 'enviada' ORDER BY committee_member_id",
        [plan_id, consolidation.round],
    ).fetchall()
    scored = decided or len(sheets) >= quorum
    comments = _comments(db, plan_id, consolidation.round) if scored else {}
    evaluators = [member_id for member_id, _ in sheets]
    criteria = [
        c if scored else replace(c, by_member={}, consolidated_h=None, spread_h=0, flagged=False)
        for c in consolidation.criteria
    ]
    return {
        "ronda": consolidation.round,
        "quorum": {"enviadas": len(sheets), "requeridas": quorum},
        "sin_quorum": not scored,
        "fichas": [
            {
                "evaluador": names[member_id],
                "dni": by_id[member_id].dni,
                "cargo": by_id[member_id].role_label,
                "enviada": format_short(submitted_at),
            }
            for member_id, submitted_at in sheets
        ],
        "criterios": [
            {
                "codigo": c.code,
                "criterio": c.name,
                "seccion": c.section,
                "maximo": format_points(c.max_h),
                "puntajes": {names[m]: format_points(v) for m, v in c.by_member.items()},
                "comentarios": {
                    names[m]: comments[(m, c.criterion_id)]
                    for m in c.by_member
                    if (m, c.criterion_id) in comments
                },
                "consolidado": format_points(c.consolidated_h),
                "diferencia": format_points(c.spread_h if scored else None),
                "umbral": format_points(c.limit_h),
                "discrepancia": c.flagged,
                "nota": discussed.get(c.criterion_id, "") if scored else "",
            }
            for c in criteria
        ],
        "secciones": _sections(criteria, evaluators, names, scored),
        "totales": {
            names[m]: format_points(sum(c.by_member.get(m, 0) for c in criteria))
            for m in evaluators
        }
        if scored
        else {},
        "maximo": format_points(sum(c.max_h for c in criteria)),
        "total": format_points(consolidation.total_h if scored else None),
    }


def _declarations(db: Database, plan_id: int) -> dict[int, dict]:
    return {
        member_id: {
            "declara": "con conflicto" if conflict else "sin conflicto",
            "motivo": reason,
            "fecha": format_short(declared_at),
        }
        for member_id, conflict, reason, declared_at in db.execute(
            "SELECT committee_member_id, has_conflict, reason, declared_at "
            "FROM conflict_declarations WHERE plan_id = ?",
            [plan_id],
        )
    }


def _verdict(plan: PlanResult, bonus: bool) -> dict:
    verdict = {
        "codigo": plan.verdict,
        "texto": VERDICT.get(plan.verdict, "Sin veredicto"),
        "puntaje": format_points(plan.verdict_total_h),
        "motivos": plan.reasons,
        "observaciones": plan.observations,
    }
    if bonus:
        decided = plan.verdict is not None
        verdict |= {
            "bonificacion": format_points(plan.bonus_h if decided else None),
            "puntaje_final": format_points(plan.final_h),
            "bonificaciones": plan.bonus_lines if decided else [],
        }
    return verdict


def _correction(db: Database, plan: PlanResult) -> dict | None:
    """For an observed plan, the term to correct it: its working days and the day it ends."""
    if plan.verdict != "observado" or (seen := observation(db, plan.plan_id)) is None:
        return None
    return {
        "dias": seen.days,
        "observado": format_long(seen.observed_on),
        "vence": format_long(seen.deadline),
    }


def _allocation(plan: PlanResult, waiting: int | None) -> dict | None:
    if plan.allocation is None:
        return None
    return {
        "bolsa": plan.allocation.pool,
        "orden": plan.allocation.rank,
        "resultado": OUTCOME[plan.allocation.outcome],
        "monto": format_soles(plan.allocation.amount_cents),
        "desempate": plan.allocation.tie_note,
        "espera": waiting,
    }


def build_snapshot(
    db: Database, plan: PlanResult, number: str, issued_on: date, waiting: int | None = None
) -> dict:
    """What the dictamen prints; ``waiting`` is an accesitario's place in its waiting list."""
    plan_row = db["plans"].get(plan.plan_id)
    call = db["calls"].get(plan_row["call_id"])
    committee = members(db, call["id"])
    declarations = _declarations(db, plan.plan_id)
    return {
        **dated_number(number, issued_on),
        "convocatoria": {
            **call_identity(call),
            "puntaje_minimo": format_points(round(call["passing_score"] * 100)),
            "consolidacion": METHOD_LABEL[call["consolidation"]],
            # The former gap in points: the dictámenes issued before the share printed it, and
            # their verification still compares it.
            "brecha_discrepancia": format_points(round(call["disagreement_gap"] * 100)),
            "discrepancia_porcentaje": f"{call['disagreement_share_bp'] / 100:g} %",
            "quorum": call["quorum"],
            **bonus_terms(call),
        },
        "base_legal": legal_part(db, call, issued_on),
        "aeo": organization_brief(db, plan_row["organization_id"], issued_on),
        "alertas": shared_member_lines(db, plan_row["organization_id"], call["id"]),
        "plan": plan_brief(db, plan.plan_id, issued_on),
        "presupuesto": budget_block(db, plan.plan_id),
        "comite": [{**member_entry(m), "conflicto": declarations.get(m.id)} for m in committee],
        "evaluacion": evaluation_block(
            db, plan.plan_id, committee, quorum=call["quorum"], decided=plan.verdict is not None
        ),
        "veredicto": _verdict(plan, bool(json.loads(call["bonus_rules"]))),
        "subsanacion": _correction(db, plan),
        "asignacion": _allocation(plan, waiting),
    }


def current_snapshot(db: Database, plan_id: int, number: str, issued_on: date) -> dict:
    """The snapshot as the current data would give it, numbered and dated as given."""
    call_id = db["plans"].get(plan_id)["call_id"]
    standing = call_results(db, call_id, issued_on)
    results = {plan.plan_id: plan for plan in standing.plans}
    if plan_id not in results:
        raise LookupError(plan_id)
    waiting = waiting_list(standing).get(plan_id)
    return build_snapshot(db, results[plan_id], number, issued_on, waiting) | {
        MEMBRETE: current_letterhead_part(db)
    }
