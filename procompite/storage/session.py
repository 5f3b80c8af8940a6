"""A working session on one database: the writer lock, the checked file, the day's backup.

The window and every command line command that writes open the database through
:func:`open_session`; commands that only read open it read-only and take no lock.
"""

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from procompite.storage.backups import Backup, BackupError, daily_backup
from procompite.storage.checks import DatabaseError
from procompite.storage.database import open_database
from procompite.storage.writer_lock import Holder, WriterLock


@dataclass
class Session:
    db: Database
    path: Path
    lock: WriterLock | None
    notices: list[str] = field(default_factory=list)
    backup: Backup | None = None
    holder: Holder | None = None

    @property
    def read_only(self) -> bool:
        return self.lock is None

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_session(
    path: str | Path,
    *,
    create: bool = False,
    read_only: bool = False,
    daily: bool = True,
    holder: Holder | None = None,
) -> Session:
    """Open ``path`` to work on it: take the writer lock, check and migrate, back up once a day.

    Raises :class:`~procompite.storage.writer_lock.LockHeld` when another program holds the
    file, and :class:`DatabaseError` (or a subclass) when it cannot be used; nothing is
    changed then.
    """
    path = Path(path)
    if not path.exists() and (not create or read_only):
        raise DatabaseError(f"No existe el archivo de base de datos «{path}».")
    if not path.parent.is_dir():
        raise DatabaseError(f"No existe la carpeta «{path.parent}».")
    if read_only:
        return Session(open_database(path, create=False, readonly=True), path, None, holder=holder)
    lock = WriterLock(path)
    lock.acquire()
    try:
        db = open_database(path, create=create)
    except BaseException:
        lock.release()
        raise
    session = Session(db, path, lock)
    if lock.stale is not None:
        session.notices.append(
            f"La sesión anterior ({lock.stale.describe()}) terminó sin cerrarse, por un corte "
            "de energía o un cierre forzado. Su bloqueo se liberó; lo que había guardado está "
            "en la base de datos."
        )
    if daily:
        try:
            session.backup = daily_backup(db)
        except BackupError as error:
            session.notices.append(f"No se pudo hacer el respaldo diario. {error}")
    return session
