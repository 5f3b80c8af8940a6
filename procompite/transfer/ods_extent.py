"""Measuring an OpenDocument spreadsheet (.ods) before calamine reads it.

LibreOffice writes the empty rest of a sheet as one cell or row "repeated" a million times, which
costs nothing; a value repeated that way, or a value far from the others, would make calamine
allocate the whole rectangle. The content is streamed with a cap on its decompressed size, and
each sheet's extent counts only the cells that hold something. Formulas are noted by position so
that they are refused like an Excel formula.
"""

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter

from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.extent import FAST_CELLS, PartBudget, SheetScan, stream_part
from procompite.transfer.layout import MAX_COLUMNS, MAX_ROWS

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SHEET = f"{{{_TABLE}}}table"
_ROW = f"{{{_TABLE}}}table-row"
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_NAME = f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_FORMULA = f"{{{_TABLE}}}formula"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"


class _Stream(io.RawIOBase):
    """A file object over the budgeted chunks of one part."""

    def __init__(self, chunks) -> None:
        self.chunks = chunks
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            self.pending = next(self.chunks, b"")
            if not self.pending:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def is_ods(path: Path) -> bool:
    """A ZIP whose first entry says it is an OpenDocument spreadsheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _repeated(element: ElementTree.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def scan_ods(path: Path) -> dict[str, SheetScan]:
    """Each sheet's extent; raises :class:`SpreadsheetError` for a bomb or far-flung data."""
    budget = PartBudget(path.name)
    scans: dict[str, SheetScan] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            stream = io.BufferedReader(_Stream(stream_part(archive, "content.xml", budget)))
            title, scan, row = "", SheetScan(), 0
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                if event == "start":
                    if element.tag == _SHEET:
                        title, scan, row = element.get(_NAME, ""), SheetScan(), 0
                    continue
                if element.tag == _ROW:
                    row += _row_extent(element, row, scan, title, path)
                    element.clear()
                elif element.tag == _SHEET:
                    scans[title] = scan
                    element.clear()
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, KeyError):
        raise SpreadsheetError(
            f"El archivo «{path.name}» está dañado: no se pudo leer como hoja de cálculo "
            "OpenDocument (.ods)."
        ) from None
    return scans


def _row_extent(
    element: ElementTree.Element, row: int, scan: SheetScan, title: str, path: Path
) -> int:
    """Add one row (and its repeats) to the sheet's extent; returns how many rows it spans."""
    repeats = _repeated(element, _ROWS_REPEATED)
    column, last = 0, 0
    for cell in element:
        if cell.tag not in _CELLS:
            continue
        span = _repeated(cell, _COLUMNS_REPEATED)
        if cell.get(_VALUE_TYPE) or cell.get(_FORMULA) or len(cell):
            last = column + span
            if formula := cell.get(_FORMULA):
                scan.formulas = True
                scan.formula_cells[(row + 1, column + 1)] = "=" + formula.partition(":")[2]
        column += span
    if last:
        scan.last_row = row + repeats
        scan.last_column = max(scan.last_column, last)
        if (
            last > MAX_COLUMNS
            or scan.last_row > MAX_ROWS + 1
            or (scan.last_row * scan.last_column > FAST_CELLS)
        ):
            where = f"{get_column_letter(min(last, 16384))}{scan.last_row}"
            raise SpreadsheetError(
                f"El archivo «{path.name}», hoja «{title}», tiene datos hasta la celda {where}, "
                "lejos de las columnas y filas de la plantilla: borre esas celdas (o copie solo "
                "los datos a un libro nuevo) y vuelva a importarlo."
            )
    return repeats
