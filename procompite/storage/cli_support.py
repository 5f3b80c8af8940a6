"""What the verbs that change a file share on the command line: the file opened to write (the
writer lock taken, migrated, backed up once a day) or to read, a file written whole or not at all
where the user asked for it, and a refusal as Spanish lines on standard error with a non-zero
exit, nothing changed."""

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.storage.backups import os_reason
from procompite.storage.checks import is_disk_full
from procompite.storage.database import open_database
from procompite.storage.session import open_session


class Refused(Exception):
    """A command refused with one Spanish line."""


def refusing(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The handler, with its refusals printed and turned into exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ValidationError as error:
            print("Error: no se hizo ningún cambio:", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
            return 2
        except Refused as error:
            print(f"Error: {error}", file=sys.stderr)
            return 2

    return run


@contextmanager
def writing(path: str | Path) -> Iterator[Database]:
    session = open_session(path)
    for notice in session.notices:
        print(f"Aviso: {notice}", file=sys.stderr)
    try:
        yield session.db
    finally:
        session.close()


@contextmanager
def reading(path: str | Path) -> Iterator[Database]:
    db = open_database(path, create=False, readonly=True)
    try:
        yield db
    finally:
        db.close()


def _read_only_folder(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def folder_problem(folder: Path) -> str | None:
    """Why no file can be written in the existing ``folder``, as the end of a Spanish sentence,
    or ``None``."""
    if not folder.is_dir():
        return f"«{folder}» es un archivo, no una carpeta."
    if os.access(folder, os.W_OK):
        return None
    if _read_only_folder(folder):
        return f"la carpeta «{folder}» está en una unidad de solo lectura."
    return f"no tiene permiso para escribir en la carpeta «{folder}»."


def why_not_written(error: OSError, folder: Path) -> str:
    """Why a file could not be written in ``folder``, as the end of a Spanish sentence."""
    if is_disk_full(error):
        return "no queda espacio en el disco."
    if error.errno == errno.ENOENT:
        return f"la carpeta «{folder}» no existe."
    if error.errno == errno.ENOTDIR:
        return f"«{folder}» no es una carpeta."
    if error.errno == errno.EISDIR:
        return "es una carpeta; indique el nombre del archivo."
    if error.errno == errno.EROFS or _read_only_folder(folder):
        return f"la carpeta «{folder}» está en una unidad de solo lectura."
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"no tiene permiso para escribir en la carpeta «{folder}», o el archivo está "
            "abierto en otro programa."
        )
    return f"{os_reason(error)}."


def output_problem(path: Path) -> str | None:
    """Why no file can be written at ``path``, in one Spanish line, or ``None``."""
    folder = path.parent
    if path.is_dir():
        return f"No se puede escribir «{path}»: es una carpeta; indique el nombre del archivo."
    if not folder.exists():
        return f"No se puede escribir «{path}»: la carpeta «{folder}» no existe."
    if reason := folder_problem(folder):
        return f"No se puede escribir «{path}»: {reason}"
    return None


def check_output(path: str | Path) -> None:
    """Refuse, before any work, a file that could not be written at ``path``."""
    if message := output_problem(Path(path)):
        raise Refused(message)


@contextmanager
def output_file(path: str | Path) -> Iterator[Path]:
    """The ``.part`` file beside ``path`` to write; it takes the name ``path`` only when the
    block ends well. Whatever goes wrong, the ``.part`` is removed, and a file that cannot be
    written is :class:`Refused` with one Spanish line."""
    path = Path(path)
    check_output(path)
    part = path.with_name(path.name + ".part")
    try:
        part.touch()
        yield part
        os.replace(part, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        reason = why_not_written(error, path.parent)
        raise Refused(f"No se puede escribir «{path}»: {reason}") from error
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise


def check_folder_of(path: str | Path) -> None:
    """Refuse, before any work, a file to be created at ``path`` in a folder that cannot be
    written (a missing folder is said by the command itself)."""
    folder = Path(path).parent
    if folder.is_dir() and (reason := folder_problem(folder)):
        raise Refused(f"No se puede crear «{path}»: {reason}")


def file_problem(error: OSError) -> str:
    """One Spanish line for a file that the system refused to read or write."""
    return f"No se pudo usar «{error.filename}»: {os_reason(error)}."


def day_option(text: str | None) -> date | None:
    """A ``--date``-like option written ``aaaa-mm-dd`` (``None`` when not given)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(f"«{text}» no es una fecha aaaa-mm-dd.") from None
