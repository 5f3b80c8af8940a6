"""A funded plan's budget lines against what was bought and delivered: budgeted, executed and
left per line, and the same by payer (PROCOMPITE, the AEO in cash, the AEO in kind)."""

from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from procompite.common.labels import COMPONENT, PAYER
from procompite.common.money import line_total_cents

COMPONENT_ORDER = tuple(COMPONENT)


@dataclass(frozen=True)
class LineExecution:
    line_id: int
    position: int
    component: str
    concept: str
    unit: str
    quantity: Decimal
    payer: str
    budget_cents: int
    executed_cents: int
    delivered: Decimal

    @property
    def left_cents(self) -> int:
        return self.budget_cents - self.executed_cents

    @property
    def bought(self) -> bool:
        """Bought with money (PROCOMPITE's or the AEO's cash); the contribution in kind is
        verified in the agreement, never bought."""
        return self.payer != "aeo_no_monetario"

    @property
    def handed_over(self) -> bool:
        """Handed to the AEO in an acta de entrega: the goods PROCOMPITE pays (its services,
        the intangibles, are executed by their purchase and not handed over)."""
        return self.payer == "procompite" and self.component != "intangibles"

    @property
    def label(self) -> str:
        return f"{self.position + 1}. {self.concept} ({PAYER[self.payer]})"


@dataclass(frozen=True)
class PayerExecution:
    payer: str
    budget_cents: int
    executed_cents: int


def plan_lines(db: Database, plan_id: int) -> list[LineExecution]:
    """Every budget line of the plan, in its order, with what was bought and delivered."""
    executed = dict(
        db.execute(
            "SELECT budget_line_id, sum(amount_cents) FROM purchases WHERE plan_id = ? "
            "GROUP BY budget_line_id",
            [plan_id],
        ).fetchall()
    )
    delivered: dict[int, Decimal] = {}
    for line_id, quantity in db.execute(
        "SELECT i.budget_line_id, i.quantity FROM delivery_items i "
        "JOIN deliveries d ON d.id = i.delivery_id WHERE d.plan_id = ?",
        [plan_id],
    ):
        delivered[line_id] = delivered.get(line_id, Decimal(0)) + Decimal(quantity)
    return [
        LineExecution(
            line_id,
            position,
            component,
            concept,
            unit,
            Decimal(quantity),
            payer,
            line_total_cents(quantity, cost),
            executed.get(line_id, 0),
            delivered.get(line_id, Decimal(0)),
        )
        for line_id, position, component, concept, unit, quantity, cost, payer in db.execute(
            "SELECT id, position, component, concept, unit, quantity, unit_cost_cents, payer "
            "FROM plan_budget_lines WHERE plan_id = ? ORDER BY position",
            [plan_id],
        )
    ]


def by_payer(lines: list[LineExecution]) -> list[PayerExecution]:
    """Budgeted and executed per payer, in the order of :data:`PAYER`, payers with a budget."""
    totals = []
    for payer in PAYER:
        mine = [line for line in lines if line.payer == payer]
        if mine:
            totals.append(
                PayerExecution(
                    payer,
                    sum(line.budget_cents for line in mine),
                    sum(line.executed_cents for line in mine),
                )
            )
    return totals


def line_of(db: Database, plan_id: int, line_id: int) -> LineExecution | None:
    return next((line for line in plan_lines(db, plan_id) if line.line_id == line_id), None)
