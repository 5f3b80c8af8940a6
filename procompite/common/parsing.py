"""Reading what a user typed in a form: amounts in soles, quantities, whole numbers and dates.

The rules are those of the spreadsheet import (:mod:`procompite.transfer.cells`), so that a value
accepted in a form is accepted in a file and the other way round; here an empty field is an error.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from procompite.transfer.cells import CellError, decimal_from_text, parse_amount, parse_integer
from procompite.transfer.cells import parse_date as parse_date_cell
from procompite.transfer.cells import parse_quantity as parse_quantity_cell

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
