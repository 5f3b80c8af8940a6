"""The legal form of a call's acts: the norms they rest on, the city they are signed in, and the
route and term to appeal them — settings of the call, with the defaults of the law in force.

A dictamen and an acta cite these and say until which day they can be appealed: the term counts
working days (no Saturdays, Sundays or national holidays of Peru) from the day after the act is
notified, as the TUO of Ley 27444 (art. 145 and 218) counts them.
"""

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from procompite.common.dates import format_long
from procompite.common.errors import Problem


@dataclass(frozen=True)
class Norm:
    """A norm an act rests on: its number (``Ley N.° 29337``) and its title."""

    number: str
    title: str = ""

    def __str__(self) -> str:
        return f"{self.number}, {self.title}" if self.title else self.number


DEFAULT_NORMS = (
    Norm(
        "Ley N.° 29337",
        "Ley que establece disposiciones para apoyar la competitividad productiva, modificada "
        "por la Ley N.° 31502",
    ),
    Norm("Decreto Supremo N.° 001-2021-PRODUCE", "Reglamento de la Ley N.° 29337"),
    Norm(
        "Texto Único Ordenado de la Ley N.° 27444",
        "Ley del Procedimiento Administrativo General, aprobado por Decreto Supremo "
        "N.° 004-2019-JUS",
    ),
)
DEFAULT_APPEAL_KIND = "recurso de apelación"
DEFAULT_FILED_WITH = "el Comité de Evaluación de la convocatoria"
DEFAULT_HEARD_BY = "la Gerencia de Desarrollo Económico de la entidad"
DEFAULT_APPEAL_DAYS = 15
DEFAULT_CORRECTION_DAYS = 5
APPEAL_NORM = "artículo 218 del TUO de la Ley N.° 27444"
MAX_APPEAL_DAYS = 60


@dataclass(frozen=True)
class LegalTerms:
    """What every act of the call cites and how it can be appealed."""

    norms: tuple[Norm, ...] = DEFAULT_NORMS
    city: str = ""
    appeal_kind: str = DEFAULT_APPEAL_KIND
    appeal_filed_with: str = DEFAULT_FILED_WITH
    appeal_heard_by: str = DEFAULT_HEARD_BY
    appeal_days: int = DEFAULT_APPEAL_DAYS
    correction_days: int = DEFAULT_CORRECTION_DAYS


DEFAULT_TERMS = LegalTerms()
# The keys of a bases file (and of the editor) for each term.
LEGAL_FIELDS = {
    "city": "Ciudad",
    "appeal_kind": "Recurso",
    "appeal_filed_with": "Se presenta ante",
    "appeal_heard_by": "Lo resuelve",
    "appeal_days": "Plazo (días hábiles)",
    "correction_days": "Plazo para subsanar observaciones (días hábiles)",
}


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("PE", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_after(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the day of notification is not counted)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def appeal_deadline(terms: LegalTerms, notified_on: date) -> date:
    return working_days_after(notified_on, terms.appeal_days)


def appeal_notice(terms: LegalTerms, notified_on: date) -> str:
    """How and until when the act can be appealed, as the act prints it."""
    deadline = appeal_deadline(terms, notified_on)
    return (
        f"Contra lo resuelto procede {terms.appeal_kind}, que se presenta ante "
        f"{terms.appeal_filed_with} y resuelve {terms.appeal_heard_by}, dentro de los "
        f"{terms.appeal_days} días hábiles siguientes a su notificación ({APPEAL_NORM}). "
        f"Notificado el {format_long(notified_on)}, el plazo vence el {format_long(deadline)}."
    )


def norms_text(norms: tuple[Norm, ...]) -> str:
    return "; ".join(str(norm) for norm in norms)


# --- Reading, storing and exporting ------------------------------------------------------------


def legal_raw(terms: LegalTerms) -> dict[str, Any]:
    """The terms as a bases file and the editor carry them."""
    return {
        "norms": [{"number": norm.number, "title": norm.title} for norm in terms.norms],
        "city": terms.city,
        "appeal_kind": terms.appeal_kind,
        "appeal_filed_with": terms.appeal_filed_with,
        "appeal_heard_by": terms.appeal_heard_by,
        "appeal_days": terms.appeal_days,
        "correction_days": terms.correction_days,
    }


def _norms(value: Any, problems: list[Problem]) -> tuple[Norm, ...]:
    if value is None:
        return DEFAULT_NORMS
    if not isinstance(value, list):
        problems.append(Problem("Base legal", "debe ser una lista de normas."))
        return DEFAULT_NORMS
    norms = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("number", ""), str):
            problems.append(Problem(f"Norma {number}", "debe tener número y título."))
            continue
        code = (item.get("number") or "").strip()
        title = item.get("title") or ""
        if not isinstance(title, str):
            problems.append(Problem(f"Norma {number}, título", "debe ser un texto."))
            continue
        if not code:
            problems.append(Problem(f"Norma {number}, número", "está vacío."))
            continue
        norms.append(Norm(code, title.strip()))
    if not norms and not problems:
        problems.append(Problem("Base legal", "cite al menos una norma."))
    return tuple(norms)


def read_legal(raw: Any, problems: list[Problem]) -> LegalTerms:
    """The terms from a bases file or the editor; what is missing takes the default."""
    if raw is None:
        return DEFAULT_TERMS
    if not isinstance(raw, dict):
        problems.append(Problem("Base legal", "debe ser un objeto con sus campos."))
        return DEFAULT_TERMS
    texts = {}
    for key in ("city", "appeal_kind", "appeal_filed_with", "appeal_heard_by"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(LEGAL_FIELDS[key], "debe ser un texto."))
            value = None
        texts[key] = (value or "").strip() or getattr(DEFAULT_TERMS, key)
    days = {
        key: _days(raw.get(key), default, key, problems)
        for key, default in (
            ("appeal_days", DEFAULT_APPEAL_DAYS),
            ("correction_days", DEFAULT_CORRECTION_DAYS),
        )
    }
    return LegalTerms(_norms(raw.get("norms"), problems), **days, **texts)


def _days(value: Any, default: int, key: str, problems: list[Problem]) -> int:
    """A term in working days, 1 to :data:`MAX_APPEAL_DAYS`; empty takes the default."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if value in ("", None):
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_APPEAL_DAYS:
        problems.append(
            Problem(
                LEGAL_FIELDS[key],
                f"«{value}» no es un número de días hábiles entre 1 y {MAX_APPEAL_DAYS}.",
            )
        )
        return default
    return value


def legal_columns(terms: LegalTerms) -> dict[str, Any]:
    """The terms as the columns of ``calls`` keep them."""
    raw = legal_raw(terms)
    return {"legal_norms": json.dumps(raw.pop("norms"), ensure_ascii=False)} | raw


def stored_legal(call: dict[str, Any]) -> LegalTerms:
    """The terms of a stored call; a call stored before they existed has the defaults."""
    problems: list[Problem] = []
    norms = json.loads(call["legal_norms"]) if call.get("legal_norms") else None
    terms = read_legal(
        {
            "norms": norms,
            "city": call.get("city") or "",
            "appeal_kind": call.get("appeal_kind") or "",
            "appeal_filed_with": call.get("appeal_filed_with") or "",
            "appeal_heard_by": call.get("appeal_heard_by") or "",
            "appeal_days": call.get("appeal_days") or DEFAULT_APPEAL_DAYS,
            "correction_days": call.get("correction_days") or DEFAULT_CORRECTION_DAYS,
        },
        problems,
    )
    return terms if not problems else replace(DEFAULT_TERMS, city=call.get("city") or "")
