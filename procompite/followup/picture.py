"""What became of the funded plans: per plan, money executed against awarded and the results
of its latest visit against the line of base and against the plan's own projection (the income
of its cash flow for that year, its direct jobs); per call and across calls, the survival rate
and the same sums. Every figure is computed from the rows, exactly."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlite_utils import Database

from procompite.common.dates import parse_iso
from procompite.common.labels import PAYER
from procompite.followup.agreements import load_agreement
from procompite.followup.budget import LineExecution, PayerExecution, by_payer, plan_lines
from procompite.followup.funded import FundedPlan, funded_plans
from procompite.followup.visits import visits

ALL_CALLS = "Todas las convocatorias"


@dataclass(frozen=True)
class PlanPicture:
    plan: FundedPlan
    agreement: dict[str, Any] | None
    lines: list[LineExecution]
    payers: list[PayerExecution]  # in kind: the contribution verified in the agreement
    visits: list[dict[str, Any]]
    sales_before: int | None
    sales_after: int | None
    sales_projected: int | None
    jobs_before: int | None
    jobs_after: int | None
    jobs_projected: int | None

    @property
    def executed_cents(self) -> int:
        """What the entity bought with PROCOMPITE money for the plan."""
        return sum(p.executed_cents for p in self.payers if p.payer == "procompite")

    @property
    def last_visit(self) -> dict[str, Any] | None:
        return self.visits[-1] if self.visits else None

    @property
    def operating(self) -> bool | None:
        return None if self.last_visit is None else bool(self.last_visit["operating"])


@dataclass(frozen=True)
class Summary:
    """The funded plans of a call, or of every call, at a glance."""

    label: str
    funded: int
    with_agreement: int
    visited: int
    operating: int
    closed: int
    awarded_cents: int
    executed_cents: int
    sales: tuple[int, int, int]  # before, after, projected, over plans that have all three
    sales_plans: int
    jobs: tuple[int, int, int]
    jobs_plans: int
    payers: tuple[PayerExecution, ...] = ()

    @property
    def survival(self) -> Fraction | None:
        """Share of the visited plans whose AEO was operating at its latest visit."""
        return Fraction(self.operating, self.visited) if self.visited else None


def percent(share: Fraction | None) -> str:
    """``Fraction(3, 4)`` -> ``"75.0 %"``, rounded half up from the exact share."""
    if share is None:
        return "—"
    value = Decimal(share.numerator) * 100 / Decimal(share.denominator)
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


def operation_year(signed_on: date, visited_on: date) -> int:
    """The year of operation a visit falls in: 1 in the first twelve months after signing."""
    months = (visited_on.year - signed_on.year) * 12 + visited_on.month - signed_on.month
    if visited_on.day < signed_on.day:
        months -= 1
    return max(months, 0) // 12 + 1


def _latest(found: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    return next((visit for visit in reversed(found) if visit[key] is not None), None)


def plan_picture(db: Database, plan: FundedPlan) -> PlanPicture:
    agreement = load_agreement(db, plan.plan_id)
    lines = plan_lines(db, plan.plan_id)
    found = visits(db, plan.plan_id)
    sales = _latest(found, "sales_cents")
    jobs = _latest(found, "direct_jobs")
    projected_sales = None
    if agreement and sales:
        year = operation_year(parse_iso(agreement["signed_on"]), parse_iso(sales["visited_on"]))
        income = db.execute(
            "SELECT income_cents FROM plan_cash_flows WHERE plan_id = ? AND year BETWEEN 1 AND ? "
            "ORDER BY year DESC LIMIT 1",
            [plan.plan_id, year],
        ).fetchone()
        projected_sales = income[0] if income else None
    projected_jobs = db.execute(
        "SELECT direct_jobs FROM plans WHERE id = ?", [plan.plan_id]
    ).fetchone()[0]
    payers = [
        replace(item, executed_cents=agreement["verified_in_kind_cents"] or 0)
        if item.payer == "aeo_no_monetario" and agreement
        else item
        for item in by_payer(lines)
    ]
    return PlanPicture(
        plan,
        agreement,
        lines,
        payers,
        found,
        agreement["baseline_sales_cents"] if agreement else None,
        sales["sales_cents"] if sales else None,
        projected_sales,
        agreement["baseline_jobs"] if agreement else None,
        jobs["direct_jobs"] if jobs else None,
        projected_jobs if jobs else None,
    )


def _sums(pictures: list[PlanPicture], names: tuple[str, str, str]) -> tuple[tuple, int]:
    complete = [
        [getattr(picture, name) for name in names]
        for picture in pictures
        if all(getattr(picture, name) is not None for name in names)
    ]
    return tuple(sum(row[i] for row in complete) for i in range(3)), len(complete)


def summarize(label: str, pictures: list[PlanPicture]) -> Summary:
    visited = [picture for picture in pictures if picture.visits]
    sales, sales_plans = _sums(pictures, ("sales_before", "sales_after", "sales_projected"))
    jobs, jobs_plans = _sums(pictures, ("jobs_before", "jobs_after", "jobs_projected"))
    return Summary(
        label,
        len(pictures),
        sum(1 for picture in pictures if picture.agreement),
        len(visited),
        sum(1 for picture in visited if picture.operating),
        sum(1 for picture in pictures if picture.plan.closed),
        sum(picture.plan.awarded_cents for picture in pictures),
        sum(picture.executed_cents for picture in pictures),
        sales,
        sales_plans,
        jobs,
        jobs_plans,
        tuple(
            PayerExecution(
                payer,
                sum(p.budget_cents for pic in pictures for p in pic.payers if p.payer == payer),
                sum(p.executed_cents for pic in pictures for p in pic.payers if p.payer == payer),
            )
            for payer in PAYER
            if any(p.payer == payer for pic in pictures for p in pic.payers)
        ),
    )


def call_label(plan: FundedPlan) -> str:
    """The call's name, with its year when the name does not say it."""
    year = str(plan.call_year)
    return plan.call_name if year in plan.call_name else f"{plan.call_name} ({year})"


def pictures(db: Database, call_id: int | None = None) -> list[PlanPicture]:
    return [plan_picture(db, plan) for plan in funded_plans(db, call_id)]


def summaries(db: Database, call_id: int | None = None) -> list[Summary]:
    """One summary per call with funded plans (only ``call_id``'s when given), and, for every
    call, a last one across all of them."""
    found = pictures(db, call_id)
    calls: dict[int, list[PlanPicture]] = {}
    for picture in found:
        calls.setdefault(picture.plan.call_id, []).append(picture)
    rows = [summarize(call_label(group[0].plan), group) for group in calls.values()]
    if call_id is None:
        rows.append(summarize(ALL_CALLS, found))
    return rows
