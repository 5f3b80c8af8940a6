"""The values grid of an exercise as an Excel sheet: written to be filled, read back all or
nothing with every problem located by row and column."""

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.prioritization.editing import save_value_grid
from procompite.prioritization.exercises import load_exercise
from procompite.transfer.layout import fold
from procompite.transfer.reader import ImportProblem

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


def import_values_workbook(db: Database, exercise_id: int, path: str | Path) -> list[ImportProblem]:
    """Read the sheet back; returns the problems (nothing saved) or an empty list (all saved)."""
    exercise = load_exercise(db, exercise_id)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises several kinds for a file that is not xlsx
        return [
            ImportProblem(
                None, None, None, f"«{Path(path).name}» no es un libro de Excel legible ({error})."
            )
        ]
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not rows:
        return [ImportProblem(sheet.title, None, None, "La hoja está vacía.")]
    problems: list[ImportProblem] = []
    by_name = {fold(c.name): c for c in exercise.criteria}
    columns = {}
    for position, header in enumerate(rows[0][1:], start=2):
        if header is None:
            continue
        criterion = by_name.get(fold(str(header)))
        if criterion is None:
            problems.append(
                ImportProblem(sheet.title, 1, str(header), "No es un criterio del ejercicio.")
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
                    sheet.title,
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
                        sheet.title,
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
                sheet.title,
                rows_by_chain.get(fold(p.field.split(", ")[0])),
                p.field.split(", ", 1)[-1],
                p.message,
            )
            for p in error.problems
        ]
    return []
