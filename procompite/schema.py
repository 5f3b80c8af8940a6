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
    script = resources.files("procompite").joinpath(filename).read_text(encoding="utf-8")
    for statement in sql_statements(script):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")


@_migration("0001_initial")
def m0001_initial(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _run_script(db, "schema_v1.sql", 1)


KNOWN_MIGRATIONS = tuple(_names)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
