"""A call's results: where each plan stands, the cuadro de mérito and the allocation of the budget.

Everything here is computed from the stored data in a few queries, so the screen, the ``rank``
command and the dictámenes always agree."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from procompite.calls.pools import pools
from procompite.calls.status import require_stage
from procompite.common.clock import now_iso
from procompite.common.collector import collector_paused
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import from_cents
from procompite.evaluation.allocation import Allocation, Candidate, allocate
from procompite.evaluation.bonus import call_bonuses
from procompite.evaluation.consolidation import (
    CURRENT_ROUND_SQL,
    consolidate_frame,
    disagreement_limits,
    format_points,
    hundredths,
    plan_totals,
    submitted_scores,
)
from procompite.evaluation.verdicts import verdict_for
from procompite.plans.eligibility import RuleResult
from procompite.plans.summary import plan_summaries
from procompite.registry.padron import youth_age_under
from procompite.storage import audit

IN_EVALUATION = ("admitido", "en_evaluacion", "evaluado", "observado")

OUTCOME = {"ganador": "Ganador", "accesitario": "Accesitario", "no_financiado": "No financiado"}


@dataclass(frozen=True)
class SavedAllocation:
    rank: int | None
    outcome: str
    amount_cents: int
    tie_note: str


@dataclass
class PlanResult:
    plan_id: int
    code: str
    organization: str
    category: str
    chain: str
    status: str
    round: int
    registered_on: str | None
    submitted: int = 0
    drafts: int = 0
    conflicts: int = 0
    quorum_met: bool = False
    total_h: int | None = None
    flags: int = 0
    unresolved_flags: int = 0
    proposal: str = ""
    verdict: str | None = None
    verdict_total_h: int | None = None
    bonus_h: int = 0
    bonus_lines: list[dict] = field(default_factory=list)
    reasons: str = ""
    observations: str = ""
    failed_rules: list[RuleResult] = field(default_factory=list)
    procompite_cents: int = 0
    allocation: Allocation | None = None
    saved: SavedAllocation | None = None
    dictamen_number: str | None = None
    dictamen_status: str | None = None

    @property
    def computed(self) -> SavedAllocation | None:
        """The allocation as it would be saved now."""
        if self.allocation is None:
            return None
        a = self.allocation
        return SavedAllocation(a.rank, a.outcome, a.amount_cents, a.tie_note)

    @property
    def final_h(self) -> int | None:
        """The decided score the ranking reads: the technical score and the bonus."""
        return None if self.verdict_total_h is None else self.verdict_total_h + self.bonus_h

    @property
    def issued(self) -> bool:
        return self.dictamen_status == "emitido"


@dataclass(frozen=True)
class CallResults:
    call_id: int
    call_name: str
    passing_h: int
    quorum: int
    pools: dict[str, int]
    pool_names: dict[str, str]
    tie_breakers: list[str]
    plans: list[PlanResult]
    bonus: bool = False

    @property
    def ranking(self) -> list[PlanResult]:
        """Plans with an allocation, pool by pool, in order of merit."""
        ranked = [plan for plan in self.plans if plan.allocation is not None]
        pools = list(self.pools)
        return sorted(
            ranked,
            key=lambda p: (
                pools.index(p.allocation.pool) if p.allocation.pool in pools else len(pools),
                p.allocation.rank is None,
                p.allocation.rank or 0,
                p.code,
            ),
        )

    @property
    def unsaved(self) -> list[PlanResult]:
        """Plans whose computed allocation differs from the one saved."""
        return [plan for plan in self.plans if plan.computed != plan.saved]


PLANS_SQL = f"""
    SELECT p.id, p.code, o.name, coalesce(cat.code, ''), coalesce(ch.name, ''), p.status,
           {CURRENT_ROUND_SQL.format(plan="p.id")} AS round, p.registered_on, p.organization_id
    FROM plans p
    JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN call_categories cat ON cat.id = p.category_id
    LEFT JOIN chains ch ON ch.id = p.chain_id
    WHERE p.call_id = ? AND p.status IN {IN_EVALUATION}
    ORDER BY p.code
"""


def _padron_shares(db: Database, call_id: int, today: date) -> dict[int, dict[str, object]]:
    youth_under = youth_age_under(db)
    born_after = date(today.year - youth_under, today.month, min(today.day, 28)).isoformat()
    sql = """
        SELECT m.organization_id, count(*), sum(m.sex = 'F'), sum(m.birth_date > ?)
        FROM members m
        WHERE m.organization_id IN (SELECT organization_id FROM plans WHERE call_id = ?)
        GROUP BY 1
    """
    return {
        organization: {
            "women_share": Decimal(women) * 100 / total,
            "youth_share": Decimal(youth or 0) * 100 / total,
        }
        for organization, total, women, youth in db.execute(sql, [born_after, call_id])
    }


@collector_paused()
def call_results(db: Database, call_id: int, today: date | None = None) -> CallResults:
    today = today or date.today()
    call = db["calls"].get(call_id)
    passing_h = hundredths(call["passing_score"])
    budget_pools, pool_names = pools(db, call_id)
    plans: dict[int, PlanResult] = {}
    organizations: dict[int, int] = {}
    for row in db.execute(PLANS_SQL, [call_id]).fetchall():
        plans[row[0]] = PlanResult(*row[:8])
        organizations[row[0]] = row[8]
    for plan_id, round_, status, count in db.execute(
        "SELECT e.plan_id, e.round, e.status, count(*) FROM evaluations e "
        "JOIN plans p ON p.id = e.plan_id WHERE p.call_id = ? GROUP BY 1, 2, 3",
        [call_id],
    ):
        if plan_id in plans and plans[plan_id].round == round_:
            setattr(plans[plan_id], "submitted" if status == "enviada" else "drafts", count)
    for plan_id, count in db.execute(
        "SELECT plan_id, count(*) FROM conflict_declarations WHERE has_conflict = 1 "
        "AND plan_id IN (SELECT id FROM plans WHERE call_id = ?) GROUP BY 1",
        [call_id],
    ):
        if plan_id in plans:
            plans[plan_id].conflicts = count
    table = consolidate_frame(
        submitted_scores(db, call_id, by_member=False),
        call["consolidation"],
        disagreement_limits(db, call_id),
    )
    noted = set(
        db.execute(
            "SELECT n.plan_id, n.criterion_id FROM disagreement_notes n JOIN plans p "
            f"ON p.id = n.plan_id WHERE p.call_id = ? AND n.round = "
            f"{CURRENT_ROUND_SQL.format(plan='p.id')}",
            [call_id],
        ).fetchall()
    )
    unresolved: dict[int, int] = defaultdict(int)
    for plan_id, criterion_id in table.index[table["flagged"]]:
        if (plan_id, criterion_id) not in noted:
            unresolved[plan_id] += 1
    totals = plan_totals(table).to_dict("index")
    summaries = plan_summaries(db, today, call_id, indicators=False)
    live_bonus = call_bonuses(db, call_id, today)
    bonus_counts = bool(call["bonus_counts_for_passing"])
    for plan in plans.values():
        plan.quorum_met = plan.submitted >= call["quorum"]
        summary = summaries[plan.plan_id]
        plan.failed_rules = summary.failed_rules
        plan.procompite_cents = summary.procompite_cents
        if plan.plan_id in totals:
            plan.total_h = int(totals[plan.plan_id]["total_h"])
            plan.flags = int(totals[plan.plan_id]["flags"])
            plan.unresolved_flags = unresolved.get(plan.plan_id, 0)
        plan.bonus_lines = [line.record for line in live_bonus.get(plan.plan_id, [])]
        bonus_h = sum(line.points_h for line in live_bonus.get(plan.plan_id, []))
        if plan.quorum_met:
            plan.proposal = verdict_for(
                plan.failed_rules, plan.total_h or 0, passing_h, bonus_h, bonus_counts
            )[0]
            plan.bonus_h = bonus_h if plan.proposal == "apto" else 0
    for plan_id, round_, verdict, total, reasons, observations, bonus_h, detail in db.execute(
        "SELECT v.plan_id, v.round, v.verdict, v.total_score, v.reasons, v.observations, "
        "v.bonus_h, v.bonus_detail "
        "FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id WHERE p.call_id = ?",
        [call_id],
    ):
        plan = plans.get(plan_id)
        if plan is not None and plan.round == round_:
            plan.verdict, plan.verdict_total_h = verdict, hundredths(total)
            plan.reasons, plan.observations = reasons, observations
            plan.bonus_h, plan.bonus_lines = bonus_h, json.loads(detail)
    for plan_id, rank, outcome, amount, note in db.execute(
        "SELECT a.plan_id, a.rank, a.outcome, a.amount_cents, a.tie_note FROM plan_allocations a "
        "JOIN plans p ON p.id = a.plan_id WHERE p.call_id = ? AND a.round = "
        f"{CURRENT_ROUND_SQL.format(plan='p.id')}",
        [call_id],
    ):
        if plan_id in plans:
            plans[plan_id].saved = SavedAllocation(rank, outcome, amount, note)
    for plan_id, number, status in db.execute(
        "SELECT d.plan_id, d.number, d.status FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
        "WHERE p.call_id = ? ORDER BY d.id",
        [call_id],
    ):
        if plan_id in plans:
            plans[plan_id].dictamen_number, plans[plan_id].dictamen_status = number, status
    shares = _padron_shares(db, call_id, today)
    summaries_npv = {key: value.npv_cents for key, value in summaries.items()}
    tie_breakers = json.loads(call["tie_breakers"] or "[]")
    decided = [plan for plan in plans.values() if plan.verdict is not None]
    candidates = [
        Candidate(
            plan.plan_id,
            plan.code,
            "" if "" in budget_pools else plan.category,
            plan.final_h or 0,
            plan.procompite_cents,
            plan.verdict == "apto",
            shares.get(organizations[plan.plan_id], {})
            | {
                "registered_on": plan.registered_on,
                "npv": summaries_npv.get(plan.plan_id),
                "procompite_amount": plan.procompite_cents,
            },
        )
        for plan in decided
    ]
    for allocation in allocate(candidates, budget_pools, tie_breakers):
        plans[allocation.plan_id].allocation = allocation
    return CallResults(
        call_id,
        call["name"],
        passing_h,
        call["quorum"],
        budget_pools,
        pool_names,
        tie_breakers,
        list(plans.values()),
        bool(json.loads(call["bonus_rules"])),
    )


def save_ranking(db: Database, call_id: int, *, actor: str, today: date | None = None) -> int:
    """Store the computed cuadro de mérito and allocation; returns how many plans changed."""
    require_stage(db, call_id, "decidir")
    results = call_results(db, call_id, today)
    changed = results.unsaved
    frozen = [plan for plan in changed if plan.issued]
    if frozen:
        raise ValidationError(
            [
                Problem(
                    plan.code,
                    f"su resultado cambiaría y tiene el dictamen {plan.dictamen_number} emitido; "
                    "reabra el dictamen con un motivo antes de guardar el cuadro de mérito.",
                )
                for plan in frozen
            ]
        )
    at = now_iso()
    with db.atomic():
        for plan in changed:
            db.execute(
                "DELETE FROM plan_allocations WHERE plan_id = ? AND round = ?",
                [plan.plan_id, plan.round],
            )
            row_id = None
            if plan.allocation is not None:
                row_id = (
                    db["plan_allocations"]
                    .insert(
                        {
                            "call_id": call_id,
                            "plan_id": plan.plan_id,
                            "round": plan.round,
                            "rank": plan.allocation.rank,
                            "outcome": plan.allocation.outcome,
                            "amount_cents": plan.allocation.amount_cents,
                            "tie_note": plan.allocation.tie_note,
                            "decided_at": at,
                        }
                    )
                    .last_pk
                )
            audit.record(
                db,
                actor=actor,
                action="guardar cuadro de mérito",
                table="plan_allocations",
                row_id=row_id,
                before=plan.saved.__dict__ if plan.saved else None,
                after={
                    "plan": plan.code,
                    "orden": plan.allocation.rank,
                    "resultado": plan.allocation.outcome,
                    "monto_cents": plan.allocation.amount_cents,
                    "desempate": plan.allocation.tie_note,
                }
                if plan.allocation
                else None,
                at=at,
            )
    return len(changed)


def rank_rows(results: CallResults) -> list[dict]:
    """One row per plan for the ``rank`` command, in order of merit."""
    pending = [plan for plan in results.plans if plan.allocation is None]
    rows = []
    for plan in results.ranking + pending:
        score = plan.verdict_total_h if plan.verdict else plan.total_h
        rows.append(
            {
                "plan_id": plan.plan_id,
                "code": plan.code,
                "organization": plan.organization,
                "category": plan.category,
                "score": format_points(score),
                "bonus": format_points(plan.bonus_h if plan.verdict else None),
                "final": format_points(plan.final_h),
                "verdict": plan.verdict or "pendiente",
                "rank": plan.allocation.rank if plan.allocation else None,
                "procompite_amount": str(from_cents(plan.procompite_cents)),
                "allocation": plan.allocation.outcome if plan.allocation else "pendiente",
                "tie_note": plan.allocation.tie_note if plan.allocation else "",
            }
        )
    return rows
