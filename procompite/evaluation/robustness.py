"""How robust a call's award is: what would change without one evaluator or with the other method.

For the decided plans of a call the cuadro de mérito is computed again in each scenario: without
each committee member's scores, and consolidated with the method the call does not use. In each
scenario a plan's technical score is consolidated from the remaining sent scores exactly as
:func:`.consolidation.consolidate_frame` does; the plan is apto when its eligibility rules pass
and that score (with the bonus, when the call lets the bonus count) reaches the passing score;
an apto keeps the bonus fixed when it was decided, and an observed plan stays out of the
ranking. The budget is then allocated with the call's pools and tie-breakers, and the ganadores
of each pool are compared with those of the current cuadro. A plan left below the quorum of
sheets without a member is still computed from the remaining scores, and listed.

Each member's severity is the mean, over the plans they scored, of their own total minus the
mean of the other members' totals on the same plan, in exact fractions of a point. The margin at
each pool's cut (:mod:`.robustness_margin`) compares the ganador ranked just above the first
accesitario with that accesitario.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlite_utils import Database

from procompite.evaluation.allocation import Candidate, allocate
from procompite.evaluation.committee import members
from procompite.evaluation.consolidation import (
    METHOD_LABEL,
    format_points,
    hundredths,
)
from procompite.evaluation.results import CallResults, PlanResult, _padron_shares, call_results
from procompite.evaluation.robustness_margin import (
    Evaluator,
    Margin,
    ScoreCube,
    consolidated_totals,
    cut_margin,
    score_cube,
)
from procompite.plans.summary import plan_summaries

if TYPE_CHECKING:
    import numpy as np

NO_DECIDED = "La convocatoria no tiene planes decididos: no hay un resultado cuya solidez medir."
OTHER_METHOD = {"mean": "median", "median": "mean"}
METHOD_PHRASE = {"mean": "con el promedio", "median": "con la mediana"}


@dataclass(frozen=True)
class PoolChange:
    pool: str
    entering: tuple[str, ...]
    leaving: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.entering or self.leaving)


@dataclass(frozen=True)
class Scenario:
    kind: str  # "sin_evaluador" or "metodo"
    label: str
    member: Evaluator | None
    method: str
    changes: tuple[PoolChange, ...]
    below_quorum: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return any(change.changed for change in self.changes)


@dataclass(frozen=True)
class Severity:
    member: Evaluator
    plans: int
    mean_h: Fraction | None
    min_h: Fraction | None
    max_h: Fraction | None


@dataclass(frozen=True)
class PoolVerdict:
    pool: str
    text: str


@dataclass(frozen=True)
class Robustness:
    call_id: int
    call_name: str
    method: str
    decided: int
    pools: tuple[tuple[str, str], ...]
    members: tuple[Evaluator, ...]
    scenarios: tuple[Scenario, ...] = ()
    severity: tuple[Severity, ...] = ()
    margins: tuple[Margin, ...] = ()
    verdicts: tuple[PoolVerdict, ...] = ()
    message: str = ""


def _tie_values(db: Database, results: CallResults, today: date) -> dict[int, dict]:
    """Per plan, what the call's tie-breakers read, as :func:`.results.call_results` gives it."""
    organization = dict(
        db.execute("SELECT id, organization_id FROM plans WHERE call_id = ?", [results.call_id])
    )
    shares = _padron_shares(db, results.call_id, today)
    npv = {}
    if "npv" in results.tie_breakers:
        summaries = plan_summaries(db, today, results.call_id, indicators=False)
        npv = {plan: summary.npv_cents for plan, summary in summaries.items()}
    return {
        plan.plan_id: shares.get(organization[plan.plan_id], {})
        | {
            "registered_on": plan.registered_on,
            "npv": npv.get(plan.plan_id),
            "procompite_amount": plan.procompite_cents,
        }
        for plan in results.plans
    }


def _funded(allocations) -> dict[str, set[str]]:
    funded: dict[str, set[str]] = {}
    for allocation in allocations:
        if allocation.outcome == "ganador":
            funded.setdefault(allocation.pool, set()).add(allocation.code)
    return funded


@dataclass(frozen=True)
class _Ranking:
    """What every scenario shares: the decided plans, their rules, bonus and tie values."""

    results: CallResults
    plans: list[PlanResult]
    passing_h: int
    bonus_counts: bool
    bonus_h: list[int]
    ties: dict[int, dict]

    def funded(self, totals: np.ndarray) -> dict[str, set[str]]:
        candidates = []
        for plan, total, bonus in zip(self.plans, totals.tolist(), self.bonus_h, strict=True):
            counted = total + bonus if self.bonus_counts else total
            apto = plan.verdict != "observado" and not plan.failed_rules
            apto = apto and counted >= self.passing_h
            candidates.append(
                Candidate(
                    plan.plan_id,
                    plan.code,
                    plan.allocation.pool,
                    total + (bonus if apto else 0),
                    plan.procompite_cents,
                    apto,
                    self.ties[plan.plan_id],
                )
            )
        return _funded(allocate(candidates, self.results.pools, self.results.tie_breakers))


def _changes(pools: list[str], base: dict, scenario: dict) -> tuple[PoolChange, ...]:
    return tuple(
        PoolChange(
            pool,
            tuple(sorted(scenario.get(pool, set()) - base.get(pool, set()))),
            tuple(sorted(base.get(pool, set()) - scenario.get(pool, set()))),
        )
        for pool in pools
    )


def _severity(cube: ScoreCube, team: list[Evaluator]) -> tuple[Severity, ...]:
    import numpy as np

    totals = np.where(cube.present, cube.points, 0).sum(axis=1).tolist()
    sheets = cube.present.any(axis=1).tolist()
    found = []
    for k, member in enumerate(team):
        deviations = []
        for plan_totals, plan_sheets in zip(totals, sheets, strict=True):
            others = [t for j, t in enumerate(plan_totals) if plan_sheets[j] and j != k]
            if plan_sheets[k] and others:
                deviations.append(plan_totals[k] - Fraction(sum(others), len(others)))
        found.append(
            Severity(
                member,
                len(deviations),
                sum(deviations, Fraction(0)) / len(deviations) if deviations else None,
                min(deviations, default=None),
                max(deviations, default=None),
            )
        )
    return tuple(found)


def _ranked(results: CallResults, pool: str) -> list[PlanResult]:
    return sorted(
        (
            p
            for p in results.plans
            if p.allocation and p.allocation.pool == pool and p.allocation.rank
        ),
        key=lambda p: p.allocation.rank,
    )


def _codes(codes: tuple[str, ...], one: str, many: str) -> str:
    if len(codes) == 1:
        return f"{one} {codes[0]}"
    return f"{many} {', '.join(codes[:-1])} y {codes[-1]}"


def _pool_verdict(pool: str, scenarios: tuple[Scenario, ...], method: str) -> PoolVerdict:
    parts = []
    for scenario in scenarios:
        change = next(c for c in scenario.changes if c.pool == pool)
        if not change.changed:
            continue
        what = [
            _codes(codes, one, many)
            for codes, one, many in (
                (change.entering, "entra", "entran"),
                (change.leaving, "sale", "salen"),
            )
            if codes
        ]
        if scenario.member is not None:
            where = f"si se excluye a {scenario.member.name}"
        else:
            where = f"si se consolida {METHOD_PHRASE[scenario.method]}"
        parts.append(f"{where}: {', '.join(what)}")
    if parts:
        return PoolVerdict(pool, "Cambia " + "; ".join(parts) + ".")
    return PoolVerdict(
        pool,
        "El resultado no cambia si se excluye a cualquier evaluador ni si se consolida "
        f"{METHOD_PHRASE[OTHER_METHOD[method]]}.",
    )


def robustness(db: Database, call_id: int, today: date | None = None) -> Robustness:
    """The scenarios, severities, margins and verdict lines of the call's decided plans."""
    today = today or date.today()
    results = call_results(db, call_id, today)
    call = db["calls"].get(call_id)
    method = call["consolidation"]
    team = [Evaluator(m.id, m.full_name) for m in members(db, call_id)]
    pools = tuple((pool, results.pool_names.get(pool, pool)) for pool in results.pools)
    plans = [plan for plan in results.plans if plan.verdict is not None]
    if not plans:
        return Robustness(
            call_id, results.call_name, method, 0, pools, tuple(team), message=NO_DECIDED
        )
    ids = [plan.plan_id for plan in plans]
    cube = score_cube(db, call_id, ids, [member.id for member in team])
    ranking = _Ranking(
        results,
        plans,
        results.passing_h,
        bool(call.get("bonus_counts_for_passing", 0)),
        [
            plan.bonus_h
            if plan.verdict == "apto"
            else sum(hundredths(line["puntos"]) for line in plan.bonus_lines)
            for plan in plans
        ],
        _tie_values(db, results, today),
    )
    base = _funded(plan.allocation for plan in plans)
    codes = list(results.pools)
    sheets = cube.present.any(axis=1)
    counted = [plan.verdict != "observado" for plan in plans]
    scenarios = []
    for k, member in enumerate(team):
        present = cube.present.copy()
        present[:, :, k] = False
        remaining = sheets.sum(axis=1) - sheets[:, k]
        short = [
            plan.code
            for plan, had, left, ranked in zip(
                plans, sheets[:, k].tolist(), remaining.tolist(), counted, strict=True
            )
            if had and ranked and left < results.quorum
        ]
        funded = ranking.funded(consolidated_totals(cube.points, present, method))
        scenarios.append(
            Scenario(
                "sin_evaluador",
                f"Sin {member.name}",
                member,
                method,
                _changes(codes, base, funded),
                tuple(short),
            )
        )
    other = OTHER_METHOD[method]
    funded = ranking.funded(consolidated_totals(cube.points, cube.present, other))
    scenarios.append(
        Scenario(
            "metodo",
            f"Consolidado {METHOD_PHRASE[other]}",
            None,
            other,
            _changes(codes, base, funded),
            (),
        )
    )
    scenarios = tuple(scenarios)
    rows = {plan_id: row for row, plan_id in enumerate(ids)}
    return Robustness(
        call_id,
        results.call_name,
        method,
        len(plans),
        pools,
        tuple(team),
        scenarios,
        _severity(cube, team),
        tuple(
            cut_margin(
                pool,
                _ranked(results, pool),
                cube.points,
                cube.present,
                rows,
                cube.max_h,
                team,
                method,
            )
            for pool in codes
        ),
        tuple(_pool_verdict(pool, scenarios, method) for pool in codes),
    )


def fraction_points(value_h: Fraction | int | None) -> str:
    """Hundredths (a fraction of them) as points with two decimals, half away from zero."""
    if value_h is None:
        return ""
    value = Fraction(value_h)
    rounded = int(abs(value) + Fraction(1, 2))
    return format_points(-rounded if value < 0 else rounded)


def _member(member: Evaluator | None) -> dict:
    return {
        "evaluador_id": member.id if member else None,
        "evaluador": member.name if member else "",
    }


def robustness_record(r: Robustness) -> dict:
    """The robustness as JSON-ready data: Spanish keys, figures as text, a fixed order."""
    names = dict(r.pools)
    return {
        "convocatoria": r.call_id,
        "nombre": r.call_name,
        "consolidacion": METHOD_LABEL.get(r.method, r.method),
        "planes_decididos": r.decided,
        "mensaje": r.message,
        "categorias": [{"categoria": code, "nombre": name} for code, name in r.pools],
        "escenarios": [
            {
                "escenario": s.label,
                "tipo": s.kind,
                **_member(s.member),
                "consolidacion": METHOD_LABEL.get(s.method, s.method),
                "cambia": s.changed,
                "categorias": [
                    {"categoria": c.pool, "entran": list(c.entering), "salen": list(c.leaving)}
                    for c in s.changes
                ],
                "bajo_quorum": list(s.below_quorum),
            }
            for s in r.scenarios
        ],
        "severidad": [
            {
                **_member(s.member),
                "planes": s.plans,
                "desviacion_promedio": fraction_points(s.mean_h),
                "desviacion_minima": fraction_points(s.min_h),
                "desviacion_maxima": fraction_points(s.max_h),
            }
            for s in r.severity
        ],
        "margenes": [
            {
                "categoria": m.pool,
                "nombre": names.get(m.pool, m.pool),
                "ultimo_ganador": m.winner,
                "primer_accesitario": m.waitlisted,
                "puntaje_ganador": format_points(m.winner_h),
                "puntaje_accesitario": format_points(m.waitlisted_h),
                "diferencia": format_points(m.gap_h),
                "posible": m.best is not None,
                "puntos_minimos": format_points(m.best.cost_h) if m.best else "",
                **_member(m.best.member if m.best else None),
                "por_evaluador": [
                    {**_member(c.member), "puntos": format_points(c.cost_h)} for c in m.costs
                ],
                "nota": m.note,
            }
            for m in r.margins
        ],
        "veredictos": [
            {"categoria": v.pool, "nombre": names.get(v.pool, v.pool), "texto": v.text}
            for v in r.verdicts
        ],
    }
