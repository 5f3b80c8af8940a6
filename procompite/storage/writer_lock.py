"""One writer at a time: a lock file beside the database that says who holds it.

The lock is an operating-system lock on ``<database>.lock``, so it ends with the process that
holds it, even when that process is killed or the laptop loses power. The file also holds who
took it (user, machine, process, since when): a second program is told who has the database,
and a file left behind by a crashed program is recognised as stale and taken over.
"""

import contextlib
import errno
import getpass
import json
import os
import socket
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from procompite.common.dates import format_moment
from procompite.storage.checks import DatabaseError, ReadOnlyFileError

# Windows locks are mandatory: lock a byte far past the text so that others can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a database for writing."""

    user: str
    machine: str
    pid: int
    since: str

    def describe(self) -> str:
        """``ana en PC-GRDE-03 desde el 23 de noviembre de 2026, 10:15``."""
        if not (self.user or self.machine or self.since):
            return "un programa que no dejó dicho quién es"
        try:
            since = f"desde el {format_moment(self.since)}"
        except ValueError:
            since = "desde una hora desconocida"
        return f"{self.user or 'usuario desconocido'} en {self.machine or '¿?'} {since}"


class LockHeld(DatabaseError):
    """Another program holds the database for writing."""

    def __init__(self, path: Path, holder: Holder | None):
        self.path = path
        self.holder = holder
        who = holder.describe() if holder else "otro programa"
        super().__init__(
            f"La base de datos «{path.name}» ya está abierta para escribir por {who}. "
            "Para que dos personas no la modifiquen a la vez, ciérrela allí primero, "
            "o ábrala solo para consulta."
        )


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def current_holder() -> Holder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return Holder(
        user=user,
        machine=socket.gethostname(),
        pid=os.getpid(),
        since=datetime.now().replace(microsecond=0).isoformat(),
    )


def _read_holder(handle) -> Holder | None:
    """Who the lock file says holds the database: ``None`` when it is empty, a holder that
    names nobody when it cannot be read (bytes that are not UTF-8, not the JSON it should be)."""
    handle.seek(0)
    text = handle.read(4096).strip()
    if not text:
        return None
    try:
        data = json.loads(text)
        return Holder(
            user=str(data.get("user", "")),
            machine=str(data.get("machine", "")),
            pid=int(data.get("pid", 0)),
            since=str(data.get("since", "")),
        )
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
        return Holder(user="", machine="", pid=0, since="")


def _try_lock(handle) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _same_file(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


class WriterLock:
    """The right to write one database file; :meth:`acquire` it, :meth:`release` it at the end."""

    def __init__(self, database: str | Path):
        self.database = Path(database)
        self.path = lock_path(self.database)
        self.handle = None
        self.stale: Holder | None = None

    def holder(self) -> Holder | None:
        """Who holds the database now, or ``None`` when nobody does."""
        if self.handle is not None:
            return current_holder()
        try:
            with self.path.open("r+", encoding="utf-8", errors="replace") as handle:
                if _try_lock(handle):
                    _unlock(handle)
                    return None
                return _read_holder(handle)
        except FileNotFoundError:
            return None
        except OSError:
            return None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`LockHeld` saying who has it.

        A lock file whose holder is gone (the program crashed) is taken over; who held it is
        kept in :attr:`stale` so that the caller can say so.
        """
        for _attempt in range(5):
            try:
                handle = self.path.open("a+", encoding="utf-8", errors="replace")
            except OSError as error:
                if isinstance(error, PermissionError) or error.errno == errno.EROFS:
                    raise ReadOnlyFileError(self.database) from error
                raise DatabaseError(
                    f"No se puede crear el archivo de bloqueo de «{self.database.name}»: "
                    f"{error.strerror or error}."
                ) from error
            if not _try_lock(handle):
                holder = _read_holder(handle)
                handle.close()
                raise LockHeld(self.database, holder)
            if not _same_file(handle, self.path):
                # The previous holder removed the file between our open and our lock.
                _unlock(handle)
                handle.close()
                continue
            self.stale = _read_holder(handle)
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(asdict(current_holder()), ensure_ascii=False))
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as error:
                _unlock(handle)
                handle.close()
                raise DatabaseError(
                    f"No se puede escribir el archivo de bloqueo de «{self.database.name}»: "
                    f"{error.strerror or error}."
                ) from error
            self.handle = handle
            return
        raise LockHeld(self.database, None)

    def release(self) -> None:
        if self.handle is None:
            return
        handle, self.handle = self.handle, None
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            if _same_file(handle, self.path):
                self.path.unlink()
        except OSError:
            pass
        with contextlib.suppress(OSError):
            _unlock(handle)
        handle.close()

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()
