"""Saving and loading organisations (AEO) with their padrón de socios.

Every save validates the whole record first, then writes it and its audit entry in one
transaction: all of it or none.
"""

from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.registry.validation import organization_problems, padron_problems
from procompite.storage import audit

ORGANIZATION_FIELDS = (
    "name",
    "ruc",
    "legal_form",
    "category",
    "constituted_on",
    "registry_entry",
    "district_id",
    "address",
    "representative_name",
    "representative_dni",
    "phone",
    "email",
    "chain_id",
    "annual_sales_cents",
    "notes",
)
MEMBER_FIELDS = ("dni", "first_names", "last_names", "sex", "birth_date", "role", "joined_on")
DATE_FIELDS = {"constituted_on", "birth_date", "joined_on"}
TEXT_DEFAULTS = {
    "category": "",
    "registry_entry": "",
    "address": "",
    "representative_name": "",
    "phone": "",
    "email": "",
    "notes": "",
    "role": "socio",
}


def to_row(record: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """A record as stored: dates as ISO text, empty optional text as its default."""
    row = {}
    for key in fields:
        value = record.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") and key in TEXT_DEFAULTS:
            value = TEXT_DEFAULTS[key]
        elif value == "":
            value = None
        row[key] = value
    return row


def from_row(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {key: parse_iso(row[key]) if key in DATE_FIELDS else row[key] for key in fields}


def load_organization(db: Database, organization_id: int) -> tuple[dict, list[dict]]:
    """The organisation and its members, with dates as ``date``."""
    record = from_row(db["organizations"].get(organization_id), ORGANIZATION_FIELDS)
    members = [
        from_row(row, MEMBER_FIELDS)
        for row in db["members"].rows_where("organization_id = ?", [organization_id], order_by="id")
    ]
    return record, members


def _ruc_taken(db: Database, ruc: str, organization_id: int | None) -> list[Problem]:
    row = db.execute(
        "SELECT name FROM organizations WHERE ruc = ? AND id IS NOT ?", [ruc, organization_id]
    ).fetchone()
    return [Problem("RUC", f"El RUC {ruc} ya está registrado para «{row[0]}».")] if row else []


def save_organization(
    db: Database,
    record: dict[str, Any],
    members: list[dict[str, Any]],
    *,
    organization_id: int | None = None,
    actor: str = "usuario",
    today: date | None = None,
    at: str | None = None,
) -> int:
    """Create or update an organisation with its whole padrón; returns its id.

    Members are matched by DNI: new ones are added, changed ones updated, and those no longer
    in ``members`` removed. Raises :class:`ValidationError` listing every problem.
    """
    today = today or date.today()
    at = at or now_iso()
    row = to_row(record, ORGANIZATION_FIELDS)
    problems = organization_problems(record, today) + padron_problems(members, today)
    problems += _ruc_taken(db, row["ruc"] or "", organization_id)
    if problems:
        raise ValidationError(problems)
    member_rows = [to_row(member, MEMBER_FIELDS) for member in members]
    with db.atomic():
        if organization_id is None:
            before = None
            organization_id = (
                db["organizations"].insert(row | {"created_at": at, "updated_at": at}).last_pk
            )
        else:
            before = load_organization(db, organization_id)
            db["organizations"].update(organization_id, row | {"updated_at": at})
        _replace_members(db, organization_id, member_rows)
        audit.record(
            db,
            actor=actor,
            action="crear AEO" if before is None else "modificar AEO",
            table="organizations",
            row_id=organization_id,
            before=None if before is None else {"aeo": before[0], "socios": len(before[1])},
            after={"aeo": row, "socios": len(member_rows)},
            at=at,
        )
    return organization_id


def _replace_members(db: Database, organization_id: int, rows: list[dict[str, Any]]) -> None:
    existing = {
        row["dni"]: row
        for row in db["members"].rows_where("organization_id = ?", [organization_id])
    }
    wanted = {row["dni"] for row in rows}
    for dni, old in existing.items():
        if dni not in wanted:
            db["members"].delete(old["id"])
    new_rows = []
    for row in rows:
        old = existing.get(row["dni"])
        if old is None:
            new_rows.append(row | {"organization_id": organization_id})
        elif any(old[key] != row[key] for key in MEMBER_FIELDS):
            db["members"].update(old["id"], row)
    db["members"].insert_all(new_rows)
