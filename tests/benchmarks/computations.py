"""The computations a user waits for: plan indicators, a call's results, chain prioritisation."""

import random
import sqlite3
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy_financial as npf
import pandas as pd
from report import Row
from timing import timed

from procompite.evaluation.consolidation import (
    consolidate_frame,
    disagreement_limits,
    plan_totals,
    submitted_scores,
)
from procompite.evaluation.results import call_results
from procompite.plans.summary import plan_summaries
from procompite.prioritization.methods import Chain, Criterion, score_chains
from procompite.prioritization.sensitivity import sensitivity
from procompite.storage.database import open_database

TODAY = date(2026, 11, 20)
CHAINS, CRITERIA = 50, 15


def indicators_row(path: Path, runs: int) -> Row:
    db = open_database(path, readonly=True)
    count = db["plans"].count
    times = timed(lambda: plan_summaries(db, TODAY), runs)
    db.close()
    plain = sqlite3.connect(path)

    def bare() -> None:
        flows = defaultdict(list)
        for plan_id, income, cost, investment, residual in plain.execute(
            "SELECT plan_id, income_cents, operating_cost_cents, investment_cents, "
            "residual_value_cents FROM plan_cash_flows ORDER BY plan_id, year"
        ):
            flows[plan_id].append((income - cost - investment + residual) / 100)
        for values in flows.values():
            npf.npv(0.10, values)
            npf.irr(values)

    baseline = timed(bare, runs)
    plain.close()
    return Row(
        "Indicadores de todos los planes",
        f"{count:,} planes",
        times,
        baseline=baseline,
        ratio_target=2,
        baseline_label="numpy-financial: VAN y TIR en coma flotante de los mismos flujos, sin "
        "B/C, recuperación, financiamiento ni reglas de la convocatoria.",
    )


def consolidation_row(path: Path, runs: int) -> Row:
    db = open_database(path, readonly=True)
    call_id, plans, members = db.execute(
        "SELECT p.call_id, count(DISTINCT e.plan_id), count(DISTINCT e.committee_member_id) "
        "FROM evaluations e JOIN plans p ON p.id = e.plan_id "
        "GROUP BY p.call_id ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    criteria = db.execute(
        "SELECT count(*) FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "WHERE r.call_id = ?",
        [call_id],
    ).fetchone()[0]
    times = timed(lambda: call_results(db, call_id, TODAY), runs)
    db.close()
    plain = sqlite3.connect(path)

    def bare() -> None:
        scores = pd.read_sql_query(
            "SELECT e.plan_id, s.criterion_id, s.points FROM scores s "
            "JOIN evaluations e ON e.id = s.evaluation_id JOIN plans p ON p.id = e.plan_id "
            "WHERE p.call_id = ? AND e.status = 'enviada'",
            plain,
            params=[call_id],
        )
        means = scores.groupby(["plan_id", "criterion_id"])["points"].mean()
        means.groupby(level="plan_id").sum().sort_values(ascending=False)

    baseline = timed(bare, runs)
    plain.close()
    return Row(
        "Consolidar, ordenar y asignar una convocatoria",
        f"{plans} planes × {members} miembros × {criteria} criterios",
        times,
        baseline=baseline,
        ratio_target=2,
        baseline_label="pandas: promedio por plan y criterio de los mismos puntajes y orden por "
        "total, sin reglas, discrepancias, desempates, quórum ni asignación de fondos.",
    )


def consolidation_arrays_row(path: Path, runs: int) -> Row:
    """The consolidation alone, on the scores already read, beside pandas on the same frame."""
    db = open_database(path, readonly=True)
    call_id = db.execute(
        "SELECT p.call_id FROM evaluations e JOIN plans p ON p.id = e.plan_id "
        "GROUP BY p.call_id ORDER BY count(DISTINCT e.plan_id) DESC, 1 LIMIT 1"
    ).fetchone()[0]
    scores, limits = submitted_scores(db, call_id), disagreement_limits(db, call_id)
    db.close()

    def ours() -> None:
        plan_totals(consolidate_frame(scores, "mean", limits)).sort_values(
            "total_h", ascending=False
        )

    def bare() -> None:
        means = scores.groupby(["plan_id", "criterion_id"])["points_h"].mean()
        means.groupby(level="plan_id").sum().sort_values(ascending=False)

    return Row(
        "Consolidar los puntajes ya leídos (los mismos arreglos)",
        f"{len(scores):,} puntajes",
        timed(ours, max(runs, 10)),
        baseline=timed(bare, max(runs, 10)),
        ratio_target=2,
        baseline_label="pandas: promedio por plan y criterio y total por plan del mismo cuadro "
        "de puntajes, sin redondeo exacto, dispersión ni alertas de discrepancia.",
    )


def _problem(seed: int = 4) -> tuple[list[Chain], list[Criterion], dict]:
    """50 chains and 15 criteria of the three kinds, with 5 % of the values missing."""
    rng = random.Random(seed)
    chains = [Chain(i, f"Cadena {i:02d}") for i in range(CHAINS)]
    kinds = ["indicator"] * 8 + ["rating"] * 4 + ["flag"] * 3
    criteria = [
        Criterion(
            100 + j,
            f"Criterio {j}",
            kind,
            rng.uniform(1, 10),
            direction=rng.choice(["more_better", "more_worse"]),
            scale_min=1 if kind == "rating" else None,
            scale_max=5 if kind == "rating" else None,
        )
        for j, kind in enumerate(kinds)
    ]
    values = {}
    for criterion in criteria:
        for chain in chains:
            if rng.random() < 0.05:
                continue
            values[(criterion.id, chain.id)] = (
                rng.randint(1, 5)
                if criterion.kind == "rating"
                else rng.randint(0, 1)
                if criterion.kind == "flag"
                else rng.uniform(0, 10_000)
            )
    return chains, criteria, values


def prioritization_rows(runs: int) -> list[Row]:
    chains, criteria, values = _problem()
    rng = random.Random(9)
    rows = []
    for method, name in (("weighted", "suma ponderada"), ("topsis", "TOPSIS")):

        def rerank(method=method) -> None:
            changed = [replace(c, weight=c.weight * rng.uniform(0.5, 1.5)) for c in criteria]
            score_chains(method, chains, changed, values, cut_kind="top_n", cut_value=10)

        rows.append(
            Row(
                f"Reordenar cadenas tras cambiar un peso ({name})",
                f"{CHAINS} cadenas × {CRITERIA} criterios",
                timed(rerank, max(runs, 10)),
                target=0.05,
            )
        )
    rows.append(
        Row(
            "Análisis de sensibilidad de los pesos (suma ponderada)",
            f"{CHAINS} cadenas × {CRITERIA} criterios",
            timed(
                lambda: sensitivity(
                    "weighted", chains, criteria, values, cut_kind="top_n", cut_value=10
                ),
                runs,
            ),
        )
    )
    return rows
