"""Consolidating the committee's submitted scores: per criterion, per plan, with disagreements.

All arithmetic is on integer hundredths of a point, so every figure is exact and can be redone by
hand from the printed sheets: a criterion's consolidated value is the mean (or the median, as the
call says) of the submitted scores rounded half up to two decimals, and a plan's total is the sum
of those rounded values. A criterion is flagged when the highest and lowest scores differ by more
than the call's gap.
"""

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlite_utils import Database

# A plan's current round: the round of its last observation while it stays "observado", the
# next one once it has been corrected and admitted again.
CURRENT_ROUND_SQL = """
    (coalesce((SELECT max(v.round) FROM plan_verdicts v
               WHERE v.plan_id = {plan} AND v.verdict = 'observado'), 0)
     + (SELECT status <> 'observado' FROM plans WHERE id = {plan}))
"""


def hundredths(points: float | Decimal | str) -> int:
    """Points as integer hundredths (scores and maxima are stored with at most two decimals)."""
    return int((Decimal(str(points)) * 100).to_integral_value())


def points(value_h: int) -> Decimal:
    return Decimal(value_h) / 100


def format_points(value_h: int | None) -> str:
    return "" if value_h is None else f"{points(value_h):.2f}"


METHOD_LABEL = {"mean": "promedio", "median": "mediana"}


@dataclass(frozen=True)
class CriterionScores:
    criterion_id: int
    code: str
    name: str
    section: str
    max_h: int
    by_member: dict[int, int]
    consolidated_h: int | None
    spread_h: int
    flagged: bool


@dataclass(frozen=True)
class PlanConsolidation:
    plan_id: int
    round: int
    criteria: list[CriterionScores]
    members: list[int]

    @property
    def total_h(self) -> int:
        return sum(c.consolidated_h or 0 for c in self.criteria)

    @property
    def flagged(self) -> list[CriterionScores]:
        return [c for c in self.criteria if c.flagged]


def current_round(db: Database, plan_id: int) -> int:
    sql = "SELECT " + CURRENT_ROUND_SQL.format(plan=":plan")
    return db.execute(sql, {"plan": plan_id}).fetchone()[0]


def submitted_scores(db: Database, call_id: int, plan_id: int | None = None) -> pd.DataFrame:
    """Every submitted score of the plans' current round: plan, member, criterion, points_h."""
    sql = f"""
        SELECT e.plan_id, e.committee_member_id AS member_id, s.criterion_id,
               CAST(round(s.points * 100) AS INTEGER) AS points_h
        FROM plans p
        JOIN evaluations e ON e.plan_id = p.id
             AND e.round = {CURRENT_ROUND_SQL.format(plan="p.id")}
             AND e.status = 'enviada'
        JOIN scores s ON s.evaluation_id = e.id
        WHERE p.call_id = ? {"AND p.id = ?" if plan_id is not None else ""}
    """
    params = [call_id] + ([plan_id] if plan_id is not None else [])
    return pd.DataFrame(
        db.execute(sql, params).fetchall(),
        columns=["plan_id", "member_id", "criterion_id", "points_h"],
    ).astype("int64")


def consolidate_frame(scores: pd.DataFrame, method: str, gap_h: int) -> pd.DataFrame:
    """Per plan and criterion: n, consolidated value, spread and flag (all in hundredths)."""
    grouped = scores.groupby(["plan_id", "criterion_id"])["points_h"]
    table = grouped.agg(["count", "sum", "min", "max"])
    if method == "median":
        doubled = (grouped.median() * 2).round().astype("int64")
        table["value_h"] = (doubled + 1) // 2
    else:
        table["value_h"] = (2 * table["sum"] + table["count"]) // (2 * table["count"])
    table["spread_h"] = table["max"] - table["min"]
    table["flagged"] = table["spread_h"] > gap_h
    return table


def plan_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Per plan: total of the consolidated criteria and the number of flagged criteria."""
    return table.groupby(level="plan_id").agg(total_h=("value_h", "sum"), flags=("flagged", "sum"))


def rubric_criteria(db: Database, call_id: int) -> list[dict]:
    sql = """
        SELECT c.id, c.code, c.name, s.name AS section, c.max_points, c.description,
               c.plan_section
        FROM rubric_criteria c
        JOIN rubrics r ON r.id = c.rubric_id
        JOIN rubric_sections s ON s.id = c.section_id
        WHERE r.call_id = ? ORDER BY c.position
    """
    return list(db.query(sql, [call_id]))


def plan_consolidation(db: Database, plan_id: int) -> PlanConsolidation:
    """The consolidation of one plan's current round, criterion by criterion."""
    plan = db["plans"].get(plan_id)
    call = db["calls"].get(plan["call_id"])
    scores = submitted_scores(db, call["id"], plan_id)
    table = consolidate_frame(
        scores, call["consolidation"], hundredths(call["disagreement_gap"])
    ).droplevel("plan_id")
    by_criterion: dict[int, dict[int, int]] = {}
    for row in scores.itertuples(index=False):
        by_criterion.setdefault(row.criterion_id, {})[row.member_id] = row.points_h
    criteria = []
    for criterion in rubric_criteria(db, call["id"]):
        found = criterion["id"] in table.index
        line = table.loc[criterion["id"]] if found else None
        criteria.append(
            CriterionScores(
                criterion["id"],
                criterion["code"],
                criterion["name"],
                criterion["section"],
                hundredths(criterion["max_points"]),
                by_criterion.get(criterion["id"], {}),
                int(line["value_h"]) if found else None,
                int(line["spread_h"]) if found else 0,
                bool(line["flagged"]) if found else False,
            )
        )
    return PlanConsolidation(
        plan_id, current_round(db, plan_id), criteria, sorted(scores["member_id"].unique())
    )
