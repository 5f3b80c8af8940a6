"""Field rules for what the registry stores: organisations and the members of their padrón.

Each ``*_problems`` function takes a record whose values already have their Python types
(``str``, ``date``, ``int`` céntimos, ``Decimal`` quantities) and returns every problem found,
named by the Spanish field label the user sees. The forms and the importer share these rules.
"""

from datetime import date
from typing import Any

from procompite.common.errors import Problem
from procompite.common.field_checks import non_negative, one_of, past_date, required
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
EARLIEST_BIRTH = date(1900, 1, 1)


def organization_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = required(record, "name", "Nombre")
    if message := ruc_problem(str(record.get("ruc") or "")):
        problems.append(Problem("RUC", message))
    problems += required(record, "legal_form", "Forma jurídica")
    problems += one_of(record.get("legal_form"), LEGAL_FORMS, "Forma jurídica")
    problems += one_of(record.get("category"), AEO_CATEGORIES, "Categoría")
    problems += past_date(record.get("constituted_on"), "Fecha de constitución", today)
    dni = record.get("representative_dni")
    if dni and (message := dni_problem(str(dni))):
        problems.append(Problem("DNI del representante", message))
    problems += non_negative(record, "annual_sales_cents", "Ventas anuales")
    return problems


def member_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = []
    if message := dni_problem(str(record.get("dni") or "")):
        problems.append(Problem("DNI", message))
    problems += required(record, "first_names", "Nombres")
    problems += required(record, "last_names", "Apellidos")
    if record.get("sex") not in SEXES:
        problems.append(Problem("Sexo", "Indique F (femenino) o M (masculino)."))
    problems += past_date(record.get("birth_date"), "Fecha de nacimiento", today, EARLIEST_BIRTH)
    problems += one_of(record.get("role") or "socio", MEMBER_ROLES, "Cargo")
    problems += past_date(record.get("joined_on"), "Fecha de ingreso", today)
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
