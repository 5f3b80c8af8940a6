"""Who runs the competitions of a file: a Gobierno Regional (its department) or a municipality
(its province or district), its name and logo. Asked by Archivo → Nuevo, before the file is
built whole, and by the Convocatorias screen of a file that has no entity yet."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from procompite.calls.entity import ENTITY_KINDS, Entity, logo_problem
from procompite.common.errors import Problem
from procompite.storage.geography import national_places
from ui.widgets.forms import (
    RememberedDialog,
    accept_buttons,
    attempt,
    choice_combo,
    problems_label,
    show_problems,
)


class EntityDialog(RememberedDialog):
    """Calls ``store(entity, logo)``, which raises ``ValidationError`` to refuse."""

    geometry_key = "dialogs/entity"

    def __init__(
        self,
        settings: QSettings,
        store: Callable[[Entity, bytes | None], object],
        parent: QWidget | None = None,
        title: str = "Entidad que convoca",
    ):
        super().__init__(settings, parent)
        self.store = store
        self.logo: bytes | None = None
        self.setWindowTitle(title)
        self.places = national_places()
        self.kind = choice_combo(tuple(ENTITY_KINDS.items()), self, empty=None)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("p. ej. Gobierno Regional Cusco")
        self.department = choice_combo(self.places["departments"], self, empty="")
        self.province = choice_combo([], self, empty="")
        self.district = choice_combo([], self, empty="")
        self.logo_label = QLabel("Sin logo", self)
        choose = QPushButton("Elegir logo…", self)
        choose.clicked.connect(self.choose_logo)
        form = QFormLayout()
        form.addRow("Tipo de entidad", self.kind)
        form.addRow("Nombre", self.name)
        form.addRow("Departamento", self.department)
        form.addRow("Provincia", self.province)
        form.addRow("Distrito", self.district)
        form.addRow("Logo (PNG o JPEG)", choose)
        form.addRow("", self.logo_label)
        self.problems = problems_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "El nombre y el logo encabezan cada documento; el lugar define el ámbito de sus "
                "convocatorias.",
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(accept_buttons(self, self.save, "Crear"))
        self.department.currentIndexChanged.connect(
            lambda: self._fill(self.province, self.department, "provinces")
        )
        self.province.currentIndexChanged.connect(
            lambda: self._fill(self.district, self.province, "districts")
        )
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(max(self.width(), 560), max(self.height(), 380))

    def _fill(self, combo, parent, kind: str) -> None:
        prefix = parent.currentData() or "-"
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for code, name in self.places[kind]:
            if code.startswith(prefix):
                combo.addItem(name, code)
        combo.blockSignals(False)
        if combo is self.province:
            self._fill(self.district, self.province, "districts")

    def _kind_changed(self, *_args) -> None:
        kind = self.kind.currentData()
        self.province.setEnabled(kind != "regional")
        self.district.setEnabled(kind == "distrital")

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Logo", "", "Imágenes (*.png *.jpg *.jpeg)")
        if not name:
            return
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            show_problems(self.problems, [Problem("Logo", f"No se puede leer: {error.strerror}.")])
            return
        if message := logo_problem(data):
            show_problems(self.problems, [Problem("Logo", message)])
            return
        self.logo = data
        self.logo_label.setText(Path(name).name)

    def entity(self) -> Entity:
        kind = self.kind.currentData()
        return Entity(
            kind,
            self.name.text(),
            self.department.currentData() or "",
            (self.province.currentData() or "") if kind != "regional" else "",
            (self.district.currentData() or "") if kind == "distrital" else "",
        )

    def save(self) -> None:
        if attempt(self.problems, lambda: self.store(self.entity(), self.logo), "Entidad"):
            self.accept()
