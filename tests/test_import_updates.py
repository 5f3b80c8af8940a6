"""Importing again over stored records: an empty cell keeps the stored value, ``-`` clears it,
every replaced value is listed before → after, and an AEO with issued dictámenes changes for
future calls while its dictámenes keep what they printed."""

import json
from datetime import date

from openpyxl import load_workbook

from procompite.calls.entity import save_letterhead
from procompite.documents.dictamen_document import load_dictamen
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.documents.verification import verify
from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import import_file
from procompite.transfer.layout import MEMBERS, ORGANIZATIONS, TEMPLATES
from tests.report_helpers import issue_ready, pages_text
from tests.test_import import aeo_file, demo_refs, dump, make_ruc, member_row, organization_row

TODAY = date(2026, 11, 23)
BLANKS = {"Teléfono": "", "Correo": None, "Ventas anuales (S/)": "  "}


def _stored_organization(db, ruc: str) -> dict:
    columns = ("phone", "email", "annual_sales_cents", "legal_form")
    row = db.execute(
        f"SELECT {', '.join(columns)} FROM organizations WHERE ruc = ?", [ruc]
    ).fetchone()
    return dict(zip(columns, row, strict=True))


def _first_import(db, tmp_path, ruc: str) -> None:
    refs = demo_refs(db)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs)],
        [member_row(ruc, "11112222", Cargo="tesorero")],
        name="primero.xlsx",
    )
    assert import_file(db, path, today=TODAY).written


def test_reimport_with_blank_cells_keeps_the_stored_values(demo_db, tmp_path):
    ruc = make_ruc(30_100_001)
    _first_import(demo_db, tmp_path, ruc)
    refs = demo_refs(demo_db)
    again = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs, **BLANKS)],
        [member_row(ruc, "11112222", **{"Fecha de nacimiento": None, "Cargo": ""})],
        name="otra-vez.xlsx",
    )
    before = dump(demo_db)
    preview = import_file(demo_db, again, dry_run=True, today=TODAY)
    assert preview.ok and not preview.changed and preview.changes == []
    result = import_file(demo_db, again, today=TODAY)
    assert result.ok and not result.written
    assert dump(demo_db) == before
    assert _stored_organization(demo_db, ruc) == {
        "phone": "984123456",
        "email": "aeo@example.org",
        "annual_sales_cents": 4_500_050,
        "legal_form": "Asociación",
    }
    assert demo_db.execute(
        "SELECT birth_date, role FROM members WHERE dni = '11112222'"
    ).fetchone() == ("1985-11-23", "tesorero")


def test_a_dash_clears_a_value_and_every_change_is_shown_before_it_is_made(demo_db, tmp_path):
    ruc = make_ruc(30_100_002)
    _first_import(demo_db, tmp_path, ruc)
    refs = demo_refs(demo_db)
    path = aeo_file(
        tmp_path,
        refs,
        [organization_row(ruc, refs, **{"Correo": "-", "Teléfono": "084 221133"})],
        [member_row(ruc, "11112222", **{"Fecha de nacimiento": "-"})],
        name="cambios.xlsx",
    )
    before = dump(demo_db)
    preview = import_file(demo_db, path, dry_run=True, today=TODAY)
    assert dump(demo_db) == before
    assert [str(change) for change in preview.changes] == [
        f"Hoja «Organizaciones», fila 2, RUC {ruc}, «Teléfono»: 984123456 → 084 221133",
        f"Hoja «Organizaciones», fila 2, RUC {ruc}, «Correo»: aeo@example.org → (vacío)",
        f"Hoja «Socios», fila 2, DNI 11112222 del RUC {ruc}, «Fecha de nacimiento»: "
        "23/11/1985 → (vacío)",
    ]
    result = import_file(demo_db, path, today=TODAY)
    assert result.written and [str(c) for c in result.changes] == [str(c) for c in preview.changes]
    assert _stored_organization(demo_db, ruc)["email"] == ""
    assert _stored_organization(demo_db, ruc)["phone"] == "084 221133"
    assert demo_db.execute("SELECT birth_date FROM members WHERE dni = '11112222'").fetchone() == (
        None,
    )


def test_a_dash_in_a_required_cell_is_refused_and_changes_nothing(demo_db, tmp_path):
    ruc = make_ruc(30_100_003)
    _first_import(demo_db, tmp_path, ruc)
    refs = demo_refs(demo_db)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs, Nombre="-")], name="x.xlsx")
    before = dump(demo_db)
    result = import_file(demo_db, path, today=TODAY)
    assert [str(p) for p in result.problems] == [
        "Hoja «Organizaciones», fila 2, columna «Nombre»: Es obligatorio."
    ]
    assert dump(demo_db) == before


def _issued_organization(db) -> tuple[int, str, str]:
    """Issue the demo's ready dictámenes; the AEO of the first one, its RUC and the code."""
    number = issue_ready(db)[0]
    organization_id, ruc, code = db.execute(
        "SELECT p.organization_id, o.ruc, d.verification_code FROM dictamenes d "
        "JOIN plans p ON p.id = d.plan_id JOIN organizations o ON o.id = p.organization_id "
        "WHERE d.number = ?",
        [number],
    ).fetchone()
    return organization_id, ruc, code


def _export_and_edit(db, tmp_path, ruc: str, **cells) -> object:
    """The registry exported, with the AEO's row changed and one socio added to its padrón."""
    path = tmp_path / "registro.xlsx"
    export_workbook(db, path, TEMPLATES["aeo"])
    workbook = load_workbook(path)
    sheet = workbook[ORGANIZATIONS.name]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == ruc:
            for header, value in cells.items():
                row[ORGANIZATIONS.headers.index(header)].value = value
    workbook[MEMBERS.name].append(member_row(ruc, "44445555", Nombres="Nueva"))
    workbook.save(path)
    return path


def test_an_import_that_changes_an_aeo_with_an_issued_dictamen_keeps_it_valid(demo_db, tmp_path):
    organization_id, ruc, code = _issued_organization(demo_db)
    issued_snapshot = json.loads(
        demo_db.execute(
            "SELECT snapshot FROM dictamenes WHERE verification_code = ?", [code]
        ).fetchone()[0]
    )
    path = _export_and_edit(demo_db, tmp_path, ruc, **{"Dirección": "Av. Nueva 456"})
    result = import_file(demo_db, path, today=TODAY)
    assert result.written
    notices = [str(w) for w in result.warnings if "dictamen" in w.message]
    assert any(f"RUC {ruc}: El AEO tiene el dictamen emitido" in n for n in notices)
    assert any("vale para las próximas convocatorias" in n for n in notices)
    check = verify(demo_db, code)
    assert check.valid, check.lines()
    later = "\n".join(check.later)
    assert "aeo › direccion" in later and "Av. Nueva 456" in later
    assert "aeo › padron › socios" in later
    issued_plan = demo_db.execute(
        "SELECT plan_id FROM dictamenes WHERE verification_code = ?", [code]
    ).fetchone()[0]
    document = load_dictamen(demo_db, issued_plan)
    assert document.snapshot == issued_snapshot
    assert organization_id


def test_a_changed_letterhead_leaves_issued_dictamenes_as_they_were_printed(demo_db):
    _organization_id, _ruc, code = _issued_organization(demo_db)
    plan_id = demo_db.execute(
        "SELECT plan_id FROM dictamenes WHERE verification_code = ?", [code]
    ).fetchone()[0]
    first = pages_text(render_dictamen(load_dictamen(demo_db, plan_id), None))
    issued_entity = load_dictamen(demo_db, plan_id).snapshot["membrete"]["entidad"]
    save_letterhead(demo_db, "Gobierno Regional de Otra Parte", None, actor="prueba")
    again = pages_text(render_dictamen(load_dictamen(demo_db, plan_id), None))
    assert again == first
    assert issued_entity in again[0] and "Otra Parte" not in "".join(again)
    check = verify(demo_db, code)
    assert check.valid
    assert any("membrete › entidad" in line and "Otra Parte" in line for line in check.later)
