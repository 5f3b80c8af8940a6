"""Exporting the registry to .xlsx in the template's layout, and importing it back unchanged."""

import argparse
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from procompite.storage.cli_support import Refused
from procompite.transfer import exporter
from procompite.transfer.commands import add_commands as add_transfer_commands
from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import import_file
from procompite.transfer.layout import DATA_SHEETS, INSTRUCTIONS

TODAY = date(2026, 11, 23)


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_export_has_every_sheet_and_every_row(demo_db, tmp_path):
    path = tmp_path / "registro.xlsx"
    counts = export_workbook(demo_db, path)
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == [INSTRUCTIONS, *(sheet.name for sheet in DATA_SHEETS)]
    for sheet in DATA_SHEETS:
        header = next(workbook[sheet.name].iter_rows(max_row=1, values_only=True))
        assert header == sheet.headers
    assert counts == {
        "Organizaciones": count(demo_db, "organizations"),
        "Socios": count(demo_db, "members"),
        "Planes": count(demo_db, "plans"),
        "Presupuesto": count(demo_db, "plan_budget_lines"),
        "Flujo de caja": count(demo_db, "plan_cash_flows"),
    }
    assert counts["Socios"] > 100


def test_export_writes_numbers_dates_and_text_identifiers(demo_db, tmp_path):
    path = tmp_path / "registro.xlsx"
    export_workbook(demo_db, path)
    sheet = load_workbook(path)["Organizaciones"]
    ruc, name, constituted, sales = demo_db.execute(
        "SELECT ruc, name, constituted_on, annual_sales_cents FROM organizations "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    assert sheet["A2"].value == ruc and sheet["A2"].number_format == "@"
    assert sheet["B2"].value == name
    assert sheet["E2"].value == datetime.fromisoformat(constituted)
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["N2"].value == sales / 100 and sheet["N2"].number_format == "#,##0.00"
    assert sheet["J2"].data_type == "s"
    budget = load_workbook(path)["Presupuesto"]
    assert budget["C2"].value in ("Activos fijos", "Intangibles", "Capital de trabajo")
    assert budget["H2"].value in ("PROCOMPITE", "AEO monetario", "AEO no monetario")


def test_export_of_the_demo_imports_back_unchanged(demo_db, tmp_path):
    path = tmp_path / "registro.xlsx"
    export_workbook(demo_db, path)
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, [str(problem) for problem in result.problems]
    assert not result.written
    for key, counts in result.summary.items():
        assert (counts.created, counts.updated, counts.removed) == (0, 0, 0), key
    assert result.summary["socios"].unchanged == count(demo_db, "members")
    assert result.summary["años de flujo de caja"].unchanged == count(demo_db, "plan_cash_flows")
    assert dump(demo_db) == before


def test_exported_leading_zero_dni_and_decimal_quantity_survive(demo_db, tmp_path):
    member = demo_db.execute("SELECT id FROM members ORDER BY id LIMIT 1").fetchone()[0]
    line = demo_db.execute("SELECT id FROM plan_budget_lines ORDER BY id LIMIT 1").fetchone()[0]
    with demo_db.atomic():
        demo_db.execute("UPDATE members SET dni = '00012345' WHERE id = ?", [member])
        demo_db.execute("UPDATE plan_budget_lines SET quantity = '2.75' WHERE id = ?", [line])
    path = tmp_path / "registro.xlsx"
    export_workbook(demo_db, path)
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok and not result.written
    assert dump(demo_db) == before


def test_export_command_writes_the_file(demo_path, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_transfer_commands(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "salida.xlsx"
    args = parser.parse_args(["export", "--db", str(demo_path), "--out", str(out)])
    assert args.handler(args) == 0
    assert out.exists()
    assert "Socios" in capsys.readouterr().out


def test_export_command_refuses_a_missing_folder(demo_path, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_transfer_commands(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "no" / "existe.xlsx"
    args = parser.parse_args(["export", "--db", str(demo_path), "--out", str(out)])
    assert args.handler(args) == 1
    assert "No existe la carpeta" in capsys.readouterr().err


def test_python_m_procompite_export_then_import_dry_run(demo_path, tmp_path):
    out = tmp_path / "registro.xlsx"
    root = Path(__file__).parent.parent
    exported = subprocess.run(
        [sys.executable, "-m", "procompite", "export", "--db", str(demo_path), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert exported.returncode == 0, exported.stderr
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "procompite",
            "import",
            str(out),
            "--db",
            str(demo_path),
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert imported.returncode == 0, imported.stderr
    assert "simulación: no se guardó nada" in imported.stdout


def test_export_reports_its_progress_up_to_every_row(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(exporter, "PROGRESS_ROWS", 40)
    heard = []
    counts = export_workbook(
        demo_db, tmp_path / "registro.xlsx", progress=lambda *report: heard.append(report)
    )
    total = sum(counts.values())
    done = [report[0] for report in heard]
    assert done == sorted(done) and done[-1] == total
    assert {report[1] for report in heard} == {total}
    members = counts["Socios"]
    assert f"Exportando socios: 40 de {members:,} filas" in [report[2] for report in heard]
    assert f"Exportando socios: {members:,} de {members:,} filas" in [r[2] for r in heard]


def test_a_cancelled_export_leaves_nothing_at_the_target(demo_db, tmp_path, monkeypatch):
    """Nor in the temporary folder: the rows written so far are removed too."""
    monkeypatch.setattr(exporter, "PROGRESS_ROWS", 40)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporal"))
    folder, temporary = tmp_path / "salida", tmp_path / "temporal"
    folder.mkdir()
    temporary.mkdir()
    heard = []

    def progress(*report) -> None:
        heard.append(report)

    def cancelled() -> bool:
        return len(heard) >= 3

    target = folder / "registro.xlsx"
    assert export_workbook(demo_db, target, progress=progress, cancelled=cancelled) is None
    assert list(folder.iterdir()) == [] and list(temporary.iterdir()) == []
    heard.clear()
    target.write_bytes(b"exportado ayer")
    assert export_workbook(demo_db, target, progress=progress, cancelled=cancelled) is None
    assert list(folder.iterdir()) == [target] and target.read_bytes() == b"exportado ayer"


def test_a_text_no_excel_cell_holds_is_refused_and_nothing_written(demo_db, tmp_path):
    plan = demo_db.execute("SELECT id FROM plans ORDER BY call_id, code LIMIT 1").fetchone()[0]
    with demo_db.atomic():
        demo_db.execute("UPDATE plans SET summary = ? WHERE id = ?", ["a" * 40_000, plan])
    folder = tmp_path / "salida"
    folder.mkdir()
    with pytest.raises(Refused, match="fila 2 de la hoja «Planes»: tiene un texto de más de"):
        export_workbook(demo_db, folder / "registro.xlsx")
    assert list(folder.iterdir()) == []
