"""Exporting organisations, members and business plans to an .xlsx in the template's layout.

Amounts are written as numbers with two decimals, dates as real Excel dates, DNI, RUC and ubigeo
as text: importing the exported file into the same database changes nothing.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlite_utils import Database

from procompite.transfer.layout import (
    AMOUNT,
    BUDGET,
    CASH_FLOW,
    CHOICE,
    DATA_SHEETS,
    DATE,
    IDENTIFIER_KINDS,
    MEMBERS,
    ORGANIZATIONS,
    PLANS,
    QUANTITY,
    Column,
    Sheet,
    fold,
)
from procompite.transfer.templates import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    TEXT_FORMAT,
    add_data_sheet,
    add_instructions,
)

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


def _quantity(text: str) -> int | float | str:
    """A number when Excel can hold it exactly, else the exact text."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if Decimal(repr(number)) == value else text


def _formatter(worksheet, column: Column) -> Callable[[Any], Any]:
    """How one column's stored value becomes a cell."""

    def formatted(value: Any, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = number_format
        return cell

    if column.kind == AMOUNT:
        return lambda cents: None if cents is None else formatted(cents / 100, AMOUNT_FORMAT)
    if column.kind == DATE:
        return lambda iso: None if not iso else formatted(date.fromisoformat(iso[:10]), DATE_FORMAT)
    if column.kind in IDENTIFIER_KINDS:
        return lambda text: None if not text else formatted(str(text), TEXT_FORMAT)
    if column.kind == QUANTITY:
        return lambda text: None if text is None else _quantity(text)
    if column.kind == CHOICE:
        shown = {column.choices[fold(option)]: option for option in column.options}
        return lambda code: shown.get(code, code) if code else None
    return lambda value: value if value != "" else None


def _write_sheet(workbook: Workbook, sheet: Sheet, rows: Iterable[tuple[Any, ...]]) -> int:
    worksheet = add_data_sheet(workbook, sheet)
    formatters = [_formatter(worksheet, column) for column in sheet.columns]
    count = 0
    for row in rows:
        worksheet.append([format_(value) for format_, value in zip(formatters, row, strict=True)])
        count += 1
    return count


def export_workbook(
    db: Database, path: str | Path, sheets: tuple[Sheet, ...] = DATA_SHEETS
) -> dict[str, int]:
    """Write every organisation, member, plan, budget line and cash-flow year to ``path``
    (or only the ``sheets`` given, e.g. ``TEMPLATES["aeo"]``).

    Returns the number of rows written to each sheet.
    """
    workbook = Workbook(write_only=True)
    add_instructions(workbook, EXPORT_TITLE, sheets)
    counts = {
        sheet.name: _write_sheet(workbook, sheet, db.conn.execute(QUERIES[sheet.name]))
        for sheet in sheets
    }
    workbook.save(Path(path))
    return counts
