"""How long the daily backup (and the checks on open) take on a region-sized database.

Run: ``.venv/bin/python tests/benchmarks/bench_backup.py`` (prints a table; asserts nothing).
The large database is the demo with its organisations (and their socios) copied until there are
5,000, and its plans (with budget, cash flow, documents, declarations, sheets and scores) until
there are 2,000. The baseline is copying the same file with ``shutil.copyfile``.
"""

import shutil
import sqlite3
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from timing import timed

from procompite.backups import format_size, take_backup
from procompite.database import open_database
from procompite.demo import build_demo
from procompite.session import open_session

ORGANIZATIONS = 5000
PLANS = 2000
REPEAT = 7
STEP = 100_000

PLAN_TABLES = {
    "plans": {"id": "id + {o}", "code": "code || '-' || {k}", "organization_id": "{org}"},
    "plan_budget_lines": {"id": "id + {o}", "plan_id": "plan_id + {o}"},
    "plan_cash_flows": {"plan_id": "plan_id + {o}"},
    "plan_documents": {"plan_id": "plan_id + {o}"},
    "conflict_declarations": {"id": "id + {o}", "plan_id": "plan_id + {o}"},
    # Scores go in before their sheets: a submitted sheet accepts no new scores.
    "scores": {"evaluation_id": "evaluation_id + {o}"},
    "evaluations": {"id": "id + {o}", "plan_id": "plan_id + {o}"},
}


def _copy(conn: sqlite3.Connection, table: str, changes: dict[str, str], where: str) -> None:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    values = [changes.get(column, column) for column in columns]
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table} WHERE {where}"
    )


def build_large(path: Path) -> dict[str, int]:
    build_demo(path)
    conn = sqlite3.connect(path)
    base_orgs = conn.execute("SELECT count(*) FROM organizations").fetchone()[0]
    base_plans = conn.execute("SELECT count(*) FROM plans").fetchone()[0]
    with conn:
        for k in range(1, -(-ORGANIZATIONS // base_orgs)):
            o = k * STEP
            _copy(
                conn,
                "organizations",
                {
                    "id": f"id + {o}",
                    "ruc": f"substr(ruc, 1, 2) || printf('%09d', id + {o})",
                    "name": f"name || ' {k}'",
                },
                f"id < {STEP}",
            )
            _copy(
                conn,
                "members",
                {"id": f"id + {o}", "organization_id": f"organization_id + {o}"},
                f"id < {STEP}",
            )
        for k in range(1, -(-PLANS // base_plans)):
            o = k * STEP
            for table, changes in PLAN_TABLES.items():
                filled = {
                    column: expression.format(o=o, k=k, org=f"organization_id + {o}")
                    for column, expression in changes.items()
                }
                key = (
                    "evaluation_id"
                    if table == "scores"
                    else "plan_id"
                    if table != "plans"
                    else "id"
                )
                _copy(conn, table, filled, f"{key} < {STEP}")
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("organizations", "members", "plans", "plan_budget_lines", "scores")
    }
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return counts


def row(name: str, times: list[float], baseline: float | None = None) -> str:
    median = statistics.median(times)
    ratio = f"{median / baseline:5.2f}" if baseline else "     "
    base = f"{baseline:8.3f} s" if baseline else " " * 10
    return f"{name:<44} {median:7.3f} s {min(times):7.3f} s {max(times):7.3f} s {base} {ratio}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "region.db"
        counts = build_large(path)
        size = path.stat().st_size
        db = open_database(path)
        day = [datetime(2026, 11, 1, 8)]

        def backup() -> None:
            day[0] += timedelta(days=1)
            take_backup(db, reason="diario", now=day[0])

        backup_times = timed(backup, REPEAT)
        copy_times = timed(lambda: shutil.copyfile(path, Path(folder) / "copia.db"), REPEAT)
        backups = sorted((Path(folder) / "respaldos").glob("*.db"))
        db.close()
        open_times = timed(lambda: open_session(path, daily=False).close(), REPEAT)
        print(
            f"Base grande: {counts['organizations']:,} AEO, {counts['members']:,} socios, "
            f"{counts['plans']:,} planes, {counts['plan_budget_lines']:,} líneas de presupuesto, "
            f"{counts['scores']:,} puntajes; {format_size(size)}"
        )
        print(f"{'Operación':<44} {'mediana':>9} {'mín':>9} {'máx':>9} {'base':>10} {'razón':>5}")
        print(
            row(
                "Respaldo diario (API de respaldo de SQLite)",
                backup_times,
                statistics.median(copy_times),
            )
        )
        print(row("Abrir con bloqueo y quick_check", open_times))
        print(f"Tamaño de cada respaldo: {format_size(backups[-1].stat().st_size)}")


if __name__ == "__main__":
    main()
