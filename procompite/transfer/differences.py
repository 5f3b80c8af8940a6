"""What an import changes in a stored record, field by field, in words: before → after.

The dry run, the command line and the window list these lines before anything is written, so
that no value is replaced or erased without the user seeing it.
"""

from dataclasses import dataclass
from typing import Any

from procompite.common.dates import format_short
from procompite.common.money import format_soles, line_total_cents
from procompite.transfer.checks import STORED_FIELD
from procompite.transfer.layout import AMOUNT, CHOICE, DATE, Sheet

EMPTY = "(vacío)"
_COLUMN_OF = {stored: column for column, stored in STORED_FIELD.items()}


@dataclass(frozen=True)
class FieldChange:
    """One value of one stored record that the import replaces."""

    sheet: str
    row: int
    record: str
    field: str
    before: str
    after: str

    def __str__(self) -> str:
        return (
            f"Hoja «{self.sheet}», fila {self.row}, {self.record}, «{self.field}»: "
            f"{self.before} → {self.after}"
        )


def shown_value(sheet: Sheet, name: str, value: Any, names: dict[str, dict[int, str]]) -> str:
    """A stored value as the user wrote it: S/ amounts, dd/mm/aaaa dates, labels, codes."""
    if value is None or value == "":
        return EMPTY
    if name in names:
        return names[name].get(value, str(value))
    column = sheet.column(_COLUMN_OF.get(name, name))
    if column.kind == AMOUNT:
        return format_soles(value)
    if column.kind == DATE:
        return format_short(value)
    if column.kind == CHOICE:
        return column.labels.get(value, str(value))
    return str(value)


def record_changes(
    sheet: Sheet,
    title: str,
    row: int,
    record: str,
    before: dict[str, Any],
    after: dict[str, Any],
    names: dict[str, dict[int, str]],
) -> list[FieldChange]:
    """The fields whose value differs, in the sheet's column order."""
    changes = []
    for name, old in before.items():
        new = after.get(name)
        if (old or None) == (new or None) or name not in after:
            continue
        header = sheet.column(_COLUMN_OF.get(name, name)).header
        changes.append(
            FieldChange(
                title,
                row,
                record,
                header,
                shown_value(sheet, name, old, names),
                shown_value(sheet, name, new, names),
            )
        )
    return changes


def budget_total(lines: list[tuple[Any, ...]], quantity: int, cost: int) -> int:
    """The total in céntimos of budget lines stored as tuples (quantity and cost positions)."""
    return sum(
        line_total_cents(line[quantity], line[cost])
        for line in lines
        if line[quantity] is not None and line[cost] is not None
    )


def lines_shown(count: int, total: int) -> str:
    noun = "línea" if count == 1 else "líneas"
    return f"{count} {noun}, {format_soles(total)}"
