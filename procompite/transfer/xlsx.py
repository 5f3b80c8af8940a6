"""A fast streaming reader of the cell values of an .xlsx workbook, row by row.

openpyxl (read-only or not) and even ElementTree took 15 to 45 seconds on a sheet of 100,000
rows on a 2-core laptop; the rows of a sheet have a small, fixed grammar (``<row>`` holding
``<c>`` cells with ``<v>``, ``<f>`` or ``<is><t>``), so they are read with regular expressions
over the decompressed XML, streamed in chunks. Values come back plain: ``str``, ``int``,
``float``, ``bool``, ``datetime`` (for cells with a date format), a formula as text starting
with ``=``. Merged ranges, which read-only openpyxl does not expose, are listed too. The small
parts (workbook, relations, styles) are parsed with ElementTree.
"""

import codecs
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from procompite.transfer.layout import MAX_COLUMNS

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CHUNK = 4 << 20
_P = r"(?:[\w.-]+:)?"
_TOKEN = re.compile(
    rf"<{_P}(row)\b(?: r=\"(\d+)\")?([^>]*)>"
    rf"|<{_P}(c)\b(?: r=\"([A-Z]+)\d+\")?(?: s=\"(\d+)\")?(?: t=\"(\w+)\")?([^>]*?)"
    rf"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?:\s[^>]*)?>([^<]*)</t></is>|(.*?))</{_P}c>)"
    rf"|<{_P}(mergeCell)\b([^>]*)>",
    re.S,
)
_ROW_END = re.compile(rf"</{_P}row>")
_ATTRIBUTE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_VALUE = re.compile(rf"<{_P}v\b[^>]*?(?:/>|>(.*?)</{_P}v>)", re.S)
_FORMULA = re.compile(rf"<{_P}f\b[^>]*?(?:/>|>(.*?)</{_P}f>)", re.S)
_TEXT = re.compile(rf"<{_P}t\b[^>]*?(?:/>|>(.*?)</{_P}t>)", re.S)
_PHONETIC = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh>", re.S)
_STRING_ITEM = re.compile(rf"<{_P}si\b[^>]*?(?:/>|>(.*?)</{_P}si>)", re.S)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attributes(text: str) -> dict[str, str]:
    return {name: double or single for name, double, single in _ATTRIBUTE.findall(text)}


def _unescape(text: str) -> str:
    if "<![CDATA[" in text:
        return "".join(_CDATA.findall(text))
    return html.unescape(text) if "&" in text else text


def _text_of(item: str) -> str:
    """The text of a string item: its ``<t>`` runs, without phonetic guides."""
    if "rPh" in item:
        item = _PHONETIC.sub("", item)
    return "".join(_unescape(text) for text in _TEXT.findall(item))


def _column_index(letters: str, cache: dict[str, int]) -> int:
    """``"AB"`` -> 28 (1-based column), remembered in ``cache``; past the last column read,
    any number beyond it."""
    index = 0
    for letter in letters.upper()[:4]:
        index = index * 26 + ord(letter) - 64
    cache[letters] = index
    return index


def _chunks(source, size: int = CHUNK) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := source.read(size):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _relations(archive: zipfile.ZipFile, part: str) -> tuple[dict[str, str], dict[str, str]]:
    """Relation id -> part path, and relation kind (``styles``...) -> part path."""
    try:
        relations = ElementTree.fromstring(archive.read(part))
    except KeyError:
        return {}, {}
    targets, kinds = {}, {}
    for relation in relations:
        target = relation.get("Target", "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        targets[relation.get("Id", "")] = path
        kinds[relation.get("Type", "").rpartition("/")[2]] = path
    return targets, kinds


def workbook_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet title -> part path, and relation kind (``sharedStrings``, ``styles``) -> part."""
    sheets, _epoch, kinds = _workbook(archive)
    return sheets, kinds


def _workbook(archive: zipfile.ZipFile):
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    targets, kinds = _relations(archive, "xl/_rels/workbook.xml.rels")
    epoch = CALENDAR_WINDOWS_1900
    sheets: dict[str, str] = {}
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif name == "sheet":
            target = targets.get(element.get(_RELATIONSHIP_ID, ""), "")
            if target:
                sheets[element.get("name", "")] = target
    return sheets, epoch, kinds


class XlsxBook:
    """The sheets of one .xlsx file (title -> part); use as a context manager.

    Cells beyond column :data:`MAX_COLUMNS` are ignored: no template uses them, and a stray
    cell in the last column must not make a row a million values wide.
    """

    def __init__(self, path: str) -> None:
        self.archive = zipfile.ZipFile(path)
        self.sheets, self.epoch, kinds = _workbook(self.archive)
        self.shared_strings = self._shared_strings(kinds.get("sharedStrings"))
        self.date_styles = self._date_styles(kinds.get("styles"))
        self._columns: dict[str, int] = {}

    def __enter__(self) -> "XlsxBook":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.archive.close()

    def _shared_strings(self, part: str | None) -> list[str]:
        if not part or part not in self.archive.namelist():
            return []
        text = self.archive.read(part).decode("utf-8")
        return [_text_of(item or "") for item in _STRING_ITEM.findall(text)]

    def _date_styles(self, part: str | None) -> frozenset[int]:
        """Indexes of the cell formats that show a number as a date."""
        if not part or part not in self.archive.namelist():
            return frozenset()
        styles = ElementTree.fromstring(self.archive.read(part))
        custom, formats = {}, []
        for element in styles:
            if _local(element.tag) == "numFmts":
                for number_format in element:
                    format_id = int(number_format.get("numFmtId", "0"))
                    custom[format_id] = number_format.get("formatCode", "")
            elif _local(element.tag) == "cellXfs":
                formats = [int(xf.get("numFmtId", "0")) for xf in element]
        return frozenset(
            index
            for index, format_id in enumerate(formats)
            if is_date_format(custom.get(format_id) or BUILTIN_FORMATS.get(format_id) or "")
        )

    def rows(self, title: str, merged: list[str]) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values from column A) of each stored row; fills ``merged`` at the end."""
        pending = ""
        state = _RowState()
        with self.archive.open(self.sheets[title]) as source:
            for text in _chunks(source):
                pending += text
                cut = _last_row_end(pending)
                self._parse(pending[:cut], state, merged)
                pending = pending[cut:]
                yield from state.take()
        self._parse(pending, state, merged)
        state.close()
        yield from state.take()

    def _parse(self, text: str, state: "_RowState", merged: list[str]) -> None:
        """Add the rows (and merged ranges) of a piece of sheet XML that ends between rows."""
        columns = self._columns
        values = state.values
        for (
            row,
            row_number,
            row_attributes,
            cell,
            letters,
            style,
            kind,
            odd_attributes,
            value,
            inline,
            body,
            merge,
            merge_attributes,
        ) in _TOKEN.findall(text):
            if cell:
                if odd_attributes.strip(" /"):
                    letters, style, kind = _odd_attributes(odd_attributes, letters, style, kind)
                kind = kind or "n"
                if body:
                    parsed: Any = self._value(kind, style, body)
                elif inline:
                    parsed = _unescape(inline)
                elif value:
                    parsed = self._typed(value, kind, style)
                else:
                    continue
                if letters:
                    index = columns.get(letters) or _column_index(letters, columns)
                else:
                    index = len(values) + 1
                if index > MAX_COLUMNS:
                    continue
                if index > len(values):
                    values.extend([None] * (index - len(values)))
                values[index - 1] = parsed
            elif row:
                if not row_number and "r" in row_attributes:
                    row_number = _attributes(row_attributes).get("r", "")
                state.start(row_number)
                values = state.values
            elif merge and (reference := _attributes(merge_attributes).get("ref")):
                merged.append(reference)

    def _value(self, kind: str, style: str, body: str) -> Any:
        """A cell whose content is not a plain ``<v>`` or ``<is><t>``: formula, rich text..."""
        if "f" in body and (formula := _FORMULA.search(body)):
            return "=" + _unescape(formula.group(1) or "")
        if kind == "inlineStr":
            return _text_of(body)
        match = _VALUE.search(body)
        if match is None or not match.group(1):
            return None
        return self._typed(match.group(1), kind, style)

    def _typed(self, text: str, kind: str, style: str) -> Any:
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "n":
            number: int | float = float(text) if any(c in text for c in ".eE") else int(text)
            if style and int(style) in self.date_styles:
                try:
                    return from_excel(number, self.epoch)
                except (OverflowError, ValueError):
                    return number
            return number
        if kind == "b":
            return text.strip() == "1"
        if kind == "d":
            return datetime.fromisoformat(text.strip().rstrip("Z"))
        return _unescape(text)


class _RowState:
    """The row being filled while the sheet streams by, and the rows completed so far."""

    def __init__(self) -> None:
        self.number = 0
        self.values: list[Any] = []
        self.open = False
        self.done: list[tuple[int, list[Any]]] = []

    def start(self, number: str) -> None:
        self.close()
        self.number = int(number) if number else self.number + 1
        self.values = []
        self.open = True

    def close(self) -> None:
        if self.open:
            self.done.append((self.number, self.values))
            self.open = False

    def take(self) -> list[tuple[int, list[Any]]]:
        done, self.done = self.done, []
        return done


def _last_row_end(text: str) -> int:
    """Where the last complete row ends (0 when none): a safe place to cut the stream."""
    index = text.rfind("</row>")
    if index >= 0:
        return index + len("</row>")
    ends = list(_ROW_END.finditer(text))
    return ends[-1].end() if ends else 0


def _odd_attributes(text: str, letters: str, style: str, kind: str) -> tuple[str, str, str]:
    """Column letters, style and type of a cell whose attributes are not in the usual order."""
    attributes = _attributes(text)
    reference = attributes.get("r", "")
    return (
        letters or reference.rstrip("0123456789"),
        style or attributes.get("s", ""),
        kind or attributes.get("t", ""),
    )
