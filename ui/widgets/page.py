"""What every screen of the main window has: a title, a line of help, and a reload."""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from procompite.lists.repository import Repository
from ui.widgets.empty_state import EmptyState
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column


class Page(QWidget):
    """A screen; :meth:`reload` refills it from the open database. ``data_changed`` asks the
    window to refresh every screen after a change others show (a call's stage, its bases)."""

    title = ""
    help_text = ""
    data_changed = Signal()
    go_to = Signal(str)

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.repository: Repository | None = None
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(self.title, self)
        heading.setObjectName("pageTitle")
        self.layout_.addWidget(heading)
        if self.help_text:
            help_label = QLabel(self.help_text, self)
            help_label.setObjectName("pageHelp")
            help_label.setWordWrap(True)
            self.layout_.addWidget(help_label)

    def reload(self, repository: Repository) -> None:
        raise NotImplementedError


class ListPage(Page):
    """A screen that is one filterable list of records."""

    columns: Sequence[Column] = ()
    placeholder = "Filtrar…"
    dialog_class: type | None = None
    new_text = "Nuevo…"
    edit_text = "Editar…"

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.toolbar = QHBoxLayout()
        self.layout_.addLayout(self.toolbar)
        self.list = RecordList(self.columns, self.placeholder, self)
        self.layout_.addWidget(self.list, 1)
        self.empty = EmptyState(self)
        self.layout_.addWidget(self.empty, 1)
        if self.dialog_class is not None:
            self.add_editing(self.new_text, self.edit_text)

    def fetch(self, repository: Repository) -> Sequence[Any]:
        raise NotImplementedError

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        records = self.fetch(repository)
        self.list.set_records(records)
        step = None if records else self.empty_step(repository)
        self.list.setVisible(step is None)
        if step is None:
            self.empty.hide()
        else:
            self.empty.show_step(*step)

    def empty_step(self, repository: Repository) -> tuple[str, str, Any] | None:
        """For a screen with no records: what to do next, the button's text and its action."""
        return None

    def refresh(self) -> None:
        if self.repository is not None:
            self.reload(self.repository)

    def add_button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.toolbar.addWidget(button)
        return button

    def add_editing(self, new_text: str, edit_text: str) -> None:
        """Buttons to create a record and edit the selected one (also on double-click)."""
        self.new_button = self.add_button(new_text, lambda: self.open_dialog(None))
        self.edit_button = self.add_button(edit_text, self.edit_current)
        self.toolbar.addStretch(1)
        self.list.table.doubleClicked.connect(self.edit_current)

    def edit_current(self, *_args) -> None:
        if (record := self.current_record()) is not None:
            self.open_dialog(record.id)

    def open_dialog(self, record_id: int | None) -> QDialog | None:
        if self.repository is None or self.dialog_class is None:
            return None
        dialog = self.dialog_class(self.repository.db, self.settings, record_id, parent=self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def current_record(self) -> Any | None:
        return self.list.current_record()
