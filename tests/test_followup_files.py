"""Follow-up files: the visits template filled in and imported all or nothing, the Excel export
and the report and acta de entrega from the command line."""

import json
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from procompite.followup.visit_import import apply_visit_import, check_visit_file
from procompite.storage.database import open_database
from tests.cli_helpers import procompite
from tests.followup_helpers import awarded, signed


def _prepared(demo_db):
    plans = awarded(demo_db)
    for plan in plans[:2]:
        signed(demo_db, plan)
    return plans


def _counts(db) -> tuple:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("visits", "visit_values", "audit_log")
    )


def _template(demo_path, tmp_path):
    out = tmp_path / "visitas.xlsx"
    done = procompite(
        "followup", "template", "--db", str(demo_path), "--call", "1", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "2 planes por visitar" in done.stdout
    return out


def _fill(path, rows: dict[int, dict[str, object]]):
    book = load_workbook(path)
    sheet = book["Visitas"]
    headers = [cell.value for cell in sheet[1]]
    for row, values in rows.items():
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    book.save(path)
    return headers


def test_the_template_filled_in_is_shown_then_imported(demo_db, demo_path, tmp_path):
    plans = _prepared(demo_db)
    out = _template(demo_path, tmp_path)
    headers = _fill(
        out,
        {
            2: {"Fecha de la visita": "30/11/2026", "Visitó": "Ing. Carmen Huamán",
                "AEO en funcionamiento": "Sí", "Ventas del año": "S/ 12,500.50",
                "Empleos directos": 3, "Volumen de producción del año (t)": "2.5"},
            3: {"Fecha de la visita": date(2026, 11, 29), "Visitó": "Ing. Luis Quispe",
                "AEO en funcionamiento": "no"},
        },
    )  # fmt: skip
    assert headers[:3] == ["Plan", "Convocatoria", "AEO"]
    before = _counts(demo_db)
    dry = procompite("followup", "import", "--db", str(demo_path), "--file", str(out),
                     "--dry-run", "--today", "2026-12-01")  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert f"Fila 2: {plans[0].code}" in dry.stdout and "ventas S/ 12,500.50" in dry.stdout
    assert "el AEO no funciona" in dry.stdout and "no se guardó nada" in dry.stdout
    assert _counts(demo_db) == before
    done = procompite("followup", "import", "--db", str(demo_path), "--file", str(out),
                      "--today", "2026-12-01")  # fmt: skip
    assert done.returncode == 0, done.stderr
    db = open_database(demo_path)
    stored = db.execute(
        "SELECT v.sales_cents, x.value FROM visits v JOIN visit_values x ON x.visit_id = v.id "
        "JOIN plans p ON p.id = v.plan_id WHERE p.call_id = 1"
    ).fetchall()
    assert stored == [(1_250_050, "2.5")]
    assert _counts(db)[0] == before[0] + 2
    db.close()


def test_a_file_with_a_bad_row_changes_nothing_and_says_where(demo_db, demo_path, tmp_path):
    _prepared(demo_db)
    out = _template(demo_path, tmp_path)
    _fill(
        out,
        {
            2: {"Fecha de la visita": "30/11/2026", "Visitó": "Ing. Carmen Huamán",
                "AEO en funcionamiento": "sí"},
            3: {"Fecha de la visita": "31/11/2026", "Visitó": "Ing. Luis Quispe",
                "AEO en funcionamiento": "tal vez", "Ventas del año": "12.500,5,0"},
            5: {"Plan": "PN-2026-999", "Fecha de la visita": "01/12/2026", "Visitó": "X",
                "AEO en funcionamiento": "sí"},
        },
    )  # fmt: skip
    before = _counts(demo_db)
    done = procompite("followup", "import", "--db", str(demo_path), "--file", str(out),
                      "--today", "2026-12-01")  # fmt: skip
    assert done.returncode == 1
    assert "fila 3, columna D (Fecha de la visita): La fecha «31/11/2026» no existe" in done.stderr
    assert "fila 3, columna F (AEO en funcionamiento): «tal vez» no es «sí» ni «no»" in done.stderr
    assert "fila 3, columna J (Ventas del año)" in done.stderr
    assert "fila 5, columna A (Plan): No hay un plan con el código «PN-2026-999»" in done.stderr
    assert "No se importó nada" in done.stderr
    db = open_database(demo_path)
    assert _counts(db) == before
    db.close()


def test_a_file_that_is_not_a_spreadsheet_is_refused(demo_db, tmp_path):
    _prepared(demo_db)
    fake = tmp_path / "visitas.xlsx"
    fake.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    checked = check_visit_file(demo_db, fake, date(2026, 12, 1))
    assert checked.problems and not checked.visits
    assert "visitas.xlsx" in str(checked.problems[0])


def test_a_checked_file_that_changed_before_applying_is_refused(demo_db, demo_path, tmp_path):
    import pytest

    from procompite.common.errors import ValidationError

    _prepared(demo_db)
    out = _template(demo_path, tmp_path)
    _fill(out, {2: {"Fecha de la visita": "30/11/2026", "Visitó": "Ing. A",
                    "AEO en funcionamiento": "sí"}})  # fmt: skip
    before = _counts(demo_db)
    checked = check_visit_file(demo_db, out, date(2026, 12, 1))
    assert not checked.problems
    _fill(out, {3: {"Fecha de la visita": "30/11/2026", "Visitó": "Ing. B",
                    "AEO en funcionamiento": "sí"}})  # fmt: skip
    with pytest.raises(ValidationError, match="cambiaron"):
        apply_visit_import(demo_db, checked, "GRDE")
    assert _counts(demo_db) == before


def test_the_export_report_and_acta_de_entrega_from_the_command_line(demo_db, demo_path, tmp_path):
    from tests.test_followup import buy, deliver, line, visit

    plans = _prepared(demo_db)
    item = line(demo_db, plans[0])
    buy(demo_db, plans[0], item, item.budget_cents)
    number = deliver(demo_db, plans[0], item, str(item.quantity), "2026-11-30")
    visit(demo_db, plans[0], "2026-12-01", sales_cents="0.10", goods_use="Sin uso")
    xlsx = tmp_path / "seguimiento.xlsx"
    done = procompite("followup", "export", "--db", str(demo_path), "--out", str(xlsx),
                      "--today", "2026-12-01")  # fmt: skip
    assert done.returncode == 0, done.stderr
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Resumen", "Planes", "Convenios", "Ejecución", "Hitos", "Compras",
                               "Entregas", "Visitas", "Alertas"]  # fmt: skip
    purchase = next(
        [cell.value for cell in row]
        for row in book["Compras"].iter_rows()
        if row[0].value == plans[0].code
    )
    assert Decimal(str(purchase[6])) == Decimal(item.budget_cents) / 100
    visited = next(
        [cell.value for cell in row]
        for row in book["Visitas"].iter_rows()
        if row[0].value == plans[0].code
    )
    assert visited[7] == 0.1
    assert any(row[0].value == "Bienes entregados sin uso" for row in book["Alertas"].iter_rows())
    pdf = tmp_path / "seguimiento.pdf"
    done = procompite("followup", "report", "--db", str(demo_path), "--call", "1",
                      "--out", str(pdf), "--today", "2026-12-01")  # fmt: skip
    assert done.returncode == 0, done.stderr and pdf.read_bytes().startswith(b"%PDF")
    one = tmp_path / "plan.pdf"
    done = procompite("followup", "report", "--db", str(demo_path), "--plan", plans[0].code,
                      "--out", str(one))  # fmt: skip
    assert done.returncode == 0, done.stderr
    entrega = tmp_path / "entrega.pdf"
    done = procompite("followup", "delivery", "--db", str(demo_path), "--number", number,
                      "--out", str(entrega))  # fmt: skip
    assert done.returncode == 0 and entrega.exists()
    alerts = procompite("followup", "alerts", "--db", str(demo_path), "--format", "json",
                        "--today", "2026-12-01")  # fmt: skip
    kinds = {row["kind"] for row in json.loads(alerts.stdout) if row["code"].startswith("PN-2026")}
    assert {"Bienes entregados sin uso", "Ganador sin convenio"} <= kinds
    wrong = procompite("followup", "report", "--db", str(demo_path), "--out", str(tmp_path / "x"))
    assert wrong.returncode == 2 and "debe terminar en .pdf" in wrong.stderr
