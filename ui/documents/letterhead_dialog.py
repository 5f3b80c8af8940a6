"""The letterhead dialog: the entity's name and logo printed on every document."""

import getpass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.entity import entity_logo, entity_name, logo_problem, save_letterhead
from procompite.common.errors import Problem
from ui.widgets.forms import (
    RememberedDialog,
    accept_buttons,
    attempt,
    problems_label,
    show_problems,
)

LOGO_SIZE = 96


class LetterheadDialog(RememberedDialog):
    geometry_key = "dialogs/letterhead"

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.db = db
        self.setWindowTitle("Membrete de los documentos")
        self.logo = entity_logo(db)
        self.name = QLineEdit(entity_name(db), self)
        self.preview = QLabel(self)
        self.preview.setFixedSize(LOGO_SIZE, LOGO_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("logoPreview")
        choose = QPushButton("Elegir imagen…", self)
        remove = QPushButton("Quitar logo", self)
        choose.clicked.connect(self.choose_logo)
        remove.clicked.connect(lambda: self.set_logo(None))
        self.problems = problems_label(self)
        buttons = accept_buttons(self, self.save, "Guardar", save=True)

        logo_row = QHBoxLayout()
        logo_row.addWidget(self.preview)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(choose)
        logo_buttons.addWidget(remove)
        logo_buttons.addStretch(1)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Entidad", self.name)
        form.addRow("Logo (PNG o JPEG)", logo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.set_logo(self.logo)

    def set_logo(self, data: bytes | None) -> None:
        self.logo = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.preview.setPixmap(
                pixmap.scaled(
                    LOGO_SIZE,
                    LOGO_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setText("Sin logo")

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Logo de la entidad", "", "Imágenes (*.png *.jpg *.jpeg)"
        )
        if name:
            self.load_logo(Path(name))

    def load_logo(self, path: Path) -> None:
        data = path.read_bytes()
        if message := logo_problem(data):
            show_problems(self.problems, [Problem("Logo", f"{path.name}: {message}")])
            return
        show_problems(self.problems, [])
        self.set_logo(data)

    def save(self) -> None:
        saved = attempt(
            self.problems,
            lambda: save_letterhead(self.db, self.name.text(), self.logo, actor=getpass.getuser()),
            "Membrete",
        )
        if saved:
            self.accept()
