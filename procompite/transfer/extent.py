"""Measuring an .xlsx workbook before any reader holds it in memory.

A spreadsheet library allocates the whole rectangle between a sheet's extreme cells, and some
(calamine) abort the process when that does not fit: a 2 KB file with a value in A1 and another in
XFD1048576 asks for hundreds of gigabytes. Compressed parts can also expand a thousandfold. So
every part a reader will decompress is first streamed here, with a cap on the bytes it may
expand to, and each sheet's real extent is taken from the cell references in its XML. The scan
says, sheet by sheet, whether the fast reader can be given it whole; cells far outside the
template's columns are listed so that the careful reader ignores them and the user is told.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.layout import MAX_COLUMNS, MAX_UNCOMPRESSED_BYTES

CHUNK = 4 << 20
# The widest rectangle handed to the fast reader: about 200 MB of cells at the most.
FAST_CELLS = 6_000_000
SAMPLE = 5
_OVERLAP = 64
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_FAR_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{6,})"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,})(\d+)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z0-9:]+)"')
_PREFIXED = (b":c ", b":row ")
NARROW = 26


@dataclass
class SheetScan:
    """What one sheet holds, measured from its XML without building any cell."""

    last_row: int = 0
    last_column: int = 0
    cells: int = 0
    plain: bool = True
    formulas: bool = False
    errors: bool = False
    merged: list[str] = field(default_factory=list)
    formula_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    outside: int = 0
    outside_sample: list[str] = field(default_factory=list)

    @property
    def fast(self) -> bool:
        """Safe and exact for the fast reader: every cell named, none far away, no formula
        or error value (the fast reader gives their cached result, not what the cell holds)."""
        return (
            self.plain
            and not self.formulas
            and not self.errors
            and not self.outside
            and self.last_row * max(self.last_column, 1) <= FAST_CELLS
        )


class PartBudget:
    """The decompressed bytes still allowed for the workbook's parts."""

    def __init__(self, name: str, limit: int = MAX_UNCOMPRESSED_BYTES) -> None:
        self.name = name
        self.left = limit
        self.limit = limit

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise SpreadsheetError(
                f"El archivo «{self.name}» se expande a más de {self.limit // 1024 // 1024} MB al "
                "descomprimirlo: no es un libro de Excel normal (puede estar dañado o ser un "
                "archivo malicioso). Guarde los datos en un libro nuevo e impórtelo."
            )


def stream_part(archive: zipfile.ZipFile, part: str, budget: PartBudget) -> Iterator[bytes]:
    """The decompressed bytes of one part, in chunks, charged to ``budget`` as they come.

    Declared sizes are checked first (a lying header then fails its CRC while streaming).
    """
    try:
        info = archive.getinfo(part)
    except KeyError:
        return
    if info.file_size > budget.left:
        budget.spend(info.file_size)
    with archive.open(info) as source:
        while chunk := source.read(CHUNK):
            budget.spend(len(chunk))
            yield chunk


def charge_part(archive: zipfile.ZipFile, part: str, budget: PartBudget) -> None:
    """Stream a part a reader will decompress (shared strings, styles) only to measure it."""
    for _chunk in stream_part(archive, part, budget):
        pass


def _column_number(letters: bytes) -> int:
    """``b"AB"`` -> 28; letters beyond Excel's XFD give a number past it all the same."""
    number = 0
    for letter in letters[:4]:
        number = number * 26 + letter - 64
    return number


def scan_sheet(archive: zipfile.ZipFile, part: str, budget: PartBudget) -> SheetScan:
    """Extent, formulas, error values, merged ranges and far cells of one sheet part."""
    scan = SheetScan()
    tail = b""
    for chunk in stream_part(archive, part, budget):
        text = tail + chunk
        cut = max(0, text.rfind(b"<", 0, max(0, len(text) - _OVERLAP)))
        _scan_piece(text[:cut], scan)
        tail = text[cut:]
    _scan_piece(tail, scan)
    return scan


def _scan_piece(piece: bytes, scan: SheetScan) -> None:
    """Add one piece of a sheet's XML (cut between tags) to its scan; a cell without its
    ``r`` reference makes the sheet not plain."""
    if not piece:
        return
    seen = piece.count(b"<c ") + piece.count(b"<c>")
    scan.cells += seen
    if seen != piece.count(b'<c r="'):
        scan.plain = False
    if any(mark in piece for mark in _PREFIXED):
        scan.plain = False
    if b"<f>" in piece or b"<f " in piece:
        scan.formulas = True
    if b't="e"' in piece:
        scan.errors = True
    rows = [int(number) for number in _ROW_NUMBER.findall(piece)]
    rows += [int(number) for number in _FAR_CELL_ROW.findall(piece)]
    if rows:
        scan.last_row = max(scan.last_row, *rows)
    for letters, row in _WIDE_CELL.findall(piece):
        column = _column_number(letters)
        if column > MAX_COLUMNS:
            scan.outside += 1
            if len(scan.outside_sample) < SAMPLE:
                scan.outside_sample.append(f"{letters.decode()}{int(row)}")
        else:
            scan.last_column = max(scan.last_column, column)
    if b'<c r="' in piece:
        scan.last_column = max(scan.last_column, NARROW)
    scan.merged += [reference.decode() for reference in _MERGE.findall(piece)]
