"""Pieces shared by the record dialogs: combos of choices, problem lists, geometry."""

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.dates import format_moment
from procompite.common.errors import Problem, ValidationError
from procompite.lists.repository import Repository
from procompite.storage.checks import explain
from procompite.storage.database import is_read_only
from procompite.storage.drafts import drop_draft, find_draft, keep_draft
from ui.widgets.edit_table import TextGrid


def choice_combo(
    choices: Sequence[tuple[object, str]], parent: QWidget, empty: str = ""
) -> QComboBox:
    """A combo whose item data is the stored value; an optional first empty item."""
    combo = QComboBox(parent)
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in choices:
        combo.addItem(label, value)
    combo.setEditable(False)
    return combo


def select_value(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def accept_buttons(
    dialog: QDialog, on_accept: Callable[[], object], accept_text: str, *, save: bool = False
) -> QDialogButtonBox:
    """The dialog's accept button (``accept_text``, a Save button when ``save``) and «Cancelar»."""
    accept = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    cancel = QDialogButtonBox.StandardButton.Cancel
    box = QDialogButtonBox(accept | cancel, dialog)
    box.button(accept).setText(accept_text)
    box.button(cancel).setText("Cancelar")
    box.accepted.connect(on_accept)
    box.rejected.connect(dialog.reject)
    return box


def problems_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("problems")
    label.setWordWrap(True)
    label.hide()
    return label


def problems_text(problems: Sequence[Problem]) -> str:
    """Problems as lines for a message box: nothing was changed, and why."""
    return "No se hizo ningún cambio:\n" + "\n".join(f"• {p}" for p in problems)


def show_problems(label: QLabel, problems: Sequence[Problem]) -> None:
    if not problems:
        label.hide()
        label.clear()
        return
    items = "".join(f"<li><b>{p.field}</b>: {p.message}</li>" for p in problems)
    label.setText(f"No se guardó. Corrija lo siguiente:<ul>{items}</ul>")
    label.show()
    _grow_to_show(label)


def _grow_to_show(label: QLabel) -> None:
    """Let a dialog grow (within its screen) so that the problems just shown are not clipped."""
    window = label.window()
    if not isinstance(window, QDialog) or window.layout() is None:
        return
    window.layout().activate()
    hint = window.sizeHint()
    room = window.screen().availableGeometry() if window.screen() else None
    height = max(window.height(), hint.height())
    if room is not None:
        height = min(height, room.height())
    if height > window.height():
        window.resize(window.width(), height)


def attempt(label: QLabel, action: Callable[[], object], where: str) -> bool:
    """Run a change; show why it was refused (input or a database guard) in ``label``."""
    try:
        action()
    except ValidationError as error:
        show_problems(label, error.problems)
        return False
    except sqlite3.IntegrityError as error:
        show_problems(label, [Problem(where, str(error))])
        return False
    except sqlite3.OperationalError as error:
        show_problems(label, [Problem(where, explain(error))])
        return False
    show_problems(label, [])
    return True


class RememberedDialog(QDialog):
    """A dialog that restores its size and position from the settings, and never opens larger
    than the screen it is shown on (a GRDE laptop has 1366×768)."""

    geometry_key = ""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        if geometry := settings.value(self.geometry_key):
            self.restoreGeometry(QByteArray(geometry))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if (screen := self.screen()) is not None:
            room = screen.availableGeometry()
            width, height = min(self.width(), room.width()), min(self.height(), room.height())
            if (width, height) != (self.width(), self.height()):
                self.resize(width, height)

    def done(self, result: int) -> None:
        self.settings.setValue(self.geometry_key, self.saveGeometry())
        super().done(result)


def remember_splitter(splitter: QSplitter, settings: QSettings, key: str) -> None:
    """Give ``splitter`` back the sizes the user left it with, and keep them when moved."""
    if state := settings.value(key):
        splitter.restoreState(QByteArray(state))
    splitter.splitterMoved.connect(lambda *_moved: settings.setValue(key, splitter.saveState()))


def close_only(box: QDialogButtonBox) -> None:
    """A form that cannot be saved: its saving buttons are disabled and «Cancelar» is «Cerrar»."""
    for button in box.buttons():
        role = box.buttonRole(button)
        if role in SAVING_ROLES:
            button.setEnabled(False)
        elif role == QDialogButtonBox.ButtonRole.RejectRole:
            button.setText("Cerrar")


SAVING_ROLES = (
    QDialogButtonBox.ButtonRole.AcceptRole,
    QDialogButtonBox.ButtonRole.ActionRole,
    QDialogButtonBox.ButtonRole.ApplyRole,
    QDialogButtonBox.ButtonRole.YesRole,
)


class RecordDialog(RememberedDialog):
    """A dialog that edits one record of the open database; ``saved`` carries its id.

    A form with a ``draft_kind`` keeps what is typed in the ``drafts`` table a moment after each
    edit, so that a crash loses at most the last seconds; the next time the same form opens, the
    draft is put back with a note. Saving, or discarding on close, removes it.
    """

    saved = Signal(int)
    draft_kind = ""
    draft_delay_ms = 1500

    def __init__(self, db: Database, settings: QSettings, title: str, parent: QWidget | None):
        super().__init__(settings, parent)
        self.db = db
        self.repository = Repository(db)
        self.setWindowTitle(title)
        self.modified = False
        self.read_only = is_read_only(db)
        self.recovered_note = QLabel(self)
        self.recovered_note.setObjectName("flags")
        self.recovered_note.setWordWrap(True)
        self.recovered_note.hide()
        self._draft_keys: set[str] = set()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.draft_delay_ms)
        self._draft_timer.timeout.connect(self.keep_draft)

    def draft_key(self) -> str | None:
        """Which record the draft belongs to; ``None`` when this form keeps no draft now."""
        return None

    def draft_label(self) -> str:
        return self.windowTitle()

    def form_state(self) -> dict:
        return {}

    def apply_form_state(self, state: dict) -> None:
        raise NotImplementedError

    def watch_changes(self) -> None:
        """From now on, any edit marks the dialog as modified (asked about before closing)."""
        self.modified = False
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self._touched)
        for edit in self.findChildren(QPlainTextEdit):
            edit.textChanged.connect(self._touched)
        for combo in self.findChildren(QComboBox):
            combo.activated.connect(self._touched)
        for grid in self.findChildren(TextGrid):
            grid.grid.edited.connect(self._touched)
        for checklist in self.findChildren(QListWidget):
            checklist.itemChanged.connect(self._touched)
        if self.layout() is not None:
            self.layout().insertWidget(0, self.recovered_note)
        if self.read_only:
            self._forbid_saving()
        else:
            self._recover_draft()

    def _forbid_saving(self) -> None:
        for box in self.findChildren(QDialogButtonBox):
            close_only(box)
        self.recovered_note.setText(
            "Base de datos abierta solo para consulta: este formulario no puede guardarse."
        )
        self.recovered_note.show()

    def _recover_draft(self) -> None:
        key = self.draft_key()
        if not self.draft_kind or key is None:
            return
        draft = find_draft(self.db, self.draft_kind, key)
        if draft is None:
            return
        self._draft_keys.add(key)
        self.apply_form_state(draft.payload)
        self.modified = True
        self.recovered_note.setText(
            "Se recuperó lo que se había escrito sin guardar hasta el "
            f"{format_moment(draft.saved_at)}, cuando el programa se cerró. Revíselo y "
            "guárdelo, o cierre el formulario para descartarlo."
        )
        self.recovered_note.show()

    def _touched(self, *_args) -> None:
        self.modified = True
        # Not restarted by each keystroke: steady typing is still kept every few seconds.
        if self.draft_kind and not self.read_only and not self._draft_timer.isActive():
            self._draft_timer.start()

    def keep_draft(self) -> None:
        """Write what the form holds now as its draft (quietly: a failure must not stop typing)."""
        key = self.draft_key()
        if not self.modified or key is None or not self.draft_kind:
            return
        try:
            keep_draft(self.db, self.draft_kind, key, self.draft_label(), self.form_state())
        except sqlite3.Error:
            return
        self._draft_keys.add(key)

    def _drop_drafts(self) -> None:
        self._draft_timer.stop()
        for key in self._draft_keys:
            try:
                drop_draft(self.db, self.draft_kind, key)
            except sqlite3.Error:
                continue
        self._draft_keys.clear()

    def mark_saved(self) -> None:
        self.modified = False
        self._drop_drafts()
        self.recovered_note.hide()

    def reject(self) -> None:
        """Closing with unsaved changes asks first: nothing typed is lost by a slip."""
        if self.modified and not self.read_only:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Hay cambios sin guardar. ¿Descartarlos y cerrar?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
            self._drop_drafts()
        super().reject()


class GridPanel(QWidget):
    """An editable grid with buttons to add and remove rows and to paste from a spreadsheet."""

    def __init__(self, grid: TextGrid, noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = grid
        self.add_button = QPushButton(f"Agregar {noun}", self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(f"Quitar {noun}", self)
        self.remove_button.clicked.connect(lambda: grid.grid.remove_rows(grid.selected_rows()))
        self.paste_button = QPushButton("Pegar desde hoja de cálculo", self)
        self.paste_button.clicked.connect(grid.paste_clipboard)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.paste_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(grid, 1)

    def add_row(self, cells: dict[str, str] | None = None) -> None:
        row = self.grid.grid.append_row(cells)
        self.grid.setCurrentIndex(self.grid.grid.index(row, 0))
        self.grid.edit(self.grid.currentIndex())
