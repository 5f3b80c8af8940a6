"""A plan's header, budget lines and cash-flow years from rows of text (typed or pasted).

Each function returns the record and the problems found, named by the column the user sees.
"""

from typing import Any

from procompite.common.errors import Problem
from procompite.common.labels import COMPONENT, PAYER
from procompite.common.parsing import (
    code_of_label,
    parse_amount_cents,
    parse_field,
    parse_int,
    parse_quantity,
)
from procompite.plans.finance import BudgetLine, CashFlowYear
from procompite.plans.validation import (
    FLOW_AMOUNTS,
    PLAN_COUNTS,
    budget_line_problems,
    cash_flow_problems,
)


def budget_line_from_cells(cells: dict[str, str]) -> tuple[BudgetLine | None, list[Problem]]:
    problems: list[Problem] = []
    component = code_of_label(cells.get("component") or "", COMPONENT)
    payer = code_of_label(cells.get("payer") or "", PAYER)
    quantity = parse_field(cells, "quantity", "Cantidad", parse_quantity, problems)
    cost = parse_field(cells, "unit_cost", "Costo unitario", parse_amount_cents, problems)
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
    year = parse_field(cells, "year", "Año", parse_int, problems)
    amounts = {
        key: parse_field(cells, key, label, parse_amount_cents, problems) or 0
        for key, label in FLOW_AMOUNTS
    }
    record = {"year": year, **amounts}
    if not problems:
        problems = cash_flow_problems(record)
    return (None if problems else CashFlowYear(**record)), problems


PLAN_NUMBERS = (("duration_months", "Duración (meses)"), *PLAN_COUNTS)


def plan_header_from_cells(cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The plan form's header: numbers typed as text, ids chosen from lists."""
    problems: list[Problem] = []
    record = {
        key: value.strip() if isinstance(value, str) else value for key, value in cells.items()
    }
    for key, label in PLAN_NUMBERS:
        value = parse_field(cells, key, label, parse_int, problems)
        record[key] = value if value is not None or key == "duration_months" else 0
    return record, problems
