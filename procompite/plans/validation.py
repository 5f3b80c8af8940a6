"""Field rules for a business plan: its header, budget lines and cash-flow years.

Like :mod:`procompite.registry.validation`, each ``*_problems`` function takes typed values and
returns every problem found, named by the field label; the plan form and the importer share them.
"""

from decimal import Decimal
from typing import Any

from procompite.common.errors import Problem
from procompite.common.field_checks import non_negative, one_of, required
from procompite.common.money import line_total_cents

COMPONENTS = ("activos_fijos", "intangibles", "capital_trabajo")
PAYERS = ("procompite", "aeo_monetario", "aeo_no_monetario")
PLAN_COUNTS = (
    ("beneficiaries_women", "Beneficiarias mujeres"),
    ("beneficiaries_men", "Beneficiarios hombres"),
    ("direct_jobs", "Empleos directos"),
    ("indirect_jobs", "Empleos indirectos"),
)
FLOW_AMOUNTS = (
    ("income_cents", "Ingresos"),
    ("operating_cost_cents", "Costos de operación"),
    ("investment_cents", "Inversión"),
    ("residual_value_cents", "Valor residual"),
)


def plan_problems(record: dict[str, Any]) -> list[Problem]:
    problems = required(record, "code", "Código") + required(record, "title", "Título")
    duration = record.get("duration_months")
    if duration is not None and not 1 <= duration <= 120:
        problems.append(Problem("Duración (meses)", "Debe estar entre 1 y 120 meses."))
    for key, label in PLAN_COUNTS:
        problems += non_negative(record, key, label)
    return problems


def budget_line_problems(line: dict[str, Any]) -> list[Problem]:
    problems = one_of(line.get("component"), COMPONENTS, "Componente")
    problems += required(line, "component", "Componente") + required(line, "concept", "Concepto")
    quantity = line.get("quantity")
    if not isinstance(quantity, Decimal) or quantity <= 0:
        problems.append(Problem("Cantidad", "Debe ser un número mayor que cero."))
    cost = line.get("unit_cost_cents")
    if not isinstance(cost, int) or cost < 0:
        problems.append(Problem("Costo unitario", "Debe ser un monto en soles, cero o mayor."))
    problems += required(line, "payer", "Financia") + one_of(line.get("payer"), PAYERS, "Financia")
    return problems


def cash_flow_problems(flow: dict[str, Any]) -> list[Problem]:
    problems = []
    year = flow.get("year")
    if not isinstance(year, int) or not 0 <= year <= 30:
        problems.append(Problem("Año", "Debe ser un año entre 0 y 30."))
    for key, label in FLOW_AMOUNTS:
        problems += non_negative(flow, key, label)
    return problems


def requested_problems(lines: list[dict[str, Any]]) -> list[Problem]:
    """A budget asks PROCOMPITE for more than S/ 0: lines financed by PROCOMPITE that add up to
    nothing, or none at all, are refused; a plan without budget lines yet is not (a draft may
    be incomplete, and without a budget it cannot be admitted)."""
    if not lines:
        return []
    requested = sum(
        line_total_cents(line["quantity"], line["unit_cost_cents"])
        for line in lines
        if line.get("payer") == "procompite"
        and isinstance(line.get("unit_cost_cents"), int)
        and line.get("quantity") is not None
    )
    if requested > 0:
        return []
    return [
        Problem(
            "Presupuesto, Financia",
            "No pide cofinanciamiento: las líneas que financia PROCOMPITE suman S/ 0.00 (o no "
            "hay ninguna); un plan debe pedir a PROCOMPITE un monto mayor que cero.",
        )
    ]
