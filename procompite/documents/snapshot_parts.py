"""What the snapshots of a dictamen and an acta share: their number and date, the call's name,
entity and year, each committee member as printed, and the legal part: the norms and
resolutions they rest on, the city they are signed in, and how and until when to appeal."""

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.calls.bonuses import read_rules
from procompite.calls.entity import PLACE_KEY
from procompite.calls.legal import appeal_deadline, appeal_notice, stored_legal
from procompite.common.dates import format_long
from procompite.evaluation.committee import CommitteeMember
from procompite.evaluation.consolidation import format_points
from procompite.evaluation.results import PlanResult
from procompite.storage.settings import setting


def dated_number(number: str, issued_on: date) -> dict[str, str]:
    return {"numero": number, "fecha": issued_on.isoformat(), "fecha_texto": format_long(issued_on)}


def call_identity(call: dict[str, Any]) -> dict[str, Any]:
    return {"nombre": call["name"], "entidad": call["entity_name"], "anio": call["year"]}


def member_entry(member: CommitteeMember) -> dict[str, str]:
    return {
        "nombre": member.full_name,
        "dni": member.dni,
        "cargo": member.role_label,
        "institucion": member.institution,
    }


def signing_city(db: Database, call: dict[str, Any]) -> str:
    """The city the call's acts are signed in: the call's setting, else the capital district
    of the entity's place, or of the call's department (INEI numbers a capital ``..01``)."""
    terms = stored_legal(call)
    if terms.city:
        return terms.city
    ubigeo = (setting(db, PLACE_KEY) or "")[:4]
    if not ubigeo and call.get("department_id"):
        row = db.execute(
            "SELECT ubigeo FROM departments WHERE id = ?", [call["department_id"]]
        ).fetchone()
        ubigeo = row[0] if row else ""
    capital = (ubigeo + "0101")[:6] if len(ubigeo) == 2 else (ubigeo + "01")[:6]
    row = db.execute("SELECT name FROM districts WHERE ubigeo = ?", [capital]).fetchone()
    return row[0] if row else call["entity_name"]


def legal_part(db: Database, call: dict[str, Any], notified_on: date) -> dict[str, Any]:
    """What an act of the call cites and says about appealing it, notified on ``notified_on``
    (the day it is issued, unless recorded otherwise)."""
    terms = stored_legal(call)
    resolutions = [
        f"{label} {number}" + (f", del {format_long(on)}" if on else "")
        for label, number, on in (
            ("Bases aprobadas por", call["bases_resolution"], call["bases_resolution_on"]),
            ("Comité designado por", call["committee_resolution"], call["committee_resolution_on"]),
        )
        if number
    ]
    return {
        "normas": [str(norm) for norm in terms.norms],
        "resoluciones": resolutions,
        "ciudad": signing_city(db, call),
        "recurso": appeal_notice(terms, notified_on),
        "vence": appeal_deadline(terms, notified_on).isoformat(),
    }


def waiting_list(results) -> dict[int, int]:
    """Each accesitario's place in the waiting list of its category's pool (1 first)."""
    places: dict[int, int] = {}
    counts: dict[str, int] = {}
    for plan in sorted(
        (p for p in results.ranking if p.allocation.outcome == "accesitario"),
        key=lambda p: (p.allocation.pool, p.allocation.rank or 0),
    ):
        counts[plan.allocation.pool] = counts.get(plan.allocation.pool, 0) + 1
        places[plan.plan_id] = counts[plan.allocation.pool]
    return places


def bonus_terms(call: dict) -> dict:
    """The call's bonus rules as its documents print them (none: an empty part)."""
    rules = read_rules(json.loads(call["bonus_rules"]), [])
    if not rules:
        return {}
    return {
        "bonificaciones": [{"regla": rule.name, "condicion": rule.wording} for rule in rules],
        "bonificacion_cuenta_para_minimo": bool(call["bonus_counts_for_passing"]),
    }


def score_parts(plan: PlanResult, bonus: bool) -> dict:
    """A ranked plan's bonus and final score, beside its technical «puntaje», when the call
    gives bonus points."""
    if not bonus:
        return {}
    return {"bonificacion": format_points(plan.bonus_h), "final": format_points(plan.final_h)}
