"""What every screen of the main window has: a title, a line of help, and a reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from procompite.lists.repository import Repository


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
