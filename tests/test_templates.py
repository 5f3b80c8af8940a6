"""The Excel templates: sheets, Spanish headers, formats, drop-down lists and instructions."""

import argparse
from datetime import date

import pytest
from openpyxl import load_workbook

from procompite.common.identifiers import ruc_check_digit
from procompite.common.labels import COMPONENT, PAYER
from procompite.registry.validation import LEGAL_FORMS, MEMBER_ROLES
from procompite.transfer.commands import add_commands as add_transfer_commands
from procompite.transfer.importer import import_file
from procompite.transfer.layout import ORGANIZATIONS
from procompite.transfer.templates import write_template

ORGANIZATION_HEADERS = (
    "RUC | Nombre | Forma jurídica | Categoría | Fecha de constitución | Partida registral | "
    "Ubigeo del distrito | Dirección | Representante legal | DNI del representante | Teléfono | "
    "Correo | Cadena productiva | Ventas anuales (S/) | Observaciones"
)
MEMBER_HEADERS = (
    "RUC de la organización | DNI | Nombres | Apellidos | Sexo | Fecha de nacimiento | Cargo | "
    "Fecha de ingreso"
)
PLAN_HEADERS = (
    "Convocatoria | Código | RUC de la organización | Categoría | Cadena productiva | Título | "
    "Ubigeo del distrito | Duración (meses) | Beneficiarias mujeres | Beneficiarios hombres | "
    "Empleos directos | Empleos indirectos | Resumen"
)
BUDGET_HEADERS = (
    "Convocatoria | Código del plan | Componente | Concepto | Unidad | Cantidad | "
    "Costo unitario (S/) | Financia"
)
FLOW_HEADERS = (
    "Convocatoria | Código del plan | Año | Ingresos (S/) | Costos de operación (S/) | "
    "Inversión (S/) | Valor residual (S/)"
)


def headers(sheet) -> str:
    return " | ".join(cell.value for cell in sheet[1])


def validation_lists(sheet) -> dict[str, str]:
    """Column letter -> the list a drop-down offers."""
    return {
        str(validation.sqref).split(":")[0].rstrip("0123456789"): validation.formula1
        for validation in sheet.data_validations.dataValidation
    }


def test_aeo_template_sheets_and_headers(tmp_path):
    path = tmp_path / "aeo.xlsx"
    write_template("aeo", path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Instrucciones", "Organizaciones", "Socios"]
    assert headers(workbook["Organizaciones"]) == ORGANIZATION_HEADERS
    assert headers(workbook["Socios"]) == MEMBER_HEADERS
    for name in ("Organizaciones", "Socios"):
        sheet = workbook[name]
        assert sheet.max_row == 1, "a template has no data rows"
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])


def test_plan_template_sheets_and_headers(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_template("plan", path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Instrucciones", "Planes", "Presupuesto", "Flujo de caja"]
    assert headers(workbook["Planes"]) == PLAN_HEADERS
    assert headers(workbook["Presupuesto"]) == BUDGET_HEADERS
    assert headers(workbook["Flujo de caja"]) == FLOW_HEADERS
    assert all(workbook[name].max_row == 1 for name in ("Planes", "Presupuesto", "Flujo de caja"))


def test_identifier_columns_are_text_and_dates_and_amounts_formatted(tmp_path):
    path = tmp_path / "aeo.xlsx"
    write_template("aeo", path)
    workbook = load_workbook(path)
    organizations, members = workbook["Organizaciones"], workbook["Socios"]
    for letter in ("A", "G", "J"):  # RUC, ubigeo, DNI del representante
        assert organizations.column_dimensions[letter].number_format == "@"
    assert members.column_dimensions["B"].number_format == "@"
    assert organizations.column_dimensions["E"].number_format == "dd/mm/yyyy"
    assert organizations.column_dimensions["N"].number_format == "#,##0.00"
    assert organizations.column_dimensions["B"].width >= 30


def test_drop_down_lists_offer_the_allowed_values(tmp_path):
    write_template("aeo", tmp_path / "aeo.xlsx")
    write_template("plan", tmp_path / "plan.xlsx")
    aeo = load_workbook(tmp_path / "aeo.xlsx")
    plan = load_workbook(tmp_path / "plan.xlsx")
    assert validation_lists(aeo["Socios"])["E"] == '"F,M"'
    assert validation_lists(aeo["Socios"])["G"] == f'"{",".join(MEMBER_ROLES)}"'
    assert validation_lists(aeo["Organizaciones"])["C"] == f'"{",".join(LEGAL_FORMS)}"'
    assert validation_lists(plan["Presupuesto"])["C"] == f'"{",".join(COMPONENT.values())}"'
    assert validation_lists(plan["Presupuesto"])["H"] == f'"{",".join(PAYER.values())}"'


def test_instructions_explain_formats_lists_and_keys(tmp_path):
    path = tmp_path / "aeo.xlsx"
    write_template("aeo", path)
    text = "\n".join(
        str(value)
        for row in load_workbook(path)["Instrucciones"].iter_rows(values_only=True)
        for value in row
        if value
    )
    for words in (
        "dd/mm/aaaa",
        "S/ 1,234.50",
        "1234.50",
        "8 dígitos",
        "11 dígitos",
        "0 inicial",
        "F (femenino) o M (masculino)",
        "se reconocen por el RUC",
        "convocatoria y el código",
        *LEGAL_FORMS,
        *MEMBER_ROLES,
        *ORGANIZATIONS.headers,
    ):
        assert words in text, words
    plan_path = tmp_path / "plan.xlsx"
    write_template("plan", plan_path)
    plan_text = "\n".join(
        str(value)
        for row in load_workbook(plan_path)["Instrucciones"].iter_rows(values_only=True)
        for value in row
        if value
    )
    for label in (*COMPONENT.values(), *PAYER.values(), "REEMPLAZAN"):
        assert label in plan_text, label


def test_an_untouched_template_has_nothing_to_import(demo_db, tmp_path):
    path = tmp_path / "aeo.xlsx"
    write_template("aeo", path)
    result = import_file(demo_db, path)
    assert not result.ok
    assert "no tiene filas de datos" in result.problems[0].message


def test_template_typed_in_by_hand_round_trips(demo_db, tmp_path):
    """Template -> cells typed like a user (text DNI with a leading zero) -> import -> rows."""
    path = tmp_path / "aeo.xlsx"
    write_template("aeo", path)
    ruc = "20" + "55555555"
    ruc += str(ruc_check_digit(ruc))
    ubigeo = demo_db.execute("SELECT ubigeo FROM districts ORDER BY id LIMIT 1").fetchone()[0]
    workbook = load_workbook(path)
    organizations = workbook["Organizaciones"]
    organizations["A2"] = ruc
    organizations["B2"] = "Cooperativa Agraria Ejemplo"
    organizations["C2"] = "cooperativa"
    organizations["E2"] = "01/06/2019"
    organizations["G2"] = ubigeo
    organizations["N2"] = 120000.75
    members = workbook["Socios"]
    members.append([ruc, "04567890", "Ana", "Ccori", "Femenino", date(1990, 5, 1), "Tesorero"])
    workbook.save(path)
    result = import_file(demo_db, path, today=date(2026, 11, 23))
    assert result.ok, [str(problem) for problem in result.problems]
    row = demo_db.execute(
        "SELECT o.legal_form, o.constituted_on, o.annual_sales_cents, m.dni, m.sex, m.role "
        "FROM organizations o JOIN members m ON m.organization_id = o.id WHERE o.ruc = ?",
        [ruc],
    ).fetchone()
    assert row == ("Cooperativa", "2019-06-01", 12000075, "04567890", "F", "tesorero")


def test_unknown_template_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="aeo o plan"):
        write_template("otra", tmp_path / "x.xlsx")


def test_template_command(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_transfer_commands(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "plantilla.xlsx"
    args = parser.parse_args(["template", "plan", str(out)])
    assert args.handler(args) == 0
    assert load_workbook(out).sheetnames[1] == "Planes"
    assert "Plantilla «plan»" in capsys.readouterr().out
    args = parser.parse_args(["template", "aeo", str(tmp_path / "plantilla.pdf")])
    assert args.handler(args) == 1
    assert "debe terminar en .xlsx" in capsys.readouterr().err
