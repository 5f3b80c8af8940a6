"""Exporting the whole region to one .xlsx, beside a bare xlsxwriter write of the same rows."""

from pathlib import Path

from report import Row
from timing import timed
from xlsxwriter import Workbook

from procompite.storage.backups import format_size
from procompite.storage.database import open_database
from procompite.transfer.exporter import QUERIES, export_workbook
from procompite.transfer.layout import DATA_SHEETS


def _bare_xlsxwriter(db, target: Path) -> None:
    """The same rows, read by the same queries, written as stored."""
    workbook = Workbook(str(target), {"constant_memory": True})
    for sheet in DATA_SHEETS:
        worksheet = workbook.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, sheet.headers)
        for number, row in enumerate(db.conn.execute(QUERIES[sheet.name]), start=1):
            worksheet.write_row(number, 0, row)
    workbook.close()


def export_row(path: Path, folder: Path, runs: int) -> Row:
    """Every AEO, socio, plan, budget line and cash-flow year of the region, as Archivo →
    Exportar writes them."""
    target = folder / "region.xlsx"
    db = open_database(path, readonly=True)
    try:
        counts: dict[str, int] = {}
        times = timed(lambda: counts.update(export_workbook(db, target)), runs)
        baseline = timed(lambda: _bare_xlsxwriter(db, folder / "region-xlsxwriter.xlsx"), runs)
    finally:
        db.close()
    cells = sum(counts[sheet.name] * len(sheet.columns) for sheet in DATA_SHEETS)
    return Row(
        "Exportar la región (.xlsx)",
        f"{sum(counts.values()):,} filas, {cells:,} celdas, {format_size(target.stat().st_size)}",
        times,
        baseline=baseline,
        baseline_label="xlsxwriter: las mismas filas escritas con write_row en constant_memory, "
        "sin formatos ni hoja de instrucciones.",
        ratio_target=1.5,
    )
