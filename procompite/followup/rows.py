"""What the window's Seguimiento screen lists: the calls with funded plans, one row per funded
plan (money, agreement, deliveries, last visit, liquidation), and the budget lines a purchase or
a delivery may be recorded against."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlite_utils import Database

from procompite.common.dates import parse_iso
from procompite.followup.budget import LineExecution
from procompite.followup.funded import FundedPlan, funded_plans
from procompite.followup.picture import call_label, pictures


@dataclass(frozen=True)
class FollowupRow:
    plan: FundedPlan
    agreement: str  # its number, "" while the plan has none
    deliveries: int
    visits: int
    last_visit: date | None
    operating: bool | None
    executed_cents: int
    closed_on: date | None

    @property
    def id(self) -> int:
        return self.plan.plan_id

    @property
    def executed_share(self) -> Fraction | None:
        """PROCOMPITE money bought for the plan over what the acta awarded it."""
        if not self.plan.awarded_cents:
            return None
        return Fraction(self.executed_cents, self.plan.awarded_cents)


def followup_rows(db: Database, call_id: int | None = None) -> list[FollowupRow]:
    """The funded plans of a call (of every call when ``None``) as the screen lists them."""
    counts = dict(
        db.execute("SELECT plan_id, count(*) FROM deliveries GROUP BY plan_id").fetchall()
    )
    closed = dict(db.execute("SELECT plan_id, closed_on FROM plan_closures").fetchall())
    rows = []
    for picture in pictures(db, call_id):
        plan, last = picture.plan, picture.last_visit
        rows.append(
            FollowupRow(
                plan,
                (picture.agreement or {}).get("number") or "",
                counts.get(plan.plan_id, 0),
                len(picture.visits),
                parse_iso(last["visited_on"]) if last else None,
                picture.operating,
                picture.executed_cents,
                parse_iso(closed.get(plan.plan_id)),
            )
        )
    return rows


def followup_calls(db: Database) -> list[tuple[int, str]]:
    """The calls that have funded plans, as (id, «name (year)»), in the order of the plans."""
    calls: dict[int, str] = {}
    for plan in funded_plans(db):
        calls.setdefault(plan.call_id, call_label(plan))
    return list(calls.items())


def purchasable(lines: list[LineExecution]) -> list[LineExecution]:
    """The lines bought with money (PROCOMPITE's or the AEO's cash): the contribution in kind
    is verified in the agreement, never bought (:mod:`.purchases`)."""
    return [line for line in lines if line.bought]


def deliverable(lines: list[LineExecution]) -> list[LineExecution]:
    """The lines an acta de entrega hands over: what PROCOMPITE pays (:mod:`.deliveries`)."""
    return [line for line in lines if line.handed_over]
