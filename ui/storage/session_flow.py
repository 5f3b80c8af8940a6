"""Opening a database from the window: what to ask when it is held, read-only or damaged."""

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from procompite.storage.backups import BackupError, format_size, latest_good, restore
from procompite.storage.checks import DamagedDatabaseError, DatabaseError, ReadOnlyFileError
from procompite.storage.session import Session, open_session
from procompite.storage.writer_lock import LockHeld, WriterLock

READ_ONLY = "Abrir solo para consulta"


def _ask_read_only(parent: QWidget | None, error: DatabaseError) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "Base de datos en uso", str(error), parent=parent)
    consult = box.addButton(READ_ONLY, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(consult)
    box.exec()
    return box.clickedButton() is consult


def _ask_restore(parent: QWidget | None, error: DamagedDatabaseError, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Base de datos dañada",
        f"{error}\n\n¿Restaurar el último respaldo sano ({text})? "
        "El archivo dañado se guarda antes en la carpeta de respaldos.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def restore_locked(path: Path, backup: Path) -> Path | None:
    """Restore ``backup`` over ``path`` while holding the writer lock."""
    with WriterLock(path):
        return restore(path, backup)


def open_interactively(
    parent: QWidget | None, path: Path, *, create: bool = False, interactive: bool = True
) -> Session:
    """Open ``path`` for work, asking the user what to do when that is not possible as is.

    A file held by another program or that cannot be written is offered read-only; a damaged
    file is offered its latest sound backup. Raises :class:`DatabaseError` when the file
    cannot be opened and the user chose nothing else (or ``interactive`` is false).
    """
    try:
        return open_session(path, create=create)
    except (LockHeld, ReadOnlyFileError) as error:
        if not interactive or not _ask_read_only(parent, error):
            raise
        return open_session(path, read_only=True, holder=getattr(error, "holder", None))
    except DamagedDatabaseError as error:
        good = latest_good(path)
        if not interactive or good is None:
            raise
        if not _ask_restore(parent, error, f"del {good.when}, {format_size(good.size)}"):
            raise
        try:
            kept = restore_locked(path, good.path)
        except BackupError as failure:
            raise DatabaseError(str(failure)) from failure
        session = open_session(path)
        session.notices.append(
            f"Se restauró el respaldo del {good.when}. "
            + (f"El archivo dañado se guardó en «{kept}»." if kept else "")
        )
        return session
