"""Files a careless or hostile user could bring: each is refused with a located Spanish message
and changes nothing (compared table by table), or, where it holds good data, is read exactly;
bombs are refused without exhausting memory and the process never aborts."""

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from procompite.storage.database import open_database
from procompite.transfer.importer import import_file
from tests.db_tables import tables
from tests.test_import import aeo_file, demo_refs, make_ruc, member_row, organization_row

TODAY = date(2026, 11, 23)
CORPUS = Path(__file__).parent / "hostile"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_corpus_is_refused_with_a_located_message_and_changes_nothing(
    demo_path, tmp_path, name
):
    expected = EXPECTED[name]
    brought = tmp_path / name
    shutil.copyfile(CORPUS / name, brought)
    before = tables(demo_path)
    db = open_database(demo_path)
    try:
        result = import_file(db, brought, today=TODAY)
    finally:
        db.close()
    assert not result.ok and not result.written
    located = [
        problem
        for problem in result.problems
        if (problem.sheet, problem.row, problem.column)
        == (expected["hoja"], expected["fila"], expected["columna"])
    ]
    assert located, [str(p) for p in result.problems]
    assert expected["mensaje"] in located[0].message, str(located[0])
    assert tables(demo_path) == before


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rewrite_sheet(path: Path, target: Path, sheet_part: str, change) -> Path:
    """Copy an .xlsx, passing one sheet's XML through ``change``."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == sheet_part:
                data = change(data.decode()).encode()
            copy.writestr(info, data, zipfile.ZIP_DEFLATED)
    return target


def _organizations_part(path: Path) -> str:
    from procompite.transfer.xlsx import workbook_parts

    with zipfile.ZipFile(path) as archive:
        return workbook_parts(archive)[0]["Organizaciones"]


def _good_file(db, tmp_path: Path, number: int) -> tuple[Path, str]:
    refs = demo_refs(db)
    ruc = make_ruc(number)
    path = aeo_file(tmp_path, refs, [organization_row(ruc, refs)], [member_row(ruc, "55556666")])
    return path, ruc


def test_a_stray_cell_in_the_last_excel_cell_is_ignored_and_reported(demo_db, tmp_path):
    path, ruc = _good_file(demo_db, tmp_path, 31_100_001)
    far = _rewrite_sheet(
        path,
        tmp_path / "solver.xlsx",
        _organizations_part(path),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
        ),
    )
    result = import_file(demo_db, far, today=TODAY)
    assert result.ok and result.written, [str(p) for p in result.problems]
    assert demo_db.execute("SELECT count(*) FROM organizations WHERE ruc = ?", [ruc]).fetchone()
    assert any(
        "Se ignoraron 1 celdas más allá de la columna CV (XFD1048576)" in str(warning)
        for warning in result.warnings
    )


def test_a_sheet_dimension_of_zzzzzzzz2_is_read_as_the_cells_it_holds(demo_db, tmp_path):
    path, ruc = _good_file(demo_db, tmp_path, 31_100_002)
    bomb = _rewrite_sheet(
        path,
        tmp_path / "dimension.xlsx",
        _organizations_part(path),
        lambda xml: xml.replace("<sheetData", '<dimension ref="A1:ZZZZZZZZ2"/><sheetData', 1),
    )
    result = import_file(demo_db, bomb, today=TODAY)
    assert result.ok and result.written
    assert demo_db.execute("SELECT name FROM organizations WHERE ruc = ?", [ruc]).fetchone()


def test_cells_named_with_absurd_columns_do_not_widen_a_row(demo_db, tmp_path):
    path, _ruc = _good_file(demo_db, tmp_path, 31_100_003)
    bomb = _rewrite_sheet(
        path,
        tmp_path / "columnas.xlsx",
        _organizations_part(path),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="3"><c r="ZZZZZZZZ3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        ),
    )
    result = import_file(demo_db, bomb, today=TODAY)
    assert result.ok and result.written
    assert any("ZZZZZZZZ3" in str(warning) for warning in result.warnings)


def test_shared_strings_that_expand_past_the_limit_are_refused(demo_path, tmp_path):
    path = tmp_path / "cadenas.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Organizaciones" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{SHEET_NS}"/>')
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            block = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
            for _ in range(420):
                strings.write(block)
    assert path.stat().st_size < 2_000_000
    before = tables(demo_path)
    db = open_database(demo_path)
    try:
        result = import_file(db, path, today=TODAY)
    finally:
        db.close()
    assert [str(p) for p in result.problems] == [
        "El archivo «cadenas.xlsx» se expande a más de 400 MB al descomprimirlo: no es un libro "
        "de Excel normal (puede estar dañado o ser un archivo malicioso). Guarde los datos en un "
        "libro nuevo e impórtelo."
    ]
    assert tables(demo_path) == before


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A LibreOffice spreadsheet with the given rows (text and numbers), written by hand."""

    def cell(value) -> str:
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        if isinstance(value, date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
            )
        text = "" if value is None else str(value)
        return (
            f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell>"
            if text
            else "<table:table-cell/>"
        )

    tables_xml = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>"
            + "".join(cell(value) for value in row)
            + '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
            for row in rows
        )
        + '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:spreadsheet>{tables_xml}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_a_libreoffice_file_imports_like_an_excel_one(demo_db, tmp_path):
    from procompite.transfer.layout import MEMBERS, ORGANIZATIONS

    refs = demo_refs(demo_db)
    ruc = make_ruc(31_100_004)
    organization = organization_row(ruc, refs, **{"Ventas anuales (S/)": 45000.5})
    path = _ods(
        tmp_path / "aeo.ods",
        {
            ORGANIZATIONS.name: [list(ORGANIZATIONS.headers), organization],
            MEMBERS.name: [list(MEMBERS.headers), member_row(ruc, "55557777")],
        },
    )
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok and result.written, [str(p) for p in result.problems]
    assert demo_db.execute(
        "SELECT name, annual_sales_cents, constituted_on FROM organizations WHERE ruc = ?", [ruc]
    ).fetchone() == ("Asociación de Productores Ejemplo", 4_500_050, "2015-03-15")
    assert demo_db.execute("SELECT count(*) FROM members WHERE dni = '55557777'").fetchone() == (1,)


def test_an_excel_97_file_imports_like_an_xlsx(demo_db, tmp_path):
    import xlwt

    from procompite.transfer.layout import ORGANIZATIONS

    refs = demo_refs(demo_db)
    ruc = make_ruc(31_100_005)
    book = xlwt.Workbook()
    sheet = book.add_sheet(ORGANIZATIONS.name)
    row = organization_row(ruc, refs, **{"Fecha de constitución": "15/03/2015"})
    for column, header in enumerate(ORGANIZATIONS.headers):
        sheet.write(0, column, header)
        sheet.write(1, column, row[column])
    path = tmp_path / "aeo.xls"
    book.save(str(path))
    result = import_file(demo_db, path, today=TODAY)
    assert result.ok and result.written, [str(p) for p in result.problems]
    assert demo_db.execute(
        "SELECT count(*) FROM organizations WHERE ruc = ?", [ruc]
    ).fetchone() == (1,)


def test_a_damaged_excel_97_file_is_refused_in_one_line(demo_path, tmp_path):
    path = tmp_path / "roto.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    before = tables(demo_path)
    db = open_database(demo_path)
    try:
        result = import_file(db, path, today=TODAY)
    finally:
        db.close()
    assert len(result.problems) == 1
    assert "(Excel 97–2003, .xls) no se pudo leer" in result.problems[0].message
    assert tables(demo_path) == before
