"""The checks a database file passes before it is used, and the errors they raise.

A file that is not SQLite, a SQLite file of another program, a file whose schema is newer than
this program and a damaged file (``PRAGMA quick_check``) are refused with a Spanish message before
anything is written to them. Both opening a file and restoring a backup use these checks.
"""

import errno
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from procompite.storage.schema import APPLICATION_ID, KNOWN_MIGRATIONS, MIGRATION_SET

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A database file that cannot be used; the message is for the user, in Spanish."""


class DamagedDatabaseError(DatabaseError):
    """The file fails ``PRAGMA quick_check``: it is not written to; a backup can replace it."""

    def __init__(self, path: Path, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(
            f"La base de datos «{path}» está dañada ({detail}). No se ha modificado; "
            "restaure el último respaldo bueno (Archivo → Restaurar respaldo, o "
            f"«python -m procompite restore --db {path} --ultimo»)."
        )


class ReadOnlyFileError(DatabaseError):
    """The file or its folder cannot be written; it can still be opened for reading only."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"No se puede escribir en «{path}»: el archivo o su carpeta son de solo lectura "
            "(permisos, unidad protegida o disco de solo lectura). No se ha modificado. "
            "Ábralo solo para consulta, o cópielo a una carpeta donde pueda escribir."
        )


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return isinstance(error, sqlite3.Error) and "disk is full" in str(error).lower()


def explain(error: BaseException, path: Path | None = None) -> str:
    """A Spanish sentence for a storage error (SQLite or the file system)."""
    where = f" «{path}»" if path else ""
    text = str(error).lower()
    if is_disk_full(error):
        return (
            f"No queda espacio en el disco{' de' + where if where else ''}. No se guardó el "
            "último cambio; lo guardado antes sigue intacto. Libere espacio y vuelva a intentarlo."
        )
    if "readonly" in text or "read-only" in text or getattr(error, "errno", None) == errno.EROFS:
        return (
            f"La base de datos{where} está abierta solo para consulta o en una unidad de solo "
            "lectura: no se guardó nada."
        )
    if "malformed" in text or "not a database" in text:
        return f"La base de datos{where} está dañada ({error}). No se guardó nada."
    if "disk i/o error" in text or getattr(error, "errno", None) == errno.EIO:
        return (
            f"Error de lectura o escritura en el disco{where} (¿se retiró la memoria USB?). "
            "No se guardó el último cambio."
        )
    if "locked" in text or "busy" in text:
        return (
            f"La base de datos{where} está ocupada por otro programa; vuelva a intentarlo "
            "en unos segundos. No se guardó nada."
        )
    return f"Error de la base de datos{where}: {error}."


def check_header(path: Path) -> None:
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


def check_intact(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError(path, str(error)) from error
    if rows != ["ok"]:
        raise DamagedDatabaseError(path, "; ".join(rows[:3]))


def check_owner(conn: sqlite3.Connection, path: Path) -> None:
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


def database_path(db: Database) -> Path:
    """The file behind an open database."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])
