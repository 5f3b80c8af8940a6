"""The affirmative points a call may give: its bonus rules, each a setting of the bases.

A rule has a name, a source (a figure of the AEO, its padrón or the plan's district), a formula
from a fixed menu and a cap:

- ``tramos``: ``points`` for each whole ``step`` the figure is above ``threshold``
  (+1 point per 10 % of women above 30 %, up to 3);
- ``umbral``: ``points`` when the figure is above ``threshold`` (+2 when the district's
  poverty is above 40 %);
- ``si``: ``points`` when the condition holds (an AEO never funded before, a plan in one of the
  places the call names: departments, provinces or districts by their ubigeo).

Points are in hundredths of a point, like every score; thresholds and steps are exact decimals.
A rule never gives more than its cap. The rules are stored with the call as JSON and travel in
its bases file; :func:`rule_problems` says what keeps a rule from being saved."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from procompite.common.errors import Problem


@dataclass(frozen=True)
class Source:
    label: str
    unit: str
    boolean: bool = False
    subject: str = ""


SOURCES = {
    "women_share": Source(
        "mujeres en el padrón", "%", subject="la proporción de mujeres en el padrón"
    ),
    "youth_share": Source(
        "socios jóvenes en el padrón", "%", subject="la proporción de socios jóvenes"
    ),
    "district_poverty": Source(
        "pobreza del distrito del plan (INEI)", "%", subject="la pobreza del distrito (INEI)"
    ),
    "district_extreme_poverty": Source(
        "pobreza extrema del distrito del plan (INEI)",
        "%",
        subject="la pobreza extrema del distrito (INEI)",
    ),
    "district_altitude": Source(
        "altitud del distrito del plan", "m s. n. m.", subject="la altitud del distrito"
    ),
    "first_funding": Source("la AEO no fue financiada antes en este archivo", "", True),
    "zone": Source("el plan está en los lugares que nombra la convocatoria", "", True),
}
FORMULAS = {
    "tramos": "puntos por cada tramo sobre el umbral",
    "umbral": "puntos si supera el umbral",
    "si": "puntos si se cumple",
}
MAX_RULE_POINTS_H = 10_000


@dataclass(frozen=True)
class BonusRule:
    name: str
    source: str
    formula: str
    points_h: int
    cap_h: int
    threshold: Decimal = Decimal(0)
    step: Decimal = Decimal(0)
    places: tuple[str, ...] = ()

    @property
    def wording(self) -> str:
        """The rule in one line, as the bases and the documents print it."""
        source = SOURCES[self.source]
        unit = f" {source.unit}" if source.unit else ""
        points = _points_text(self.points_h)
        if self.formula == "tramos":
            text = (
                f"+{points} por cada {_number(self.step)}{unit} de {source.label} sobre "
                f"{_number(self.threshold)}{unit}"
            )
        elif self.formula == "umbral":
            text = f"+{points} si {source.subject} supera {_number(self.threshold)}{unit}"
        else:
            text = f"+{points} si {source.label}"
            if self.places:
                text += f" ({', '.join(self.places)})"
        return f"{text}; tope {_points_text(self.cap_h)}"


def _points_text(value_h: int) -> str:
    amount = Decimal(value_h) / 100
    return f"{amount:.2f} punto" + ("" if value_h == 100 else "s")


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rule_record(rule: BonusRule) -> dict[str, Any]:
    """The rule as the call stores it and the bases file carries it."""
    record: dict[str, Any] = {
        "name": rule.name,
        "source": rule.source,
        "formula": rule.formula,
        "points": _points_plain(rule.points_h),
        "cap": _points_plain(rule.cap_h),
    }
    if rule.formula != "si":
        record["threshold"] = _number(rule.threshold)
    if rule.formula == "tramos":
        record["step"] = _number(rule.step)
    if rule.places:
        record["places"] = list(rule.places)
    return record


def _points_plain(value_h: int) -> str:
    return f"{Decimal(value_h) / 100:.2f}"


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip().replace(",", ".").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _hundredths(value: Decimal) -> int | None:
    scaled = value * 100
    return int(scaled) if scaled == scaled.to_integral_value() else None


def read_rule(raw: Any, number: int, problems: list[Problem]) -> BonusRule | None:
    """A rule from what the editor or a bases file gave, or ``None`` with its problems."""
    where = f"Bonificación {number}"
    if not isinstance(raw, dict):
        problems.append(Problem(where, "debe ser un objeto con sus campos."))
        return None
    before = len(problems)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(f"{where}, nombre", "está vacío."))
        name = ""
    source, formula = raw.get("source"), raw.get("formula")
    if source not in SOURCES:
        options = "; ".join(f"{key} ({value.label})" for key, value in SOURCES.items())
        problems.append(Problem(f"{where}, fuente", f"«{source}» no es una de: {options}."))
    if formula not in FORMULAS:
        options = "; ".join(f"{key} ({label})" for key, label in FORMULAS.items())
        problems.append(Problem(f"{where}, fórmula", f"«{formula}» no es una de: {options}."))
    elif source in SOURCES and SOURCES[source].boolean != (formula == "si"):
        problems.append(
            Problem(
                f"{where}, fórmula",
                f"una condición (sí o no) usa «{FORMULAS['si']}»; una cifra, "
                f"«{FORMULAS['tramos']}» o «{FORMULAS['umbral']}».",
            )
        )
    values: dict[str, Any] = {}
    for key, label, needed in (
        ("points", "puntos", True),
        ("cap", "tope", False),
        ("threshold", "umbral", formula in ("tramos", "umbral")),
        ("step", "tramo", formula == "tramos"),
    ):
        raw_value = raw.get(key)
        if raw_value in (None, ""):
            if needed:
                problems.append(Problem(f"{where}, {label}", "está vacío."))
            continue
        number_value = _decimal(raw_value)
        if number_value is None or number_value < 0:
            problems.append(
                Problem(f"{where}, {label}", f"«{raw_value}» no es un número positivo.")
            )
            continue
        values[key] = number_value
    for key, label in (("points", "puntos"), ("cap", "tope")):
        if key in values:
            value_h = _hundredths(values[key])
            if value_h is None or not 0 < value_h <= MAX_RULE_POINTS_H:
                problems.append(
                    Problem(
                        f"{where}, {label}",
                        "debe ser mayor que 0 y hasta 100 puntos, con dos decimales a lo más.",
                    )
                )
            values[key] = value_h
    if formula == "tramos" and values.get("step") == 0:
        problems.append(Problem(f"{where}, tramo", "debe ser mayor que 0."))
    places = raw.get("places") or []
    if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
        problems.append(Problem(f"{where}, lugares", "debe ser una lista de ubigeos."))
        places = []
    places = [p.strip() for p in places if p.strip()]
    for place in places:
        if len(place) not in (2, 4, 6) or not place.isascii() or not place.isdigit():
            problems.append(
                Problem(
                    f"{where}, lugares",
                    f"«{place}» no es un ubigeo (2 cifras el departamento, 4 la provincia, "
                    "6 el distrito).",
                )
            )
    if source == "zone" and not places:
        problems.append(Problem(f"{where}, lugares", "nombre al menos un lugar."))
    if len(problems) > before:
        return None
    points_h = values["points"]
    return BonusRule(
        name.strip(),
        source,
        formula,
        points_h,
        values.get("cap") or points_h,
        values.get("threshold", Decimal(0)),
        values.get("step", Decimal(0)),
        tuple(places),
    )


def read_rules(raw: Any, problems: list[Problem]) -> tuple[BonusRule, ...]:
    """The rules of a list, each checked; a list with a problem gives none."""
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list):
        problems.append(Problem("Bonificaciones", "debe ser una lista."))
        return ()
    before = len(problems)
    rules = [read_rule(item, number, problems) for number, item in enumerate(raw, 1)]
    names = [rule.name.casefold() for rule in rules if rule is not None]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(Problem("Bonificaciones", f"el nombre «{name}» se repite."))
    if len(problems) > before:
        return ()
    return tuple(rule for rule in rules if rule is not None)
