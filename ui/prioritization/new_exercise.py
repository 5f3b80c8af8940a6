"""The dialog that starts a prioritisation exercise: scope, year, method, cut, candidate chains."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.entity import PLACE_KEY
from procompite.prioritization.exercises import candidate_chains
from procompite.prioritization.methods import METHOD_NAMES
from procompite.storage.settings import setting
from ui.widgets.forms import accept_buttons

MISSING = {"worst": "Asignar el peor valor", "exclude": "Excluir la cadena con aviso"}
CUTS = {"top_n": "Primeros N puestos", "threshold": "Puntaje mínimo"}


def home_department(db: Database) -> int | None:
    """The entity's department, else the one where most of the file's AEO are."""
    ubigeo = setting(db, PLACE_KEY)[:2]
    row = db.execute("SELECT id FROM departments WHERE ubigeo = ?", [ubigeo]).fetchone()
    if row is None:
        row = db.execute(
            "SELECT p.department_id FROM organizations o JOIN districts d ON d.id = o.district_id "
            "JOIN provinces p ON p.id = d.province_id GROUP BY p.department_id "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return row[0] if row else None


class NewExerciseDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Nuevo ejercicio de priorización")
        self.resize(560, 620)
        self.name = QLineEdit(self)
        self.department = QComboBox(self)
        for id_, name in db.execute("SELECT id, name FROM departments ORDER BY name"):
            self.department.addItem(name, id_)
        self.department.setCurrentIndex(max(self.department.findData(home_department(db)), 0))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.zones = {zone: QCheckBox(f"Zona {zone}", self) for zone in ("I", "II", "III")}
        zones_row = QWidget(self)
        zones_layout = QHBoxLayout(zones_row)
        zones_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.zones.values():
            box.toggled.connect(self._fill_chains)
            zones_layout.addWidget(box)
        self.method = QComboBox(self)
        for code, label in METHOD_NAMES.items():
            self.method.addItem(label, code)
        self.missing = QComboBox(self)
        for code, label in MISSING.items():
            self.missing.addItem(label, code)
        self.cut_kind = QComboBox(self)
        for code, label in CUTS.items():
            self.cut_kind.addItem(label, code)
        self.cut_value = QDoubleSpinBox(self)
        self.cut_value.setRange(0, 100)
        self.cut_value.setValue(5)
        self.cut_kind.currentIndexChanged.connect(self._cut_places)
        self._cut_places()
        self.chains = QListWidget(self)
        form = QFormLayout(self)
        form.addRow("Nombre", self.name)
        form.addRow("Departamento", self.department)
        form.addRow("Año", self.year)
        form.addRow("Zonas (opcional)", zones_row)
        form.addRow("Método", self.method)
        form.addRow("Datos faltantes", self.missing)
        form.addRow("Corte", self.cut_kind)
        form.addRow("Valor del corte", self.cut_value)
        form.addRow("Cadenas candidatas", self.chains)
        buttons = accept_buttons(self, self.accept, "Crear")
        form.addRow(buttons)
        self.department.currentIndexChanged.connect(self._fill_chains)
        self._fill_chains()

    def _cut_places(self, *_args) -> None:
        """A number of places is whole; a minimum score has decimals."""
        places = self.cut_kind.currentData() == "top_n"
        self.cut_value.setDecimals(0 if places else 2)
        self.cut_value.setSuffix(" puestos" if places else " puntos")

    def _fill_chains(self, *_args) -> None:
        zones = [zone for zone, box in self.zones.items() if box.isChecked()]
        wanted = set(candidate_chains(self.db, self.department.currentData(), zones))
        self.chains.clear()
        for id_, name in self.db.execute("SELECT id, name FROM chains ORDER BY name"):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if id_ in wanted else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, id_)
            self.chains.addItem(item)

    def values(self) -> dict:
        zones = [zone for zone, box in self.zones.items() if box.isChecked()]
        provinces = (
            [
                row[0]
                for row in self.db.execute(
                    f"SELECT id FROM provinces WHERE department_id = ? AND zone IN "
                    f"({', '.join('?' for _ in zones)})",
                    [self.department.currentData(), *zones],
                )
            ]
            if zones
            else []
        )
        return {
            "name": self.name.text(),
            "department_id": self.department.currentData(),
            "year": self.year.value(),
            "chain_ids": [
                self.chains.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.chains.count())
                if self.chains.item(i).checkState() == Qt.CheckState.Checked
            ],
            "province_ids": provinces,
            "method": self.method.currentData(),
            "missing_policy": self.missing.currentData(),
            "cut_kind": self.cut_kind.currentData(),
            "cut_value": self.cut_value.value(),
        }
