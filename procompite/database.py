"""Opening a PROCOMPITE database file: checks, pragmas and migrations.

A file that is not SQLite, a SQLite file of another program, or a file whose schema is newer than
this program is refused with a Spanish message before anything is written to it.
"""

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from procompite.schema import APPLICATION_ID, KNOWN_MIGRATIONS, MIGRATION_SET, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A database file that cannot be used; the message is for the user, in Spanish."""


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise DatabaseError(f"No se puede leer el archivo «{path}»: permiso denegado.") from error
    except IsADirectoryError as error:
        raise DatabaseError(f"«{path}» es una carpeta, no un archivo de base de datos.") from error
    if header and header != SQLITE_HEADER:
        raise DatabaseError(
            f"El archivo «{path}» no es una base de datos de PROCOMPITE "
            "(no es un archivo SQLite). No se ha modificado."
        )


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    try:
        if readonly:
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        return sqlite3.connect(path)
    except sqlite3.Error as error:
        raise DatabaseError(f"No se puede abrir «{path}»: {error}.") from error


def _check_owner(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a SQLite file that belongs to another program or to a newer version of this one."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            f"El archivo «{path}» está dañado o no es una base de datos SQLite válida ({error}). "
            "No se ha modificado."
        ) from error
    user_tables = {name for name in tables if not name.startswith("sqlite_")}
    if not user_tables:
        return
    if application_id != APPLICATION_ID:
        raise DatabaseError(
            f"El archivo «{path}» es una base de datos de otro programa, no de PROCOMPITE. "
            "No se ha modificado."
        )
    applied = (
        {
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
        if "_sqlite_migrations" in tables
        else set()
    )
    unknown = applied - set(KNOWN_MIGRATIONS)
    if unknown:
        raise DatabaseError(
            f"La base de datos «{path}» fue creada por una versión más reciente de este programa "
            f"(esquema {len(applied)}; este programa conoce hasta el {len(KNOWN_MIGRATIONS)}). "
            "Actualice el programa para abrirla. No se ha modificado."
        )


def open_database(path: str | Path, *, create: bool = True, readonly: bool = False) -> Database:
    """Open (and, unless ``readonly``, migrate) the database at ``path``.

    Raises :class:`DatabaseError` with a Spanish message when the file cannot be used.
    """
    path = Path(path)
    if path.exists():
        _check_header(path)
        if not create and path.is_file() and path.stat().st_size == 0:
            raise DatabaseError(f"El archivo «{path}» está vacío: no es una base de datos.")
    elif not create or readonly:
        raise DatabaseError(f"No existe el archivo de base de datos «{path}».")
    elif not path.parent.exists():
        raise DatabaseError(f"No existe la carpeta «{path.parent}».")
    conn = _connect(path, readonly)
    try:
        _check_owner(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.apply(db)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise DatabaseError(f"No se puede abrir «{path}»: {error}.") from error
    return db


def schema_version(db: Database) -> int:
    """How many of this program's migrations the database has applied."""
    return len(migrations.applied(db))


def database_path(db: Database) -> Path:
    """The file behind an open database."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])
