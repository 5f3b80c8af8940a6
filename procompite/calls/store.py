"""Storing a call's definition: a new call (in preparation, with its own rubric copied by the
caller) or the edit of one still in preparation, whole in one transaction and audited. Rows
that plans point to (categories, documents) are updated in place; one a plan uses stays."""

import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from procompite.calls.bonuses import read_rules, rule_record
from procompite.calls.definition import (
    CallDefinition,
    Category,
    ChainChoice,
    RequiredDocument,
    Stage,
    definition_problems,
    prioritized_chains,
)
from procompite.calls.entity import PLACE_KEY, entity_name
from procompite.calls.legal import legal_columns, stored_legal
from procompite.calls.status import require_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit
from procompite.storage.settings import setting

CATEGORY_COLUMNS = tuple(Category.__dataclass_fields__)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _call_row(definition: CallDefinition) -> dict[str, Any]:
    return {
        "name": definition.name,
        "year": definition.year,
        "budget_cents": definition.budget_cents,
        "discount_rate_bp": definition.discount_rate_bp,
        "passing_score": float(definition.passing_score),
        "consolidation": definition.consolidation,
        "disagreement_share_bp": definition.disagreement_share_bp,
        "disagreement_gap": float(definition.disagreement_gap),
        "quorum": definition.quorum,
        "tie_breakers": json.dumps(list(definition.tie_breakers)),
        "document_prefix": definition.document_prefix,
        "bases_resolution": definition.bases_resolution,
        "bases_resolution_on": _iso(definition.bases_resolution_on),
        "committee_resolution": definition.committee_resolution,
        "committee_resolution_on": _iso(definition.committee_resolution_on),
        "prioritization_id": definition.prioritization_id,
        **legal_columns(definition.legal),
        "bonus_rules": json.dumps([rule_record(rule) for rule in definition.bonus_rules]),
        "bonus_counts_for_passing": int(definition.bonus_counts_for_passing),
    }


def _entity_place(db: Database) -> tuple[str, int | None, list[Problem]]:
    name, ubigeo = entity_name(db), setting(db, PLACE_KEY) or ""
    row = db.execute("SELECT id FROM departments WHERE ubigeo = ?", [ubigeo[:2]]).fetchone()
    if not name or row is None:
        return (
            name,
            None,
            [
                Problem(
                    "Entidad",
                    "el archivo no tiene su entidad: indíquela en Archivo → Entidad y membrete.",
                )
            ],
        )
    return name, row[0], []


def _in_use(db: Database, table: str, column: str, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    sql = f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({marks})"
    return {row[0] for row in db.execute(sql, ids)}


def _replace_keyed(
    db: Database, call_id: int, table: str, rows: list[dict], used_by: tuple[str, str], label: str
) -> list[Problem]:
    """Update rows of ``table`` by code, insert new codes, delete the rest unless used."""
    existing = {
        row["code"].casefold(): row["id"] for row in db[table].rows_where("call_id = ?", [call_id])
    }
    wanted = {row["code"].casefold() for row in rows}
    gone = [row_id for code, row_id in existing.items() if code not in wanted]
    used = _in_use(db, *used_by, gone)
    if used:
        codes = ", ".join(db[table].get(row_id)["code"] for row_id in sorted(used))
        return [Problem(label, f"{codes}: hay planes que la usan; no se puede quitar.")]
    for row_id in gone:
        db[table].delete(row_id)
    for row in rows:
        row_id = existing.get(row["code"].casefold())
        if row_id is None:
            db[table].insert(row | {"call_id": call_id})
        else:
            db[table].update(row_id, row)
    return []


def _write_parts(db: Database, call_id: int, definition: CallDefinition) -> list[Problem]:
    categories = [asdict(category) for category in definition.categories]
    documents = [
        {"position": n, "code": d.code, "name": d.name, "required": int(d.required)}
        for n, d in enumerate(definition.documents)
    ]
    db.execute(
        "UPDATE call_documents SET position = position + 1000000 WHERE call_id = ?", [call_id]
    )
    problems = _replace_keyed(
        db, call_id, "call_categories", categories, ("plans", "category_id"), "Categorías"
    )
    problems += _replace_keyed(
        db, call_id, "call_documents", documents, ("plan_documents", "document_id"), "Documentos"
    )
    db.execute("DELETE FROM call_stages WHERE call_id = ?", [call_id])
    db["call_stages"].insert_all(
        {
            "call_id": call_id,
            "position": n,
            "name": s.name,
            "starts_on": s.starts_on.isoformat(),
            "ends_on": s.ends_on.isoformat(),
        }
        for n, s in enumerate(definition.stages)
    )
    db.execute("DELETE FROM call_chains WHERE call_id = ?", [call_id])
    db["call_chains"].insert_all(
        {"call_id": call_id, "chain_id": c.chain_id} for c in definition.chains
    )
    return problems


def audit_form(definition: CallDefinition) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(definition), default=str))


def save_call(
    db: Database,
    definition: CallDefinition,
    *,
    call_id: int | None = None,
    actor: str,
    copied_from: int | None = None,
) -> int:
    """Create a call (``call_id`` None) or replace the definition of one in preparation."""
    problems = definition_problems(db, definition)
    if call_id is None:
        entity, department_id, missing = _entity_place(db)
        problems = missing + problems
    else:
        require_stage(db, call_id, "definir")
    if problems:
        raise ValidationError(problems)
    before = None if call_id is None else audit_form(load_definition(db, call_id))
    with db.atomic():
        if call_id is None:
            call_id = (
                db["calls"]
                .insert(
                    _call_row(definition)
                    | {
                        "entity_name": entity,
                        "department_id": department_id,
                        "status": "preparacion",
                        "copied_from_id": copied_from,
                        "created_at": now_iso(),
                    }
                )
                .last_pk
            )
        else:
            db["calls"].update(call_id, _call_row(definition))
        if problems := _write_parts(db, call_id, definition):
            raise ValidationError(problems)
        prioritized = set(prioritized_chains(db, definition.prioritization_id))
        for choice in definition.chains:
            if choice.chain_id not in prioritized:
                audit.record(
                    db,
                    actor=actor,
                    action="cadena fuera de la priorización",
                    table="call_chains",
                    row_id=call_id,
                    after={"cadena": choice.chain_id},
                    reason=choice.reason.strip(),
                )
        audit.record(
            db,
            actor=actor,
            action="crear convocatoria" if before is None else "modificar bases",
            table="calls",
            row_id=call_id,
            before=before,
            after=audit_form(definition),
        )
    return call_id


def chain_reasons(db: Database, call_id: int) -> dict[int, str]:
    """The reason written for each chain outside the prioritisation, the latest one."""
    reasons = {}
    for after, reason in db.execute(
        "SELECT after, reason FROM audit_log WHERE table_name = 'call_chains' AND row_id = ? "
        "AND action = 'cadena fuera de la priorización' ORDER BY id",
        [call_id],
    ):
        reasons[json.loads(after)["cadena"]] = reason
    return reasons


def load_definition(db: Database, call_id: int) -> CallDefinition:
    call = db["calls"].get(call_id)
    reasons = chain_reasons(db, call_id)
    categories = tuple(
        Category(**{key: row[key] for key in CATEGORY_COLUMNS})
        for row in db["call_categories"].rows_where("call_id = ?", [call_id], order_by="code")
    )
    documents = tuple(
        RequiredDocument(row["code"], row["name"], bool(row["required"]))
        for row in db["call_documents"].rows_where("call_id = ?", [call_id], order_by="position")
    )
    stages = tuple(
        Stage(row["name"], date.fromisoformat(row["starts_on"]), date.fromisoformat(row["ends_on"]))
        for row in db["call_stages"].rows_where("call_id = ?", [call_id], order_by="position")
    )
    chains = tuple(
        ChainChoice(row[0], reasons.get(row[0], ""))
        for row in db.execute(
            "SELECT cc.chain_id FROM call_chains cc JOIN chains c ON c.id = cc.chain_id "
            "WHERE cc.call_id = ? ORDER BY c.name",
            [call_id],
        )
    )
    return CallDefinition(
        name=call["name"],
        year=call["year"],
        budget_cents=call["budget_cents"],
        discount_rate_bp=call["discount_rate_bp"],
        passing_score=Decimal(str(call["passing_score"])),
        consolidation=call["consolidation"],
        disagreement_share_bp=call["disagreement_share_bp"],
        disagreement_gap=Decimal(str(call["disagreement_gap"])),
        quorum=call["quorum"],
        tie_breakers=tuple(json.loads(call["tie_breakers"] or "[]")),
        document_prefix=call["document_prefix"],
        bases_resolution=call["bases_resolution"],
        bases_resolution_on=_day(call["bases_resolution_on"]),
        committee_resolution=call["committee_resolution"],
        committee_resolution_on=_day(call["committee_resolution_on"]),
        prioritization_id=call["prioritization_id"],
        legal=stored_legal(call),
        bonus_rules=read_rules(json.loads(call["bonus_rules"]), []),
        bonus_counts_for_passing=bool(call["bonus_counts_for_passing"]),
        categories=categories,
        chains=chains,
        documents=documents,
        stages=stages,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
