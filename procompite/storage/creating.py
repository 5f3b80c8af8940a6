"""Creating a database file whole or not at all: it is built beside its place and moved there
only when complete, so an interrupted build never leaves a half-made file behind."""

import os
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from procompite.storage import settings
from procompite.storage.checks import DatabaseError
from procompite.storage.database import open_database


def build_file(path: Path, fill: Callable[[Database], None]) -> dict[str, int]:
    """Build at ``path`` a new database that ``fill`` fills, in a temporary file moved into
    place only when complete; returns the count of rows of each main table."""
    partial = path.with_name(path.name + ".en-construccion")
    remove_database_files(partial)
    try:
        db = open_database(partial)
        try:
            fill(db)
            counts = settings.counts(db)
        finally:
            db.close()
        remove_database_files(path)
        os.replace(partial, path)
    except OSError as error:
        remove_database_files(partial)
        raise DatabaseError(f"No se pudo crear la base de datos en «{path}»: {error}") from error
    except BaseException:
        remove_database_files(partial)
        raise
    return counts


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
