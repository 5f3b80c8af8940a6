"""How far each criterion's weight can move before the set of chains above the cut changes.

When one weight moves, the others are rescaled so that the weights still add up to one. The
scan uses the same normalised matrix as the ranking, so that its answers agree with it.
"""

from dataclasses import dataclass

import numpy as np

from procompite.prioritization.methods import (
    Chain,
    Criterion,
    Values,
    _candidates,
    _weights,
    competition_ranks,
    is_above_cut,
    normalized,
)

STEP = 0.005
PRECISION = 1e-4


@dataclass(frozen=True)
class SensitivityRow:
    criterion: Criterion
    weight: float  # current, 0..1
    low: float  # smallest weight that keeps the set above the cut
    high: float  # largest weight that keeps it
    change_down: str  # what happens just below ``low``
    change_up: str  # what happens just above ``high``


class _Scorer:
    def __init__(self, method: str, chains: list[Chain], criteria: list[Criterion], values: Values):
        self.method = method
        self.chains = chains
        self.names = [chain.name for chain in chains]
        if method == "weighted":
            self.matrix = np.array(
                [[normalized(c, chains, values)[0][chain.id] for c in criteria] for chain in chains]
            )
        else:
            columns = []
            self.better = np.array([c.direction != "more_worse" for c in criteria])
            for c in criteria:
                raw = [values.get((c.id, chain.id)) for chain in chains]
                present = [v for v in raw if v is not None]
                worst = (min if c.direction != "more_worse" else max)(present, default=0.0)
                column = np.array([worst if v is None else v for v in raw], dtype=float)
                norm = np.sqrt((column**2).sum()) or 1.0
                columns.append(column / norm)
            self.matrix = np.array(columns).T

    def scores(self, weights: np.ndarray) -> np.ndarray:
        if self.method == "weighted":
            return 100 * self.matrix @ weights
        weighted = self.matrix * weights
        best = np.where(self.better, weighted.max(axis=0), weighted.min(axis=0))
        worst = np.where(self.better, weighted.min(axis=0), weighted.max(axis=0))
        to_best = np.sqrt(((weighted - best) ** 2).sum(axis=1))
        to_worst = np.sqrt(((weighted - worst) ** 2).sum(axis=1))
        total = to_best + to_worst
        return np.divide(100 * to_worst, total, out=np.full_like(total, 100.0), where=total > 0)

    def above(self, weights: np.ndarray, cut_kind: str, cut_value: float) -> frozenset[int]:
        scores = [float(score) for score in self.scores(weights)]
        _, ranks = competition_ranks(self.names, scores)
        return frozenset(
            chain.id
            for chain, score, rank in zip(self.chains, scores, ranks, strict=True)
            if is_above_cut(score, rank, cut_kind, cut_value)
        )


def _moved(base: np.ndarray, index: int, weight: float) -> np.ndarray:
    others = 1.0 - base[index]
    moved = base * ((1.0 - weight) / others) if others > 0 else np.full_like(base, 0.0)
    if others <= 0:
        moved[:] = (1.0 - weight) / max(len(base) - 1, 1)
    moved[index] = weight
    return moved


def _edge(scorer, base, index, start, direction, reference, cut_kind, cut_value) -> float:
    inside, weight = start, start
    while 0.0 <= weight + direction * STEP <= 1.0:
        weight += direction * STEP
        if scorer.above(_moved(base, index, weight), cut_kind, cut_value) != reference:
            outside = weight
            while abs(outside - inside) > PRECISION:
                middle = (inside + outside) / 2
                same = scorer.above(_moved(base, index, middle), cut_kind, cut_value) == reference
                inside, outside = (middle, outside) if same else (inside, middle)
            return inside
        inside = weight
    return 0.0 if direction < 0 else 1.0


def _change(scorer, base, index, weight, direction, reference, names, cut_kind, cut_value) -> str:
    if (direction < 0 and weight <= 0.0) or (direction > 0 and weight >= 1.0):
        return "no cambia en todo el rango"
    step = direction * PRECISION * 2
    after = scorer.above(_moved(base, index, min(max(weight + step, 0), 1)), cut_kind, cut_value)
    entering = ", ".join(sorted(names[i] for i in after - reference))
    leaving = ", ".join(sorted(names[i] for i in reference - after))
    parts = ([f"entra {entering}"] if entering else []) + ([f"sale {leaving}"] if leaving else [])
    return "; ".join(parts) or "cambia el conjunto"


def sensitivity(
    method: str,
    chains: list[Chain],
    criteria: list[Criterion],
    values: Values,
    *,
    missing_policy: str = "worst",
    cut_kind: str = "top_n",
    cut_value: float = 5,
) -> list[SensitivityRow]:
    kept, _ = _candidates(chains, criteria, values, missing_policy)
    if not kept or not criteria:
        return []
    scorer = _Scorer(method, kept, criteria, values)
    weights = _weights(criteria)
    base = np.array([weights[c.id] for c in criteria])
    reference = scorer.above(base, cut_kind, cut_value)
    names = {chain.id: chain.name for chain in kept}
    rows = []
    for index, criterion in enumerate(criteria):
        low = _edge(scorer, base, index, base[index], -1, reference, cut_kind, cut_value)
        high = _edge(scorer, base, index, base[index], +1, reference, cut_kind, cut_value)
        rows.append(
            SensitivityRow(
                criterion,
                float(base[index]),
                low,
                high,
                _change(scorer, base, index, low, -1, reference, names, cut_kind, cut_value),
                _change(scorer, base, index, high, +1, reference, names, cut_kind, cut_value),
            )
        )
    return rows
