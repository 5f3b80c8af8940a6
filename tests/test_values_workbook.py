"""A prioritisation's values grid through Excel: written, filled and read back with the same
safe reader as the registry import; a bad file is refused with its place and saves nothing."""

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from procompite.prioritization.exercises import load_exercise
from procompite.transfer.prioritization_values import import_values_workbook, write_values_workbook
from tests.db_tables import tables

EXERCISE = 1


def _filled(db, tmp_path: Path, value) -> tuple[Path, int, int]:
    """The exercise's grid with ``value`` in the first chain's first indicator."""
    path = tmp_path / "valores.xlsx"
    write_values_workbook(db, EXERCISE, path)
    exercise = load_exercise(db, EXERCISE)
    position, criterion = next(
        (position, c) for position, c in enumerate(exercise.criteria) if c.kind == "indicator"
    )
    book = load_workbook(path)
    book.active.cell(2, position + 2).value = value
    book.save(path)
    return path, criterion.id, exercise.chains[0].id


def _stored(db, criterion: int, chain: int):
    row = db.execute(
        "SELECT * FROM prioritization_values WHERE criterion_id = ? AND chain_id = ?",
        [criterion, chain],
    ).fetchone()
    return row


def test_a_filled_values_workbook_is_read_back(demo_db, tmp_path):
    path, criterion, chain = _filled(demo_db, tmp_path, 7)
    assert import_values_workbook(demo_db, EXERCISE, path) == []
    assert 7 in tuple(_stored(demo_db, criterion, chain))


def test_a_formula_in_the_values_grid_is_refused_with_its_cell(demo_db, demo_path, tmp_path):
    path, _criterion, _chain = _filled(demo_db, tmp_path, "=2+3")
    before = tables(demo_path)
    problems = import_values_workbook(demo_db, EXERCISE, path)
    assert [(p.row, p.message) for p in problems] == [
        (2, "La celda tiene una fórmula: escriba el valor.")
    ]
    assert tables(demo_path) == before


def test_a_values_workbook_with_a_stray_far_cell_is_read_without_it(demo_db, tmp_path):
    path, criterion, chain = _filled(demo_db, tmp_path, 4)
    far = tmp_path / "lejos.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(far, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
                )
            copy.writestr(info, data)
    assert import_values_workbook(demo_db, EXERCISE, far) == []
    assert 4 in tuple(_stored(demo_db, criterion, chain))


def test_a_file_that_is_not_a_workbook_is_refused(demo_db, demo_path, tmp_path):
    path = tmp_path / "valores.xlsx"
    path.write_text("cadena;valor\n", encoding="utf-8")
    before = tables(demo_path)
    problems = import_values_workbook(demo_db, EXERCISE, path)
    assert [p.message for p in problems] == [
        "«valores.xlsx» no es un libro de Excel (.xlsx o .xls) ni de LibreOffice (.ods)."
    ]
    assert tables(demo_path) == before
