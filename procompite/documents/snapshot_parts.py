"""What the snapshots of a dictamen and an acta share: their number and date, the call's name,
entity and year, and each committee member as printed."""

from datetime import date
from typing import Any

from procompite.common.dates import format_long
from procompite.evaluation.committee import CommitteeMember


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
