"""Reading one spreadsheet cell of a known column into a typed value, by the column's kind.

The value rules themselves are shared with the forms (:mod:`procompite.common.values`); here a
choice column also accepts its Spanish labels, and each kind of column gets its reader.
"""

from collections.abc import Callable
from typing import Any

from procompite.common.values import (
    CellError,
    parse_amount,
    parse_date,
    parse_identifier,
    parse_integer,
    parse_quantity,
    parse_text,
    shown,
)
from procompite.transfer.layout import (
    AMOUNT,
    CHOICE,
    DATE,
    IDENTIFIER_KINDS,
    INTEGER,
    QUANTITY,
    Column,
    fold,
)


def parse_choice(value: Any, column: Column) -> str | None:
    """One of the column's options, by code or Spanish label (any case, any accents)."""
    text = parse_text(value)
    if text is None:
        return None
    code = column.choices.get(fold(text))
    if code is None:
        options = ", ".join(column.options)
        raise CellError(f"«{shown(text)}» no es una opción válida. Opciones: {options}.")
    return code


PARSERS: dict[str, Callable[[Any], Any]] = {
    AMOUNT: parse_amount,
    DATE: parse_date,
    INTEGER: parse_integer,
    QUANTITY: parse_quantity,
    **{kind: parse_identifier for kind in IDENTIFIER_KINDS},
}


def parser_for(column: Column) -> Callable[[Any], Any]:
    """The function that reads the column's cells; it raises :class:`CellError` with the reason."""
    if column.kind == CHOICE:
        return lambda value: parse_choice(value, column)
    return PARSERS.get(column.kind, parse_text)


def parse_cell(value: Any, column: Column) -> Any:
    """Read one cell of ``column``; raises :class:`CellError` with the reason."""
    return parser_for(column)(value)
