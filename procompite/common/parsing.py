"""Reading what a user typed in a form: amounts in soles, quantities, whole numbers and dates.

The rules are those of the spreadsheet import (:mod:`procompite.common.values`), so that a value
accepted in a form is accepted in a file and the other way round; here an empty field is an error.
Also the pieces every grid of a form uses: a field of a row (empty is ``None``, a bad value a
problem on its column), a code by its label, and every row of a grid with its problems.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from procompite.common.errors import Problem
from procompite.common.values import CellError, decimal_from_text, parse_amount, parse_integer
from procompite.common.values import parse_date as parse_date_cell
from procompite.common.values import parse_quantity as parse_quantity_cell

ParseError = CellError
T = TypeVar("T")


def _required(value: Any, parser: Callable[[Any], T | None]) -> T:
    result = parser(value)
    if result is None:
        raise ParseError("Está vacío.")
    return result


def parse_decimal(text: str) -> Decimal:
    """``"1,234.50"``, ``"S/ 1.234,50"`` or ``"1234.5"`` -> ``Decimal("1234.50")``."""
    if not str(text).strip():
        raise ParseError("Está vacío.")
    return decimal_from_text(str(text))


def parse_amount_cents(text: Any) -> int:
    return _required(text, parse_amount)


def parse_quantity(text: Any) -> Decimal:
    return _required(text, parse_quantity_cell)


def parse_int(text: Any) -> int:
    return _required(text, parse_integer)


def parse_date(text: Any) -> date:
    return _required(text, parse_date_cell)


def code_of_label(text: Any, labels: dict[str, str]) -> str | None:
    """The code whose code or label is ``text``, ignoring case; ``None`` when none is."""
    wanted = str(text).strip().casefold()
    for code, label in labels.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    return None


def parse_field(
    cells: dict[str, str], key: str, label: str, parser, problems: list[Problem]
) -> Any:
    """Parse ``cells[key]``; an empty cell is ``None``, a bad one is added to ``problems``."""
    text = (cells.get(key) or "").strip()
    if not text:
        return None
    try:
        return parser(text)
    except ParseError as error:
        problems.append(Problem(label, str(error)))
        return None


def rows_with_problems(rows, convert, label: str) -> tuple[list, list[Problem]]:
    """Convert every non-empty row; problems are prefixed with ``label`` and the row number."""
    records, problems = [], []
    for number, cells in enumerate(rows, start=1):
        if not any((value or "").strip() for value in cells.values()):
            continue
        record, found = convert(cells)
        problems += [Problem(f"{label} {number}, {p.field}", p.message) for p in found]
        if record is not None:
            records.append(record)
    return records, problems
