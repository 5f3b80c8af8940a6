"""Importing organisations, members and plans from .xlsx and .csv files: all or nothing."""

import argparse
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from procompite.common.identifiers import ruc_check_digit
from procompite.common.values import (
    CellError,
    parse_amount,
    parse_date,
    parse_identifier,
    parse_integer,
)
from procompite.transfer.commands import add_commands as add_transfer_commands
from procompite.transfer.importer import import_file
from procompite.transfer.layout import MEMBERS, ORGANIZATIONS
from procompite.transfer.templates import write_template
from tests.stage_helpers import open_registration

TODAY = date(2026, 11, 23)


def make_ruc(number: int) -> str:
    first_ten = f"20{number:08d}"
    return first_ten + str(ruc_check_digit(first_ten))


def wrong_check_digit(ruc: str) -> str:
    return ruc[:10] + str((int(ruc[10]) + 1) % 10)


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


def demo_refs(db) -> dict[str, str]:
    """A district, a chain and the call of the demo database, as the file names them."""
    return {
        "ubigeo": db.execute("SELECT ubigeo FROM districts ORDER BY id LIMIT 1").fetchone()[0],
        "chain": db.execute("SELECT name FROM chains ORDER BY id LIMIT 1").fetchone()[0],
        "call": db.execute("SELECT name FROM calls ORDER BY id LIMIT 1").fetchone()[0],
    }


def organization_row(ruc: str, refs: dict[str, str], **changes) -> list:
    values = {
        "RUC": ruc,
        "Nombre": "Asociación de Productores Ejemplo",
        "Forma jurídica": "Asociación",
        "Categoría": "A",
        "Fecha de constitución": date(2015, 3, 15),
        "Partida registral": "11012345",
        "Ubigeo del distrito": refs["ubigeo"],
        "Dirección": "Jr. Lima 123",
        "Representante legal": "Rosa Quispe Huamán",
        "DNI del representante": "01234567",
        "Teléfono": "984123456",
        "Correo": "aeo@example.org",
        "Cadena productiva": refs["chain"],
        "Ventas anuales (S/)": "S/ 45,000.50",
        "Observaciones": "",
    } | changes
    return [values[header] for header in ORGANIZATIONS.headers]


def member_row(ruc: str, dni: str, **changes) -> list:
    values = {
        "RUC de la organización": ruc,
        "DNI": dni,
        "Nombres": "Rosa",
        "Apellidos": "Quispe Huamán",
        "Sexo": "F",
        "Fecha de nacimiento": "23/11/1985",
        "Cargo": "",
        "Fecha de ingreso": date(2016, 1, 10),
    } | changes
    return [values[header] for header in MEMBERS.headers]


def fill(path: Path, kind: str, rows: dict[str, list[list]]) -> Path:
    """Write the template, then type rows into its sheets with openpyxl, as a user would."""
    write_template(kind, path)
    workbook = load_workbook(path)
    for sheet, sheet_rows in rows.items():
        for row in sheet_rows:
            workbook[sheet].append(row)
    workbook.save(path)
    return path


def aeo_file(tmp_path: Path, refs, organizations, members=(), name="aeo.xlsx") -> Path:
    return fill(
        tmp_path / name, "aeo", {"Organizaciones": list(organizations), "Socios": list(members)}
    )


def organizations_file(
    tmp_path: Path, refs, count: int, *, members_each: int, first: int, name: str
) -> Path:
    """``count`` new organisations (RUC from ``first``) with ``members_each`` socios each."""
    rucs = [make_ruc(first + number) for number in range(count)]
    return aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs, Nombre=f"Asociación Nueva {n}") for n, ruc in enumerate(rucs)],
        [
            member_row(ruc, f"{first * 10_000 + n * 10 + k:08d}", Nombres=f"Socio {k}")
            for n, ruc in enumerate(rucs)
            for k in range(members_each)
        ],
        name=name,
    )


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


# --- Round trips ---------------------------------------------------------------------------


def test_filled_aeo_template_creates_organization_and_members(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_001)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [
            member_row(ruc, "01234567", Cargo="presidente"),
            member_row(ruc, "45678912", Sexo="m", Nombres="Juan", **{"Fecha de ingreso": None}),
        ],
    )
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    assert result.written
    assert result.summary["organizaciones"].created == 1
    assert result.summary["socios"].created == 2
    organization = demo_db.execute("SELECT * FROM organizations WHERE ruc = ?", [ruc]).fetchone()
    columns = [d[0] for d in demo_db.execute("SELECT * FROM organizations LIMIT 0").description]
    stored = dict(zip(columns, organization, strict=True))
    assert stored["constituted_on"] == "2015-03-15"
    assert stored["annual_sales_cents"] == 4_500_050
    assert stored["representative_dni"] == "01234567"
    assert stored["legal_form"] == "Asociación"
    assert stored["created_at"].endswith("+00:00")
    district = demo_db.execute(
        "SELECT ubigeo FROM districts WHERE id = ?", [stored["district_id"]]
    ).fetchone()[0]
    assert district == refs["ubigeo"]
    members = demo_db.execute(
        "SELECT dni, sex, role, birth_date, joined_on FROM members "
        "WHERE organization_id = ? ORDER BY dni",
        [stored["id"]],
    ).fetchall()
    assert members == [
        ("01234567", "F", "presidente", "1985-11-23", "2016-01-10"),
        ("45678912", "M", "socio", "1985-11-23", None),
    ]


def _plan_rows(refs, ruc, code="PN-IMP-001"):
    plan = [
        refs["call"],
        code,
        ruc,
        "A",
        refs["chain"],
        "Planta de procesamiento",
        refs["ubigeo"],
        12,
        10,
        8,
        4,
        12,
        "Resumen del plan",
    ]
    budget = [
        [
            refs["call"],
            code,
            "Activos fijos",
            "Despulpadora",
            "unidad",
            2.5,
            "S/ 1.234,50",
            "PROCOMPITE",
        ],
        [refs["call"], code, "capital_trabajo", "Insumos", "", "3", 1000, "AEO monetario"],
    ]
    flows = [
        [refs["call"], code, 0, 0, 0, "50,000.00", 0],
        [refs["call"], code, 1, "30000", "18000.5", 0, 0],
        [refs["call"], code, 2, 32000, 19000, 0, "5000"],
    ]
    return {"Planes": [plan], "Presupuesto": budget, "Flujo de caja": flows}


def test_a_call_past_registration_refuses_new_plans_on_their_row(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    path = fill(tmp_path / "plan.xlsx", "plan", _plan_rows(refs, ruc))
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Planes", 2, "Convocatoria")]
    assert "está «En evaluación»: ya no se registran" in result.problems[0].message
    assert not demo_db.execute("SELECT 1 FROM plans WHERE code = 'PN-IMP-001'").fetchone()


def test_filled_plan_template_creates_plan_budget_and_cash_flow(demo_db, tmp_path):
    open_registration(demo_db)
    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    path = fill(tmp_path / "plan.xlsx", "plan", _plan_rows(refs, ruc))
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    plan = demo_db.execute(
        "SELECT id, status, registered_on, duration_months, beneficiaries_women, direct_jobs "
        "FROM plans WHERE code = 'PN-IMP-001'"
    ).fetchone()
    assert plan[1:] == ("registrado", "2026-11-23", 12, 10, 4)
    lines = demo_db.execute(
        "SELECT position, component, concept, unit, quantity, unit_cost_cents, payer "
        "FROM plan_budget_lines WHERE plan_id = ? ORDER BY position",
        [plan[0]],
    ).fetchall()
    assert lines == [
        (0, "activos_fijos", "Despulpadora", "unidad", "2.5", 123450, "procompite"),
        (1, "capital_trabajo", "Insumos", "unidad", "3", 100000, "aeo_monetario"),
    ]
    flows = demo_db.execute(
        "SELECT year, income_cents, operating_cost_cents, investment_cents, residual_value_cents "
        "FROM plan_cash_flows WHERE plan_id = ? ORDER BY year",
        [plan[0]],
    ).fetchall()
    assert flows == [
        (0, 0, 0, 5_000_000, 0),
        (1, 3_000_000, 1_800_050, 0, 0),
        (2, 3_200_000, 1_900_000, 0, 500_000),
    ]
    assert result.summary["líneas de presupuesto"].created == 2
    assert result.summary["años de flujo de caja"].created == 3


def test_importing_the_same_file_twice_changes_nothing(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_002)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)], [member_row(ruc, "11111111")])
    assert import_file(demo_db, path, today=TODAY).ok
    before = dump(demo_db)
    second = import_file(demo_db, path, today=TODAY)
    assert second.ok and not second.written
    assert all(not counts.changed for counts in second.summary.values())
    assert second.summary["organizaciones"].unchanged == 1
    assert second.summary["socios"].unchanged == 1
    assert dump(demo_db) == before


def test_reimport_updates_by_ruc_and_never_deletes_members(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_003)
    first = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, "11111111"), member_row(ruc, "22222222")],
        "first.xlsx",
    )
    assert import_file(demo_db, first, today=TODAY).ok
    second = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs, Nombre="Nuevo nombre")],
        [member_row(ruc, "22222222", Apellidos="Mamani")],
        "second.xlsx",
    )
    result = import_file(demo_db, second, today=TODAY)
    assert result.ok, messages(result)
    assert result.summary["organizaciones"].updated == 1
    assert result.summary["socios"].updated == 1
    name = demo_db.execute("SELECT name FROM organizations WHERE ruc = ?", [ruc]).fetchone()[0]
    assert name == "Nuevo nombre"
    members = demo_db.execute(
        "SELECT dni, last_names FROM members JOIN organizations o ON o.id = organization_id "
        "WHERE o.ruc = ? ORDER BY dni",
        [ruc],
    ).fetchall()
    assert members == [("11111111", "Quispe Huamán"), ("22222222", "Mamani")]


def test_budget_in_file_replaces_the_plans_lines(demo_db, tmp_path):
    open_registration(demo_db)
    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    rows = _plan_rows(refs, ruc)
    assert import_file(demo_db, fill(tmp_path / "a.xlsx", "plan", rows), today=TODAY).ok
    rows["Presupuesto"] = rows["Presupuesto"][:1]
    result = import_file(demo_db, fill(tmp_path / "b.xlsx", "plan", rows), today=TODAY)
    assert result.ok, messages(result)
    lines = result.summary["líneas de presupuesto"]
    assert (lines.unchanged, lines.removed) == (1, 1)
    count = demo_db.execute(
        "SELECT count(*) FROM plan_budget_lines JOIN plans p ON p.id = plan_id "
        "WHERE p.code = 'PN-IMP-001'"
    ).fetchone()[0]
    assert count == 1


def test_plan_past_registration_cannot_be_changed(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    code, ruc = demo_db.execute(
        "SELECT p.code, o.ruc FROM plans p JOIN organizations o ON o.id = p.organization_id "
        "WHERE p.status = 'evaluado' AND p.call_id = 1 ORDER BY p.code LIMIT 1"
    ).fetchone()
    rows = _plan_rows(refs, ruc, code)
    before = dump(demo_db)
    result = import_file(demo_db, fill(tmp_path / "p.xlsx", "plan", rows), today=TODAY)
    assert not result.ok
    assert any(
        f"El plan «{code}» está en estado «Evaluado»" in message for message in messages(result)
    )
    assert dump(demo_db) == before


def test_successful_import_writes_one_audit_entry(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_004)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)])
    count = demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert import_file(demo_db, path, today=TODAY).ok
    rows = demo_db.execute(
        "SELECT actor, action, table_name, after FROM audit_log ORDER BY id DESC"
    ).fetchall()
    assert len(rows) == count + 1
    actor, action, table, after = rows[0]
    assert (actor, action, table) == ("importación", "importar", "organizations")
    assert json.loads(after)["archivo"] == "aeo.xlsx"
    assert json.loads(after)["resumen"]["organizaciones"]["creados"] == 1


def test_dry_run_writes_nothing_but_counts(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_005)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)], [member_row(ruc, "11111111")])
    before = dump(demo_db)
    result = import_file(demo_db, path, dry_run=True, today=TODAY)
    assert result.ok and not result.written
    assert result.summary["organizaciones"].created == 1
    assert result.summary["socios"].created == 1
    assert dump(demo_db) == before


# --- Bad files -------------------------------------------------------------------------------


def _refused(db, path: Path, fragment: str) -> None:
    before = dump(db)
    result = import_file(db, path, today=TODAY)
    assert not result.ok
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.sheet is None and problem.row is None
    assert fragment in problem.message
    assert dump(db) == before


def test_empty_file_is_refused(demo_db, tmp_path):
    path = tmp_path / "vacio.xlsx"
    path.write_bytes(b"")
    _refused(demo_db, path, "está vacío")


def test_empty_csv_is_refused(demo_db, tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    _refused(demo_db, path, "está vacío")


def test_pdf_renamed_xlsx_is_refused(demo_db, tmp_path):
    path = tmp_path / "informe.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    _refused(demo_db, path, "no una hoja de cálculo")


def test_text_renamed_xlsx_is_refused(demo_db, tmp_path):
    path = tmp_path / "notas.xlsx"
    path.write_text("RUC;Nombre\n20123456786;Asociación\n", encoding="utf-8")
    _refused(demo_db, path, "no es una hoja de cálculo de Excel")


def test_zip_that_is_not_a_workbook_is_refused(demo_db, tmp_path):
    path = tmp_path / "fotos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.txt", "no es un libro")
    _refused(demo_db, path, "no un libro de Excel")


def test_file_over_20_mb_is_refused_with_its_size(demo_db, tmp_path):
    path = tmp_path / "enorme.xlsx"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    _refused(demo_db, path, "ocupa 21.0 MB y el límite es 20 MB")


def test_missing_column_is_named(demo_db, tmp_path):
    path = tmp_path / "sin_dni.xlsx"
    write_template("aeo", path)
    workbook = load_workbook(path)
    workbook["Socios"].delete_cols(2)
    workbook["Socios"].append(["20123456786", "Rosa", "Quispe", "F", None, "", None])
    workbook.save(path)
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Socios", 1, "DNI")
    assert "Falta la columna «DNI»" in problem.message


def test_renamed_column_is_named_with_the_header_found(demo_db, tmp_path):
    path = tmp_path / "renombrada.xlsx"
    write_template("aeo", path)
    workbook = load_workbook(path)
    workbook["Socios"]["B1"] = "Documento"
    workbook.save(path)
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    assert "Hoja «Socios», fila 1, columna «DNI»: Falta la columna «DNI»" in messages(result)[0]
    assert "«Documento»" in messages(result)[0]


def test_headers_match_without_case_accents_or_spaces(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_006)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)])
    workbook = load_workbook(path)
    workbook["Organizaciones"]["C1"] = "  FORMA JURIDICA "
    workbook.save(path)
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)


def test_extra_column_is_a_warning_and_the_import_goes_through(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_007)
    path = aeo_file(tmp_path, refs, [[*organization_row(ruc, refs), "nota interna"]])
    workbook = load_workbook(path)
    workbook["Organizaciones"].cell(row=1, column=16, value="Comentario del técnico")
    workbook.save(path)
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    assert result.written
    assert [str(w) for w in result.warnings] == [
        "Hoja «Organizaciones», fila 1, columna «Comentario del técnico»: "
        "Columna no reconocida: se ignora."
    ]


def test_merged_cells_are_reported_with_their_range(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_008)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, "11111111"), member_row(ruc, "22222222")],
    )
    workbook = load_workbook(path)
    workbook["Socios"].merge_cells("A2:A3")
    workbook.save(path)
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    merged = [p for p in result.problems if "combinadas" in p.message]
    assert len(merged) == 1
    assert (merged[0].sheet, merged[0].row, merged[0].column) == (
        "Socios",
        2,
        "RUC de la organización",
    )
    assert "A2:A3" in merged[0].message
    assert dump(demo_db) == before


def test_formulas_are_reported_with_their_cell(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_009)
    path = aeo_file(
        tmp_path, refs, [organization_row(ruc, refs, **{"Ventas anuales (S/)": "=1000*12"})]
    )
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    assert messages(result) == [
        "Hoja «Organizaciones», fila 2, columna «Ventas anuales (S/)»: La celda contiene una "
        "fórmula (=1000*12): escriba el valor, no la fórmula (copie y use «Pegar valores»)."
    ]


@pytest.mark.parametrize("text", ["23/11/1985", "23-11-1985", "1985-11-23"])
def test_dates_written_as_text_are_accepted(demo_db, tmp_path, text):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_010)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, "11111111", **{"Fecha de nacimiento": text})],
    )
    assert import_file(demo_db, path, today=TODAY).ok
    birth = demo_db.execute("SELECT birth_date FROM members WHERE dni = '11111111'").fetchone()
    assert birth == ("1985-11-23",)


def test_impossible_date_is_rejected_with_the_expected_format(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_011)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs, **{"Fecha de constitución": "31/02/2026"})],
    )
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert messages(result) == [
        "Hoja «Organizaciones», fila 2, columna «Fecha de constitución»: La fecha «31/02/2026» "
        "no existe: revise el día y el mes (use dd/mm/aaaa, por ejemplo 23/11/2026)."
    ]
    assert dump(demo_db) == before


@pytest.mark.parametrize("text", ["S/ 1.234,50", "1,234.50", "S/. 1 234,50", "1234.5"])
def test_amounts_in_local_formats_are_stored_exactly(demo_db, tmp_path, text):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_012)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs, **{"Ventas anuales (S/)": text})])
    assert import_file(demo_db, path, today=TODAY).ok
    cents = demo_db.execute(
        "SELECT annual_sales_cents FROM organizations WHERE ruc = ?", [ruc]
    ).fetchone()
    assert cents == (123450,)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("12 soles", "contiene letras"), ("mil", "contiene letras"), ("1.234.5", "dos separadores")],
)
def test_amounts_with_letters_or_two_points_are_rejected(demo_db, tmp_path, text, reason):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_013)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs, **{"Ventas anuales (S/)": text})])
    result = import_file(demo_db, path, today=TODAY)
    assert len(result.problems) == 1
    assert result.problems[0].column == "Ventas anuales (S/)"
    assert reason in result.problems[0].message


def test_duplicate_ruc_in_file_reports_both_rows_and_writes_nothing(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_014)
    other = make_ruc(30_000_015)
    path = aeo_file(
        tmp_path,
        refs,
        [
            organization_row(ruc, refs),
            organization_row(other, refs),
            organization_row(ruc, refs, Nombre="Otra"),
        ],
    )
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert messages(result) == [
        f"Hoja «Organizaciones», fila 2, columna «RUC»: El RUC {ruc} se repite en las filas 2, 4.",
        f"Hoja «Organizaciones», fila 4, columna «RUC»: El RUC {ruc} se repite en las filas 2, 4.",
    ]
    assert dump(demo_db) == before


def test_dni_with_seven_digits_hints_at_a_lost_leading_zero(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_016)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, 1234567), member_row(ruc, "12345678")],
    )
    result = import_file(demo_db, path, today=TODAY)
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Socios", 2, "DNI")
    assert problem.message.startswith("El DNI debe tener 8 dígitos.")
    assert "0" in problem.message and "formato de texto" in problem.message


def test_ruc_with_wrong_check_digit_is_rejected(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = wrong_check_digit(make_ruc(30_000_017))
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)])
    result = import_file(demo_db, path, today=TODAY)
    assert messages(result) == [
        "Hoja «Organizaciones», fila 2, columna «RUC»: "
        "El dígito verificador del RUC no corresponde."
    ]


def test_every_error_is_collected_not_just_the_first(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_018)
    path = aeo_file(
        tmp_path,
        refs,
        [
            organization_row(
                ruc, refs, **{"Forma jurídica": "Club", "Ubigeo del distrito": "999999"}
            )
        ],
        [
            member_row(ruc, "11111111", Sexo="X"),
            member_row(ruc, "11111111"),
            member_row(make_ruc(30_000_019), "22222222"),
        ],
    )
    result = import_file(demo_db, path, today=TODAY)
    places = {(p.sheet, p.row, p.column) for p in result.problems}
    assert places == {
        ("Organizaciones", 2, "Forma jurídica"),
        ("Organizaciones", 2, "Ubigeo del distrito"),
        ("Socios", 2, "Sexo"),
        ("Socios", 2, "DNI"),
        ("Socios", 3, "DNI"),
        ("Socios", 4, "RUC de la organización"),
    }


def test_references_to_unknown_call_plan_and_category_are_errors(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    rows = _plan_rows(refs, ruc)
    rows["Planes"][0][3] = "Z"
    rows["Presupuesto"][0][0] = "Convocatoria inexistente"
    rows["Flujo de caja"][0][1] = "PN-NO-EXISTE"
    result = import_file(demo_db, fill(tmp_path / "p.xlsx", "plan", rows), today=TODAY)
    found = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert "no tiene la categoría «Z»" in found[("Planes", 2, "Categoría")]
    assert "No existe la convocatoria" in found[("Presupuesto", 2, "Convocatoria")]
    assert "No existe el plan «PN-NO-EXISTE»" in found[("Flujo de caja", 2, "Código del plan")]


def test_duplicate_year_in_a_plans_cash_flow_reports_both_rows(demo_db, tmp_path):
    open_registration(demo_db)
    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    rows = _plan_rows(refs, ruc)
    rows["Flujo de caja"][2][2] = 1
    result = import_file(demo_db, fill(tmp_path / "p.xlsx", "plan", rows), today=TODAY)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("Flujo de caja", 3, "Año"),
        ("Flujo de caja", 4, "Año"),
    ]


# --- CSV -----------------------------------------------------------------------------------


def _csv_text(ruc: str, refs, delimiter: str) -> str:
    header = delimiter.join(ORGANIZATIONS.headers)
    row = delimiter.join(
        [
            ruc,
            "Asociación Señor de Huanca",
            "Asociación",
            "B",
            "15/03/2015",
            "",
            refs["ubigeo"],
            "",
            "Rosa Ñahui",
            "01234567",
            "",
            "",
            refs["chain"],
            "S/ 1.234,50" if delimiter == ";" else "1234.50",
            "",
        ]
    )
    return f"{header}\r\n{row}\r\n"


def test_csv_in_utf8_with_bom_and_commas(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_020)
    path = tmp_path / "organizaciones.csv"
    path.write_text(_csv_text(ruc, refs, ","), encoding="utf-8-sig")
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    row = demo_db.execute(
        "SELECT name, representative_name, representative_dni, annual_sales_cents "
        "FROM organizations WHERE ruc = ?",
        [ruc],
    ).fetchone()
    assert row == ("Asociación Señor de Huanca", "Rosa Ñahui", "01234567", 123450)


def test_csv_in_windows_1252_with_semicolons(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_021)
    path = tmp_path / "export_excel.csv"
    path.write_bytes(_csv_text(ruc, refs, ";").encode("cp1252"))
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    row = demo_db.execute(
        "SELECT name, representative_name, annual_sales_cents FROM organizations WHERE ruc = ?",
        [ruc],
    ).fetchone()
    assert row == ("Asociación Señor de Huanca", "Rosa Ñahui", 123450)


def test_csv_of_members_is_matched_by_its_headers(demo_db, tmp_path):
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    path = tmp_path / "datos.csv"
    path.write_text(
        ";".join(MEMBERS.headers) + f"\n{ruc};07654321;Ana;Puma;F;01/02/1990;;\n", encoding="utf-8"
    )
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    assert result.summary["socios"].created == 1


def test_csv_with_unknown_headers_is_an_error(demo_db, tmp_path):
    path = tmp_path / "otra_cosa.csv"
    path.write_text("Producto;Precio\nCafé;12\n", encoding="utf-8")
    result = import_file(demo_db, path, today=TODAY)
    assert not result.ok
    assert "no corresponden a ninguna hoja" in result.problems[0].message


# --- Cells ---------------------------------------------------------------------------------


def _styles(cents: int) -> list[str]:
    soles, rest = divmod(cents, 100)
    comma_grouped = f"{soles:,}"
    dot_grouped = comma_grouped.replace(",", ".")
    space_grouped = comma_grouped.replace(",", " ")
    short = f"{soles}.{rest:02d}".rstrip("0").rstrip(".") if rest % 10 == 0 else None
    styles = [
        f"{soles}.{rest:02d}",
        f"{comma_grouped}.{rest:02d}",
        f"S/ {comma_grouped}.{rest:02d}",
        f"S/ {dot_grouped},{rest:02d}",
        f"S/. {space_grouped},{rest:02d}",
        f"{dot_grouped},{rest:02d}",
        f"{soles},{rest:02d}",
    ]
    return styles + ([short] if short else [])


@given(st.integers(min_value=0, max_value=10**13))
def test_amount_parser_reads_every_accepted_style_exactly(cents):
    for text in _styles(cents):
        assert parse_amount(text) == cents, text
    assert parse_amount(cents / 100) == cents


@given(st.integers(min_value=0, max_value=10**9))
def test_amount_parser_reads_whole_soles_with_thousands_separators(soles):
    assert parse_amount(f"{soles:,}") == soles * 100
    assert parse_amount(f"{soles:,}".replace(",", ".")) == soles * 100
    assert parse_amount(soles) == soles * 100


def test_amount_parser_rounds_floats_half_up_and_refuses_more_decimals_in_text():
    assert parse_amount(0.1 + 0.2) == 30
    assert parse_amount(2.675) == 268
    with pytest.raises(CellError, match="más de dos decimales"):
        parse_amount("12.345,678")


def test_date_parser_accepts_excel_dates_and_refuses_text():
    assert parse_date(datetime(2026, 11, 23, 0, 0)) == date(2026, 11, 23)
    with pytest.raises(CellError, match="dd/mm/aaaa"):
        parse_date("ayer")


def test_identifier_from_a_number_cell_has_no_decimal_part():
    assert parse_identifier(12345678.0) == "12345678"
    assert parse_identifier(" 0123 4567 ") == "01234567"


# --- Command line --------------------------------------------------------------------------


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_transfer_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_command_prints_a_summary_and_marks_a_dry_run(demo_db, demo_path, tmp_path, capsys):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_022)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)], [member_row(ruc, "11111111")])
    assert _run(["import", str(path), "--db", str(demo_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "(simulación: no se guardó nada)" in out
    assert "organizaciones" in out and "creados" in out and "sin cambios" in out
    assert _run(["import", str(path), "--db", str(demo_path)]) == 0
    assert "Importación de «aeo.xlsx» completada" in capsys.readouterr().out


def test_command_lists_every_problem_on_stderr_and_fails(demo_db, demo_path, tmp_path, capsys):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_023)
    rows = [member_row(ruc, f"1111111{i}") for i in range(9)] + [member_row(ruc, "1234567")]
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)], rows)
    assert _run(["import", str(path), "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "Hoja «Socios», fila 11, columna «DNI»: El DNI debe tener 8 dígitos." in err
    assert "No se importó nada: 1 problema." in err


def test_command_refuses_a_file_that_is_not_a_spreadsheet(demo_path, tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"%PDF-1.4")
    assert _run(["import", str(path), "--db", str(demo_path)]) == 1
    captured = capsys.readouterr()
    assert "es un PDF" in captured.err
    assert "Traceback" not in captured.err


def test_python_m_procompite_import_rejects_with_exit_code(demo_path, tmp_path):
    path = tmp_path / "vacio.xlsx"
    path.write_bytes(b"")
    completed = subprocess.run(
        [sys.executable, "-m", "procompite", "import", str(path), "--db", str(demo_path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert completed.returncode == 1
    assert "está vacío" in completed.stderr
    assert "Traceback" not in completed.stderr


# --- Workbooks written by other programs ---------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def _handmade_workbook(path: Path, sheet_xml: str, shared: list[str]) -> Path:
    """A minimal .xlsx as other programs write it: shared strings, prefixes, odd attribute order."""
    items = "".join(f'<x:si><x:t xml:space="preserve">{text}</x:t></x:si>' for text in shared)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE}"/>',
        "xl/workbook.xml": (
            f'<x:workbook xmlns:x="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><x:sheets>'
            '<x:sheet name="Socios" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PACKAGE}">'
            '<Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://x/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": f'<x:sst xmlns:x="{_MAIN}">{items}</x:sst>',
        "xl/styles.xml": (
            f'<x:styleSheet xmlns:x="{_MAIN}"><x:numFmts><x:numFmt numFmtId="164" '
            'formatCode="dd/mm/yyyy"/></x:numFmts><x:cellXfs><x:xf numFmtId="0"/>'
            '<x:xf numFmtId="164"/><x:xf numFmtId="49"/></x:cellXfs></x:styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<x:worksheet xmlns:x="{_MAIN}"><x:sheetData>{sheet_xml}</x:sheetData>'
            '<x:mergeCells count="0"/></x:worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_workbook_from_another_program_is_read_cell_by_cell(demo_db, tmp_path):
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    shared = [*MEMBERS.headers, ruc, "Ana &amp; María", "Quispe"]
    header = "".join(
        f'<x:c r="{letter}1" t="s"><x:v>{index}</x:v></x:c>'
        for index, letter in enumerate("ABCDEFGH")
    )
    data = (
        '<x:row r="3" spans="1:8">'
        '<x:c t="s" r="A3"><x:v>8</x:v></x:c>'
        '<x:c r="B3" s="2" t="inlineStr"><x:is><x:r><x:t>0765</x:t></x:r>'
        "<x:r><x:t>4321</x:t></x:r></x:is></x:c>"
        '<x:c r="C3" t="s"><x:v>9</x:v></x:c>'
        '<x:c r="D3" t="s"><x:v>10</x:v></x:c>'
        '<x:c r="E3" t="inlineStr"><x:is><x:t>F</x:t></x:is></x:c>'
        '<x:c r="F3" s="1"><x:v>32874</x:v></x:c>'
        "</x:row>"
    )
    path = _handmade_workbook(
        tmp_path / "otro.xlsx", f'<x:row r="1">{header}</x:row>{data}', shared
    )
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok, messages(result)
    member = demo_db.execute(
        "SELECT first_names, last_names, sex, birth_date FROM members WHERE dni = '07654321'"
    ).fetchone()
    assert member == ("Ana & María", "Quispe", "F", "1990-01-01")


def test_formula_and_error_cells_from_another_program_are_reported(demo_db, tmp_path):
    shared = list(MEMBERS.headers)
    header = "".join(
        f'<x:c r="{letter}1" t="s"><x:v>{index}</x:v></x:c>'
        for index, letter in enumerate("ABCDEFGH")
    )
    data = (
        '<x:row r="2"><x:c r="A2" t="str"><x:f>CONCAT("20",B9)</x:f><x:v>20</x:v></x:c>'
        '<x:c r="B2" t="e"><x:v>#N/A</x:v></x:c></x:row>'
    )
    path = _handmade_workbook(tmp_path / "f.xlsx", f'<x:row r="1">{header}</x:row>{data}', shared)
    result = import_file(demo_db, path, today=TODAY)
    found = {p.column: p.message for p in result.problems if p.row == 2}
    assert 'fórmula (=CONCAT("20",B9))' in found["RUC de la organización"]
    assert "error de Excel (#N/A)" in found["DNI"]


def test_unreadable_organizations_sheet_does_not_blame_every_member(demo_db, tmp_path):
    refs = demo_refs(demo_db)
    ruc = make_ruc(30_000_024)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, f"1111111{i}") for i in range(5)],
    )
    workbook = load_workbook(path)
    workbook["Organizaciones"]["B1"] = "Razón social"
    workbook.save(path)
    result = import_file(demo_db, path, today=TODAY)
    assert [(p.sheet, p.column) for p in result.problems] == [("Organizaciones", "Nombre")]


def test_counts_accept_thousands_and_refuse_fractions():
    assert parse_integer("1,000") == 1000
    assert parse_integer(12.0) == 12
    with pytest.raises(CellError, match="no es un número entero"):
        parse_integer("2,5")


def test_a_quantity_with_three_decimals_after_a_single_dot_is_refused_as_ambiguous():
    from procompite.common.values import CellError, parse_quantity

    with pytest.raises(CellError, match="ambiguo"):
        parse_quantity("1.125")
    assert str(parse_quantity("2.5")) == "2.5"
    assert parse_quantity("1,125.50") == parse_quantity("1125.5")


def test_a_socio_in_the_padron_of_another_aeo_of_the_same_call_is_a_warning(demo_db, tmp_path):
    (first, second, call), *_ = demo_db.execute(
        "SELECT a.organization_id, b.organization_id, c.name FROM plans a "
        "JOIN plans b ON b.call_id = a.call_id AND b.organization_id > a.organization_id "
        "JOIN calls c ON c.id = a.call_id "
        "WHERE a.status <> 'retirado' AND b.status <> 'retirado' ORDER BY 1, 2"
    ).fetchall()
    (name, dni), *_ = demo_db.execute(
        "SELECT o.name, m.dni FROM members m JOIN organizations o ON o.id = m.organization_id "
        "WHERE o.id = ? AND m.dni NOT IN (SELECT dni FROM members WHERE organization_id = ?)",
        [first, second],
    ).fetchall()
    first_ruc, second_ruc = (demo_db["organizations"].get(id_)["ruc"] for id_ in (first, second))
    path = aeo_file(
        tmp_path,
        demo_refs(demo_db),
        [],
        [member_row(second_ruc, dni), member_row(second_ruc, "40000001")],
    )

    result = import_file(demo_db, path, today=TODAY)

    assert result.ok and result.written
    assert [str(w) for w in result.warnings if "DNI" in str(w)] == [
        f"Hoja «Socios», fila 2, columna «DNI»: El DNI {dni} figura también en el padrón de "
        f"«{name}» (RUC {first_ruc}), que postula a la misma convocatoria «{call}»."
    ]
