"""A whole competition run headless on a region's own file: new file → bases → open → AEO and
plans → evaluation → scores → results → dictámenes → acta → closed, every code verified."""

import re
from pathlib import Path

from procompite.evaluation.verdicts import consolidate_plan
from procompite.storage.database import open_database
from tests.cli_helpers import procompite
from tests.competition_helpers import (
    BASES,
    add_committee,
    admit_all,
    score_all,
    write_aeo,
    write_plans,
)
from tests.db_tables import tables


def run(*args: str) -> str:
    result = procompite(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_province_runs_its_competition_from_an_empty_file(tmp_path):
    db_path = str(tmp_path / "tambopata.db")
    run(
        "new",
        "--db",
        db_path,
        "--entity",
        "Municipalidad Provincial de Tambopata",
        "--kind",
        "provincial",
        "--department",
        "17",
        "--province",
        "1701",
    )
    created = run("call", "import", "--db", db_path, "--in", str(BASES))
    assert "cadena agregada al catálogo: «Castaña»" in created
    on = ("--db", db_path, "--call", "1")
    run("call", "stage", *on, "--to", "abierta")
    write_aeo(tmp_path / "aeo.xlsx")
    write_plans(tmp_path / "planes.xlsx")
    run("import", str(tmp_path / "aeo.xlsx"), "--db", db_path)
    run("import", str(tmp_path / "planes.xlsx"), "--db", db_path)

    db = open_database(db_path)
    admit_all(db)
    members = add_committee(db, 1)
    db.close()
    run("call", "stage", *on, "--to", "evaluacion")
    db = open_database(db_path)
    score_all(db, 1, members)
    for (plan_id,) in db.execute("SELECT id FROM plans").fetchall():
        consolidate_plan(db, plan_id, actor="secretaría")
    db.close()

    ranking = run("rank", *on, "--save")
    assert "PN-2025-004" in ranking
    # B keeps S/ 800,000.00 after its winner; S/ 150,000.00 of it funds A's second plan.
    transfer = (
        "--from",
        "B",
        "--to",
        "A",
        "--amount",
        "150000",
        "--document",
        "Resolución de Alcaldía N.º 402-2025-MPT",
        "--date",
        "2025-11-03",
    )
    before = tables(Path(db_path))
    too_much = procompite(
        "call", "transfer", *on, *transfer[:4], "--amount", "800000.01", *transfer[6:]
    )
    assert too_much.returncode == 2
    assert (
        "S/ 800,000.01 es más que el saldo de la categoría B después de financiar a sus "
        "ganadores (S/ 800,000.00)"
    ) in too_much.stderr
    assert tables(Path(db_path)) == before
    preview = run("call", "transfer", *on, *transfer, "--dry-run")
    assert "PN-2025-002" in preview and "Accesitario → Ganador" in preview
    run("call", "transfer", *on, *transfer)
    run("rank", *on, "--save")
    run("call", "stage", *on, "--to", "resultados")
    issued = run("issue", "dictamenes", *on, "--date", "2025-11-07")
    assert "4 dictamen(es) emitidos" in issued
    run("issue", "acta", *on, "--date", "2025-11-07")
    run("call", "stage", *on, "--to", "cerrada")

    db = open_database(db_path)
    codes = [row[0] for row in db.execute("SELECT verification_code FROM dictamenes")]
    codes += [row[0] for row in db.execute("SELECT verification_code FROM actas")]
    outcomes = dict(
        db.execute(
            "SELECT p.code, a.outcome FROM plan_allocations a JOIN plans p ON p.id = a.plan_id"
        ).fetchall()
    )
    db.close()
    assert outcomes == {
        "PN-2025-001": "ganador",
        "PN-2025-002": "ganador",
        "PN-2025-003": "ganador",
        "PN-2025-004": "no_financiado",
    }
    assert len(codes) == 5
    for code in codes:
        assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code)
        run("verify", "--db", db_path, code)
    refused = procompite("issue", "acta", *on)
    assert refused.returncode == 2 and "Cerrada" in refused.stderr
