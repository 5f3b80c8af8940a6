"""Consolidating the committee's submitted scores: per criterion, per plan, with disagreements.

All arithmetic is on integer hundredths of a point, so every figure is exact and can be redone by
hand from the printed sheets: a criterion's consolidated value is the mean (or the median, as the
call says) of the submitted scores rounded half up to two decimals, and a plan's total is the sum
of those rounded values. A criterion is flagged when the highest and lowest scores differ by more
than the call's share of the criterion's own maximum (40 % by default: more than 2.00 points on a
criterion of 0 to 5, more than 8.00 on one of 0 to 20). Spreads are whole hundredths, so the
share is rounded down to hundredths without changing which criteria are flagged.

Who may see which scores is decided here too (:func:`score_visibility`), so that every screen
asks the same rule: nobody without a session sees any score; a member sees the others' scores of
a plan once their own sheet is sent or the round is decided, and never when they declared a
conflict of interest with it; the consolidated figures are shown to every member once the round
is complete. The printed dictámenes and actas are not filtered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    import pandas as pd

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
    limit_h: int


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


_CURRENT_SCORES = """
    WITH current(plan_id, round) AS MATERIALIZED (
        SELECT p.id, {round} FROM plans p WHERE p.call_id = ? {plan}
    )
    SELECT {columns}
    FROM current c
    JOIN evaluations e ON e.plan_id = c.plan_id AND e.round = c.round AND e.status = 'enviada'
    JOIN scores s ON s.evaluation_id = e.id
"""
_POINTS_H = "CAST(round(s.points * 100) AS INTEGER)"
# The frame's columns and what each is read from.
_SCORE_COLUMNS = {
    "plan_id": "e.plan_id",
    "member_id": "e.committee_member_id",
    "criterion_id": "s.criterion_id",
    "points_h": _POINTS_H,
}


def submitted_scores(
    db: Database, call_id: int, plan_id: int | None = None, by_member: bool = True
) -> pd.DataFrame:
    """Every submitted score of the plans' current round: plan, member (unless ``by_member`` is
    false), criterion, points_h.

    Without the member, each score is read as one integer, (plan × criteria + criterion) ×
    points + points, and split again here, when the largest ids and maximum allow it in 62 bits
    (always, at a region's sizes) and every score is within the largest maximum; else, as
    with the member, column by column."""
    import numpy as np
    import pandas as pd

    columns = [name for name in _SCORE_COLUMNS if by_member or name != "member_id"]
    params = [call_id] + ([plan_id] if plan_id is not None else [])

    def read(selected: str):
        sql = _CURRENT_SCORES.format(
            round=CURRENT_ROUND_SQL.format(plan="p.id"),
            plan="AND p.id = ?" if plan_id is not None else "",
            columns=selected,
        )
        return np.fromiter(chain.from_iterable(db.execute(sql, params)), dtype=np.int64)

    spans = None if by_member else _key_spans(db)
    if spans is not None:
        criteria, span = spans
        keys = read(
            f"CASE WHEN {_POINTS_H} BETWEEN 0 AND {span - 1} "
            f"THEN (e.plan_id * {criteria} + s.criterion_id) * {span} + {_POINTS_H} ELSE -1 END"
        )
        if not (keys < 0).any():
            rest, value = np.divmod(keys, span)
            plan, criterion = np.divmod(rest, criteria)
            return pd.DataFrame({"plan_id": plan, "criterion_id": criterion, "points_h": value})
    values = read(", ".join(_SCORE_COLUMNS[name] for name in columns))
    return pd.DataFrame(values.reshape(-1, len(columns)), columns=columns)


def _key_spans(db: Database) -> tuple[int, int] | None:
    """How many criterion ids and point values a score's key must make room for; None when a
    key of the largest plan id would not fit in 62 bits."""
    plans, criteria, most_h = db.execute(
        "SELECT (SELECT max(id) FROM plans), max(id), "
        "max(CAST(round(max_points * 100) AS INTEGER)) FROM rubric_criteria"
    ).fetchone()
    if None in (plans, criteria, most_h) or min(plans, criteria, most_h) < 0:
        return None
    if (plans + 1) * (criteria + 1) * (most_h + 1) >= 1 << 62:
        return None
    return criteria + 1, most_h + 1


def disagreement_limit(share_bp: int, max_h: int) -> int:
    """The spread above which a criterion of maximum ``max_h`` is flagged, in hundredths."""
    return share_bp * max_h // 10000


def disagreement_limits(db: Database, call_id: int) -> pd.Series:
    """Per criterion id of the call's rubric, the spread above which it is flagged."""
    import pandas as pd

    rows = db.execute(
        """
        SELECT c.id, k.disagreement_share_bp * CAST(round(c.max_points * 100) AS INTEGER) / 10000
        FROM rubric_criteria c
        JOIN rubrics r ON r.id = c.rubric_id
        JOIN calls k ON k.id = r.call_id
        WHERE r.call_id = ?
        """,
        [call_id],
    ).fetchall()
    return pd.Series(
        [limit for _, limit in rows],
        index=pd.Index([criterion for criterion, _ in rows], name="criterion_id"),
        dtype="int64",
    )


def consolidate_frame(scores: pd.DataFrame, method: str, limit_h: int | pd.Series) -> pd.DataFrame:
    """Per plan and criterion: n, consolidated value, spread and flag (all in hundredths).

    A criterion is flagged when its spread exceeds ``limit_h``: one figure for every criterion,
    or one per criterion id (:func:`disagreement_limits`). The scores are sorted once by plan,
    criterion and points, so each group's count, sum, lowest, highest and middle scores are read
    off the sorted array."""
    import numpy as np
    import pandas as pd

    plan, criterion, value = (
        scores[name].to_numpy(dtype=np.int64) for name in ("plan_id", "criterion_id", "points_h")
    )
    order = _sorting(plan, criterion, value)
    plan, criterion, value = plan[order], criterion[order], value[order]
    new_group = np.ones(len(plan), dtype=bool)
    new_group[1:] = (plan[1:] != plan[:-1]) | (criterion[1:] != criterion[:-1])
    start = np.flatnonzero(new_group)
    count = np.diff(np.append(start, len(plan)))
    total = np.add.reduceat(value, start) if len(start) else value[:0]
    low, high = value[start], value[start + count - 1]
    if method == "median":
        doubled = value[start + (count - 1) // 2] + value[start + count // 2]
        value_h = (doubled + 1) // 2
    else:
        value_h = (2 * total + count) // (2 * count) if len(start) else total
    criteria = criterion[start]
    if isinstance(limit_h, pd.Series):
        limit_h = limit_h.reindex(criteria).to_numpy()
    spread = high - low
    return pd.DataFrame(
        {
            "count": count,
            "sum": total,
            "min": low,
            "max": high,
            "value_h": value_h,
            "spread_h": spread,
            "flagged": spread > limit_h,
        },
        index=pd.MultiIndex.from_arrays([plan[start], criteria], names=["plan_id", "criterion_id"]),
    )


def _sorting(plan, criterion, value):
    """The order of the scores by plan, criterion and points: one key of the three when it fits
    in 62 bits (always, at a region's sizes), else the three keys in turn."""
    import numpy as np

    if not len(plan):
        return np.arange(0)
    criteria, points = int(criterion.max()) + 1, int(value.max() - value.min()) + 1
    if (
        min(int(plan.min()), int(criterion.min())) < 0
        or (int(plan.max()) + 1) * criteria * points >= 1 << 62
    ):
        return np.lexsort((value, criterion, plan))
    return np.argsort((plan * criteria + criterion) * points + (value - value.min()), kind="stable")


def plan_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Per plan: total of the consolidated criteria and the number of flagged criteria."""
    import numpy as np
    import pandas as pd

    plans = table.index.get_level_values("plan_id").to_numpy()
    if not len(plans):
        return pd.DataFrame(
            {"total_h": [], "flags": []}, index=pd.Index([], name="plan_id"), dtype="int64"
        )
    start = np.flatnonzero(np.append(True, plans[1:] != plans[:-1]))
    return pd.DataFrame(
        {
            "total_h": np.add.reduceat(table["value_h"].to_numpy(), start),
            "flags": np.add.reduceat(table["flagged"].to_numpy(dtype=np.int64), start),
        },
        index=pd.Index(plans[start], name="plan_id"),
    )


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
    table = consolidate_frame(scores, call["consolidation"], disagreement_limits(db, call["id"]))
    table = table.droplevel("plan_id")
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
                disagreement_limit(
                    call["disagreement_share_bp"], hundredths(criterion["max_points"])
                ),
            )
        )
    return PlanConsolidation(
        plan_id, current_round(db, plan_id), criteria, sorted(scores["member_id"].unique())
    )


LOGIN_FIRST = "Inicie sesión para ver las calificaciones."
NOT_IN_COMMITTEE = "Solo los miembros del comité de esta convocatoria ven sus calificaciones."
SUBMIT_FIRST = "Las calificaciones de los demás miembros se muestran cuando usted envíe la suya."
CONFLICTED = (
    "Usted declaró conflicto de interés con este plan: no ve las calificaciones de los demás "
    "miembros."
)
WAIT_FOR_ALL = "El consolidado se muestra cuando todas las fichas del plan estén enviadas."
AUDIT_HIDDEN = "Contiene calificaciones que usted aún no puede ver."

# The audit entries whose values hold scores: each member's sheet, and the decided totals.
SHEET_TABLE = "evaluations"
RESULT_TABLES = ("plan_verdicts", "plan_allocations")


@dataclass(frozen=True)
class ScoreVisibility:
    """What one viewer may see of a plan's scores in its current round, and why not the rest."""

    members: bool
    consolidated: bool
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return not (self.members and self.consolidated)


SHOWN = ScoreVisibility(True, True)


def _viewer_call(db: Database, viewer_id: int | None) -> int | None:
    if viewer_id is None:
        return None
    row = db.execute("SELECT call_id FROM committee_members WHERE id = ?", [viewer_id]).fetchone()
    return row[0] if row else None


def score_visibility(
    db: Database, call_id: int, viewer_id: int | None
) -> dict[int, ScoreVisibility]:
    """Per plan of the call, what the committee member ``viewer_id`` (``None``: nobody) sees.

    A round is complete when it is decided or when every member without a conflict has sent
    their sheet.
    """
    current = CURRENT_ROUND_SQL.format(plan="p.id")
    plans = [row[0] for row in db.execute("SELECT id FROM plans WHERE call_id = ?", [call_id])]
    if viewer_id is None:
        return dict.fromkeys(plans, ScoreVisibility(False, False, LOGIN_FIRST))
    if _viewer_call(db, viewer_id) != call_id:
        return dict.fromkeys(plans, ScoreVisibility(False, False, NOT_IN_COMMITTEE))
    committee = {
        row[0]
        for row in db.execute("SELECT id FROM committee_members WHERE call_id = ?", [call_id])
    }
    conflicted: dict[int, set[int]] = {}
    for plan_id, member_id in db.execute(
        "SELECT d.plan_id, d.committee_member_id FROM conflict_declarations d "
        "JOIN plans p ON p.id = d.plan_id WHERE p.call_id = ? AND d.has_conflict = 1",
        [call_id],
    ):
        conflicted.setdefault(plan_id, set()).add(member_id)
    sent: dict[int, set[int]] = {}
    for plan_id, member_id in db.execute(
        "SELECT e.plan_id, e.committee_member_id FROM evaluations e "
        "JOIN plans p ON p.id = e.plan_id WHERE p.call_id = ? AND e.status = 'enviada' "
        f"AND e.round = {current}",
        [call_id],
    ):
        sent.setdefault(plan_id, set()).add(member_id)
    decided = {
        row[0]
        for row in db.execute(
            "SELECT v.plan_id FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id "
            f"WHERE p.call_id = ? AND v.round = {current}",
            [call_id],
        )
    }
    shown = {}
    for plan_id in plans:
        plan_sent, plan_conflicted = sent.get(plan_id, set()), conflicted.get(plan_id, set())
        complete = plan_id in decided or (
            bool(plan_sent) and committee <= plan_sent | plan_conflicted
        )
        if viewer_id in plan_conflicted:
            reason = CONFLICTED if complete else f"{CONFLICTED} {WAIT_FOR_ALL}"
            shown[plan_id] = ScoreVisibility(False, complete, reason)
        elif viewer_id in plan_sent or plan_id in decided:
            shown[plan_id] = SHOWN
        else:
            shown[plan_id] = ScoreVisibility(False, False, SUBMIT_FIRST)
    return shown


def visible_scores(db: Database, plan_id: int, viewer_id: int | None) -> ScoreVisibility:
    """What the committee member ``viewer_id`` (``None``: nobody) sees of the plan's scores."""
    call_id = db["plans"].get(plan_id)["call_id"]
    return score_visibility(db, call_id, viewer_id)[plan_id]


def visible_consolidation(
    db: Database, plan_id: int, viewer_id: int | None
) -> tuple[PlanConsolidation, ScoreVisibility]:
    """The plan's consolidation with what the viewer may not see taken out, and why."""
    shown = visible_scores(db, plan_id, viewer_id)
    consolidation = plan_consolidation(db, plan_id)
    if not shown.hidden:
        return consolidation, shown
    criteria = [
        replace(
            criterion,
            by_member=criterion.by_member if shown.members else {},
            consolidated_h=criterion.consolidated_h if shown.consolidated else None,
            spread_h=criterion.spread_h if shown.consolidated else 0,
            flagged=criterion.flagged if shown.consolidated else False,
        )
        for criterion in consolidation.criteria
    ]
    members = consolidation.members if shown.members else []
    return replace(consolidation, criteria=criteria, members=members), shown


def hidden_audit_entries(db: Database, viewer_id: int | None) -> set[int]:
    """The audit entries whose values hold scores the viewer may not see yet.

    A member always sees the entries of their own sheets; another member's sheet as they see
    that member's scores on the screen; the decided totals once they have a session.
    """
    tables = (SHEET_TABLE, *RESULT_TABLES) if viewer_id is None else (SHEET_TABLE,)
    marks = ", ".join("?" for _ in tables)
    sql = f"""
        SELECT a.id, e.plan_id, e.committee_member_id, e.round, p.call_id
        FROM audit_log a
        LEFT JOIN evaluations e ON a.table_name = 'evaluations' AND e.id = a.row_id
        LEFT JOIN plans p ON p.id = e.plan_id
        WHERE a.table_name IN ({marks})
    """
    rows = db.execute(sql, list(tables)).fetchall()
    if viewer_id is None:
        return {row[0] for row in rows}
    call_id = _viewer_call(db, viewer_id)
    conflicted = {
        row[0]
        for row in db.execute(
            "SELECT plan_id FROM conflict_declarations "
            "WHERE committee_member_id = ? AND has_conflict = 1",
            [viewer_id],
        )
    }
    sent = set(
        db.execute(
            "SELECT plan_id, round FROM evaluations "
            "WHERE committee_member_id = ? AND status = 'enviada'",
            [viewer_id],
        ).fetchall()
    )
    decided = set(db.execute("SELECT plan_id, round FROM plan_verdicts").fetchall())
    hidden = set()
    for entry_id, plan_id, member_id, round_, plan_call in rows:
        if member_id == viewer_id:
            continue
        if (
            plan_id is None
            or plan_call != call_id
            or plan_id in conflicted
            or ((plan_id, round_) not in sent and (plan_id, round_) not in decided)
        ):
            hidden.add(entry_id)
    return hidden
