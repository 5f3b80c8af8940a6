"""What every screen of the main window has: a title, a line of help, and a reload."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from procompite.repository import Repository


class Page(QWidget):
    """A screen; :meth:`reload` refills it from the open database."""

    title = ""
    help_text = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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


def section_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label
