"""A member scores in a spreadsheet: the template the program writes, filled and loaded back
with the scoring sheet's checks, all or nothing, with every problem located."""

import csv
from decimal import Decimal

import pytest

from procompite.cli import main
from procompite.evaluation.committee import set_pin
from procompite.evaluation.scoring import load_sheet, worklist
from procompite.storage.database import open_database

CALL, MEMBER = 1, 3


def _template(demo_path, tmp_path) -> list[list[str]]:
    out = tmp_path / "plantilla.csv"
    assert (
        main(
            [
                "score-template",
                "--db",
                str(demo_path),
                "--call",
                "1",
                "--member",
                "3",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _write(path, rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def _fill(rows: list[list[str]], plan: str) -> list[list[str]]:
    """Every criterion of ``plan`` at its highest level, declared without conflict."""
    header, filled = rows[0], [rows[0]]
    for row in rows[1:]:
        if row[0] == plan:
            row = list(row)
            row[header.index("Puntaje")] = row[header.index("Niveles permitidos")].split(" | ")[-1]
            row[header.index("Sin conflicto")] = "sí"
            filled.append(row)
    return filled


def _open_plan(demo_path) -> str:
    db = open_database(demo_path)
    try:
        return next(
            item.code
            for item in worklist(db, CALL, MEMBER)
            if item.declaration == "Sin declarar" and item.sheet == "Sin ficha"
        )
    finally:
        db.close()


def test_the_filled_template_saves_and_sends_the_member_s_sheet(demo_path, tmp_path, capsys):
    db = open_database(demo_path)
    set_pin(db, MEMBER, "2468")
    db.close()
    plan = _open_plan(demo_path)
    rows = _fill(_template(demo_path, tmp_path), plan)
    _write(tmp_path / "lleno.csv", rows)
    args = [
        "score",
        str(tmp_path / "lleno.csv"),
        "--db",
        str(demo_path),
        "--call",
        "1",
        "--member",
        "3",
        "--pin",
        "2468",
        "--submit",
    ]
    assert main(args) == 0
    assert "sin conflicto" in capsys.readouterr().err
    db = open_database(demo_path)
    plan_id = db.execute("SELECT id FROM plans WHERE code = ?", [plan]).fetchone()[0]
    sheet = load_sheet(db, plan_id, MEMBER)
    assert sheet.submitted and len(sheet.points) == len(rows) - 1
    db.close()


def test_every_problem_is_located_and_nothing_is_saved(demo_path, tmp_path, capsys):
    plan = _open_plan(demo_path)
    rows = _fill(_template(demo_path, tmp_path), plan)
    header = rows[0]
    rows[1][header.index("Puntaje")] = "3.7"
    rows[2][header.index("Puntaje")] = "٣"
    rows[3][header.index("Sin conflicto")] = "quizá"
    rows.append(["PN-9999-999", "", rows[4][2], "", "", "1", "", "sí"])
    _write(tmp_path / "malo.csv", rows)
    db = open_database(demo_path)
    before = db.execute("SELECT count(*) FROM scores").fetchone()
    db.close()
    assert (
        main(
            [
                "score",
                str(tmp_path / "malo.csv"),
                "--db",
                str(demo_path),
                "--call",
                "1",
                "--member",
                "3",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "fila 2, columna «Puntaje»: 3.7 no es un nivel" in err
    assert "fila 3, columna «Puntaje»" in err and "no es un número" in err
    assert "fila 4, columna «Sin conflicto»" in err
    assert "«PN-9999-999» no es un plan" in err
    db = open_database(demo_path)
    assert db.execute("SELECT count(*) FROM scores").fetchone() == before
    db.close()


def test_a_wrong_pin_or_a_file_that_is_not_the_template_is_refused(demo_path, tmp_path, capsys):
    db = open_database(demo_path)
    set_pin(db, MEMBER, "2468")
    db.close()
    _write(tmp_path / "otro.csv", [["Nombre", "RUC"], ["x", "1"]])
    base = ["--db", str(demo_path), "--call", "1", "--member", "3"]
    assert main(["score", str(tmp_path / "otro.csv"), *base, "--pin", "1111"]) == 2
    assert "PIN" in capsys.readouterr().err
    assert main(["score", str(tmp_path / "otro.csv"), *base, "--pin", "2468"]) == 2
    assert "Faltan las columnas" in capsys.readouterr().err
    (tmp_path / "vacío.csv").write_bytes(b"")
    assert main(["score", str(tmp_path / "vacío.csv"), *base, "--pin", "2468"]) == 2
    assert "vacío" in capsys.readouterr().err


@pytest.mark.parametrize("text,expected", [("4", Decimal(4)), ("4,0", Decimal("4.0")), ("", None)])
def test_points_are_read_with_a_decimal_point_or_comma(text, expected):
    from procompite.transfer.score_sheets import _points

    assert _points(text) == expected
