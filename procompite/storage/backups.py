"""Backups: consistent copies taken with SQLite's backup API, kept N at a time, and restoring one.

Copies go to a ``respaldos`` folder beside the database, or to the folder set in the settings.
Each is named after the database, the local date and time and the reason, e.g.
``registro_2026-11-23_10-15-30_diario.db``, so that a folder shared by several databases, or
read while the database itself is damaged, still says which copy is which. A copy is written to
a ``.part`` file and takes its name only when complete; one that a killed program left behind is
deleted by the next backup, or when the database is next opened to write.
"""

import contextlib
import errno
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from procompite.common.dates import format_moment
from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit
from procompite.storage.checks import (
    DatabaseError,
    check_header,
    check_intact,
    check_owner,
    database_path,
    explain,
    is_disk_full,
)

FOLDER_NAME = "respaldos"
FOLDER_KEY = "backup_folder"
KEEP_KEY = "backups_kept"
DEFAULT_KEEP = 30
STAMP = "%Y-%m-%d_%H-%M-%S"
PART_SUFFIXES = (".part", ".part-journal", ".part-wal", ".part-shm")
STALE_AFTER = timedelta(hours=1)
REASONS = {
    "diario": "diario",
    "manual": "a pedido",
    "antes-de-actualizar": "antes de actualizar el esquema",
    "antes-de-restaurar": "copia previa a una restauración",
}


class BackupError(Exception):
    """A backup that could not be taken or restored; the message is for the user, in Spanish."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason.replace("-", " "))

    @property
    def when(self) -> str:
        """``23 de noviembre de 2026, 10:15:30``."""
        return format_moment(self.taken_at, seconds=True)

    def describe(self) -> str:
        return f"{self.when}  {format_size(self.size):>9}  {self.reason_label:<32}"


def format_size(size: int) -> str:
    """``1.2 MB``, ``815 KB``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    return f"{max(1, round(size / 1000)):,} KB"


@dataclass(frozen=True)
class BackupSettings:
    folder: Path | None
    keep: int


def _slug(reason: str) -> str:
    return reason.strip().lower().replace(" ", "-")


def _pattern(database: Path) -> re.Pattern:
    return re.compile(
        rf"^{re.escape(database.stem)}_(\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:-(\d+))?_([a-z-]+)\.db$"
    )


def settings_of(db: Database) -> BackupSettings:
    values = dict(
        db.execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?)", [FOLDER_KEY, KEEP_KEY]
        ).fetchall()
    )
    folder = values.get(FOLDER_KEY) or ""
    try:
        keep = max(1, int(values.get(KEEP_KEY, DEFAULT_KEEP)))
    except ValueError:
        keep = DEFAULT_KEEP
    return BackupSettings(Path(folder) if folder else None, keep)


def settings_at(database: Path) -> BackupSettings:
    """The backup settings stored in a file, read without trusting it (it may be damaged)."""
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return BackupSettings(None, DEFAULT_KEEP)
    try:
        return settings_of(Database(conn))
    except sqlite3.Error:
        return BackupSettings(None, DEFAULT_KEEP)
    finally:
        conn.close()


def folder_for(database: Path, settings: BackupSettings | None = None) -> Path:
    settings = settings or settings_at(database)
    return settings.folder or database.resolve().parent / FOLDER_NAME


def save_settings(db: Database, folder: str, keep: int, *, actor: str) -> None:
    """Store where backups go (empty: beside the database) and how many are kept."""
    folder = folder.strip()
    problems = []
    if not 1 <= keep <= 999:
        problems.append(Problem("Conservar", "Indique cuántos respaldos conservar, de 1 a 999."))
    if folder:
        target = Path(folder)
        if not target.is_absolute():
            problems.append(Problem("Carpeta", "Indique la ruta completa de la carpeta."))
        elif target.exists() and not target.is_dir():
            problems.append(Problem("Carpeta", f"«{folder}» es un archivo, no una carpeta."))
    if problems:
        raise ValidationError(problems)
    before = settings_of(db)
    with db.atomic():
        db["settings"].upsert({"key": FOLDER_KEY, "value": folder}, pk="key")
        db["settings"].upsert({"key": KEEP_KEY, "value": str(keep)}, pk="key")
        audit.record(
            db,
            actor=actor,
            action="configurar respaldos",
            table="settings",
            row_id=None,
            before={"carpeta": str(before.folder or ""), "conservar": before.keep},
            after={"carpeta": folder, "conservar": keep},
        )


def list_backups(database: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of ``database``, newest first."""
    folder = folder or folder_for(database)
    if not folder.is_dir():
        return []
    pattern = _pattern(database)
    found = []
    for entry in folder.iterdir():
        if match := pattern.match(entry.name):
            try:
                stat = entry.stat()
            except OSError:
                continue
            taken = datetime.strptime(match[1], STAMP)
            backup = Backup(entry, taken, match[3], stat.st_size)
            found.append((taken, int(match[2] or 0), stat.st_mtime_ns, backup))
    found.sort(key=lambda item: item[:3], reverse=True)
    return [backup for *_, backup in found]


def remove_stale_parts(database: Path, folder: Path | None = None) -> list[Path]:
    """Delete what a backup or a restore killed midway left behind: the ``.part`` copies (and
    their SQLite journals) named like this database's backups, and the ``.restaurando`` file
    beside it. Only files untouched for :data:`STALE_AFTER` go, so that a copy another program
    is writing right now is kept; returns what was deleted."""
    folder = folder or folder_for(database)
    pattern = _pattern(database)
    cutoff = time.time() - STALE_AFTER.total_seconds()
    candidates = [database.with_name(database.name + ".restaurando")]
    with contextlib.suppress(OSError):
        candidates += [
            entry
            for entry in folder.iterdir()
            if any(
                entry.name.endswith(suffix) and pattern.match(entry.name[: -len(suffix)])
                for suffix in PART_SUFFIXES
            )
        ]
    removed = []
    for entry in candidates:
        try:
            if not entry.is_file() or entry.stat().st_mtime > cutoff:
                continue
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _target(folder: Path, database: Path, reason: str, now: datetime) -> Path:
    stamp = now.strftime(STAMP)
    slug = _slug(reason)
    path = folder / f"{database.stem}_{stamp}_{slug}.db"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{database.stem}_{stamp}-{counter}_{slug}.db"
    return path


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _copy_with_backup_api(source: sqlite3.Connection, part: Path) -> None:
    target = sqlite3.connect(part)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    _fsync(part)


def take_backup(
    source: Database | Path, *, reason: str = "manual", now: datetime | None = None
) -> Backup:
    """Copy the database into its backup folder, then keep only the newest N copies."""
    opened = None
    if isinstance(source, Database):
        database, conn = database_path(source), source.conn
        settings = settings_of(source)
    else:
        database = Path(source)
        settings = settings_at(database)
        try:
            opened = conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise BackupError(f"No se puede leer «{database}»: {explain(error)}") from error
    folder = folder_for(database, settings)
    now = (now or datetime.now()).replace(microsecond=0)
    part = None
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(database, folder)
        target = _target(folder, database, reason, now)
        part = target.with_name(target.name + ".part")
        _copy_with_backup_api(conn, part)
        os.replace(part, target)
    except (OSError, sqlite3.Error) as error:
        if part is not None:
            part.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise BackupError(
            f"No se pudo hacer el respaldo de «{database.name}» en «{folder}»: {_reason(error)}"
        ) from error
    finally:
        if opened is not None:
            opened.close()
    prune(database, folder, settings.keep, protect=target)
    return Backup(target, now, _slug(reason), target.stat().st_size)


OS_REASONS = {
    errno.ENOENT: "no existe",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.EACCES: "no tiene permiso",
    errno.EPERM: "no tiene permiso",
    errno.EROFS: "está en una unidad de solo lectura",
    errno.EIO: "error de lectura o escritura en el disco (¿se retiró la memoria USB?)",
}


def os_reason(error: OSError) -> str:
    """Why the file system refused, in Spanish (the system's own words when it is not known)."""
    return OS_REASONS.get(error.errno) or error.strerror or str(error)


def _reason(error: OSError | sqlite3.Error) -> str:
    if is_disk_full(error):
        return "no queda espacio en el disco. La base de datos no se ha modificado."
    if isinstance(error, sqlite3.Error):
        return explain(error)
    return f"{os_reason(error)}."


def prune(database: Path, folder: Path, keep: int, *, protect: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    removed = []
    for backup in list_backups(database, folder)[keep:]:
        if backup.path == protect:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue
        removed.append(backup.path)
    return removed


def due_today(database: Path, today: date | None = None) -> bool:
    """Whether no backup of ``database`` has been taken today yet."""
    today = today or date.today()
    backups = list_backups(database)
    return not backups or backups[0].taken_at.date() != today


def daily_backup(db: Database, today: date | None = None) -> Backup | None:
    """Take the day's backup if it has not been taken yet."""
    if not due_today(database_path(db), today):
        return None
    return take_backup(db, reason="diario")


def check_backup(path: Path) -> None:
    """Refuse a file that is not a sound PROCOMPITE database."""
    try:
        check_header(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (DatabaseError, sqlite3.Error) as error:
        raise BackupError(f"El respaldo «{path.name}» no se puede usar: {error}") from error
    try:
        check_owner(conn, path)
        check_intact(conn, path)
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            raise DatabaseError(f"«{path.name}» está vacío.")
    except DatabaseError as error:
        raise BackupError(f"El respaldo «{path.name}» no se puede usar: {error}") from error
    finally:
        conn.close()


def latest_good(database: Path) -> Backup | None:
    """The newest backup that passes the checks."""
    for backup in list_backups(database):
        try:
            check_backup(backup.path)
        except BackupError:
            continue
        return backup
    return None


def _keep_current(database: Path, folder: Path) -> Path | None:
    """Keep the file about to be replaced: a consistent copy, or its raw bytes when damaged."""
    if not database.exists():
        return None
    try:
        check_backup(database)
        return take_backup(database, reason="antes de restaurar").path
    except BackupError:
        pass
    target = _target(folder, database, "antes de restaurar", datetime.now())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(database, target)
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as error:
        target.unlink(missing_ok=True)
        raise BackupError(
            f"No se restaura: no se pudo guardar antes una copia de «{database.name}» "
            f"({_reason(error)})"
        ) from error
    return target


def restore(database: Path, backup: Path) -> Path | None:
    """Replace ``database`` by ``backup``, after keeping a copy of the current file.

    The caller must hold the writer lock and have closed its connections. Returns the copy of
    the file that was replaced (``None`` when there was no file).
    """
    check_backup(backup)
    folder = folder_for(database)
    kept = _keep_current(database, folder)
    part = database.with_name(database.name + ".restaurando")
    try:
        shutil.copyfile(backup, part)
        _fsync(part)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(part, database)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise BackupError(
            f"No se pudo restaurar «{backup.name}»: {_reason(error)} "
            + (f"La copia del archivo anterior está en «{kept}»." if kept else "")
        ) from error
    return kept
