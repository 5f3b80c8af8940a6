"""Turning rows of text (typed in a grid or pasted from a spreadsheet) into typed records.

Each function returns the record and the problems found, named by the column the user sees.
"""

from typing import Any

from procompite.common.errors import Problem
from procompite.common.labels import COMPONENT, PAYER
from procompite.common.parsing import (
    ParseError,
    parse_amount_cents,
    parse_date,
    parse_int,
    parse_quantity,
)
from procompite.plans.finance import BudgetLine, CashFlowYear
from procompite.registry.validation import budget_line_problems, cash_flow_problems

SEX_WORDS = {
    "f": "F",
    "femenino": "F",
    "mujer": "F",
    "m": "M",
    "masculino": "M",
    "hombre": "M",
    "varón": "M",
    "varon": "M",
}


def _lookup(text: str, labels: dict[str, str]) -> str | None:
    wanted = text.strip().casefold()
    for code, label in labels.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    return None


def _parse(cells: dict[str, str], key: str, label: str, parser, problems: list[Problem]) -> Any:
    text = (cells.get(key) or "").strip()
    if not text:
        return None
    try:
        return parser(text)
    except ParseError as error:
        problems.append(Problem(label, str(error)))
        return None


def member_from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    sex_text = (cells.get("sex") or "").strip().casefold()
    member = {
        "dni": (cells.get("dni") or "").strip(),
        "first_names": (cells.get("first_names") or "").strip(),
        "last_names": (cells.get("last_names") or "").strip(),
        "sex": SEX_WORDS.get(sex_text, sex_text.upper() or None),
        "birth_date": _parse(cells, "birth_date", "Fecha de nacimiento", parse_date, problems),
        "role": (cells.get("role") or "socio").strip().casefold(),
        "joined_on": _parse(cells, "joined_on", "Fecha de ingreso", parse_date, problems),
    }
    return member, problems


def budget_line_from_cells(cells: dict[str, str]) -> tuple[BudgetLine | None, list[Problem]]:
    problems: list[Problem] = []
    component = _lookup(cells.get("component") or "", COMPONENT)
    payer = _lookup(cells.get("payer") or "", PAYER)
    quantity = _parse(cells, "quantity", "Cantidad", parse_quantity, problems)
    cost = _parse(cells, "unit_cost", "Costo unitario", parse_amount_cents, problems)
    record = {
        "component": component,
        "concept": (cells.get("concept") or "").strip(),
        "unit": (cells.get("unit") or "").strip() or "unidad",
        "quantity": quantity,
        "unit_cost_cents": cost,
        "payer": payer,
    }
    if not problems:
        problems = budget_line_problems(record)
    return (None if problems else BudgetLine(**record)), problems


def cash_flow_from_cells(cells: dict[str, str]) -> tuple[CashFlowYear | None, list[Problem]]:
    problems: list[Problem] = []
    year = _parse(cells, "year", "Año", parse_int, problems)
    amounts = {
        key: _parse(cells, key, label, parse_amount_cents, problems) or 0
        for key, label in (
            ("income_cents", "Ingresos"),
            ("operating_cost_cents", "Costos de operación"),
            ("investment_cents", "Inversión"),
            ("residual_value_cents", "Valor residual"),
        )
    }
    record = {"year": year, **amounts}
    if not problems:
        problems = cash_flow_problems(record)
    return (None if problems else CashFlowYear(**record)), problems


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


def organization_from_cells(cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Form fields as text (ids already chosen from lists) to an organisation record."""
    problems: list[Problem] = []
    record = {
        key: value.strip() if isinstance(value, str) else value for key, value in cells.items()
    }
    record["constituted_on"] = _parse(
        cells, "constituted_on", "Fecha de constitución", parse_date, problems
    )
    record["annual_sales_cents"] = _parse(
        cells, "annual_sales", "Ventas anuales", parse_amount_cents, problems
    )
    record.pop("annual_sales", None)
    return record, problems


PLAN_NUMBERS = (
    ("duration_months", "Duración (meses)"),
    ("beneficiaries_women", "Beneficiarias mujeres"),
    ("beneficiaries_men", "Beneficiarios hombres"),
    ("direct_jobs", "Empleos directos"),
    ("indirect_jobs", "Empleos indirectos"),
)


def plan_header_from_cells(cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The plan form's header: numbers typed as text, ids chosen from lists."""
    problems: list[Problem] = []
    record = {
        key: value.strip() if isinstance(value, str) else value for key, value in cells.items()
    }
    for key, label in PLAN_NUMBERS:
        value = _parse(cells, key, label, parse_int, problems)
        record[key] = value if value is not None or key == "duration_months" else 0
    return record, problems
