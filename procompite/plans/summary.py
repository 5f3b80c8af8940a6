"""Indicators and rule results of many plans at once, for lists (a few queries in all)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.context import call_context
from procompite.common.money import line_total_cents
from procompite.plans.eligibility import RuleResult, failed_rules
from procompite.plans.finance import Indicators, financing_of
from procompite.plans.finance_many import many_indicators, many_npvs
from procompite.plans.store import FLOW_FIELDS, PlanDraft, facts_for


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    total_cents: int
    procompite_cents: int
    npv_cents: int | None
    failed_rules: list[RuleResult]
    indicators: Indicators | None = None


_PLANS = "SELECT {} FROM plans WHERE :call IS NULL OR call_id = :call"


def _of_call(column: str, call_id: int | None, plans_column: str = "id") -> str:
    """The condition that ``column`` is the ``plans_column`` of a plan of the call (any call)."""
    if call_id is None:
        return "1"
    return f"{column} IN (SELECT {plans_column} FROM plans WHERE call_id = :call)"


def plan_summaries(
    db: Database, today: date | None = None, call_id: int | None = None, indicators: bool = True
) -> dict[int, PlanSummary]:
    """Per plan (of the call ``call_id``, or of every call), its money, VAN, rules and, unless
    ``indicators`` is false, its other indicators (TIR, B/C, payback)."""
    today = today or date.today()
    which = {"call": call_id}
    of_plans = _of_call("plan_id", call_id)
    of_organizations = _of_call("organization_id", call_id, "organization_id")
    lines: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for plan_id, component, payer, quantity, cost in db.execute(
        f"SELECT plan_id, component, payer, quantity, unit_cost_cents FROM plan_budget_lines "
        f"WHERE {of_plans}",
        which,
    ):
        lines[plan_id].append((component, payer, line_total_cents(quantity, cost)))
    flows = db.execute(
        f"SELECT plan_id, {', '.join(FLOW_FIELDS)} FROM plan_cash_flows WHERE {of_plans}", which
    ).fetchall()
    present: dict[int, set[int]] = defaultdict(set)
    for plan_id, document_id in db.execute(
        f"SELECT plan_id, document_id FROM plan_documents WHERE present = 1 AND {of_plans}",
        which,
    ):
        present[plan_id].add(document_id)
    members = dict(
        db.execute(
            f"SELECT organization_id, count(*) FROM members WHERE {of_organizations} GROUP BY 1",
            which,
        )
    )
    organizations = {
        row["id"]: row
        for row in db.query(
            "SELECT id, constituted_on, annual_sales_cents FROM organizations "
            f"WHERE {_of_call('id', call_id, 'organization_id')}",
            which,
        )
    }
    chains = dict(db.execute("SELECT id, name FROM chains"))
    plans = db.execute(
        _PLANS.format("id, call_id, organization_id, category_id, chain_id"), which
    ).fetchall()
    contexts = {
        plan_call_id: call_context(db, plan_call_id) for plan_call_id in {row[1] for row in plans}
    }
    rates = {row[0]: contexts[row[1]].discount_rate for row in plans}
    results = many_indicators(flows, rates) if indicators else {}
    npvs = (
        {plan_id: found.npv_cents for plan_id, found in results.items()}
        if indicators
        else many_npvs(flows, rates)
    )
    summaries = {}
    for plan_id, plan_call_id, organization_id, category_id, chain_id in plans:
        draft = PlanDraft(
            {"category_id": category_id, "chain_id": chain_id},
            [],
            [],
            dict.fromkeys(present[plan_id], True),
        )
        facts = facts_for(
            contexts[plan_call_id],
            draft,
            members=members.get(organization_id, 0),
            organization=organizations[organization_id],
            chain_name=chains.get(chain_id, ""),
            npv_cents=npvs[plan_id],
            today=today,
            money=financing_of(lines[plan_id]),
        )
        summaries[plan_id] = PlanSummary(
            plan_id,
            facts.financing.total_cents,
            facts.financing.procompite_cents,
            npvs[plan_id],
            failed_rules(facts),
            results.get(plan_id),
        )
    return summaries


_SHARED_MEMBERS = """
    WITH applying AS (
        SELECT DISTINCT organization_id, call_id FROM plans WHERE status <> 'retirado'
    )
    SELECT m1.organization_id, m1.dni, m1.first_names || ' ' || m1.last_names,
           o2.name, c.name, c.id
    FROM members m1
    JOIN applying a1 ON a1.organization_id = m1.organization_id
    JOIN members m2 ON m2.dni = m1.dni AND m2.organization_id <> m1.organization_id
    JOIN applying a2 ON a2.organization_id = m2.organization_id AND a2.call_id = a1.call_id
    JOIN organizations o2 ON o2.id = m2.organization_id
    JOIN calls c ON c.id = a1.call_id
"""
SHARED_MEMBERS_SQL = _SHARED_MEMBERS + " ORDER BY m1.organization_id, m1.dni, o2.name"
_SHARED_IN_CALL_SQL = (
    _SHARED_MEMBERS + " WHERE m1.organization_id = ? AND a1.call_id = ? ORDER BY m1.dni, o2.name"
)
SHARED_IN_CALL_SQL = (
    _SHARED_MEMBERS + " WHERE a1.call_id = ? ORDER BY m1.organization_id, m1.dni, o2.name"
)


def shared_members(db: Database) -> dict[int, list[str]]:
    """Per organisation: members who also belong to another AEO applying to the same call."""
    found: dict[int, list[str]] = defaultdict(list)
    for organization_id, dni, name, other, call, _call_id in db.execute(SHARED_MEMBERS_SQL):
        found[organization_id].append(_shared_line(dni, name, other, call))
    return dict(found)


def _shared_line(dni: str, name: str, other: str, call: str) -> str:
    return f"{name} (DNI {dni}) figura también en el padrón de «{other}», que postula a «{call}»"


def shared_member_lines(db: Database, organization_id: int, call_id: int) -> list[str]:
    """The AEO's members who also belong to another AEO applying to the same call."""
    return [
        _shared_line(dni, name, other, call)
        for _id, dni, name, other, call, _call in db.execute(
            _SHARED_IN_CALL_SQL, [organization_id, call_id]
        )
    ]


def shared_member_alerts(db: Database) -> dict[tuple[int, str], str]:
    """Per organisation and call name, one short line for lists: the other AEO in that call
    that share members with it."""
    others: dict[tuple[int, str], list[str]] = defaultdict(list)
    for organization_id, _dni, _name, other, call, _call_id in db.execute(SHARED_MEMBERS_SQL):
        if other not in others[(organization_id, call)]:
            others[(organization_id, call)].append(other)
    return {
        key: "⚠ Socios en común con " + ", ".join(f"«{name}»" for name in names)
        for key, names in others.items()
    }


def organization_alerts(db: Database) -> dict[int, str]:
    """Per organisation, the shared-member alerts of all its calls in one line."""
    lines: dict[int, list[str]] = defaultdict(list)
    for (organization_id, _call), text in shared_member_alerts(db).items():
        lines[organization_id].append(text)
    return {organization_id: "; ".join(texts) for organization_id, texts in lines.items()}
