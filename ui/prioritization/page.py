"""Priorización de cadenas productivas: exercises, weights and ranking live, AHP, sensitivity,
approval, and the chains catalogue."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
)

from procompite.calls.chains import apply_to_call
from procompite.common.errors import ValidationError
from procompite.lists.repository import Repository
from procompite.prioritization.approval import approve, copy_to_draft
from procompite.prioritization.editing import (
    save_ahp,
    save_criteria,
    save_value_grid,
    save_weights,
)
from procompite.prioritization.exercises import create_exercise, load_exercise
from ui.prioritization.approval import ApprovalDialog
from ui.prioritization.new_exercise import NewExerciseDialog
from ui.prioritization.panels import AhpPanel, CriteriaPanel, SensitivityPanel, ValuesPanel
from ui.prioritization.ranking_panel import RankingPanel
from ui.widgets.columns import integer, text, year
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import remember_splitter
from ui.widgets.page import Page
from ui.widgets.record_list import RecordList

EXERCISE_COLUMNS = (
    text("Ejercicio", "name"),
    text("Departamento", "department"),
    year("Año", "year"),
    text("Estado", "status"),
    integer("Criterios", "criteria"),
    integer("Cadenas candidatas", "chains"),
)

CHAIN_COLUMNS = (
    text("Cadena productiva", "name"),
    text("Sector", "sector"),
    text("Priorizada en", "departments"),
    text("Ranking nacional 2022 (Cuadro 8)", "national_rank"),
)


class PrioritizationPage(Page):
    title = "Priorización de cadenas productivas"
    help_text = (
        "Elija un ejercicio: mueva los pesos y vea el ranking al instante, derive los pesos por "
        "comparación de pares (AHP), revise la sensibilidad del corte y apruebe la lista, que "
        "queda congelada y define las cadenas de una convocatoria."
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        self.exercise = None
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.actions = QHBoxLayout()
        self.actions.addStretch(1)
        self.layout_.addLayout(self.actions)
        self.exercises = RecordList(EXERCISE_COLUMNS, "Filtrar ejercicios…", splitter)
        self.exercises.setMaximumHeight(150)
        self.exercises.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.exercises.widest = 560
        self.toolbar_buttons = {
            name: self._button(name, slot)
            for name, slot in (
                ("Nuevo ejercicio…", self.new_exercise),
                ("Aprobar…", self.approve),
                ("Copiar a borrador", self.copy),
                ("Aplicar a convocatoria…", self.apply_to_call),
                ("Guardar informe PDF…", self.save_report),
            )
        }
        self.tabs = QTabWidget(splitter)
        self.ranking = RankingPanel(self.tabs)
        self.criteria = CriteriaPanel(self.tabs)
        self.values = ValuesPanel(self.tabs)
        self.ahp = AhpPanel(self.tabs)
        self.sensitivity = SensitivityPanel(self.tabs)
        self.chains = RecordList(CHAIN_COLUMNS, "Filtrar cadenas…", self.tabs)
        for widget, label in (
            (self.ranking, "Pesos y ranking"),
            (self.criteria, "Criterios"),
            (self.values, "Valores"),
            (self.ahp, "Comparación de pares (AHP)"),
            (self.sensitivity, "Sensibilidad"),
            (self.chains, "Catálogo de cadenas"),
        ):
            self.tabs.addTab(widget, label)
        self.empty = EmptyState(splitter)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 4)
        self.layout_.addWidget(splitter, 1)
        remember_splitter(splitter, settings, "prioritization/splitter")
        self.exercises.table.selectionModel().currentRowChanged.connect(self._selected)
        self.ranking.weights_saved.connect(self.save_weights)
        self.ahp.use_weights.connect(self.use_ahp_weights)
        self.values.save_requested.connect(self.save_values)
        self.criteria.save_requested.connect(self.save_criteria)
        self.values.export_requested.connect(lambda: self.export_values())
        self.values.import_requested.connect(lambda: self.import_values())

    def _button(self, text_label, slot) -> QPushButton:
        button = QPushButton(text_label, self)
        button.clicked.connect(slot)
        self.actions.insertWidget(self.actions.count() - 1, button)
        return button

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        current = self.exercise.record["id"] if self.exercise else None
        self.exercises.set_records(repository.list_prioritizations())
        self.chains.set_records(repository.list_chains())
        records = self.exercises.visible_records()
        position = next((i for i, r in enumerate(records) if r.id == current), 0)
        if records:
            self.exercises.table.selectRow(position)
        empty = not self.exercises.model.rowCount()
        self.tabs.setVisible(not empty)
        if empty:
            self.empty.show_step(
                "Aún no hay ejercicios de priorización. Cree uno: elija el departamento, las "
                "cadenas candidatas del catálogo y los criterios; al aprobarlo, su lista define "
                "las cadenas de una convocatoria.",
                "Nuevo ejercicio…",
                self.new_exercise,
            )
        else:
            self.empty.hide()
        self._selected()

    def select_exercise(self, exercise_id: int) -> None:
        records = self.exercises.visible_records()
        self.exercises.table.selectRow(
            next(i for i, r in enumerate(records) if r.id == exercise_id)
        )

    def _selected(self, *_args) -> None:
        record = self.exercises.current_record()
        if self.repository is None or record is None:
            return
        self.exercise = load_exercise(self.repository.db, record.id)
        for panel in (self.ranking, self.criteria, self.values, self.ahp, self.sensitivity):
            panel.show_exercise(self.exercise)
        approved = self.exercise.approved
        self.toolbar_buttons["Aprobar…"].setEnabled(not approved)
        self.toolbar_buttons["Aplicar a convocatoria…"].setEnabled(approved)

    def _run(self, action) -> bool:
        try:
            action()
        except ValidationError as error:
            QMessageBox.warning(self, "Priorización", "\n".join(str(p) for p in error.problems))
            return False
        self.reload(self.repository)
        return True

    def save_weights(self, weights: dict) -> None:
        self._run(
            lambda: save_weights(
                self.repository.db,
                self.exercise.record["id"],
                weights,
                settings=self.ranking.settings(),
            )
        )

    def save_criteria(self, rows: list) -> None:
        self._run(lambda: save_criteria(self.repository.db, self.exercise.record["id"], rows))

    def export_values(self, target: str | None = None) -> str | None:
        if not target:
            target, _ = QFileDialog.getSaveFileName(
                self, "Exportar valores", "valores.xlsx", "Libro de Excel (*.xlsx)"
            )
        if target:
            from procompite.transfer.prioritization_values import write_values_workbook

            write_values_workbook(self.repository.db, self.exercise.record["id"], target)
        return target or None

    def import_values(self, source: str | None = None) -> list:
        if not source:
            source, _ = QFileDialog.getOpenFileName(
                self, "Importar valores", "", "Libro de Excel (*.xlsx)"
            )
        if not source:
            return []
        from procompite.transfer.prioritization_values import import_values_workbook

        problems = import_values_workbook(self.repository.db, self.exercise.record["id"], source)
        if problems:
            QMessageBox.warning(
                self,
                "Importar valores",
                "No se importó nada. Corrija:\n" + "\n".join(str(p) for p in problems[:40]),
            )
        else:
            self.reload(self.repository)
        return problems

    def save_values(self, cells: dict) -> None:
        self._run(lambda: save_value_grid(self.repository.db, self.exercise.record["id"], cells))

    def use_ahp_weights(self, weights: list) -> None:
        ids = [c.id for c in self.exercise.criteria]
        upper = {(ids[i], ids[j]): value for (i, j), value in self.ahp._upper().items()}
        self._run(
            lambda: save_ahp(
                self.repository.db,
                self.exercise.record["id"],
                upper,
                dict(zip(ids, weights, strict=True)),
            )
        )
        self.tabs.setCurrentWidget(self.ranking)

    def new_exercise(self) -> None:
        dialog = NewExerciseDialog(self.repository.db, self)
        if dialog.exec():
            self.create(dialog.values())

    def create(self, values: dict) -> None:
        created = []
        if self._run(lambda: created.append(create_exercise(self.repository.db, **values))):
            self.select_exercise(created[0])
            self.tabs.setCurrentWidget(self.criteria)

    def approve(self) -> None:
        if self.exercise is None:
            return
        above = [r.chain.name for r in self.ranking.ranking.rows if r.above_cut]
        dialog = ApprovalDialog(above, self)
        if dialog.exec():
            self.approve_as_shown(*dialog.values())

    def approve_as_shown(self, approved_on, reference: str) -> bool:
        """Approve exactly what the screen shows: its weights, method and cut are saved first."""
        exercise_id = self.exercise.record["id"]
        db = self.repository.db

        def save_then_approve() -> None:
            with db.atomic():
                save_weights(
                    db, exercise_id, self.ranking.weights(), settings=self.ranking.settings()
                )
                approve(db, exercise_id, approved_on=approved_on, reference=reference)

        return self._run(save_then_approve)

    def copy(self) -> None:
        if self.exercise is not None:
            self._run(lambda: copy_to_draft(self.repository.db, self.exercise.record["id"]))

    def save_report(self, target: str | None = None) -> str | None:
        """Write the Informe de priorización of the selected exercise."""
        if self.exercise is None:
            return None
        if not target:
            target, _ = QFileDialog.getSaveFileName(
                self, "Guardar informe", "informe-priorizacion.pdf", "PDF (*.pdf)"
            )
        if target:
            from procompite.documents.pdf.prioritization import build_report, render_report

            report = build_report(self.repository.db, self.exercise.record["id"])
            render_report(report, target)
        return target or None

    def apply_to_call(self) -> None:
        calls = self.repository.call_choices()
        names = [name for _, name in calls]
        name, ok = QInputDialog.getItem(
            self, "Aplicar a convocatoria", "Convocatoria", names, 0, False
        )
        if ok and name:
            call_id = calls[names.index(name)][0]
            self._run(
                lambda: apply_to_call(self.repository.db, self.exercise.record["id"], call_id)
            )
