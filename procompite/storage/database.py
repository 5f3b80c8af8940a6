"""Opening a PROCOMPITE database file: the checks of :mod:`.checks`, pragmas and migrations.

A file that cannot be written is refused (or opened for reading only) before anything is written
to it. Before a migration changes a file, a backup of it is taken; opening it to write also clears
what a backup or a restore killed midway left behind.
"""

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from procompite.storage.backups import (
    BackupError,
    folder_for,
    remove_stale_parts,
    settings_of,
    take_backup,
)
from procompite.storage.checks import (
    DatabaseError,
    ReadOnlyFileError,
    check_header,
    check_intact,
    check_owner,
    explain,
)
from procompite.storage.schema import migrations
from procompite.storage.settings import record_program

BUSY_TIMEOUT_MS = 5000


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    try:
        if not readonly:
            return sqlite3.connect(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL file in a folder that cannot be written: read it as it is on disk.
            conn.close()
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        return conn
    except sqlite3.Error as error:
        raise DatabaseError(f"No se puede abrir «{path}»: {error}.") from error


def _check_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Take and give back the write lock: a file SQLite opened read-only fails here."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyFileError(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            raise ReadOnlyFileError(path) from error
        raise DatabaseError(f"No se puede abrir «{path}»: {explain(error, path)}") from error


def open_database(path: str | Path, *, create: bool = True, readonly: bool = False) -> Database:
    """Open (and, unless ``readonly``, migrate) the database at ``path``.

    Raises :class:`DatabaseError` with a Spanish message when the file cannot be used.
    """
    path = Path(path)
    if path.exists():
        check_header(path)
        if not create and path.is_file() and path.stat().st_size == 0:
            raise DatabaseError(f"El archivo «{path}» está vacío: no es una base de datos.")
    elif not create or readonly:
        raise DatabaseError(f"No existe el archivo de base de datos «{path}».")
    elif not path.parent.exists():
        raise DatabaseError(f"No existe la carpeta «{path.parent}».")
    existed = path.exists() and path.stat().st_size > 0
    conn = _connect(path, readonly)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        check_owner(conn, path)
        if existed:
            check_intact(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
            _check_writable(conn, path)
            _back_up_before_migrating(db, path)
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.apply(db)
            record_program(db)
            remove_stale_parts(path, folder_for(path, settings_of(db)))
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise DatabaseError(f"No se puede abrir «{path}»: {explain(error, path)}") from error
    return db


def _back_up_before_migrating(db: Database, path: Path) -> None:
    """A file made by an earlier version is copied to the backups before it is migrated."""
    if not migrations.applied(db) or not migrations.pending(db):
        return
    try:
        take_backup(db, reason="antes de actualizar")
    except BackupError as error:
        raise DatabaseError(
            f"No se actualiza «{path}» al esquema de esta versión porque no se pudo hacer "
            f"antes un respaldo: {error} No se ha modificado."
        ) from error


def is_read_only(db: Database) -> bool:
    """Whether ``db`` was opened for reading only."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def schema_version(db: Database) -> int:
    """How many of this program's migrations the database has applied."""
    return len(migrations.applied(db))
