"""Figures of a padrón de socios: members, women, youth and average age."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.dates import age_on
from procompite.storage.settings import setting


@dataclass(frozen=True)
class PadronFigures:
    members: int
    women_pct: float | None
    youth_pct: float | None
    average_age: float | None

    def text(self, youth_under: int) -> str:
        def pct(value: float | None) -> str:
            return "—" if value is None else f"{value:.1f} %"

        age = "—" if self.average_age is None else f"{self.average_age:.1f} años"
        return (
            f"{self.members} socios · mujeres {pct(self.women_pct)} · "
            f"jóvenes (< {youth_under} años) {pct(self.youth_pct)} · edad promedio {age}"
        )


def padron_figures(members: list[dict[str, Any]], today: date, youth_under: int) -> PadronFigures:
    """Members as dicts with ``sex`` and ``birth_date`` (a ``date`` or ``None``)."""
    count = len(members)
    if not count:
        return PadronFigures(0, None, None, None)
    women = sum(1 for member in members if member.get("sex") == "F")
    ages = [
        age_on(m["birth_date"], today) for m in members if isinstance(m.get("birth_date"), date)
    ]
    youth = sum(1 for age in ages if age < youth_under)
    return PadronFigures(
        count,
        100 * women / count,
        100 * youth / len(ages) if ages else None,
        sum(ages) / len(ages) if ages else None,
    )


DEFAULT_YOUTH_AGE_UNDER = 30


def youth_age_under(db: Database) -> int:
    """The age under which a socio counts as young, as the file sets it (30 unless changed)."""
    return int(setting(db, "youth_age_under", str(DEFAULT_YOUTH_AGE_UNDER)))
