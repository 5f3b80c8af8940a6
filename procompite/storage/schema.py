"""The database schema, built only by numbered migrations applied when a file is opened.

Each migration is a SQL file beside this module (``schema_vN.sql``). The schema version of a file
is the number of migrations applied to it, also kept in ``PRAGMA user_version`` for outside tools.
"""

import sqlite3
from importlib import resources

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "procompite"
# "PROC" in ASCII: marks a file as a PROCOMPITE database (PRAGMA application_id).
APPLICATION_ID = 0x50524F43

migrations = Migrations(MIGRATION_SET)
_names: list[str] = []


def _migration(name: str):
    _names.append(name)
    return migrations(name=name)


def sql_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers keep their inner semicolons)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError("El guion SQL termina con una sentencia incompleta.")
    return statements


def _run_script(db: Database, filename: str, version: int) -> None:
    script = resources.files("procompite.storage").joinpath(filename).read_text(encoding="utf-8")
    for statement in sql_statements(script):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")


@_migration("0001_initial")
def m0001_initial(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _run_script(db, "schema_v1.sql", 1)


# What feeds an issued dictamen, and how each row names its plan.
DICTAMEN_INPUTS = {
    "plans": "{row}.id",
    "plan_budget_lines": "{row}.plan_id",
    "plan_cash_flows": "{row}.plan_id",
    "plan_documents": "{row}.plan_id",
    "conflict_declarations": "{row}.plan_id",
    "evaluations": "{row}.plan_id",
    "scores": "(SELECT plan_id FROM evaluations WHERE id = {row}.evaluation_id)",
    "plan_verdicts": "{row}.plan_id",
    "disagreement_notes": "{row}.plan_id",
    "plan_allocations": "{row}.plan_id",
}
EVENTS = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}


def dictamen_freeze_triggers() -> list[str]:
    """Triggers that keep every input of an issued dictamen as it was until it is reopened."""
    statements = []
    for table, plan in DICTAMEN_INPUTS.items():
        for event, rows in EVENTS.items():
            if table == "plans" and event != "update":
                continue
            issued = " OR ".join(
                "EXISTS (SELECT 1 FROM dictamenes d WHERE d.status = 'emitido' "
                f"AND d.plan_id = {plan.format(row=row)})"
                for row in rows
            )
            statements.append(
                f"CREATE TRIGGER {table}_frozen_by_dictamen_{event} "
                f"BEFORE {event.upper()} ON {table} WHEN {issued} BEGIN "
                "SELECT RAISE(ABORT, 'El plan tiene un dictamen emitido; para cambiar su "
                "evaluación hay que reabrir el dictamen con un motivo.'); END"
            )
    return statements


@_migration("0002_evaluation_guards")
def m0002_evaluation_guards(db: Database) -> None:
    _run_script(db, "schema_v2.sql", 2)
    for statement in dictamen_freeze_triggers():
        db.execute(statement)


@_migration("0003_drafts")
def m0003_drafts(db: Database) -> None:
    _run_script(db, "schema_v3.sql", 3)


@_migration("0004_national_geography")
def m0004_national_geography(db: Database) -> None:
    from procompite.storage.geography import load_chain_catalogue, load_geography

    _run_script(db, "schema_v4.sql", 4)
    load_geography(db)
    load_chain_catalogue(db)


@_migration("0005_call_bases")
def m0005_call_bases(db: Database) -> None:
    _run_script(db, "schema_v5.sql", 5)


@_migration("0006_legal_form")
def m0006_legal_form(db: Database) -> None:
    _run_script(db, "schema_v6.sql", 6)


@_migration("0007_audit_chain")
def m0007_audit_chain(db: Database) -> None:
    from procompite.storage.audit_chain import chain_unchained

    _run_script(db, "schema_v7.sql", 7)
    chain_unchained(db)


@_migration("0008_admissibility")
def m0008_admissibility(db: Database) -> None:
    _run_script(db, "schema_v8.sql", 8)


@_migration("0009_disagreement_share")
def m0009_disagreement_share(db: Database) -> None:
    _run_script(db, "schema_v9.sql", _names.index("0009_disagreement_share") + 1)


@_migration("0010_digital_signatures")
def m0010_digital_signatures(db: Database) -> None:
    _run_script(db, "schema_v10.sql", _names.index("0010_digital_signatures") + 1)


@_migration("0011_appeals")
def m0011_appeals(db: Database) -> None:
    _run_script(db, "schema_v11.sql", _names.index("0011_appeals") + 1)


@_migration("0012_prioritization_signatories")
def m0012_prioritization_signatories(db: Database) -> None:
    _run_script(db, "schema_v12.sql", _names.index("0012_prioritization_signatories") + 1)


@_migration("0013_evaluation_packages")
def m0013_evaluation_packages(db: Database) -> None:
    _run_script(db, "schema_v13.sql", _names.index("0013_evaluation_packages") + 1)


@_migration("0014_affirmative_points")
def m0014_affirmative_points(db: Database) -> None:
    _run_script(db, "schema_v14.sql", _names.index("0014_affirmative_points") + 1)


@_migration("0015_follow_up")
def m0015_follow_up(db: Database) -> None:
    _run_script(db, "schema_v15.sql", _names.index("0015_follow_up") + 1)


@_migration("0016_dictamen_index")
def m0016_dictamen_index(db: Database) -> None:
    _run_script(db, "schema_v16.sql", _names.index("0016_dictamen_index") + 1)


KNOWN_MIGRATIONS = tuple(_names)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
