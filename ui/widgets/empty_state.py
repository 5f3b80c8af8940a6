"""What a screen shows when the file has nothing of its kind yet: a sentence that says what to
do next and the button that starts it."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self)
        self._slot: Callable[[], object] | None = None
        self.button.clicked.connect(lambda: self._slot and self._slot())
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.hide()

    def show_step(self, message: str, button: str, slot: Callable[[], object]) -> None:
        self.message.setText(message)
        self.button.setText(button)
        self._slot = slot
        self.show()
