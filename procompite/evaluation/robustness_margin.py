"""The sent scores of a call's decided plans as arrays, and the margin at a pool's cut.

The margin is how few points one evaluator would have to change to reverse the cut: they may
raise their own scores on the first accesitario and lower them on the ganador ranked just above
it, each score staying within 0 and its criterion's maximum, until the accesitario's final
score exceeds the winner's. Everything is exact, in integer hundredths, under the call's
consolidation method:

- mean: a criterion's value is the sum of its n scores divided by n, rounded half up. Moving the
  sum into the next rounding step costs between 0.01 and n hundredths (it depends on where the
  sum sits), and every further hundredth of value costs exactly n. The marginal costs never
  fall, so taking the cheapest hundredths first, over both plans and every criterion, is exact;
- median: the value follows the evaluator's score only between the neighbouring scores of the
  others, so each criterion is searched score by score and the criteria are combined by an
  exact dynamic programme over the hundredths gained.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from procompite.evaluation.consolidation import hundredths, rubric_criteria, submitted_scores

if TYPE_CHECKING:
    import numpy as np

    from procompite.evaluation.results import PlanResult

UNREACHABLE = 1 << 60


@dataclass(frozen=True)
class Evaluator:
    id: int
    name: str


@dataclass(frozen=True)
class EvaluatorCost:
    member: Evaluator
    cost_h: int | None


@dataclass(frozen=True)
class Margin:
    pool: str
    winner: str | None
    waitlisted: str | None
    winner_h: int | None
    waitlisted_h: int | None
    costs: tuple[EvaluatorCost, ...]
    note: str = ""

    @property
    def gap_h(self) -> int | None:
        if self.winner_h is None or self.waitlisted_h is None:
            return None
        return self.winner_h - self.waitlisted_h

    @property
    def best(self) -> EvaluatorCost | None:
        """The evaluator who needs the fewest points (the first in the committee on a tie)."""
        possible = [cost for cost in self.costs if cost.cost_h is not None]
        return min(possible, key=lambda cost: cost.cost_h) if possible else None


@dataclass(frozen=True)
class ScoreCube:
    """The sent scores of the decided plans: plans × criteria × members, in hundredths."""

    points: np.ndarray
    present: np.ndarray
    max_h: np.ndarray


def score_cube(db: Database, call_id: int, plans: list[int], team: list[int]) -> ScoreCube:
    import numpy as np
    import pandas as pd

    criteria = rubric_criteria(db, call_id)
    frame = submitted_scores(db, call_id)
    p = pd.Index(plans).get_indexer(frame["plan_id"])
    c = pd.Index([row["id"] for row in criteria]).get_indexer(frame["criterion_id"])
    m = pd.Index(team).get_indexer(frame["member_id"])
    kept = (p >= 0) & (c >= 0) & (m >= 0)
    shape = (len(plans), len(criteria), len(team))
    points = np.zeros(shape, dtype=np.int64)
    present = np.zeros(shape, dtype=bool)
    points[p[kept], c[kept], m[kept]] = frame["points_h"].to_numpy()[kept]
    present[p[kept], c[kept], m[kept]] = True
    max_h = np.array([hundredths(row["max_points"]) for row in criteria], dtype=np.int64)
    return ScoreCube(points, present, max_h)


def consolidated_totals(points: np.ndarray, present: np.ndarray, method: str) -> np.ndarray:
    """Per plan, the sum over criteria of the mean or median of the present scores, each rounded
    half up to hundredths; a criterion without scores adds nothing."""
    import numpy as np

    count = present.sum(axis=2)
    if method == "median":
        ordered = np.sort(np.where(present, points, UNREACHABLE), axis=2)
        low = np.take_along_axis(ordered, np.maximum((count - 1) // 2, 0)[..., None], 2)
        high = np.take_along_axis(ordered, (count // 2)[..., None], 2)
        value = (low[..., 0] + high[..., 0] + 1) // 2
    else:
        total = np.where(present, points, 0).sum(axis=2)
        value = (2 * total + count) // (2 * np.maximum(count, 1))
    return np.where(count > 0, value, 0).sum(axis=1)


def median_values(others: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The median (half up to hundredths) of the sorted ``others`` with each score of ``own``.

    The i-th smallest of the others together with a score y is y clipped between the others'
    (i-1)-th and i-th smallest."""
    import numpy as np

    count = len(others) + 1

    def order(i: int) -> np.ndarray:
        low = others[i - 1] if i >= 1 else None
        high = others[i] if i < len(others) else None
        return own if low is None and high is None else np.clip(own, low, high)

    if count % 2:
        return order(count // 2)
    return (order(count // 2 - 1) + order(count // 2) + 1) // 2


def _mean_steps(
    scores: np.ndarray, present: np.ndarray, max_h: np.ndarray, member: int, raising: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per criterion the member scored: the cost of the first hundredth gained, of each next
    one, and how many hundredths their own score can still give."""
    import numpy as np

    own = present[:, member]
    count = np.maximum(present.sum(axis=1), 1)
    total = np.where(present, scores, 0).sum(axis=1)
    value = (2 * total + count) // (2 * count)
    score = scores[:, member]
    if raising:
        first, room = count * (value + 1) - count // 2 - total, max_h - score
    else:
        first, room = total - count * value + count // 2 + 1, score
    units = np.where(own & (room >= first), (room - first) // count + 1, 0)
    usable = units > 0
    return first[usable], count[usable], units[usable]


def _mean_cost(steps: list[tuple[np.ndarray, np.ndarray, np.ndarray]], needed: int) -> int | None:
    import numpy as np

    costs = np.concatenate([part for first, each, _ in steps for part in (first, each)])
    counts = np.concatenate(
        [part for first, _, units in steps for part in (np.ones_like(first), units - 1)]
    )
    if counts.sum() < needed:
        return None
    order = np.argsort(costs, kind="stable")
    costs, counts = costs[order], counts[order]
    reached = np.cumsum(counts)
    last = int(np.searchsorted(reached, needed))
    before = int(reached[last - 1]) if last else 0
    return int((costs[:last] * counts[:last]).sum()) + (needed - before) * int(costs[last])


def _median_options(
    scores: np.ndarray, present: np.ndarray, max_h: np.ndarray, member: int, raising: bool
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per criterion the member scored: each gain their own score can give, at its least cost."""
    import numpy as np

    options = []
    for criterion in np.flatnonzero(present[:, member]):
        row, seen = scores[criterion], present[criterion].copy()
        score = int(row[member])
        seen[member] = False
        others = np.sort(row[seen])
        own = np.arange(score, int(max_h[criterion]) + 1) if raising else np.arange(score, -1, -1)
        values = median_values(others, own)
        gains = values - values[0] if raising else values[0] - values
        levels, first = np.unique(gains, return_index=True)
        useful = levels > 0
        if useful.any():
            options.append((levels[useful], np.abs(own[first[useful]] - score)))
    return options


def _median_cost(options: list[tuple[np.ndarray, np.ndarray]], needed: int) -> int | None:
    import numpy as np

    if sum(int(gains[-1]) for gains, _ in options) < needed:
        return None
    best = np.full(needed + 1, UNREACHABLE, dtype=np.int64)
    best[0] = 0
    reach = np.arange(needed + 1)
    for gains, costs in options:
        kept = int(np.searchsorted(gains, needed)) + 1
        gains, costs = gains[:kept], costs[:kept]
        moved = best[np.maximum(reach[None, :] - gains[:, None], 0)] + costs[:, None]
        best = np.minimum(best, moved.min(axis=0))
    return None if best[needed] >= UNREACHABLE else int(best[needed])


def evaluator_cost(
    method: str,
    raised: tuple[np.ndarray, np.ndarray],
    lowered: tuple[np.ndarray, np.ndarray],
    max_h: np.ndarray,
    member: int,
    needed_h: int,
) -> int | None:
    """The least hundredths of points the member must move on their own scores so that the
    consolidated total of ``raised`` gains on that of ``lowered`` at least ``needed_h``; ``None``
    when their scores cannot do it. Each plan is (scores, present), criteria × members."""
    if needed_h <= 0:
        return 0
    if method == "median":
        options = [
            *_median_options(*raised, max_h, member, True),
            *_median_options(*lowered, max_h, member, False),
        ]
        return _median_cost(options, needed_h)
    steps = [
        _mean_steps(*raised, max_h, member, True),
        _mean_steps(*lowered, max_h, member, False),
    ]
    return _mean_cost(steps, needed_h)


def cut_margin(
    pool: str,
    ranked: list[PlanResult],
    points: np.ndarray,
    present: np.ndarray,
    rows: dict[int, int],
    max_h: np.ndarray,
    team: list[Evaluator],
    method: str,
) -> Margin:
    """The pool's margin: ``ranked`` are its aptos in order of merit, ``rows`` the place of each
    plan in the scores (plans × criteria × members), ``team`` the members in that order."""
    waitlisted = next((p for p in ranked if p.allocation.outcome == "accesitario"), None)
    above = ranked if waitlisted is None else ranked[: ranked.index(waitlisted)]
    winner = next((p for p in reversed(above) if p.allocation.outcome == "ganador"), None)
    if not ranked:
        return Margin(pool, None, None, None, None, (), "La categoría no tiene planes aptos.")
    if waitlisted is None:
        return Margin(
            pool,
            winner.code if winner else None,
            None,
            winner.final_h if winner else None,
            None,
            (),
            "No hay accesitarios: todos los aptos de la categoría están financiados.",
        )
    if winner is None:
        return Margin(
            pool,
            None,
            waitlisted.code,
            None,
            waitlisted.final_h,
            (),
            "No hay ganadores: ningún apto de la categoría cabe en su presupuesto.",
        )
    needed = winner.final_h - waitlisted.final_h + 1
    a, w = rows[waitlisted.plan_id], rows[winner.plan_id]
    costs = tuple(
        EvaluatorCost(
            member,
            evaluator_cost(
                method,
                (points[a], present[a]),
                (points[w], present[w]),
                max_h,
                k,
                needed,
            ),
        )
        for k, member in enumerate(team)
    )
    note = (
        ""
        if any(cost.cost_h is not None for cost in costs)
        else "Ningún evaluador por sí solo puede hacer que el accesitario supere al ganador: "
        "no es posible."
    )
    return Margin(
        pool, winner.code, waitlisted.code, winner.final_h, waitlisted.final_h, costs, note
    )
