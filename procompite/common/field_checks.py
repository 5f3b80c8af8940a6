"""The checks every record's fields share: required, a past date, not negative, one of a list.

Each returns a list of problems, empty when the field is right, named by the label the user sees.
"""

from datetime import date
from typing import Any

from procompite.common.errors import Problem


def required(record: dict[str, Any], key: str, label: str) -> list[Problem]:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Problem(label, "Es obligatorio.")]
    return []


def past_date(value: Any, label: str, today: date, earliest: date | None = None) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, date):
        return [Problem(label, "No es una fecha válida (use dd/mm/aaaa).")]
    if value > today:
        return [Problem(label, f"La fecha {value:%d/%m/%Y} está en el futuro.")]
    if earliest and value < earliest:
        return [Problem(label, f"La fecha {value:%d/%m/%Y} es anterior a {earliest:%d/%m/%Y}.")]
    return []


def non_negative(record: dict[str, Any], key: str, label: str) -> list[Problem]:
    value = record.get(key)
    if value is not None and value < 0:
        return [Problem(label, "No puede ser negativo.")]
    return []


def one_of(value: Any, allowed: tuple[str, ...] | dict, label: str) -> list[Problem]:
    if value in (None, ""):
        return []
    if value not in allowed:
        options = ", ".join(allowed)
        return [Problem(label, f"«{value}» no es una opción válida ({options}).")]
    return []
