"""The fields of a follow-up record (an agreement, a purchase, a delivery, a visit) and reading
them from what a user typed or a spreadsheet cell holds, with the rules of
:mod:`procompite.common.values`: the window and the visits file accept the same values."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from procompite.common.errors import Problem
from procompite.common.identifiers import dni_problem, ruc_problem
from procompite.common.values import (
    CellError,
    canonical_quantity,
    is_empty,
    parse_amount,
    parse_date,
    parse_identifier,
    parse_integer,
    parse_quantity,
    parse_text,
)

YES = {"sí", "si", "s", "x", "1", "true", "verdadero"}
NO = {"no", "n", "0", "false", "falso"}


@dataclass(frozen=True)
class Field:
    """One field: the record's column, its label in forms and files, how it is read."""

    name: str
    label: str
    kind: str  # text, amount, integer, quantity, date, choice, yesno, lines, ruc, dni
    required: bool = False
    choices: Mapping[str, str] = field(default_factory=dict)
    help: str = ""


def _choice(value: Any, choices: Mapping[str, str]) -> str:
    wanted = str(value).strip().casefold()
    for code, label in choices.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    raise CellError(
        f"«{value}» no es una opción: use " + ", ".join(f"«{label}»" for label in choices.values())
    )


def _yes_no(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    text = str(value).strip().casefold()
    if text in YES:
        return 1
    if text in NO:
        return 0
    raise CellError(f"«{value}» no es «sí» ni «no».")


def _lines(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        items = [str(item) for item in value]
    else:
        items = str(value).replace(";", "\n").splitlines()
    return [item.strip() for item in items if item.strip()]


def _identifier(value: Any, problem) -> str:
    text = parse_identifier(value)
    if text and (message := problem(text)):
        raise CellError(message)
    return text


def read_value(spec: Field, value: Any) -> Any:
    """The stored value of one field (``None`` when empty), or ``CellError``."""
    if is_empty(value) or (isinstance(value, list | tuple) and not value):
        return [] if spec.kind == "lines" else None
    if spec.kind == "amount":
        cents = parse_amount(value)
        if cents is not None and cents < 0:
            raise CellError("No puede ser negativo.")
        return cents
    if spec.kind == "integer":
        number = parse_integer(value)
        if number is not None and number < 0:
            raise CellError("No puede ser negativo.")
        return number
    if spec.kind == "quantity":
        quantity = parse_quantity(value)
        if quantity is not None and quantity < 0:
            raise CellError("No puede ser negativo.")
        return None if quantity is None else canonical_quantity(quantity)
    if spec.kind == "date":
        found = parse_date(value)
        return None if found is None else found.isoformat()
    if spec.kind == "choice":
        return _choice(value, spec.choices)
    if spec.kind == "yesno":
        return _yes_no(value)
    if spec.kind == "lines":
        return _lines(value)
    if spec.kind == "ruc":
        return _identifier(value, ruc_problem)
    if spec.kind == "dni":
        return _identifier(value, dni_problem)
    return parse_text(value)


def read_fields(
    specs: Iterable[Field], raw: Mapping[str, Any], where: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Every field of ``specs`` read from ``raw`` (by name); problems say ``where, label``."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in specs:
        try:
            value = read_value(spec, raw.get(spec.name))
        except CellError as error:
            problems.append(Problem(f"{where}, {spec.label}", str(error)))
            continue
        if spec.required and value in (None, []):
            problems.append(Problem(f"{where}, {spec.label}", "Es obligatorio."))
            continue
        values[spec.name] = value
    return values, problems
