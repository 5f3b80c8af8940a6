"""A call's definition from what a user gave: the fields of the editor or a bases file.

Values arrive as text or as JSON gives them; each is read with the rules of the forms and the
spreadsheets (:mod:`procompite.common.values`): amounts in soles to céntimos, percentages to
basis points, dates as ``2025-03-01`` or ``01/03/2025``. Every problem names its field, its
category, document or stage by number, and nothing is read half: with a problem there is no
definition."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from procompite.calls.bonuses import read_rules
from procompite.calls.definition import (
    CONSOLIDATIONS,
    DISAGREEMENT_SHARE_BP,
    CallDefinition,
    Category,
    ChainChoice,
    RequiredDocument,
    Stage,
)
from procompite.calls.legal import read_legal
from procompite.common.errors import Problem
from procompite.common.values import (
    CellError,
    decimal_from_text,
    is_empty,
    parse_amount,
    parse_integer,
    parse_text,
    shown,
)
from procompite.common.values import parse_date as parse_date_cell

CATEGORY_FIELDS = {
    "code": "código",
    "name": "nombre",
    "min_members": "socios mínimos",
    "min_years": "años mínimos de existencia",
    "min_annual_sales": "ventas anuales mínimas",
    "min_cofinancing": "cofinanciamiento mínimo",
    "max_cofinancing": "cofinanciamiento máximo",
    "max_cofinancing_pct": "cofinanciamiento máximo %",
    "min_contribution_pct": "aporte mínimo %",
    "min_cash_contribution_pct": "aporte monetario mínimo %",
    "pool": "fondo de la categoría",
}
CALL_FIELDS = {
    "name": "Nombre",
    "year": "Año",
    "budget": "Monto autorizado",
    "discount_rate_pct": "Tasa de descuento %",
    "passing_score": "Puntaje mínimo aprobatorio",
    "consolidation": "Consolidación",
    "disagreement_share_pct": "Discrepancia máxima (% del máximo del criterio)",
    "quorum": "Quórum",
    "tie_breakers": "Criterios de desempate",
    "document_prefix": "Prefijo de documentos",
    "bases_resolution": "Resolución que aprueba las bases",
    "bases_resolution_on": "Fecha de la resolución de las bases",
    "committee_resolution": "Resolución que designa al comité",
    "committee_resolution_on": "Fecha de la resolución del comité",
    "bonus_counts_for_passing": "La bonificación cuenta para el puntaje mínimo",
}
# The gap in points of bases files written before the share of the criterion's maximum.
FORMER_GAP = ("disagreement_gap", "Discrepancia máxima en puntos")


class _Reader:
    """Reads fields of one record, keeping every problem under its label."""

    def __init__(self, record: Any, where: str, problems: list[Problem]):
        self.record = record if isinstance(record, dict) else {}
        self.where = where
        self.problems = problems
        if not isinstance(record, dict):
            problems.append(Problem(where, "debe ser un objeto con sus campos."))

    def _read(self, key: str, label: str, parser: Callable[[Any], Any], required: bool) -> Any:
        value = self.record.get(key)
        where = f"{self.where}, {label}" if self.where else label
        if is_empty(value):
            if required:
                self.problems.append(Problem(where, "está vacío."))
            return None
        try:
            return parser(value)
        except CellError as error:
            self.problems.append(Problem(where, str(error)))
            return None

    def text(self, key: str, label: str, required: bool = True) -> str | None:
        return (
            self._read(key, label, _text, required)
            if required
            else (self._read(key, label, _text, False) or "")
        )

    def integer(self, key: str, label: str, low: int, high: int, required: bool = True):
        return self._read(key, label, lambda v: _bounded(parse_integer(v), low, high), required)

    def amount(self, key: str, label: str, required: bool = True) -> int | None:
        return self._read(key, label, _amount, required)

    def percent(self, key: str, label: str, required: bool = True) -> int | None:
        return self._read(key, label, _basis_points, required)

    def number(self, key: str, label: str, required: bool = True) -> Decimal | None:
        return self._read(key, label, _decimal, required)

    def day(self, key: str, label: str, required: bool = True) -> date | None:
        return self._read(key, label, _date, required)


def _text(value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise CellError(f"«{shown(value)}» no es un texto.")
    return parse_text(value) or ""


def _bounded(number: int, low: int, high: int) -> int:
    if not low <= number <= high:
        raise CellError(f"{number} está fuera del rango de {low:,} a {high:,}.")
    return number


def _amount(value: Any) -> int:
    cents = parse_amount(value)
    if cents < 0:
        raise CellError(f"«{shown(value)}» es negativo.")
    return cents


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CellError(f"«{shown(value)}» no es un número.")
    number = decimal_from_text(str(value), "número")
    if number < 0:
        raise CellError(f"«{shown(value)}» es negativo.")
    return number


def _basis_points(value: Any) -> int:
    percent = _decimal(
        str(value).strip().removesuffix("%").strip() if isinstance(value, str) else value
    )
    if percent > 100:
        raise CellError(f"«{shown(value)}» pasa del 100 %.")
    basis_points = percent * 100
    if basis_points != basis_points.to_integral_value():
        raise CellError(f"«{shown(value)}» tiene más de dos decimales.")
    return int(basis_points)


def _or_default(value: Any, default: Any) -> Any:
    return default if value is None else value


def _date(value: Any) -> date:
    if not isinstance(value, str | date):
        raise CellError(f"«{shown(value)}» no es una fecha: escriba aaaa-mm-dd o dd/mm/aaaa.")
    return parse_date_cell(value)


def _flag(raw: dict, key: str, problems: list[Problem]) -> bool:
    value = raw.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.append(Problem(CALL_FIELDS[key], "debe ser true o false."))
        return False
    return value


def _items(raw: dict, key: str, label: str, problems: list[Problem]) -> list:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(label, "debe ser una lista."))
        return []
    return value


def _category(item: Any, number: int, problems: list[Problem]) -> Category | None:
    before = len(problems)
    reader = _Reader(item, f"Categoría {number}", problems)
    labels = CATEGORY_FIELDS
    values = {
        "code": reader.text("code", labels["code"]),
        "name": reader.text("name", labels["name"]),
        "min_members": reader.integer("min_members", labels["min_members"], 1, 100_000),
        "min_years": reader.integer("min_years", labels["min_years"], 0, 200, required=False) or 0,
        "min_annual_sales_cents": reader.amount(
            "min_annual_sales", labels["min_annual_sales"], required=False
        )
        or 0,
        "min_cofinancing_cents": reader.amount("min_cofinancing", labels["min_cofinancing"]),
        "max_cofinancing_cents": reader.amount("max_cofinancing", labels["max_cofinancing"]),
        "max_cofinancing_bp": reader.percent("max_cofinancing_pct", labels["max_cofinancing_pct"]),
        "min_contribution_bp": reader.percent(
            "min_contribution_pct", labels["min_contribution_pct"]
        ),
        "min_cash_contribution_bp": reader.percent(
            "min_cash_contribution_pct", labels["min_cash_contribution_pct"]
        ),
        "budget_cents": reader.amount("pool", labels["pool"], required=False),
    }
    return None if len(problems) > before else Category(**values)


def _document(item: Any, number: int, problems: list[Problem]) -> RequiredDocument | None:
    before = len(problems)
    reader = _Reader(item, f"Documento {number}", problems)
    code, name = reader.text("code", "código"), reader.text("name", "nombre")
    required = reader.record.get("required", True)
    if not isinstance(required, bool):
        problems.append(Problem(f"Documento {number}, obligatorio", "debe ser true o false."))
    return None if len(problems) > before else RequiredDocument(code, name, required)


def _stage(item: Any, number: int, problems: list[Problem]) -> Stage | None:
    before = len(problems)
    reader = _Reader(item, f"Cronograma, etapa {number}", problems)
    name = reader.text("name", "nombre")
    starts, ends = reader.day("starts_on", "desde"), reader.day("ends_on", "hasta")
    return None if len(problems) > before else Stage(name, starts, ends)


def _tie_breakers(raw: dict, known: dict[str, str], problems: list[Problem]) -> tuple[str, ...]:
    chosen = []
    for value in _items(raw, "tie_breakers", CALL_FIELDS["tie_breakers"], problems):
        code = (
            value
            if value in known
            else next(
                (key for key, label in known.items() if str(value).casefold() == label.casefold()),
                None,
            )
        )
        if code is None:
            options = "; ".join(f"{key} ({label})" for key, label in known.items())
            problems.append(
                Problem(CALL_FIELDS["tie_breakers"], f"«{shown(value)}» no es uno de: {options}.")
            )
        else:
            chosen.append(code)
    return tuple(chosen)


def read_definition(
    raw: Any,
    *,
    tie_breakers: dict[str, str],
    chains: tuple[ChainChoice, ...] = (),
) -> tuple[CallDefinition | None, list[Problem]]:
    """The definition in ``raw`` (the call's fields, ``categories``, ``documents``, ``stages``),
    or ``None`` with every problem; ``tie_breakers`` are the known ones, code to label."""
    problems: list[Problem] = []
    reader = _Reader(raw, "", problems)
    labels = CALL_FIELDS
    consolidation = reader.text("consolidation", labels["consolidation"], required=False) or "mean"
    if consolidation not in CONSOLIDATIONS:
        code = next(
            (k for k, v in CONSOLIDATIONS.items() if v.casefold() == consolidation.casefold()), None
        )
        if code is None:
            problems.append(
                Problem(labels["consolidation"], "debe ser «mean» (promedio) o «median» (mediana).")
            )
        consolidation = code or "mean"
    values = {
        "name": reader.text("name", labels["name"]),
        "year": reader.integer("year", labels["year"], 2009, 2100),
        "budget_cents": reader.amount("budget", labels["budget"]),
        "discount_rate_bp": reader.percent("discount_rate_pct", labels["discount_rate_pct"]),
        "passing_score": reader.number("passing_score", labels["passing_score"]),
        "consolidation": consolidation,
        "disagreement_share_bp": _or_default(
            reader.percent(
                "disagreement_share_pct", labels["disagreement_share_pct"], required=False
            ),
            DISAGREEMENT_SHARE_BP,
        ),
        "disagreement_gap": _or_default(reader.number(*FORMER_GAP, False), Decimal(2)),
        "quorum": reader.integer("quorum", labels["quorum"], 1, 15, required=False) or 3,
        "tie_breakers": _tie_breakers(reader.record, tie_breakers, problems),
        "document_prefix": reader.text("document_prefix", labels["document_prefix"], False),
        "bases_resolution": reader.text("bases_resolution", labels["bases_resolution"], False),
        "bases_resolution_on": reader.day(
            "bases_resolution_on", labels["bases_resolution_on"], False
        ),
        "committee_resolution": reader.text(
            "committee_resolution", labels["committee_resolution"], False
        ),
        "committee_resolution_on": reader.day(
            "committee_resolution_on", labels["committee_resolution_on"], False
        ),
        "prioritization_id": None,
        "chains": chains,
        "legal": read_legal(reader.record.get("legal"), problems),
        "bonus_rules": read_rules(reader.record.get("bonus_rules"), problems),
        "bonus_counts_for_passing": _flag(reader.record, "bonus_counts_for_passing", problems),
    }
    record = reader.record
    parts = (
        ("categories", "Categorías", _category),
        ("documents", "Documentos", _document),
        ("stages", "Cronograma", _stage),
    )
    for key, label, read in parts:
        items = [
            read(item, n, problems)
            for n, item in enumerate(_items(record, key, label, problems), 1)
        ]
        values[key] = tuple(item for item in items if item is not None)
    if problems:
        return None, problems
    return CallDefinition(**values), []
