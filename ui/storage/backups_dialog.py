"""Archivo → Respaldos: the copies of the open database, taking one now, restoring one."""

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.storage.backups import (
    Backup,
    BackupError,
    folder_for,
    format_size,
    list_backups,
    save_settings,
    settings_of,
    take_backup,
)
from procompite.storage.session import Session
from ui.widgets.forms import RememberedDialog, attempt, problems_label

HEADERS = ("Fecha y hora", "Tamaño", "Motivo", "Archivo")


def back_up(parent: QWidget, db: Database) -> Backup | None:
    """Take a backup now; a failure is told in a dialog."""
    try:
        return take_backup(db, reason="manual")
    except BackupError as error:
        QMessageBox.critical(parent, "Respaldo", str(error))
        return None


class BackupsDialog(RememberedDialog):
    """Lists the backups of the session's database; ``restore_requested`` carries the one chosen."""

    geometry_key = "dialogs/backups"
    restore_requested = Signal(Path)

    def __init__(self, session: Session, settings: QSettings, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.session = session
        self.setWindowTitle(f"Respaldos de {session.path.name}")
        self.resize(820, 480)
        self.backups: list[Backup] = []
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self.ask_restore)

        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText("«respaldos», al lado de la base de datos")
        browse = QPushButton("Elegir…", self)
        browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox(self)
        self.keep.setRange(1, 999)
        self.save_settings_button = QPushButton("Guardar ajustes", self)
        self.save_settings_button.clicked.connect(self.save_settings)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("los más recientes", self))
        keep_row.addStretch(1)
        keep_row.addWidget(self.save_settings_button)
        form = QFormLayout()
        form.addRow("Carpeta", folder_row)
        form.addRow("Conservar", keep_row)
        self.problems = problems_label(self)

        buttons = QDialogButtonBox(self)
        self.backup_button = buttons.addButton(
            "Respaldar ahora", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button = buttons.addButton(
            "Restaurar el seleccionado…", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)

        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        writable = not session.read_only
        for widget in (self.folder, browse, self.keep, self.save_settings_button):
            widget.setEnabled(writable)
        self.restore_button.setEnabled(writable)
        current = settings_of(session.db)
        self.folder.setText(str(current.folder or ""))
        self.keep.setValue(current.keep)
        self.refresh()

    def refresh(self) -> None:
        folder = folder_for(self.session.path, settings_of(self.session.db))
        self.backups = list_backups(self.session.path, folder)
        total = sum(backup.size for backup in self.backups)
        self.where.setText(
            f"{len(self.backups)} respaldos ({format_size(total) if total else '0 KB'}) en "
            f"<b>{folder}</b>. Se toma uno antes de cada actualización del programa, otro el "
            "primer día que se abre la base de datos y otro cada vez que lo pida."
        )
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            size = QTableWidgetItem(format_size(backup.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate(
                (
                    QTableWidgetItem(backup.when),
                    size,
                    QTableWidgetItem(backup.reason_label),
                    QTableWidgetItem(backup.path.name),
                )
            ):
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Carpeta de respaldos", self.folder.text())
        if name:
            self.folder.setText(name)

    def save_settings(self) -> None:
        if attempt(
            self.problems,
            lambda: save_settings(
                self.session.db, self.folder.text(), self.keep.value(), actor="usuario"
            ),
            "Respaldos",
        ):
            self.refresh()

    def back_up_now(self) -> None:
        if (backup := back_up(self, self.session.db)) is None:
            return
        self.refresh()
        QMessageBox.information(
            self, "Respaldo", f"Respaldo guardado en «{backup.path}» ({format_size(backup.size)})."
        )

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def ask_restore(self, *_args) -> None:
        backup = self.selected()
        if backup is None or self.session.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Restaurar respaldo",
            f"¿Restaurar el respaldo del {backup.when} ({format_size(backup.size)}, "
            f"{backup.reason_label})?\n\nLa base de datos volverá a estar como en ese momento. "
            "Antes se guarda una copia del archivo actual en la carpeta de respaldos, así que "
            "lo hecho después no se pierde: puede restaurarse esa copia.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(backup.path)
            self.refresh()
