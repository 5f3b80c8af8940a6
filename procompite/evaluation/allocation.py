"""Cuadro de mérito and allocation of a call's budget, exactly in céntimos.

Aptos are ranked by total score, highest first; ties are broken by the call's ordered
tie-breakers, and the one that decided is written on the result. Going down the ranking of each
pool, a plan whose PROCOMPITE amount fits in what remains is a "ganador"; an apto that no longer
fits is an "accesitario" (waiting list) and the next one down may still fit. Plans that are not
apto, and aptos that ask for nothing (S/ 0, which would "fit" even an empty pool), are
"no financiado".
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from procompite.common.dates import format_short
from procompite.common.money import format_soles


@dataclass(frozen=True)
class TieBreaker:
    label: str
    higher_first: bool
    show: Callable[[object], str]


def _percent(value: object) -> str:
    return "sin dato" if value is None else f"{Decimal(str(value)):.2f} %"


def _date(value: object) -> str:
    return "sin fecha" if value is None else format_short(value)


def _soles(value: object) -> str:
    return "sin dato" if value is None else format_soles(int(value))


TIE_BREAKERS: dict[str, TieBreaker] = {
    "women_share": TieBreaker("mayor porcentaje de mujeres socias", True, _percent),
    "youth_share": TieBreaker("mayor porcentaje de socios jóvenes", True, _percent),
    "registered_on": TieBreaker("registro más antiguo del plan", False, _date),
    "npv": TieBreaker("mayor VAN", True, _soles),
    "procompite_amount": TieBreaker("menor cofinanciamiento solicitado", False, _soles),
}


@dataclass(frozen=True)
class Candidate:
    plan_id: int
    code: str
    pool: str
    score_h: int
    amount_cents: int
    apto: bool
    tie_values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Allocation:
    plan_id: int
    code: str
    pool: str
    rank: int | None
    outcome: str
    amount_cents: int
    assigned_before_cents: int
    remaining_cents: int
    tie_note: str


def _sort_value(breaker: TieBreaker, value: object) -> tuple:
    """Missing values go last; the rest by the breaker's direction."""
    if value is None:
        return (1, 0)
    if isinstance(value, date):
        value = value.toordinal()
    elif isinstance(value, str):
        value = date.fromisoformat(value[:10]).toordinal()
    number = Decimal(str(value))
    return (0, -number if breaker.higher_first else number)


def _key(candidate: Candidate, order: Sequence[str]) -> tuple:
    return (
        -candidate.score_h,
        *(_sort_value(TIE_BREAKERS[name], candidate.tie_values.get(name)) for name in order),
        candidate.code,
    )


def _deciding(own: tuple, theirs: tuple, order: Sequence[str]) -> str | None:
    """The first tie-breaker on which two plans' keys (:func:`_key`) differ; None when they
    never do."""
    for position, name in enumerate(order, start=1):
        if own[position] != theirs[position]:
            return name
    return None


@lru_cache(maxsize=4096)
def _shown(name: str, value: object) -> str:
    """A tie-breaker's value as the note prints it (the same values recur across a tie)."""
    return TIE_BREAKERS[name].show(value)


def _tie_note(
    candidate: Candidate, tied: list[Candidate], order: Sequence[str], keys: dict[int, tuple]
) -> str:
    others = [other for other in tied if other.plan_id != candidate.plan_id]
    score = f"{Decimal(candidate.score_h) / 100:.2f}"
    names = ", ".join(other.code for other in others)
    if not order:
        return (
            f"Empate a {score} puntos con {names}; la convocatoria no fija desempate, "
            "se ordena por código del plan."
        )
    by_breaker: dict[str | None, list[Candidate]] = defaultdict(list)
    for other in others:
        by_breaker[_deciding(keys[candidate.plan_id], keys[other.plan_id], order)].append(other)
    if list(by_breaker) == [None]:
        return (
            f"Empate a {score} puntos con {names} en todos los criterios de desempate de la "
            "convocatoria; se ordena por código del plan."
        )
    parts = []
    for name, group in by_breaker.items():
        codes = ", ".join(other.code for other in group)
        if name is None:
            parts.append(
                f"frente a {codes} persiste el empate en todos los criterios de desempate de la "
                "convocatoria y se ordena por código del plan"
            )
            continue
        breaker = TIE_BREAKERS[name]
        value = _shown(name, candidate.tie_values.get(name))
        against = ", ".join(_shown(name, other.tie_values.get(name)) for other in group)
        prefix = "" if len(by_breaker) == 1 else f"frente a {codes} "
        parts.append(f"{prefix}desempata por {breaker.label}: {value} frente a {against}")
    return f"Empate a {score} puntos con {names}; " + "; ".join(parts) + "."


def _fundable(candidate: Candidate) -> bool:
    """An apto that asks PROCOMPITE for more than S/ 0."""
    return candidate.apto and candidate.amount_cents > 0


def allocate(
    candidates: Sequence[Candidate], pools: dict[str, int], tie_breakers: Sequence[str]
) -> list[Allocation]:
    """Rank each pool's aptos and assign its money down the ranking; an apto asking for S/ 0
    is not ranked and is never a ganador."""
    unknown = [name for name in tie_breakers if name not in TIE_BREAKERS]
    if unknown:
        raise ValueError(f"Criterio de desempate desconocido: {', '.join(unknown)}")
    results: list[Allocation] = []
    for pool, budget in pools.items():
        keys = {
            c.plan_id: _key(c, tie_breakers) for c in candidates if c.pool == pool and _fundable(c)
        }
        aptos = sorted((c for c in candidates if c.plan_id in keys), key=lambda c: keys[c.plan_id])
        same_score: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in aptos:
            same_score[candidate.score_h].append(candidate)
        assigned = 0
        for rank, candidate in enumerate(aptos, start=1):
            tied = same_score[candidate.score_h]
            fits = candidate.amount_cents <= budget - assigned
            results.append(
                Allocation(
                    candidate.plan_id,
                    candidate.code,
                    pool,
                    rank,
                    "ganador" if fits else "accesitario",
                    candidate.amount_cents if fits else 0,
                    assigned,
                    budget - assigned - (candidate.amount_cents if fits else 0),
                    _tie_note(candidate, tied, tie_breakers, keys) if len(tied) > 1 else "",
                )
            )
            if fits:
                assigned += candidate.amount_cents
    pooled = {c.plan_id for c in candidates if _fundable(c) and c.pool in pools}
    results.extend(
        Allocation(c.plan_id, c.code, c.pool, None, "no_financiado", 0, 0, 0, "")
        for c in sorted(candidates, key=lambda c: (c.pool, -c.score_h, c.code))
        if c.plan_id not in pooled
    )
    return results
