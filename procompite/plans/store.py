"""Saving and loading business plans with their budget, cash flow and document checklist,
the facts the call's rules look at, and admission to evaluation."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from procompite.calls.context import CallContext, call_context
from procompite.calls.status import require_plan_stage, require_stage
from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PLAN_STATUS
from procompite.plans.eligibility import PlanFacts, RuleResult, check_rules, failed
from procompite.plans.finance import BudgetLine, CashFlowYear, Financing, financing, indicators
from procompite.plans.validation import (
    budget_line_problems,
    cash_flow_problems,
    plan_problems,
    requested_problems,
)
from procompite.storage import audit

PLAN_FIELDS = (
    "call_id",
    "code",
    "organization_id",
    "category_id",
    "chain_id",
    "title",
    "district_id",
    "duration_months",
    "beneficiaries_women",
    "beneficiaries_men",
    "direct_jobs",
    "indirect_jobs",
    "summary",
    "registered_on",
)
EDITABLE_STATUSES = ("borrador", "registrado", "observado")
LINE_FIELDS = ("component", "concept", "unit", "quantity", "unit_cost_cents", "payer")
FLOW_FIELDS = (
    "year",
    "income_cents",
    "operating_cost_cents",
    "investment_cents",
    "residual_value_cents",
)


@dataclass
class PlanDraft:
    """A plan as the form edits it."""

    record: dict[str, Any]
    lines: list[BudgetLine] = field(default_factory=list)
    flows: list[CashFlowYear] = field(default_factory=list)
    documents: dict[int, bool] = field(default_factory=dict)
    status: str = "borrador"


def load_plan(db: Database, plan_id: int) -> PlanDraft:
    row = db["plans"].get(plan_id)
    lines = [
        BudgetLine(
            r["component"],
            r["concept"],
            r["unit"],
            Decimal(r["quantity"]),
            r["unit_cost_cents"],
            r["payer"],
        )
        for r in db["plan_budget_lines"].rows_where("plan_id = ?", [plan_id], order_by="position")
    ]
    flows = [
        CashFlowYear(*(r[key] for key in FLOW_FIELDS))
        for r in db["plan_cash_flows"].rows_where("plan_id = ?", [plan_id], order_by="year")
    ]
    documents = {
        r["document_id"]: bool(r["present"])
        for r in db["plan_documents"].rows_where("plan_id = ?", [plan_id])
    }
    return PlanDraft({key: row[key] for key in PLAN_FIELDS}, lines, flows, documents, row["status"])


def draft_problems(db: Database, draft: PlanDraft, plan_id: int | None) -> list[Problem]:
    problems = plan_problems(draft.record)
    for key, label in (("call_id", "Convocatoria"), ("organization_id", "AEO")):
        if not draft.record.get(key):
            problems.append(Problem(label, "Es obligatorio."))
    for row, line in enumerate(draft.lines, start=1):
        problems += [
            Problem(f"Presupuesto, línea {row}, {p.field}", p.message)
            for p in budget_line_problems({k: getattr(line, k) for k in LINE_FIELDS})
        ]
    problems += requested_problems(
        [{k: getattr(line, k) for k in LINE_FIELDS} for line in draft.lines]
    )
    years = [flow.year for flow in draft.flows]
    for flow in draft.flows:
        problems += [
            Problem(f"Flujo de caja, año {flow.year}, {p.field}", p.message)
            for p in cash_flow_problems({k: getattr(flow, k) for k in FLOW_FIELDS})
        ]
        if years.count(flow.year) > 1:
            problems.append(Problem(f"Flujo de caja, año {flow.year}", "El año está repetido."))
    taken = db.execute(
        "SELECT 1 FROM plans WHERE call_id = ? AND code = ? AND id IS NOT ?",
        [draft.record.get("call_id"), draft.record.get("code"), plan_id],
    ).fetchone()
    if taken:
        problems.append(Problem("Código", "Ya hay otro plan con ese código en la convocatoria."))
    return problems


def save_plan(
    db: Database,
    draft: PlanDraft,
    *,
    plan_id: int | None = None,
    actor: str = "usuario",
    at: str | None = None,
) -> int:
    """Create or update a plan with all its parts (a draft may be incomplete); returns its id."""
    stored = db["plans"].get(plan_id)["status"] if plan_id is not None else None
    require_stage(db, draft.record.get("call_id"), _work(stored))
    at = at or now_iso()
    if plan_id is not None:
        status = db["plans"].get(plan_id)["status"]
        if status not in EDITABLE_STATUSES:
            raise ValidationError(
                [Problem("Estado", "El plan ya fue admitido a evaluación; no se puede modificar.")]
            )
    if problems := draft_problems(db, draft, plan_id):
        raise ValidationError(problems)
    row = {key: draft.record.get(key) for key in PLAN_FIELDS}
    row["summary"] = row["summary"] or ""
    with db.atomic():
        if plan_id is None:
            before = None
            plan_id = (
                db["plans"]
                .insert(row | {"status": draft.status, "created_at": at, "updated_at": at})
                .last_pk
            )
        else:
            before = _snapshot(load_plan(db, plan_id))
            db["plans"].update(plan_id, row | {"updated_at": at})
        _replace_parts(db, plan_id, draft)
        audit.record(
            db,
            actor=actor,
            action="crear plan" if before is None else "modificar plan",
            table="plans",
            row_id=plan_id,
            before=before,
            after=_snapshot(draft),
            at=at,
        )
    return plan_id


def _snapshot(draft: PlanDraft) -> dict[str, Any]:
    return {
        "plan": draft.record,
        "presupuesto": [[getattr(line, k) for k in LINE_FIELDS] for line in draft.lines],
        "flujo": [[getattr(flow, k) for k in FLOW_FIELDS] for flow in draft.flows],
        "documentos": {str(k): v for k, v in sorted(draft.documents.items())},
    }


def _replace_parts(db: Database, plan_id: int, draft: PlanDraft) -> None:
    for table in ("plan_budget_lines", "plan_cash_flows", "plan_documents"):
        db.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])
    db["plan_budget_lines"].insert_all(
        {k: getattr(line, k) for k in LINE_FIELDS}
        | {
            "quantity": format(line.quantity.normalize(), "f"),
            "plan_id": plan_id,
            "position": position,
        }
        for position, line in enumerate(draft.lines)
    )
    db["plan_cash_flows"].insert_all(
        {k: getattr(flow, k) for k in FLOW_FIELDS} | {"plan_id": plan_id} for flow in draft.flows
    )
    db["plan_documents"].insert_all(
        {"plan_id": plan_id, "document_id": document_id, "present": int(present)}
        for document_id, present in draft.documents.items()
    )


def facts_for(
    context: CallContext,
    draft: PlanDraft,
    *,
    members: int,
    organization: dict[str, Any],
    chain_name: str,
    npv_cents: int | None,
    today: date,
    money: Financing | None = None,
) -> PlanFacts:
    """The facts the rules look at, from a plan and what is known of its AEO and call
    (``money``: the financing of its budget, when already known)."""
    chain_id = draft.record.get("chain_id")
    return PlanFacts(
        category=context.categories.get(draft.record.get("category_id")),
        financing=financing(draft.lines) if money is None else money,
        members=members,
        constituted_on=parse_iso(organization.get("constituted_on")),
        annual_sales_cents=organization.get("annual_sales_cents"),
        chain_name=chain_name,
        chain_prioritized=chain_id in context.chain_ids,
        npv_cents=npv_cents,
        missing_documents=[
            document.name
            for document in context.documents
            if document.required and not draft.documents.get(document.id)
        ],
        today=today,
    )


def plan_facts(
    db: Database, draft: PlanDraft, context: CallContext | None = None, today: date | None = None
) -> PlanFacts:
    """Gather what the rules need from the draft, its AEO and its call."""
    context = context or call_context(db, draft.record["call_id"])
    organization_id = draft.record.get("organization_id")
    organization = db["organizations"].get(organization_id) if organization_id else {}
    members = (
        db["members"].count_where("organization_id = ?", [organization_id]) if organization else 0
    )
    chain_id = draft.record.get("chain_id")
    return facts_for(
        context,
        draft,
        members=members,
        organization=organization,
        chain_name=db["chains"].get(chain_id)["name"] if chain_id else "",
        npv_cents=indicators(draft.flows, context.discount_rate).npv_cents,
        today=today or date.today(),
    )


def _work(status: str | None) -> str:
    """An observed plan is corrected and admitted again during the evaluation; any other is
    registered while the call is open."""
    return "calificar" if status == "observado" else "registrar planes"


def admit_plan(db: Database, plan_id: int, *, actor: str = "usuario") -> list[RuleResult]:
    """Admit a plan to evaluation; raises :class:`ValidationError` naming each failed rule."""
    require_plan_stage(db, plan_id, _work(db["plans"].get(plan_id)["status"]))
    draft = load_plan(db, plan_id)
    if draft.status not in EDITABLE_STATUSES:
        raise ValidationError(
            [Problem("Estado", f"El plan está «{PLAN_STATUS[draft.status]}»; no puede admitirse.")]
        )
    results = check_rules(plan_facts(db, draft))
    if failing := failed(results):
        raise ValidationError([Problem(r.text, r.detail) for r in failing])
    at = now_iso()
    with db.atomic():
        db["plans"].update(
            plan_id,
            {
                "status": "admitido",
                "updated_at": at,
                "registered_on": db["plans"].get(plan_id)["registered_on"] or at[:10],
            },
        )
        audit.record(
            db,
            actor=actor,
            action="admitir plan",
            table="plans",
            row_id=plan_id,
            before={"estado": draft.status},
            after={"estado": "admitido"},
            at=at,
        )
    return results
