"""Importing the region's AEO and padrones from one .xlsx into a database without them."""

import shutil
from datetime import date
from pathlib import Path

from python_calamine import CalamineWorkbook
from report import Row
from timing import timed

from procompite.demo.build import build_database, fill_base
from procompite.storage.backups import format_size
from procompite.storage.database import open_database
from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import import_file
from procompite.transfer.layout import TEMPLATES
from procompite.transfer.reader import read_spreadsheet

TODAY = date(2026, 11, 23)


def _import(db, workbook: Path) -> None:
    result = import_file(db, workbook, today=TODAY)
    if not (result.ok and result.written):
        raise RuntimeError(f"la importación fue rechazada: {result.problems[:3]}")


def _bare_calamine(workbook: Path) -> None:
    book = CalamineWorkbook.from_path(str(workbook))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    book.close()


def read_row(workbook: Path, runs: int) -> Row:
    """Reading the region's export: measuring every part, then calamine, as an import does."""
    return Row(
        "Leer el archivo de AEO (.xlsx), medido y con límites",
        f"{format_size(workbook.stat().st_size)}",
        timed(lambda: read_spreadsheet(workbook), runs),
        baseline=timed(lambda: _bare_calamine(workbook), runs),
        baseline_label="python-calamine leyendo el mismo archivo sin medirlo ni limitarlo.",
    )


def import_row(path: Path, folder: Path, runs: int) -> tuple[list[Row], Row]:
    """The file is the region's own AEO and socios, exported in the template's layout; with
    the row for reading it alone beside a bare calamine read."""
    workbook = folder / "aeo.xlsx"
    db = open_database(path, readonly=True)
    counts = export_workbook(db, workbook, TEMPLATES["aeo"])
    db.close()
    empty = folder / "sin-aeo.db"
    build_database(empty, lambda db: fill_base(db, {}))
    times = []
    for run in range(runs):
        copy = folder / f"importar-{run}.db"
        shutil.copyfile(empty, copy)
        db = open_database(copy)
        try:
            times += timed(lambda db=db: _import(db, workbook), 1)
        finally:
            db.close()
    baseline = timed(lambda: _bare_calamine(workbook), runs)
    organizations, members = counts.values()
    return [read_row(workbook, runs)], Row(
        "Importar AEO con sus padrones (.xlsx)",
        f"{organizations:,} AEO + {members:,} socios, {format_size(workbook.stat().st_size)}",
        times,
        target=20.0,
        baseline=baseline,
        baseline_label="python-calamine leyendo el mismo archivo (solo leer: sin medir, "
        "comprobar ni guardar).",
    )
