"""Benchmark: re-ranking 50 chains × 15 criteria after a weight change, and the sensitivity.

Run: ``.venv/bin/python tests/benchmarks/bench_prioritization.py``. Target from the
prioritisation issue: a re-ranking under 50 ms.
"""

import random
import statistics
from dataclasses import replace

from timing import timed

from procompite.prioritization.methods import Chain, Criterion, score_chains
from procompite.prioritization.sensitivity import sensitivity


def problem(seed: int = 4):
    rng = random.Random(seed)
    chains = [Chain(i, f"Cadena {i:02d}") for i in range(50)]
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


def main() -> None:
    chains, criteria, values = problem()
    rng = random.Random(9)
    print(f"{'operación':<52}{'mediana':>10}{'máximo':>10}{'meta':>8}")
    for method in ("weighted", "topsis"):

        def rerank(method=method):
            changed = [replace(c, weight=c.weight * rng.uniform(0.5, 1.5)) for c in criteria]
            score_chains(method, chains, changed, values, cut_kind="top_n", cut_value=10)

        runs = timed(rerank, 30)
        print(
            f"{'re-ranking 50 × 15 (' + method + ')':<52}"
            f"{statistics.median(runs) * 1000:>8.1f}ms{max(runs) * 1000:>8.1f}ms{'50ms':>8}"
        )
        runs = timed(
            lambda method=method: sensitivity(
                method, chains, criteria, values, cut_kind="top_n", cut_value=10
            ),
            3,
        )
        print(
            f"{'sensibilidad de 15 pesos (' + method + ')':<52}"
            f"{statistics.median(runs) * 1000:>8.1f}ms{max(runs) * 1000:>8.1f}ms{'—':>8}"
        )


if __name__ == "__main__":
    main()
