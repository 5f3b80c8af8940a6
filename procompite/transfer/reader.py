"""Reading an .xlsx, .ods, .xls or .csv file into the rows of each known sheet, with their row
numbers.

The file itself is refused (:class:`SpreadsheetError`, a Spanish message) when it is empty, too
big, expands too much or is not a spreadsheet (:mod:`.books` decides how each sheet is read).
Inside a readable file, missing columns, merged cells and sheets with too many rows are
problems; unknown columns or sheets and cells far outside the template are warnings, each named
by sheet, row and column.
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter, range_boundaries
from python_calamine import CalamineError

from procompite.transfer.books import Workbook, open_ods, open_xls, open_xlsx
from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.extent import SheetScan
from procompite.transfer.layout import (
    DATA_SHEETS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Sheet,
    fold,
)
from procompite.transfer.ods_extent import is_ods

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")
_SHEETS_BY_NAME = {fold(sheet.name): sheet for sheet in DATA_SHEETS}
_DAMAGED = (
    ElementTree.ParseError,
    KeyError,
    ValueError,
    IndexError,
    OSError,
    zipfile.BadZipFile,
    CalamineError,
)
__all__ = ["ImportProblem", "ReadResult", "SheetRows", "SpreadsheetError", "read_spreadsheet"]


@dataclass(frozen=True)
class ImportProblem:
    """Where something is wrong in the file (sheet, row as Excel numbers it, column) and why."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.sheet:
            place.append(f"Hoja «{self.sheet}»")
        if self.row:
            place.append(f"fila {self.row}")
        if self.column:
            place.append(f"columna «{self.column}»")
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class SheetRows:
    """The non-empty data rows of one sheet, values in the layout's column order."""

    sheet: Sheet
    title: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class ReadResult:
    """The rows of each known sheet; ``unreadable`` names sheets whose headers were wrong."""

    sheets: dict[str, SheetRows] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def check_file(path: Path) -> None:
    """Refuse a missing, empty or oversized file before reading it."""
    if not path.exists():
        raise SpreadsheetError(f"No existe el archivo «{path}».")
    if path.is_dir():
        raise SpreadsheetError(f"«{path}» es una carpeta, no un archivo.")
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetError(f"El archivo «{path.name}» está vacío.")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"El archivo «{path.name}» ocupa {_megabytes(size)} MB y el límite es "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB: divida los datos en varios archivos."
        )


def _head(path: Path) -> bytes:
    check_file(path)
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as error:
        raise SpreadsheetError(f"No se puede leer el archivo «{path.name}»: {error}.") from None


def _opener(path: Path, head: bytes):
    """How to open a workbook by its content (not its name), or ``None`` for another file."""
    if head.startswith(ZIP_MAGIC):
        return open_ods if is_ods(path) else open_xlsx
    if head.startswith(OLE_MAGIC):
        return open_xls
    return None


def _plain(value: Any) -> Any:
    """An empty cell as ``None`` and a whole number as ``int``, as a form would read them."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def sheet_rows(path: str | Path, preferred: str) -> tuple[str, list[tuple[int, list[Any]]]]:
    """The title and non-empty rows (empty cells as ``None``) of one sheet of a workbook: the
    one named ``preferred``, else the first; read as safely as an import reads.

    Raises :class:`SpreadsheetError` for a file that is not a workbook or cannot be read.
    """
    path = Path(path)
    opener = _opener(path, _head(path))
    if opener is None:
        raise SpreadsheetError(
            f"«{path.name}» no es un libro de Excel (.xlsx o .xls) ni de LibreOffice (.ods)."
        )
    if opener is open_xlsx:
        _check_zip(path)
    try:
        with opener(path) as book:
            if not book.titles:
                return "", []
            title = preferred if preferred in book.titles else book.titles[0]
            rows = [
                (number, [_plain(value) for value in values])
                for number, values in book.rows(title, [])
            ]
    except _DAMAGED:
        raise SpreadsheetError(
            f"El archivo «{path.name}» está dañado: no se pudo leer como hoja de cálculo."
        ) from None
    return title, [
        (number, values) for number, values in rows if any(v is not None for v in values)
    ]


def read_spreadsheet(path: str | Path) -> ReadResult:
    """Read the known sheets of a workbook or a .csv file; raises :class:`SpreadsheetError`."""
    path = Path(path)
    head = _head(path)
    suffix = path.suffix.lower()
    if opener := _opener(path, head):
        return _read_book(path, opener)
    if head.startswith(b"%PDF"):
        raise SpreadsheetError(
            f"El archivo «{path.name}» es un PDF, no una hoja de cálculo: use la plantilla .xlsx."
        )
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path)
    if suffix in EXCEL_SUFFIXES:
        raise SpreadsheetError(
            f"El archivo «{path.name}» no es una hoja de cálculo de Excel aunque su nombre "
            "termine en .xlsx: su contenido es de otro tipo."
        )
    raise SpreadsheetError(
        f"El archivo «{path.name}» no es una hoja de cálculo: use un libro de Excel (.xlsx o "
        ".xls), de LibreOffice (.ods) o un archivo CSV (.csv)."
    )


def _match_headers(
    sheet: Sheet, title: str, headers: tuple[Any, ...], result: ReadResult
) -> list[int] | None:
    """Column index of each layout column, or ``None`` (with problems) when one is missing."""
    found: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        if header is not None and str(header).strip():
            found.setdefault(fold(str(header)), []).append(index)
    positions, missing = [], []
    expected = {fold(column.header) for column in sheet.columns}
    for column in sheet.columns:
        indexes = found.get(fold(column.header), [])
        if len(indexes) > 1:
            letters = " y ".join(get_column_letter(index + 1) for index in indexes)
            result.problems.append(
                ImportProblem(title, 1, column.header, f"La columna aparece dos veces ({letters}).")
            )
        if indexes:
            positions.append(indexes[0])
        else:
            missing.append(column.header)
    unknown = [
        str(headers[i]).strip() for key, ids in found.items() if key not in expected for i in ids
    ]
    for header in unknown:
        result.warnings.append(ImportProblem(title, 1, header, "Columna no reconocida: se ignora."))
    for header in missing:
        hint = (
            f" Encabezados no reconocidos: {', '.join(f'«{h}»' for h in unknown)}."
            if unknown
            else ""
        )
        result.problems.append(
            ImportProblem(
                title,
                1,
                header,
                f"Falta la columna «{header}» (los encabezados van en la fila 1, "
                f"como en la plantilla).{hint}",
            )
        )
    if missing or any(len(indexes) > 1 for indexes in found.values()):
        return None
    return positions


def _guess_sheet(headers: Iterable[Any], hint: str = "") -> Sheet | None:
    """The sheet whose headers these are (at least half of them), preferring one named ``hint``."""
    folded = {fold(str(header)) for header in headers if header is not None}
    best, best_score = None, (0, 0.0, False)
    for sheet in DATA_SHEETS:
        matched = sum(1 for column in sheet.columns if fold(column.header) in folded)
        if matched * 2 < len(sheet.columns):
            continue
        score = (matched, matched / len(sheet.columns), fold(sheet.name) in fold(hint))
        if score > best_score:
            best, best_score = sheet, score
    return best


def _collect_rows(
    sheet: Sheet,
    title: str,
    headers: tuple[Any, ...],
    rows: Iterator[tuple[int, Any]],
    result: ReadResult,
) -> SheetRows | None:
    """Header check, then the non-empty rows, values in the layout's column order."""
    positions = _match_headers(sheet, title, headers, result)
    if positions is None:
        result.unreadable.add(sheet.name)
        return None
    data = SheetRows(sheet, title)
    width = max(positions) + 1
    for number, row in rows:
        if len(data.rows) >= MAX_ROWS:
            result.problems.append(
                ImportProblem(
                    title,
                    number,
                    None,
                    f"La hoja tiene más de {MAX_ROWS:,} filas de datos: divida los datos en "
                    "varios archivos.",
                )
            )
            result.unreadable.add(sheet.name)
            return None
        if len(row) < width:
            row = tuple(row) + (None,) * (width - len(row))
        values = tuple(row[index] for index in positions)
        for value in values:
            if value is not None and (not isinstance(value, str) or value.strip()):
                data.rows.append((number, values))
                break
    return data


def _add_sheet(result: ReadResult, data: SheetRows | None, title: str) -> None:
    if data is None:
        return
    if data.sheet.name in result.sheets:
        result.problems.append(
            ImportProblem(title, None, None, f"Hay dos hojas «{data.sheet.name}»; deje solo una.")
        )
        return
    result.sheets[data.sheet.name] = data


def _check_zip(path: Path) -> None:
    """Refuse a ZIP file that is not an Excel workbook (a .docx, a plain archive...)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError(
            f"El archivo «{path.name}» está dañado o no es un libro de Excel (.xlsx)."
        ) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            f"El archivo «{path.name}» es un archivo comprimido (ZIP) pero no un libro de Excel "
            "(.xlsx)."
        )


def _report_merges(
    merged: list[str], title: str, headers: tuple[Any, ...], result: ReadResult
) -> None:
    for reference in merged:
        try:
            column, row, _last_column, _last_row = range_boundaries(reference)
        except ValueError:
            continue
        header = headers[column - 1] if column and column <= len(headers) else None
        name = str(header).strip() if header else get_column_letter(column or 1)
        result.problems.append(
            ImportProblem(
                title,
                row,
                name,
                f"Hay celdas combinadas ({reference}): sepárelas y escriba el valor en cada celda.",
            )
        )


def _sheet_for(title: str, headers: tuple[Any, ...], result: ReadResult) -> Sheet | None:
    """The layout sheet a workbook sheet carries: by its name, else by its headers."""
    sheet = _SHEETS_BY_NAME.get(fold(title))
    if sheet is not None:
        return sheet
    sheet = _guess_sheet(headers)
    if sheet is None or sheet.name in result.sheets:
        result.warnings.append(ImportProblem(title, None, None, "Hoja no reconocida: se ignora."))
        return None
    result.warnings.append(ImportProblem(title, None, None, f"Se lee como la hoja «{sheet.name}»."))
    return sheet


def _report_outside(scan: SheetScan | None, title: str, result: ReadResult) -> None:
    """Cells beyond the last column read: ignored, and the user told where they are."""
    if scan is None or not scan.outside:
        return
    cells = ", ".join(scan.outside_sample) + (
        " …" if scan.outside > len(scan.outside_sample) else ""
    )
    last = get_column_letter(MAX_COLUMNS)
    result.warnings.append(
        ImportProblem(
            title,
            None,
            None,
            f"Se ignoraron {scan.outside:,} celdas más allá de la columna {last} ({cells}), "
            "fuera de la plantilla.",
        )
    )


def _read_sheet(book: Workbook, title: str, result: ReadResult) -> None:
    merged: list[str] = []
    _report_outside(book.scans.get(title), title, result)
    rows = book.rows(title, merged)
    first = next(rows, None)
    if first is None:
        return
    headers = tuple(first[1]) if first[0] == 1 else ()
    sheet = _sheet_for(title, headers, result)
    if sheet is None:
        return
    if first[0] != 1:
        rows = itertools.chain([first], rows)
    data = _collect_rows(sheet, title, headers, rows, result)
    for _row in rows:
        pass
    _report_merges(merged, title, headers, result)
    _add_sheet(result, data, title)


def _read_book(path: Path, opener) -> ReadResult:
    if opener is open_xlsx:
        _check_zip(path)
    result = ReadResult()
    try:
        with opener(path) as book:
            for title in book.titles:
                _read_sheet(book, title, result)
    except _DAMAGED:
        raise SpreadsheetError(
            f"El archivo «{path.name}» está dañado: no se pudo leer como hoja de cálculo."
        ) from None
    return result


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def csv_rows(path: Path) -> list[tuple[str, ...]]:
    """The rows of a CSV file as Excel or LibreOffice write it (UTF-8 or Windows-1252, with
    «;», «,» or tabs); raises :class:`SpreadsheetError` for a file that is not one."""
    check_file(path)
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise SpreadsheetError(
            f"El archivo «{path.name}» no es un archivo de texto CSV ni una hoja de cálculo."
        )
    text = _decode(data)
    if not text.strip():
        raise SpreadsheetError(f"El archivo «{path.name}» está vacío.")
    delimiter = _delimiter(text.lstrip().splitlines()[0])
    try:
        rows = [
            tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise SpreadsheetError(
            f"El archivo CSV «{path.name}» está mal formado ({error})."
        ) from None
    return rows


def _read_csv(path: Path) -> ReadResult:
    rows = csv_rows(path)
    result = ReadResult()
    sheet = _guess_sheet(rows[0], path.stem)
    if sheet is None:
        expected = "; ".join(f"{s.name}: {', '.join(s.headers)}" for s in DATA_SHEETS)
        result.problems.append(
            ImportProblem(
                path.name,
                1,
                None,
                "Los encabezados no corresponden a ninguna hoja de la plantilla. "
                f"Encabezados esperados — {expected}.",
            )
        )
        return result
    title = sheet.name
    data_rows = enumerate(rows[1:], start=2)
    _add_sheet(result, _collect_rows(sheet, title, rows[0], data_rows, result), title)
    return result
