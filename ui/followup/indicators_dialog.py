"""The indicators a call measures at each visit beyond those of every plan: their names and
units. One already measured may be renamed, not removed nor given another unit."""

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.followup.indicators import DEFAULT_INDICATORS, call_indicators, save_indicators
from ui.followup.followup_dialog import call_lock_reason, lock_label, read_only_grid
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import (
    GridPanel,
    RememberedDialog,
    accept_buttons,
    attempt,
    problems_label,
)

COLUMNS = (
    GridColumn("Nombre", "name", 380),
    GridColumn("Unidad", "unit", 160),
)
NOTE = (
    "Además de lo que toda visita registra (funcionamiento, socios, ventas, empleo, bienes), la "
    "convocatoria mide estos indicadores, cada uno en su unidad: t, l, unidades, S/ por kg… Un "
    "indicador ya medido en una visita puede cambiar de nombre, pero no quitarse ni cambiar de "
    "unidad: para otra unidad, agregue otro indicador."
)
PROPOSED = (
    "La convocatoria aún no tiene indicadores propios: se proponen estos, que se guardan con el "
    "primer convenio o al pulsar «Guardar indicadores»."
)


class IndicatorsDialog(RememberedDialog):
    saved = Signal(int)
    geometry_key = "dialogs/followup_indicators"

    def __init__(
        self, db: Database, settings: QSettings, call_id: int, actor: str, parent: QWidget
    ):
        super().__init__(settings, parent)
        self.db, self.call_id, self.actor = db, call_id, actor
        name = db["calls"].get(call_id)["name"]
        self.setWindowTitle(f"Indicadores de la convocatoria — {name}")
        if not settings.value(self.geometry_key):
            self.resize(720, 460)
        self.lock = call_lock_reason(db, call_id)
        self.lock_note = lock_label(self)
        self.lock_note.setText(self.lock or "")
        self.lock_note.setVisible(bool(self.lock))
        note = QLabel(NOTE, self)
        note.setObjectName("pageHelp")
        note.setWordWrap(True)
        self.proposed = QLabel(PROPOSED, self)
        self.proposed.setObjectName("flags")
        self.proposed.setWordWrap(True)
        self.grid = TextGrid(COLUMNS, self)
        self.panel = GridPanel(self.grid, "indicador", self)
        self.problems = problems_label(self)
        self.buttons = accept_buttons(self, self.save, "Guardar indicadores", save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(note)
        layout.addWidget(self.proposed)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        found = call_indicators(db, call_id)
        self.grid.grid.set_rows(
            [{"id": str(item.id), "name": item.name, "unit": item.unit} for item in found]
            or [{"name": name, "unit": unit} for name, unit in DEFAULT_INDICATORS]
        )
        self.proposed.setVisible(not found and not self.lock)
        if self.lock:
            read_only_grid(self.grid.grid, self.panel, self.buttons)

    def rows(self) -> list[dict]:
        return [
            {
                "id": int(row["id"]) if row.get("id") else None,
                "name": row.get("name", ""),
                "unit": row.get("unit", ""),
            }
            for row in self.grid.grid.rows
        ]

    def save(self) -> None:
        if self.lock:
            return
        refused: list = []

        def store() -> None:
            try:
                save_indicators(self.db, self.call_id, self.rows(), actor=self.actor)
            except ValidationError as error:
                refused.extend(error.problems)
                raise

        saved = attempt(self.problems, store, "Indicadores")
        self.grid.grid.mark_faults(refused, "Indicador")
        if saved:
            self.saved.emit(self.call_id)
            self.accept()
