"""Field rules for what the registry stores: organisations and the members of their padrón.

Each ``*_problems`` function takes a record whose values already have their Python types
(``str``, ``date``, ``int`` céntimos, ``Decimal`` quantities) and returns every problem found,
named by the Spanish field label the user sees. The forms and the importer share these rules.
"""

import re
from datetime import date
from typing import Any

from procompite.common.dates import age_on
from procompite.common.errors import Problem
from procompite.common.field_checks import max_length, non_negative, one_of, past_date, required
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
    "socia",
    "presidente",
    "presidenta",
    "vicepresidente",
    "vicepresidenta",
    "secretario",
    "secretaria",
    "tesorero",
    "tesorera",
    "vocal",
    "fiscal",
)
SEXES = {"F": "Femenino", "M": "Masculino"}
EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_DATE = date(1900, 1, 1)
OLDEST_AGE = 100
# Every legal form an AEO may take is a legal person: SUNAT gives them RUC 20.
LEGAL_PERSON_PREFIX = "20"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ORGANIZATION_LENGTHS = (
    ("name", "Nombre", 200),
    ("registry_entry", "Partida registral", 40),
    ("address", "Dirección", 300),
    ("representative_name", "Representante legal", 150),
    ("phone", "Teléfono", 40),
    ("email", "Correo", 120),
    ("notes", "Observaciones", 2000),
)
MEMBER_LENGTHS = (("first_names", "Nombres", 100), ("last_names", "Apellidos", 100))


def _lengths(record: dict[str, Any], limits) -> list[Problem]:
    return [
        problem for key, label, limit in limits for problem in max_length(record, key, label, limit)
    ]


def organization_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = required(record, "name", "Nombre")
    if message := ruc_problem(str(record.get("ruc") or "")):
        problems.append(Problem("RUC", message))
    problems += required(record, "legal_form", "Forma jurídica")
    problems += one_of(record.get("legal_form"), LEGAL_FORMS, "Forma jurídica")
    problems += one_of(record.get("category"), AEO_CATEGORIES, "Categoría")
    problems += past_date(
        record.get("constituted_on"), "Fecha de constitución", today, EARLIEST_DATE
    )
    dni = record.get("representative_dni")
    if dni and (message := dni_problem(str(dni))):
        problems.append(Problem("DNI del representante", message))
    problems += non_negative(record, "annual_sales_cents", "Ventas anuales")
    problems += _legal_person_ruc(record)
    email = record.get("email")
    if email and not EMAIL.fullmatch(str(email).strip()):
        problems.append(
            Problem("Correo", f"«{str(email)[:40]}» no es un correo (falta la @ o el dominio).")
        )
    return problems + _lengths(record, ORGANIZATION_LENGTHS)


def _legal_person_ruc(record: dict[str, Any]) -> list[Problem]:
    ruc, form = str(record.get("ruc") or ""), record.get("legal_form")
    if form not in LEGAL_FORMS or ruc_problem(ruc) or ruc.startswith(LEGAL_PERSON_PREFIX):
        return []
    whose = "persona natural" if ruc.startswith("10") else "otro tipo de contribuyente"
    return [
        Problem(
            "RUC",
            f"Una {form.lower()} es persona jurídica: su RUC empieza por 20 (el RUC {ruc} "
            f"empieza por {ruc[:2]}, que es de {whose}).",
        )
    ]


def member_problems(record: dict[str, Any], today: date) -> list[Problem]:
    problems = []
    if message := dni_problem(str(record.get("dni") or "")):
        problems.append(Problem("DNI", message))
    problems += required(record, "first_names", "Nombres")
    problems += required(record, "last_names", "Apellidos")
    if record.get("sex") not in SEXES:
        problems.append(Problem("Sexo", "Indique F (femenino) o M (masculino)."))
    birth, joined = record.get("birth_date"), record.get("joined_on")
    problems += past_date(birth, "Fecha de nacimiento", today, EARLIEST_BIRTH)
    if (
        isinstance(birth, date)
        and EARLIEST_BIRTH <= birth <= today
        and (age := age_on(birth, today)) > OLDEST_AGE
    ):
        problems.append(
            Problem(
                "Fecha de nacimiento",
                f"Con esa fecha el socio tendría {age} años: revise el año.",
            )
        )
    problems += one_of(record.get("role") or "socio", MEMBER_ROLES, "Cargo")
    problems += past_date(joined, "Fecha de ingreso", today, EARLIEST_DATE)
    if isinstance(birth, date) and isinstance(joined, date) and joined < birth:
        problems.append(
            Problem("Fecha de ingreso", "Es anterior a la fecha de nacimiento del socio.")
        )
    return problems + _lengths(record, MEMBER_LENGTHS)


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
