"""Field rules for what the registry stores: organisations, members, plans, budget and cash flow.

Each ``*_problems`` function takes a record whose values already have their Python types
(``str``, ``date``, ``int`` céntimos, ``Decimal`` quantities) and returns every problem found,
named by the Spanish field label the user sees. The forms and the importer share these rules.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from procompite.common.errors import Problem
from procompite.common.identifiers import dni_problem, ruc_problem

LEGAL_FORMS = (
    "Asociación",
    "Cooperativa",
    "Comunidad campesina",
    "Comunidad nativa",
    "Sociedad anónima cerrada",
    "Sociedad comercial de responsabilidad limitada",
    "Empresa individual de responsabilidad limitada",
)
AEO_CATEGORIES = ("A", "B", "C")
MEMBER_ROLES = (
    "socio",
    "presidente",
    "vicepresidente",
    "secretario",
    "tesorero",
    "vocal",
    "fiscal",
)
SEXES = {"F": "Femenino", "M": "Masculino"}
COMPONENTS = ("activos_fijos", "intangibles", "capital_trabajo")
PAYERS = ("procompite", "aeo_monetario", "aeo_no_monetario")
EARLIEST_BIRTH = date(1900, 1, 1)


def _required(record: dict[str, Any], key: str, label: str) -> list[Problem]:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Problem(label, "Es obligatorio.")]
    return []


def _past_date(value: Any, label: str, today: date, earliest: date | None = None) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, date):
        return [Problem(label, "No es una fecha válida (use dd/mm/aaaa).")]
    if value > today:
        return [Problem(label, f"La fecha {value:%d/%m/%Y} está en el futuro.")]
    if earliest and value < earliest:
        return [Problem(label, f"La fecha {value:%d/%m/%Y} es anterior a {earliest:%d/%m/%Y}.")]
    return []


def _non_negative(record: dict[str, Any], key: str, label: str) -> list[Problem]:
    value = record.get(key)
    if value is not None and value < 0:
        return [Problem(label, "No puede ser negativo.")]
    return []


def _one_of(value: Any, allowed: tuple[str, ...] | dict, label: str) -> list[Problem]:
    if value in (None, ""):
        return []
    if value not in allowed:
        options = ", ".join(allowed)
        return [Problem(label, f"«{value}» no es una opción válida ({options}).")]
    return []


def organization_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = _required(record, "name", "Nombre")
    if message := ruc_problem(str(record.get("ruc") or "")):
        problems.append(Problem("RUC", message))
    problems += _required(record, "legal_form", "Forma jurídica")
    problems += _one_of(record.get("legal_form"), LEGAL_FORMS, "Forma jurídica")
    problems += _one_of(record.get("category"), AEO_CATEGORIES, "Categoría")
    problems += _past_date(record.get("constituted_on"), "Fecha de constitución", today)
    dni = record.get("representative_dni")
    if dni and (message := dni_problem(str(dni))):
        problems.append(Problem("DNI del representante", message))
    problems += _non_negative(record, "annual_sales_cents", "Ventas anuales")
    return problems


def member_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = []
    if message := dni_problem(str(record.get("dni") or "")):
        problems.append(Problem("DNI", message))
    problems += _required(record, "first_names", "Nombres")
    problems += _required(record, "last_names", "Apellidos")
    if record.get("sex") not in SEXES:
        problems.append(Problem("Sexo", "Indique F (femenino) o M (masculino)."))
    problems += _past_date(record.get("birth_date"), "Fecha de nacimiento", today, EARLIEST_BIRTH)
    problems += _one_of(record.get("role") or "socio", MEMBER_ROLES, "Cargo")
    problems += _past_date(record.get("joined_on"), "Fecha de ingreso", today)
    return problems


def padron_problems(members: list[dict[str, Any]], today: date) -> list[Problem]:
    """Every member's problems, prefixed with the row, plus DNIs repeated in the padrón."""
    problems = []
    seen: dict[str, int] = {}
    for row, member in enumerate(members, start=1):
        problems += [
            Problem(f"Socio {row}, {problem.field}", problem.message)
            for problem in member_problems(member, today)
        ]
        dni = str(member.get("dni") or "")
        if dni in seen:
            problems.append(
                Problem(f"Socio {row}, DNI", f"El DNI {dni} ya figura en el socio {seen[dni]}.")
            )
        seen.setdefault(dni, row)
    return problems


def plan_problems(record: dict[str, Any]) -> list[Problem]:
    problems = _required(record, "code", "Código") + _required(record, "title", "Título")
    duration = record.get("duration_months")
    if duration is not None and not 1 <= duration <= 120:
        problems.append(Problem("Duración (meses)", "Debe estar entre 1 y 120 meses."))
    for key, label in (
        ("beneficiaries_women", "Beneficiarias mujeres"),
        ("beneficiaries_men", "Beneficiarios hombres"),
        ("direct_jobs", "Empleos directos"),
        ("indirect_jobs", "Empleos indirectos"),
    ):
        problems += _non_negative(record, key, label)
    return problems


def budget_line_problems(line: dict[str, Any]) -> list[Problem]:
    problems = _one_of(line.get("component"), COMPONENTS, "Componente")
    problems += _required(line, "component", "Componente") + _required(line, "concept", "Concepto")
    quantity = line.get("quantity")
    if not isinstance(quantity, Decimal) or quantity <= 0:
        problems.append(Problem("Cantidad", "Debe ser un número mayor que cero."))
    cost = line.get("unit_cost_cents")
    if not isinstance(cost, int) or cost < 0:
        problems.append(Problem("Costo unitario", "Debe ser un monto en soles, cero o mayor."))
    problems += _required(line, "payer", "Financia") + _one_of(
        line.get("payer"), PAYERS, "Financia"
    )
    return problems


def cash_flow_problems(flow: dict[str, Any]) -> list[Problem]:
    problems = []
    year = flow.get("year")
    if not isinstance(year, int) or not 0 <= year <= 30:
        problems.append(Problem("Año", "Debe ser un año entre 0 y 30."))
    for key, label in (
        ("income_cents", "Ingresos"),
        ("operating_cost_cents", "Costos de operación"),
        ("investment_cents", "Inversión"),
        ("residual_value_cents", "Valor residual"),
    ):
        problems += _non_negative(flow, key, label)
    return problems
