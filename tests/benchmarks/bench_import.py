"""Benchmark: import 5,000 organisations with 100,000 members from one .xlsx (target: < 20 s).

Run with ``.venv/bin/python tests/benchmarks/bench_import.py``. Builds a fresh demo database and
a deterministic workbook in a temporary folder, then times ``import_file`` on three fresh copies
of the database and prints the median.
"""

import argparse
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from procompite.database import open_database
from procompite.demo import build_demo
from procompite.identifiers import ruc_check_digit
from procompite.transfer.importer import import_file
from procompite.transfer.layout import MEMBERS, ORGANIZATIONS

ORGANIZATIONS_COUNT = 5_000
MEMBERS_PER_ORGANIZATION = 20
TARGET_SECONDS = 20.0
RUNS = 3
TODAY = date(2026, 11, 23)
FIRST_NAMES = ("Rosa", "Juan", "María", "Pedro", "Lucía", "Carlos", "Ana", "Luis", "Elena", "José")
LAST_NAMES = ("Quispe", "Huamán", "Mamani", "Condori", "Vargas", "Flores", "Ccori", "Puma")


def _rucs(count: int, taken: set[str]) -> list[str]:
    rucs, number = [], 30_000_000
    while len(rucs) < count:
        first_ten = f"20{number:08d}"
        ruc = first_ten + str(ruc_check_digit(first_ten))
        number += 1
        if ruc not in taken:
            rucs.append(ruc)
    return rucs


def build_workbook(path: Path, database: Path) -> tuple[int, int]:
    """The benchmark workbook: valid, deterministic, with the demo's districts and chains."""
    db = open_database(database, create=False)
    ubigeos = [row[0] for row in db.execute("SELECT ubigeo FROM districts ORDER BY ubigeo")]
    chains = [row[0] for row in db.execute("SELECT name FROM chains ORDER BY name")]
    taken = {row[0] for row in db.execute("SELECT ruc FROM organizations")}
    db.close()
    rng = random.Random(2026)
    rucs = _rucs(ORGANIZATIONS_COUNT, taken)
    workbook = Workbook(write_only=True)
    organizations = workbook.create_sheet(ORGANIZATIONS.name)
    organizations.append(list(ORGANIZATIONS.headers))
    for index, ruc in enumerate(rucs):
        organizations.append(
            [
                ruc,
                f"Asociación de Productores N.° {index + 1}",
                "Asociación",
                rng.choice("AB"),
                date(2010, 1, 1) + timedelta(days=rng.randint(0, 4000)),
                f"110{index:05d}",
                rng.choice(ubigeos),
                f"Jr. Principal {index + 1}",
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                f"{50_000_000 + index:08d}",
                f"9{rng.randint(10_000_000, 99_999_999)}",
                "",
                rng.choice(chains),
                rng.randint(100, 5000) * 100 + 0.5,
                "Datos de prueba de rendimiento.",
            ]
        )
    members = workbook.create_sheet(MEMBERS.name)
    members.append(list(MEMBERS.headers))
    dni = 10_000_000
    for ruc in rucs:
        for position in range(MEMBERS_PER_ORGANIZATION):
            dni += 1
            members.append(
                [
                    ruc,
                    str(dni),
                    rng.choice(FIRST_NAMES),
                    f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
                    rng.choice("FM"),
                    date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000)),
                    "presidente" if position == 0 else "socio",
                    "15/03/2020",
                ]
            )
    workbook.save(path)
    return len(rucs), len(rucs) * MEMBERS_PER_ORGANIZATION


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        demo = folder / "demo.db"
        build_demo(demo)
        workbook = folder / "bench.xlsx"
        started = time.perf_counter()
        organizations, members = build_workbook(workbook, demo)
        print(f"workbook built in {time.perf_counter() - started:.1f} s")
        timings = []
        for run in range(args.runs):
            copy = folder / f"run{run}.db"
            shutil.copyfile(demo, copy)
            db = open_database(copy)
            started = time.perf_counter()
            result = import_file(db, workbook, today=TODAY)
            timings.append(time.perf_counter() - started)
            db.close()
            assert result.ok and result.written, result.problems[:5]
            assert result.summary["organizaciones"].created == organizations
            assert result.summary["socios"].created == members
        size = workbook.stat().st_size / 1024 / 1024
        median = statistics.median(timings)
        print("operation                                   size     seconds  target")
        print(
            f"import {organizations:,} AEO + {members:,} socios  {size:5.1f} MB  "
            f"{median:7.2f}  < {TARGET_SECONDS:.0f} s  "
            f"({'OK' if median < TARGET_SECONDS else 'TOO SLOW'}; runs: "
            + ", ".join(f"{timing:.2f}" for timing in timings)
            + ")"
        )


if __name__ == "__main__":
    main()
