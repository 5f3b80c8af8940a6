"""An AEO and its socios from rows of text (typed in a grid or pasted from a spreadsheet).

Each function returns the record and the problems found, named by the column the user sees.
"""

from typing import Any

from procompite.common.errors import Problem
from procompite.common.parsing import parse_amount_cents, parse_date, parse_field

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


def member_from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    sex_text = (cells.get("sex") or "").strip().casefold()
    member = {
        "dni": (cells.get("dni") or "").strip(),
        "first_names": (cells.get("first_names") or "").strip(),
        "last_names": (cells.get("last_names") or "").strip(),
        "sex": SEX_WORDS.get(sex_text, sex_text.upper() or None),
        "birth_date": parse_field(cells, "birth_date", "Fecha de nacimiento", parse_date, problems),
        "role": (cells.get("role") or "socio").strip().casefold(),
        "joined_on": parse_field(cells, "joined_on", "Fecha de ingreso", parse_date, problems),
    }
    return member, problems


def organization_from_cells(cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Form fields as text (ids already chosen from lists) to an organisation record."""
    problems: list[Problem] = []
    record = {
        key: value.strip() if isinstance(value, str) else value for key, value in cells.items()
    }
    record["constituted_on"] = parse_field(
        cells, "constituted_on", "Fecha de constitución", parse_date, problems
    )
    record["annual_sales_cents"] = parse_field(
        cells, "annual_sales", "Ventas anuales", parse_amount_cents, problems
    )
    record.pop("annual_sales", None)
    return record, problems
