"""``python -m procompite rank``: the cuadro de mérito of a call, as CSV or JSON, read-only."""

import csv
import io
import json
import sqlite3
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

import pytest

from procompite.cli import main

HEADER = (
    "plan_id,code,organization,score,bonus,final,verdict,rank,procompite_amount,allocation,category,"
    "tie_note"
)
POOLS = {"A": Decimal("300000"), "B": Decimal("600000")}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "procompite", "rank", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def rank_json(capsys, path) -> list[dict]:
    assert main(["rank", "--db", str(path), "--call", "1", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_csv_has_the_documented_columns_and_one_row_per_plan_in_evaluation(demo_path):
    result = run("--db", str(demo_path), "--call", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 19  # 12 decided, 4 being scored, 3 admitted without sheets
    first = rows[0]
    assert first["code"] == "PN-2026-008"
    assert (first["verdict"], first["rank"], first["allocation"]) == ("apto", "1", "ganador")
    assert first["category"] == "A"
    assert Decimal(first["score"]) == Decimal("82.80")
    assert Decimal(first["procompite_amount"]) == Decimal("149277.00")
    tied = next(row for row in rows if row["code"] == "PN-2026-021")
    assert "desempata por mayor porcentaje de mujeres socias" in tied["tie_note"]


def test_json_lists_every_outcome_and_winners_fit_in_their_pool(demo_path, capsys):
    rows = rank_json(capsys, demo_path)
    assert all(set(row) == set(HEADER.split(",")) for row in rows)
    assert {row["allocation"] for row in rows} == {
        "ganador",
        "accesitario",
        "no_financiado",
        "pendiente",
    }
    assert {row["verdict"] for row in rows} == {"apto", "no_apto", "observado", "pendiente"}
    spent: dict[str, Decimal] = defaultdict(Decimal)
    ranks: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row["allocation"] == "ganador":
            spent[row["category"]] += Decimal(row["procompite_amount"])
        if row["rank"] is not None:
            ranks[row["category"]].append(row["rank"])
            assert row["verdict"] == "apto"
        else:
            assert row["allocation"] in ("no_financiado", "pendiente")
    assert set(spent) == {"A", "B"}
    for category, total in spent.items():
        assert 0 < total <= POOLS[category]
    for category, numbers in ranks.items():
        assert numbers == list(range(1, len(numbers) + 1)), category
    winners = {row["code"] for row in rows if row["allocation"] == "ganador"}
    assert winners == {"PN-2026-001", "PN-2026-003", "PN-2026-008", "PN-2026-021"}


def test_ranking_rows_come_in_order_of_merit_and_pending_plans_last(demo_path, capsys):
    rows = rank_json(capsys, demo_path)
    states = [row["allocation"] == "pendiente" for row in rows]
    assert states == sorted(states), "los planes sin veredicto van al final"
    for category in ("A", "B"):
        ranked = [row for row in rows if row["category"] == category and row["rank"]]
        scores = [Decimal(row["score"]) for row in ranked]
        assert scores == sorted(scores, reverse=True)
    pending = [row for row in rows if row["verdict"] == "pendiente"]
    assert {row["code"] for row in pending} >= {"PN-2026-009", "PN-2026-010"}
    assert all(row["rank"] is None for row in pending)


def test_rank_agrees_with_the_saved_cuadro_de_merito(demo_path, capsys):
    rows = {row["plan_id"]: row for row in rank_json(capsys, demo_path)}
    conn = sqlite3.connect(demo_path)
    saved = conn.execute(
        "SELECT a.plan_id, a.rank, a.outcome FROM plan_allocations a "
        "JOIN plans p ON p.id = a.plan_id WHERE p.call_id = 1"
    ).fetchall()
    conn.close()
    assert len(saved) == 12
    for plan_id, rank, outcome in saved:
        assert (rows[plan_id]["rank"], rows[plan_id]["allocation"]) == (rank, outcome)


def test_rank_does_not_change_the_database_file(demo_path, capsys):
    before = demo_path.read_bytes()
    mtime = demo_path.stat().st_mtime_ns
    rank_json(capsys, demo_path)
    assert main(["rank", "--db", str(demo_path), "--call", "1"]) == 0
    assert demo_path.read_bytes() == before
    assert demo_path.stat().st_mtime_ns == mtime


def test_an_unknown_call_exits_with_2_and_names_the_known_ones(demo_path):
    before = demo_path.read_bytes()
    result = run("--db", str(demo_path), "--call", "99")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Error: no existe la convocatoria 99. Convocatorias: "
        "1 (PROCOMPITE 2026 — Gobierno Regional Cusco), "
        "2 (PROCOMPITE 2025 — Gobierno Regional Cusco)."
    )
    assert demo_path.read_bytes() == before


def test_an_empty_database_has_no_calls(empty_db, tmp_path, capsys):
    path = tmp_path / "empty.db"
    assert main(["rank", "--db", str(path), "--call", "1"]) == 2
    assert "no existe la convocatoria 1. Convocatorias: ninguna." in capsys.readouterr().err


def test_a_missing_file_is_reported_not_created(tmp_path, capsys):
    path = tmp_path / "no-existe.db"
    assert main(["rank", "--db", str(path), "--call", "1"]) == 2
    assert "No existe el archivo de base de datos" in capsys.readouterr().err
    assert not path.exists()


def test_an_invalid_format_is_refused_by_the_parser(demo_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["rank", "--db", str(demo_path), "--call", "1", "--format", "xlsx"])
    assert exit_info.value.code == 2
    assert "xlsx" in capsys.readouterr().err
