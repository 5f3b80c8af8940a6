"""Opening the database and backing it up."""

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from report import Row
from timing import timed

from procompite.storage.backups import format_size, take_backup
from procompite.storage.database import open_database
from procompite.storage.session import open_session


def open_database_row(path: Path, runs: int) -> Row:
    def plain() -> None:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA quick_check").fetchall()
        connection.close()

    return Row(
        "Abrir la base de datos",
        format_size(path.stat().st_size),
        timed(lambda: open_session(path, daily=False).close(), runs),
        baseline=timed(plain, runs),
        baseline_label="sqlite3: conectar y PRAGMA quick_check, sin bloqueo ni migraciones "
        "(abrir la sesión toma el bloqueo de escritura, comprueba y migra el esquema).",
    )


def backup_row(path: Path, runs: int) -> Row:
    db = open_database(path)
    day = [datetime(2026, 11, 1, 8)]

    def backup() -> None:
        day[0] += timedelta(days=1)
        take_backup(db, reason="diario", now=day[0])

    times = timed(backup, runs)
    db.close()
    copy = path.with_name("copia.db")
    row = Row(
        "Respaldo diario de la base",
        format_size(path.stat().st_size),
        times,
        baseline=timed(lambda: shutil.copyfile(path, copy), runs),
        baseline_label="shutil.copyfile del mismo archivo (una copia sin garantía de coherencia).",
    )
    copy.unlink()
    return row
