"""The affirmative points a plan earns under its call's rules (:mod:`procompite.calls.bonuses`).

Every figure is taken from the data as they stand when the plan is decided, and kept with the
verdict: the padrón of the AEO (women, and youth as the file defines them), the poverty,
extreme poverty and altitude of the plan's district (INEI, in the national geography), whether
the AEO won a call of this file before, and where the plan is. Arithmetic is exact: shares are
fractions of whole socios, compared with the rule's threshold without rounding; each line says
the figure that earned (or did not earn) its points.

The bonus is printed apart from the technical score and never lifts a plan whose technical
score is below the passing score, unless the call says the bonus counts for it."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlite_utils import Database

from procompite.calls.bonuses import SOURCES, BonusRule, read_rules
from procompite.evaluation.consolidation import format_points
from procompite.registry.padron import youth_age_under


@dataclass(frozen=True)
class BonusLine:
    rule: str
    wording: str
    figure: str
    points_h: int

    @property
    def record(self) -> dict[str, str]:
        return {
            "regla": self.rule,
            "condicion": self.wording,
            "dato": self.figure,
            "puntos": format_points(self.points_h),
        }


@dataclass(frozen=True)
class PlanFacts:
    """What the rules read of one plan."""

    socios: int = 0
    women: int = 0
    youth: int = 0
    youth_under: int = 30
    district: str = ""
    ubigeo: str = ""
    poverty: Decimal | None = None
    extreme_poverty: Decimal | None = None
    altitude: int | None = None
    funded_before: str = ""


def call_rules(db: Database, call_id: int) -> tuple[BonusRule, ...]:
    return read_rules(json.loads(db["calls"].get(call_id)["bonus_rules"]), [])


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def plan_facts(
    db: Database, call_id: int, today: date, plan_id: int | None = None
) -> dict[int, PlanFacts]:
    """Per plan of the call (or the one plan), the figures its bonus rules read."""
    youth_under = youth_age_under(db)
    born_after = date(today.year - youth_under, today.month, min(today.day, 28)).isoformat()
    only = "AND p.id = :plan" if plan_id is not None else ""
    sql = f"""
        SELECT p.id, p.organization_id,
               (SELECT count(*) FROM members m WHERE m.organization_id = p.organization_id),
               (SELECT count(*) FROM members m WHERE m.organization_id = p.organization_id
                AND m.sex = 'F'),
               (SELECT count(*) FROM members m WHERE m.organization_id = p.organization_id
                AND m.birth_date > :born_after),
               d.name || ', ' || pr.name || ', ' || dp.name, d.ubigeo, d.poverty_pct,
               d.extreme_poverty_pct, d.altitude_m,
               (SELECT group_concat(k.name || ' (' || q.code || ')', '; ')
                FROM plans q JOIN calls k ON k.id = q.call_id
                JOIN plan_allocations a ON a.plan_id = q.id AND a.outcome = 'ganador'
                WHERE q.organization_id = p.organization_id AND q.call_id <> p.call_id)
        FROM plans p
        LEFT JOIN districts d ON d.id = p.district_id
        LEFT JOIN provinces pr ON pr.id = d.province_id
        LEFT JOIN departments dp ON dp.id = pr.department_id
        WHERE p.call_id = :call {only}
    """
    facts = {}
    for row in db.execute(sql, {"call": call_id, "plan": plan_id, "born_after": born_after}):
        facts[row[0]] = PlanFacts(
            row[2],
            row[3],
            row[4],
            youth_under,
            row[5] or "",
            row[6] or "",
            _decimal(row[7]),
            _decimal(row[8]),
            row[9],
            row[10] or "",
        )
    return facts


def _share(part: int, whole: int, what: str) -> tuple[Fraction | None, str]:
    if not whole:
        return None, "el padrón no tiene socios"
    share = Fraction(part * 100, whole)
    shown = (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01"))
    return share, f"{part} de {whole} socios {what}: {shown:.2f} %"


def _figure(rule: BonusRule, facts: PlanFacts) -> tuple[Fraction | bool | None, str]:
    """The figure the rule reads, and how the documents say it."""
    source = rule.source
    if source == "women_share":
        return _share(facts.women, facts.socios, "son mujeres")
    if source == "youth_share":
        return _share(facts.youth, facts.socios, f"tienen menos de {facts.youth_under} años")
    if source == "first_funding":
        if facts.funded_before:
            return False, f"ya fue financiada: {facts.funded_before}"
        return True, "no fue financiada en otra convocatoria de este archivo"
    if not facts.ubigeo:
        return None, "el plan no indica su distrito"
    place = f"distrito {facts.district} (ubigeo {facts.ubigeo})"
    if source == "zone":
        inside = any(facts.ubigeo.startswith(p) for p in rule.places)
        return inside, f"{place}: {'dentro de' if inside else 'fuera de'} los lugares nombrados"
    value = {
        "district_poverty": facts.poverty,
        "district_extreme_poverty": facts.extreme_poverty,
        "district_altitude": facts.altitude,
    }[source]
    if value is None:
        return None, f"{place}: sin dato de {SOURCES[source].label}"
    unit = SOURCES[source].unit
    shown = f"{value:,} {unit}" if source == "district_altitude" else f"{value:.2f} %"
    return Fraction(Decimal(value)), f"{place}: {SOURCES[source].label} {shown}"


def rule_points(rule: BonusRule, figure: Fraction | bool | None) -> int:
    """The hundredths of a point the rule gives for the figure, never more than its cap."""
    if figure is None or figure is False:
        return 0
    if rule.formula == "si":
        earned = rule.points_h
    elif figure <= Fraction(rule.threshold):
        return 0
    elif rule.formula == "umbral":
        earned = rule.points_h
    else:
        steps = (figure - Fraction(rule.threshold)) // Fraction(rule.step)
        earned = int(steps) * rule.points_h
    return min(earned, rule.cap_h)


def bonus_lines(rules: tuple[BonusRule, ...], facts: PlanFacts) -> list[BonusLine]:
    lines = []
    for rule in rules:
        figure, text = _figure(rule, facts)
        lines.append(BonusLine(rule.name, rule.wording, text, rule_points(rule, figure)))
    return lines


def call_bonuses(
    db: Database, call_id: int, today: date, plan_id: int | None = None
) -> dict[int, list[BonusLine]]:
    """Per plan of the call (or the one plan), the lines of its bonus; none without rules."""
    rules = call_rules(db, call_id)
    if not rules:
        return {}
    return {
        plan: bonus_lines(rules, facts)
        for plan, facts in plan_facts(db, call_id, today, plan_id).items()
    }
