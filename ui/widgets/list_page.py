"""A screen that is one filterable list of records, with buttons to add and edit them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from ui.widgets.empty_state import EmptyState
from ui.widgets.page import Page
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

if TYPE_CHECKING:
    from procompite.lists.repository import Repository


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
