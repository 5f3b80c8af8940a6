"""The checks every record's fields share: required, a past date, not negative, one of a list,
a length.

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
        return [Problem(label, f"La fecha {_shown(value)} está en el futuro.")]
    if earliest and value < earliest:
        return [Problem(label, f"La fecha {_shown(value)} es anterior a {_shown(earliest)}.")]
    return []


def _shown(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def max_length(record: dict[str, Any], key: str, label: str, limit: int) -> list[Problem]:
    value = record.get(key)
    if isinstance(value, str) and len(value) > limit:
        return [Problem(label, f"Tiene {len(value):,} caracteres; el máximo es {limit:,}.")]
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
