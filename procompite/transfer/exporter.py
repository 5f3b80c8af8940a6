"""Exporting organisations, members and business plans to an .xlsx in the template's layout.

Amounts are written as numbers with two decimals, dates as real Excel dates, DNI, RUC and ubigeo
as text: importing the exported file into the same database changes nothing. Rows are written
as they are read (xlsxwriter's constant memory mode) into a file beside the target that takes its
name only once complete, with the progress reported every few thousand rows.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from xlsxwriter.worksheet import Worksheet

from procompite.common.progress import Progress, never_cancelled, no_progress
from procompite.storage.cli_support import Refused, output_file
from procompite.transfer.layout import (
    AMOUNT,
    BUDGET,
    CASH_FLOW,
    CHOICE,
    DATA_SHEETS,
    DATE,
    MEMBERS,
    ORGANIZATIONS,
    PLANS,
    QUANTITY,
    Column,
    Sheet,
    fold,
)
from procompite.transfer.templates import LAST_ROW, writing_workbook

PROGRESS_ROWS = 5000
# Why xlsxwriter refused a row (its return codes), as the end of a Spanish sentence.
UNFIT = {
    -1: f"una hoja de Excel tiene como máximo {LAST_ROW:,} filas.",
    -2: "tiene un texto de más de 32,767 caracteres, el máximo de una celda de Excel.",
}

EXPORT_TITLE = "Registro de AEO, socios y planes de negocio (exportación)"

QUERIES = {
    ORGANIZATIONS.name: """
        SELECT o.ruc, o.name, o.legal_form, o.category, o.constituted_on, o.registry_entry,
               d.ubigeo, o.address, o.representative_name, o.representative_dni, o.phone,
               o.email, c.name, o.annual_sales_cents, o.notes
        FROM organizations o
        LEFT JOIN districts d ON d.id = o.district_id
        LEFT JOIN chains c ON c.id = o.chain_id
        ORDER BY o.id""",
    MEMBERS.name: """
        SELECT o.ruc, m.dni, m.first_names, m.last_names, m.sex, m.birth_date, m.role,
               m.joined_on
        FROM members m JOIN organizations o ON o.id = m.organization_id
        ORDER BY m.organization_id, m.id""",
    PLANS.name: """
        SELECT k.name, p.code, o.ruc, cc.code, ch.name, p.title, d.ubigeo, p.duration_months,
               p.beneficiaries_women, p.beneficiaries_men, p.direct_jobs, p.indirect_jobs,
               p.summary
        FROM plans p
        JOIN calls k ON k.id = p.call_id
        JOIN organizations o ON o.id = p.organization_id
        LEFT JOIN call_categories cc ON cc.id = p.category_id
        LEFT JOIN chains ch ON ch.id = p.chain_id
        LEFT JOIN districts d ON d.id = p.district_id
        ORDER BY p.call_id, p.code""",
    BUDGET.name: """
        SELECT k.name, p.code, l.component, l.concept, l.unit, l.quantity, l.unit_cost_cents,
               l.payer
        FROM plan_budget_lines l
        JOIN plans p ON p.id = l.plan_id
        JOIN calls k ON k.id = p.call_id
        ORDER BY p.call_id, p.code, l.position""",
    CASH_FLOW.name: """
        SELECT k.name, p.code, f.year, f.income_cents, f.operating_cost_cents,
               f.investment_cents, f.residual_value_cents
        FROM plan_cash_flows f
        JOIN plans p ON p.id = f.plan_id
        JOIN calls k ON k.id = p.call_id
        ORDER BY p.call_id, p.code, f.year""",
}


class _Cancelled(Exception):
    """The export was cancelled; nothing is left at the target."""


def _quantity(text: str) -> int | float | str:
    """A number when Excel can hold it exactly, else the exact text."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if Decimal(repr(number)) == value else text


def _date(iso: str) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def _cell_value(column: Column) -> Callable[[Any], Any] | None:
    """How a stored value of ``column`` becomes the value of its cell, or ``None`` when it is
    written as stored (its column's format applies; an empty text leaves the cell empty)."""
    if column.kind == AMOUNT:
        return lambda cents: cents / 100
    if column.kind == DATE:
        return _date
    if column.kind == QUANTITY:
        return _quantity
    if column.kind == CHOICE:
        shown = {column.choices[fold(option)]: option for option in column.options}
        return lambda code: shown.get(code, code)
    return None


def _converter(sheet: Sheet) -> Callable[[tuple[Any, ...]], list[Any]]:
    """The cells of one stored row of ``sheet``."""
    changes = [
        (index, change)
        for index, column in enumerate(sheet.columns)
        if (change := _cell_value(column)) is not None
    ]

    def cells(row: tuple[Any, ...]) -> list[Any]:
        values = list(row)
        for index, change in changes:
            if (value := values[index]) is not None:
                values[index] = change(value)
        return values

    return cells


def _write_rows(
    worksheet: Worksheet, sheet: Sheet, rows: Iterable[tuple[Any, ...]]
) -> Iterator[int]:
    """Write ``rows`` below the header, yielding how many are written every
    :data:`PROGRESS_ROWS` rows and at the end."""
    cells = _converter(sheet)
    write_row = worksheet.write_row
    written = 0
    for written, row in enumerate(rows, start=1):
        if error := write_row(written, 0, cells(row)):
            raise Refused(
                f"No se puede exportar la fila {written + 1:,} de la hoja «{sheet.name}»: "
                + UNFIT[error]
            )
        if written % PROGRESS_ROWS == 0:
            yield written
    yield written


def count_rows(db: Database, sheets: tuple[Sheet, ...] = DATA_SHEETS) -> dict[str, int]:
    """How many rows the export of each of ``sheets`` will write."""
    return {
        sheet.name: db.execute(f"SELECT count(*) FROM ({QUERIES[sheet.name]})").fetchone()[0]
        for sheet in sheets
    }


def export_workbook(
    db: Database,
    path: str | Path,
    sheets: tuple[Sheet, ...] = DATA_SHEETS,
    progress: Progress = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
) -> dict[str, int] | None:
    """Write every organisation, member, plan, budget line and cash-flow year to ``path``
    (or only the ``sheets`` given, e.g. ``TEMPLATES["aeo"]``).

    ``progress(done, total, text)`` is told every few thousand rows how many of all the sheets'
    rows are written; when ``cancelled()`` turns true the export stops, leaves nothing at
    ``path`` and returns ``None``. Returns the number of rows written to each sheet. A value
    that no cell can hold is :class:`Refused`, nothing written.
    """
    totals = count_rows(db, sheets)
    total = sum(totals.values())
    counts: dict[str, int] = {}
    try:
        with output_file(path) as part, writing_workbook(part, constant_memory=True) as frame:
            frame.add_instructions(EXPORT_TITLE, sheets)
            for sheet in sheets:
                before = sum(counts.values())
                worksheet = frame.add_data_sheet(sheet)
                rows = db.conn.execute(QUERIES[sheet.name])
                for written in _write_rows(worksheet, sheet, rows):
                    if cancelled():
                        raise _Cancelled
                    counts[sheet.name] = written
                    progress(
                        before + written,
                        total,
                        f"Exportando {sheet.entity}: {written:,} de {totals[sheet.name]:,} filas",
                    )
            progress(total, total, f"Guardando «{Path(path).name}»…")
    except _Cancelled:
        return None
    return counts
