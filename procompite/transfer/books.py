"""The sheets of a workbook (.xlsx, .ods, .xls) as rows of plain values, read safely and fast.

calamine reads a sheet several times faster than any Python reader, but allocates the rectangle
between the sheet's extreme cells and aborts the process when that does not fit. So an .xlsx is
measured first (:mod:`.extent`): a sheet that is safe and exact for calamine goes to it; one with
formulas, error values, unnamed cells or cells far outside the template goes to the streaming
reader (:mod:`.xlsx`), which ignores the far cells. An .ods is measured the same way and refused
when its data reach too far. An .xls (at most 65,536 × 256 cells) is read in a child process
with a memory limit, so that a file too big for memory ends that process, not the window.

Values are ``None`` or ``""`` for an empty cell, ``int`` or ``float``, ``str``, ``bool``,
``date`` or ``datetime``, as the cell readers of :mod:`procompite.common.values` take them.
"""

import multiprocessing
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.extent import PartBudget, SheetScan, charge_part, scan_sheet
from procompite.transfer.layout import INSTRUCTIONS, fold
from procompite.transfer.ods_extent import scan_ods
from procompite.transfer.xlsx import XlsxBook, workbook_parts

Rows = Iterator[tuple[int, list[Any]]]
XLS_MEMORY = 1 << 30
XLS_SECONDS = 120


def calamine_rows(book: CalamineWorkbook, title: str) -> Rows:
    """(row number, values from column A) of each row of the sheet.

    Values stay as calamine gives them (``""`` for an empty cell, ``1.0`` for a whole number):
    the cell readers of :mod:`procompite.common.values` take both forms.
    """
    sheet = book.get_sheet_by_name(title)
    if not sheet.height:
        return
    first_row, first_column = sheet.start
    pad = [None] * first_column
    for offset, row in enumerate(sheet.iter_rows(), start=first_row + 1):
        yield offset, pad + row if pad else row


def _with_formulas(rows: Rows, scan: SheetScan | None) -> Rows:
    """An .ods sheet's rows with each formula cell holding its formula, as in a .xlsx."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, column), formula in (scan.formula_cells if scan else {}).items():
        by_row.setdefault(row, []).append((column, formula))
    for number, values in rows:
        for column, formula in by_row.get(number, ()):
            values += [None] * (column - len(values))
            values[column - 1] = formula
        yield number, values


class Workbook:
    """The data sheets of one file, by title; :meth:`rows` gives each sheet's rows."""

    def __init__(self, path: Path, kind: str = "xlsx") -> None:
        self.path = path
        self.kind = kind
        self.titles: list[str] = []
        self.scans: dict[str, SheetScan] = {}
        self._calamine: CalamineWorkbook | None = None
        self._careful: XlsxBook | None = None
        self._xls: dict[str, list[tuple[int, list[Any]]]] = {}

    def rows(self, title: str, merged: list[str]) -> Rows:
        scan = self.scans.get(title)
        if title in self._xls:
            return iter(self._xls[title])
        if self.kind == "ods":
            return _with_formulas(calamine_rows(self._opened(), title), scan)
        if scan is None or scan.fast:
            merged += scan.merged if scan else []
            return calamine_rows(self._opened(), title)
        if self._careful is None:
            self._careful = XlsxBook(str(self.path))
        return self._careful.rows(title, merged)

    def _opened(self) -> CalamineWorkbook:
        if self._calamine is None:
            self._calamine = CalamineWorkbook.from_path(str(self.path))
        return self._calamine

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._careful is not None:
            self._careful.archive.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _data_titles(titles: list[str]) -> list[str]:
    return [title for title in titles if fold(title) != fold(INSTRUCTIONS)]


def open_xlsx(path: Path) -> Workbook:
    """Measure every part of an .xlsx, then decide sheet by sheet how to read it."""
    book = Workbook(path)
    budget = PartBudget(path.name)
    with zipfile.ZipFile(path) as archive:
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            charge_part(archive, part, budget)
        sheets, kinds = workbook_parts(archive)
        for kind in ("sharedStrings", "styles"):
            if kinds.get(kind):
                charge_part(archive, kinds[kind], budget)
        book.titles = _data_titles(list(sheets))
        for title in book.titles:
            book.scans[title] = scan_sheet(archive, sheets[title], budget)
    return book


def open_ods(path: Path) -> Workbook:
    """An OpenDocument spreadsheet (LibreOffice), refused when its data reach too far."""
    book = Workbook(path, "ods")
    scans = scan_ods(path)
    book.titles = _data_titles(list(scans))
    book.scans = {title: scans[title] for title in book.titles}
    return book


def _read_xls(path: str, sender) -> None:
    """In the child process: every sheet of an .xls as plain rows, sent back whole."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (XLS_MEMORY, XLS_MEMORY))
    try:
        book = CalamineWorkbook.from_path(path)
        sender.send(("ok", {title: list(calamine_rows(book, title)) for title in book.sheet_names}))
    except (CalamineError, MemoryError, OSError, ValueError) as error:
        sender.send(("error", str(error)))
    finally:
        sender.close()


def open_xls(path: Path) -> Workbook:
    """An Excel 97–2003 workbook, read in a child process that may die without harm."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read_xls, args=(str(path), sender), daemon=True)
    child.start()
    sender.close()
    answer = None
    if receiver.poll(XLS_SECONDS):
        try:
            answer = receiver.recv()
        except EOFError:
            answer = None
    child.join(5)
    if child.is_alive():
        child.kill()
    if answer is None or answer[0] != "ok":
        raise SpreadsheetError(
            f"El archivo «{path.name}» (Excel 97–2003, .xls) no se pudo leer: está protegido "
            "con contraseña, dañado o es demasiado grande. Ábralo en Excel o LibreOffice y "
            "guárdelo sin contraseña como «Libro de Excel (.xlsx)»."
        )
    book = Workbook(path, "xls")
    book._xls = {title: rows for title, rows in answer[1].items()}
    book.titles = _data_titles(list(book._xls))
    return book
