"""How long the robustness of a call's award takes on a large call: 500 plans × 5 members × 20
criteria, every plan decided and ranked.

    .venv/bin/python tests/benchmarks/robustness.py [--db region.db] [--runs 3]

Without ``--db`` it generates a region of two yearly calls of 500 plans (``python -m procompite
generate``): the earlier call is closed, every admitted plan scored by five members, decided and
ranked. Times ``robustness`` and ``robustness_record`` together on the call with the most
decided plans and prints the table of the other benchmarks; the target is under 2 s.
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Row, seconds, text_table  # noqa: E402
from timing import timed  # noqa: E402

from procompite.demo.region import RegionSize, build_region  # noqa: E402
from procompite.evaluation.robustness import robustness, robustness_record  # noqa: E402
from procompite.storage.database import open_database  # noqa: E402

TODAY = date(2026, 11, 20)
TARGET = 2.0
SIZE = RegionSize(organizations=1000, members=20_000, plans=1000, evaluators=5)


def robustness_row(path: Path, runs: int) -> Row:
    db = open_database(path, readonly=True)
    call_id, plans = db.execute(
        "SELECT p.call_id, count(*) FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id "
        "GROUP BY p.call_id ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    members, criteria = db.execute(
        "SELECT (SELECT count(*) FROM committee_members WHERE call_id = :call), "
        "(SELECT count(*) FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "WHERE r.call_id = :call)",
        {"call": call_id},
    ).fetchone()
    times = timed(lambda: robustness_record(robustness(db, call_id, TODAY)), runs)
    db.close()
    return Row(
        "Solidez del resultado de una convocatoria",
        f"{plans} planes × {members} miembros × {criteria} criterios",
        times,
        target=TARGET,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="usar esta base ya generada")
    parser.add_argument("--runs", type=int, default=3, help="veces que se mide (3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="procompite-bench-") as temporary:
        path = args.db
        if path is None:
            path = Path(temporary) / "region.db"
            started = time.perf_counter()
            build_region(path, SIZE)
            print(f"Región generada en {time.perf_counter() - started:.0f} s", flush=True)
        row = robustness_row(path, args.runs)
    print(text_table([row]))
    print(f"\nMejor de {len(row.times)}: {seconds(min(row.times))} (meta < {seconds(TARGET)})")
    return 1 if min(row.times) > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
