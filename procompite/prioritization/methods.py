"""Scoring candidate chains: normalisation of each criterion, weighted sum and TOPSIS, ranking
with ties, and the cut. Pure functions over plain data, so they can be tested and re-run live."""

import math
from dataclasses import dataclass, field

TIE_RULE = "En caso de empate en el puntaje, se ordena alfabéticamente por el nombre de la cadena."
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    kind: str  # rating | indicator | flag
    weight: float
    direction: str = "more_better"  # or more_worse
    normalization: str = "minmax"  # or rank
    scale_min: float | None = None
    scale_max: float | None = None


@dataclass(frozen=True)
class Chain:
    id: int
    name: str


@dataclass
class RankedChain:
    chain: Chain
    score: float  # 0..100
    rank: int = 0
    above_cut: bool = False
    tie_note: str = ""
    contributions: dict[int, float] = field(default_factory=dict)
    penalties: dict[int, float] = field(default_factory=dict)
    filled: list[int] = field(default_factory=list)


@dataclass
class Ranking:
    method: str
    rows: list[RankedChain]
    excluded: list[tuple[Chain, list[str]]] = field(default_factory=list)
    tie_rule: str = TIE_RULE
    notes: list[str] = field(default_factory=list)

    def above_cut(self) -> set[int]:
        return {row.chain.id for row in self.rows if row.above_cut}


Values = dict[tuple[int, int], float]  # (criterion id, chain id) -> raw value


def _better_high(criterion: Criterion) -> bool:
    return criterion.direction != "more_worse"


def _candidates(
    chains: list[Chain], criteria: list[Criterion], values: Values, missing_policy: str
) -> tuple[list[Chain], list[tuple[Chain, list[str]]]]:
    if missing_policy != "exclude":
        return chains, []
    kept, excluded = [], []
    for chain in chains:
        missing = [c.name for c in criteria if (c.id, chain.id) not in values]
        (excluded.append((chain, missing)) if missing else kept.append(chain))
    return kept, excluded


def same_for_all(criterion: Criterion, chains: list[Chain], values: Values) -> bool:
    """Whether every chain, two or more, has a value for the criterion and it is the same."""
    present = {values.get((criterion.id, c.id)) for c in chains}
    return len(chains) > 1 and len(present) == 1 and None not in present


def same_value_notes(criteria: list[Criterion], chains: list[Chain], values: Values) -> list[str]:
    """A note for each criterion that does not tell the chains apart."""
    return [
        f"El criterio «{c.name}» tiene el mismo valor para todas las cadenas: no distingue "
        "entre ellas y se le da a todas el mismo puntaje."
        for c in criteria
        if same_for_all(c, chains, values)
    ]


def normalized(
    criterion: Criterion, chains: list[Chain], values: Values
) -> tuple[dict[int, float], list[int]]:
    """Each chain's value on 0..1 (1 is best); missing values get the worst, 0, and are listed.
    An indicator with one value for every chain gives each the full 1, whichever its direction,
    so that it neither separates them nor ties them with a missing value."""
    present = {c.id: values[(criterion.id, c.id)] for c in chains if (criterion.id, c.id) in values}
    missing = [c.id for c in chains if c.id not in present]
    if criterion.kind == "indicator" and present and len(set(present.values())) == 1:
        return dict.fromkeys(missing, 0.0) | dict.fromkeys(present, 1.0), missing
    result: dict[int, float] = dict.fromkeys(missing, 0.0)
    if criterion.kind == "flag":
        result |= {cid: 1.0 if v else 0.0 for cid, v in present.items()}
    elif criterion.kind == "rating":
        low, high = criterion.scale_min or 0.0, criterion.scale_max or 1.0
        result |= {cid: (v - low) / (high - low) for cid, v in present.items()}
    elif criterion.normalization == "rank":
        ordered = sorted(set(present.values()))
        steps = max(len(ordered) - 1, 1)
        result |= {cid: ordered.index(v) / steps for cid, v in present.items()}
    else:
        low, high = min(present.values(), default=0), max(present.values(), default=0)
        span = high - low
        result |= {cid: (v - low) / span if span else 1.0 for cid, v in present.items()}
    if not _better_high(criterion):
        result = {cid: (1.0 - v if cid in present else 0.0) for cid, v in result.items()}
    return result, missing


def _weights(criteria: list[Criterion]) -> dict[int, float]:
    total = sum(c.weight for c in criteria)
    if total <= 0:
        return {c.id: 1 / len(criteria) for c in criteria} if criteria else {}
    return {c.id: c.weight / total for c in criteria}


def weighted_sum(
    chains: list[Chain], criteria: list[Criterion], values: Values, missing_policy: str = "worst"
) -> Ranking:
    kept, excluded = _candidates(chains, criteria, values, missing_policy)
    weights = _weights(criteria)
    rows = {chain.id: RankedChain(chain, 0.0) for chain in kept}
    for criterion in criteria:
        scores, missing = normalized(criterion, kept, values)
        for chain_id, value in scores.items():
            part = 100 * weights[criterion.id] * value
            rows[chain_id].contributions[criterion.id] = part
            rows[chain_id].score += part
        for chain_id in missing:
            rows[chain_id].filled.append(criterion.id)
    notes = same_value_notes(criteria, kept, values)
    return Ranking("weighted", list(rows.values()), excluded, notes=notes)


def topsis(
    chains: list[Chain], criteria: list[Criterion], values: Values, missing_policy: str = "worst"
) -> Ranking:
    """Closeness to the ideal solution on vector-normalised, weighted raw values; a chain that is
    at once the ideal and the anti-ideal (no weighted criterion tells the chains apart) is at the
    ideal, 100."""
    kept, excluded = _candidates(chains, criteria, values, missing_policy)
    weights = _weights(criteria)
    rows = {chain.id: RankedChain(chain, 0.0) for chain in kept}
    for criterion in criteria:
        raw = {c.id: values.get((criterion.id, c.id)) for c in kept}
        present = [v for v in raw.values() if v is not None]
        worst = (min if _better_high(criterion) else max)(present, default=0.0)
        for chain_id, value in raw.items():
            if value is None:
                raw[chain_id] = worst
                rows[chain_id].filled.append(criterion.id)
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        weighted = {cid: weights[criterion.id] * v / norm for cid, v in raw.items()}
        best_value = (max if _better_high(criterion) else min)(weighted.values(), default=0.0)
        worst_value = (min if _better_high(criterion) else max)(weighted.values(), default=0.0)
        for chain_id, value in weighted.items():
            rows[chain_id].contributions[criterion.id] = (value - worst_value) ** 2
            rows[chain_id].penalties[criterion.id] = (value - best_value) ** 2
    for row in rows.values():
        to_worst = math.sqrt(sum(row.contributions.values()))
        to_best = math.sqrt(sum(row.penalties.values()))
        total = to_worst + to_best
        row.score = 100 * to_worst / total if total else (100.0 if criteria else 0.0)
    notes = same_value_notes(criteria, kept, values)
    return Ranking("topsis", list(rows.values()), excluded, notes=notes)


METHODS = {"weighted": weighted_sum, "topsis": topsis}
METHOD_NAMES = {"weighted": "Suma ponderada", "topsis": "TOPSIS"}


def competition_ranks(names: list[str], scores: list[float]) -> tuple[list[int], list[int]]:
    """The order of the items (best score first, ties alphabetical) and each item's rank,
    equal scores sharing a rank (1, 1, 3)."""
    order = sorted(range(len(scores)), key=lambda i: (-round(scores[i], 9), names[i]))
    ranks = [0] * len(scores)
    for position, i in enumerate(order):
        previous = order[position - 1] if position else None
        tied = previous is not None and abs(scores[previous] - scores[i]) <= TIE_TOLERANCE
        ranks[i] = ranks[previous] if tied else position + 1
    return order, ranks


def is_above_cut(score: float, rank: int, cut_kind: str, cut_value: float) -> bool:
    """Within the first ``cut_value`` places (chains that share a place are all within it), or a
    score of ``cut_value`` or more, a score short of it only by rounding counting as reaching it."""
    return rank <= cut_value if cut_kind == "top_n" else score >= cut_value - TIE_TOLERANCE


def rank(ranking: Ranking, cut_kind: str = "top_n", cut_value: float = 5) -> Ranking:
    """Order by score; equal scores share a rank and say so; mark the chains above the cut."""
    rows = ranking.rows
    order, ranks = competition_ranks([r.chain.name for r in rows], [r.score for r in rows])
    for i, row in enumerate(rows):
        row.rank = ranks[i]
    ranking.rows = [rows[i] for i in order]
    groups: dict[int, list[RankedChain]] = {}
    for row in ranking.rows:
        groups.setdefault(row.rank, []).append(row)
    for members in groups.values():
        if len(members) > 1:
            for row in members:
                others = ", ".join(m.chain.name for m in members if m is not row)
                row.tie_note = f"Empate con {others}; orden alfabético."
    for row in ranking.rows:
        row.above_cut = is_above_cut(row.score, row.rank, cut_kind, cut_value)
    return ranking


def score_chains(
    method: str,
    chains: list[Chain],
    criteria: list[Criterion],
    values: Values,
    *,
    missing_policy: str = "worst",
    cut_kind: str = "top_n",
    cut_value: float = 5,
) -> Ranking:
    return rank(METHODS[method](chains, criteria, values, missing_policy), cut_kind, cut_value)
