"""The milestones of a funded plan: one per budget line bought with money, generated with the
agreement, due in turn across its term. Their due dates and descriptions are edited here and
milestones are added; a line's milestone is met by its purchases, any other by its date."""

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from procompite.common.dates import format_short
from procompite.common.errors import Problem
from procompite.followup.budget import plan_lines
from procompite.followup.schedule import milestones, save_milestones
from ui.followup.followup_dialog import FollowupDialog, read_only_grid
from ui.widgets.edit_table import GridColumn, TextGrid, TextGridModel
from ui.widgets.forms import GridPanel, accept_buttons, show_problems

COLUMNS = (
    GridColumn("Descripción", "description", 380),
    GridColumn("Vence", "due_on", 100),
    GridColumn("Cumplido el", "done_on", 110),
    GridColumn("Estado", "state", 90, compute=lambda row: row.get("state_label", "Nuevo")),
    GridColumn("Línea del presupuesto", "line", 260, compute=lambda row: row.get("line", "")),
)
NOTE = (
    "Un hito de una línea del presupuesto se cumple cuando lo comprado llega a su presupuesto "
    "(su fecha «Cumplido el» la da la compra); los demás se marcan escribiendo la fecha en que "
    "se cumplieron. Las fechas se escriben dd/mm/aaaa."
)


class MilestonesModel(TextGridModel):
    """The date a line's milestone was met comes from its purchases: that cell is not typed."""

    def flags(self, index):
        flags = super().flags(index)
        if self.columns[index.column()].key == "done_on" and self.rows[index.row()].get("line"):
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags


class MilestonesGrid(TextGrid):
    model_class = MilestonesModel


class MilestonesDialog(FollowupDialog):
    geometry_key = "dialogs/followup_milestones"

    def __init__(
        self, db: Database, settings: QSettings, plan_id: int, actor: str, parent: QWidget
    ):
        super().__init__(db, settings, plan_id, actor, "Hitos", parent)
        if not settings.value(self.geometry_key):
            self.resize(1020, 560)
        self.grid = MilestonesGrid(COLUMNS, self)
        self.panel = GridPanel(self.grid, "hito", self)
        self.panel.remove_button.setText("Quitar hito nuevo")
        self.panel.remove_button.clicked.disconnect()
        self.panel.remove_button.clicked.connect(self.remove_new)
        note = QLabel(NOTE, self)
        note.setObjectName("pageHelp")
        note.setWordWrap(True)
        self.empty_note = QLabel(
            "El plan aún no tiene hitos: se generan al guardar su convenio, uno por línea del "
            "presupuesto que se compra.",
            self,
        )
        self.empty_note.setObjectName("flags")
        self.empty_note.setWordWrap(True)
        self.buttons = accept_buttons(self, self.save, "Guardar hitos", save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(note)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.load()
        if self.lock:
            read_only_grid(self.grid.grid, self.panel, self.buttons)
        self.watch_changes()

    def load(self) -> None:
        lines = {line.line_id: line.label for line in plan_lines(self.db, self.plan_id)}
        found = milestones(self.db, self.plan_id, date.today())
        self.grid.grid.set_rows(
            {
                "id": str(item.id),
                "description": item.description,
                "due_on": format_short(item.due_on),
                "done_on": format_short(item.done_on),
                "state_label": item.state_label,
                "line": lines.get(item.line_id, "") if item.line_id else "",
            }
            for item in found
        )
        self.grid.resizeRowsToContents()
        self.empty_note.setVisible(not found)

    def remove_new(self) -> None:
        rows = self.grid.selected_rows()
        if any(self.grid.grid.rows[row].get("id") for row in rows):
            show_problems(
                self.problems,
                [
                    Problem(
                        "Hitos",
                        "Un hito guardado no se quita: cambie su descripción o su fecha.",
                    )
                ],
            )
            return
        self.grid.grid.remove_rows(rows)

    def rows(self) -> list[dict]:
        return [
            {
                "id": int(row["id"]) if row.get("id") else None,
                "description": row.get("description", ""),
                "due_on": row.get("due_on", ""),
                "done_on": row.get("done_on", ""),
            }
            for row in self.grid.grid.rows
        ]

    def save(self) -> None:
        if self.lock:
            return
        saved = self.run(
            lambda: save_milestones(self.db, self.plan_id, self.rows(), actor=self.actor),
            "Hitos",
        )
        self.grid.grid.mark_faults(self.refused, "Hito")
        if saved:
            self.accept()
