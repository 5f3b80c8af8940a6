"""The merge of members' evaluation packages: 5 packages × 100 plans × 20 criteria."""

import shutil
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

from report import Row

from procompite.demo.build import build_demo
from procompite.evaluation.packages.building import create_package
from procompite.evaluation.packages.merging import merge_package
from procompite.evaluation.packages.sealing import seal_package
from procompite.evaluation.scoring import declare, save_sheet
from procompite.storage.database import open_database

CALL, PLANS, PACKAGES, PIN = 1, 100, 5, "2468"


def _hundred_plans(path: Path) -> None:
    """The demo's call with 100 admitted plans nobody has scored (copies of one of its plans)."""
    conn = sqlite3.connect(path)
    columns = [
        row[1]
        for row in conn.execute("PRAGMA table_info(plans)")
        if row[1] not in ("id", "code", "status")
    ]
    source = conn.execute(
        "SELECT id FROM plans WHERE call_id = ? AND status = 'admitido' LIMIT 1", [CALL]
    ).fetchone()[0]
    listed = ", ".join(columns)
    for number in range(PLANS):
        conn.execute(
            f"INSERT INTO plans (code, status, {listed}) "
            f"SELECT ?, 'admitido', {listed} FROM plans WHERE id = ?",
            [f"PB-{number + 1:03d}", source],
        )
    conn.commit()
    conn.close()


def _scored_package(db, member_id: int, out: Path) -> float:
    """Make the member's package, score every copied plan in it and seal it; return the
    seconds its making took."""
    started = time.perf_counter()
    create_package(db, CALL, member_id, PIN, out, actor="secretaría")
    made = time.perf_counter() - started
    package = open_database(out, create=False)
    criteria = package.execute(
        "SELECT c.id, max(l.points) FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "JOIN rubric_levels l ON l.criterion_id = c.id WHERE r.call_id = ? GROUP BY c.id",
        [CALL],
    ).fetchall()
    with package.atomic():
        for (plan_id,) in package.execute("SELECT id FROM plans WHERE code LIKE 'PB-%'").fetchall():
            declare(package, plan_id, member_id, False)
            save_sheet(
                package,
                plan_id,
                member_id,
                {c: Decimal(str(p)) for c, p in criteria},
                {},
                submit=True,
            )
    seal_package(package, PIN)
    package.close()
    return made


def package_rows(folder: Path, runs: int) -> list[Row]:
    template = folder / "paquetes-origen.db"
    build_demo(template)
    _hundred_plans(template)
    made, merged = [], []
    for run in range(runs):
        origin = folder / f"paquetes-{run}.db"
        shutil.copyfile(template, origin)
        db = open_database(origin)
        members = [
            row[0]
            for row in db.execute(
                "SELECT id FROM committee_members WHERE call_id = ? ORDER BY id", [CALL]
            )
        ][:PACKAGES]
        paths = [folder / f"paquete-{run}-{member_id}.db" for member_id in members]
        made += [_scored_package(db, m, path) for m, path in zip(members, paths, strict=True)]
        started = time.perf_counter()
        for path in paths:
            merge = merge_package(db, path, actor="secretaría")
            assert merge.applied and not merge.conflicts
        merged.append(time.perf_counter() - started)
        db.close()
    return [
        Row("Crear un paquete de evaluación", "demo + 100 planes", made),
        Row(
            "Incorporar 5 paquetes (5 × 100 planes × 20 criterios)",
            f"{PACKAGES * PLANS * 20:,} puntajes",
            merged,
        ),
    ]
