"""The values grid of an exercise as an Excel sheet: written to be filled, read back all or
nothing with every problem located by row and column."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.prioritization.editing import save_value_grid
from procompite.prioritization.exercises import load_exercise
from procompite.transfer.layout import fold
from procompite.transfer.reader import ImportProblem, SpreadsheetError, sheet_rows

SHEET = "Valores"
CHAIN_HEADER = "Cadena productiva"


def write_values_workbook(db: Database, exercise_id: int, path: str | Path) -> None:
    """One row per candidate chain, one column per criterion, with the current values."""
    exercise = load_exercise(db, exercise_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([CHAIN_HEADER] + [c.name for c in exercise.criteria])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for chain in exercise.chains:
        row = [chain.name]
        for criterion in exercise.criteria:
            value = exercise.values.get((criterion.id, chain.id))
            row.append(
                None
                if value is None
                else (("Sí" if value else "No") if criterion.kind == "flag" else value)
            )
        sheet.append(row)
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "B2"
    workbook.save(path)


def _rows_from(numbered: list[tuple[int, list]]) -> list[tuple]:
    """Rows by position from row 2 on, an empty tuple where the sheet skips a row."""
    by_number = dict(numbered)
    last = max(by_number, default=1)
    return [tuple(by_number.get(number, ())) for number in range(2, last + 1)]


def import_values_workbook(db: Database, exercise_id: int, path: str | Path) -> list[ImportProblem]:
    """Read the sheet back; returns the problems (nothing saved) or an empty list (all saved)."""
    exercise = load_exercise(db, exercise_id)
    try:
        title, numbered = sheet_rows(path, SHEET)
    except SpreadsheetError as error:
        return [ImportProblem(None, None, None, str(error))]
    if not numbered:
        return [ImportProblem(title or None, None, None, "La hoja está vacía.")]
    header_row, headers = numbered[0]
    if header_row != 1:
        return [
            ImportProblem(
                title, 1, None, "La fila 1 debe tener los encabezados: cadena y criterios."
            )
        ]
    rows = [tuple(headers), *_rows_from(numbered[1:])]
    problems: list[ImportProblem] = []
    by_name = {fold(c.name): c for c in exercise.criteria}
    columns = {}
    for position, header in enumerate(rows[0][1:], start=2):
        if header is None:
            continue
        criterion = by_name.get(fold(str(header)))
        if criterion is None:
            problems.append(
                ImportProblem(title, 1, str(header), "No es un criterio del ejercicio.")
            )
        else:
            columns[position] = criterion
    chains = {fold(c.name): c for c in exercise.chains}
    cells = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(v is None for v in row):
            continue
        chain = chains.get(fold(str(row[0] or "")))
        if chain is None:
            problems.append(
                ImportProblem(
                    title,
                    number,
                    CHAIN_HEADER,
                    f"«{row[0]}» no es una cadena candidata del ejercicio.",
                )
            )
            continue
        for position, criterion in columns.items():
            value = row[position - 1] if position - 1 < len(row) else None
            if isinstance(value, str) and value.startswith("="):
                problems.append(
                    ImportProblem(
                        title,
                        number,
                        criterion.name,
                        "La celda tiene una fórmula: escriba el valor.",
                    )
                )
                continue
            cells[(criterion.id, chain.id)] = value
    if problems:
        return problems
    try:
        save_value_grid(db, exercise_id, cells)
    except ValidationError as error:
        rows_by_chain = {fold(str(r[0] or "")): n for n, r in enumerate(rows[1:], start=2) if r}
        return [
            ImportProblem(
                title,
                rows_by_chain.get(fold(p.field.split(", ")[0])),
                p.field.split(", ", 1)[-1],
                p.message,
            )
            for p in error.problems
        ]
    return []
