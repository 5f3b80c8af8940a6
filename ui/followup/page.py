"""Seguimiento: the funded plans after the acta (money, agreement, deliveries, last visit,
liquidation), the alerts to act on and the picture at a glance; the dialogs of the selected
plan's follow-up and the call's documents and files."""

import getpass
from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from procompite.calls.status import stage_problem
from procompite.followup.alerts import alerts
from procompite.followup.picture import ALL_CALLS, summaries
from procompite.followup.rows import FollowupRow, followup_calls, followup_rows
from procompite.lists.repository import Repository
from ui.followup.agreement_dialog import AgreementDialog
from ui.followup.closing_dialog import ClosingDialog, closed_text
from ui.followup.columns import (
    ALERT_COLUMNS,
    ALERT_FLEXIBLE,
    CALL_COLUMN,
    PLAN_COLUMNS,
    PLAN_FLEXIBLE,
)
from ui.followup.deliveries_dialog import DeliveriesDialog
from ui.followup.file_actions import FileActions
from ui.followup.fitted_list import FittedList
from ui.followup.indicators_dialog import IndicatorsDialog
from ui.followup.milestones_dialog import MilestonesDialog
from ui.followup.purchases_dialog import PurchasesDialog
from ui.followup.summary_panel import SummaryPanel
from ui.followup.visits_dialog import VisitsDialog
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import remember_splitter
from ui.widgets.page import Page
from ui.widgets.tasks import TaskRunner

NO_WINNERS = (
    "Ningún plan financiado: los ganadores aparecen cuando el acta de la convocatoria está "
    "emitida. Emita el acta en Evaluación → Cuadro de mérito y publique los resultados en "
    "Convocatorias → Cambiar etapa…"
)
PLAN_DIALOGS = {
    "Convenio…": AgreementDialog,
    "Hitos…": MilestonesDialog,
    "Compras…": PurchasesDialog,
    "Entregas…": DeliveriesDialog,
    "Visitas…": VisitsDialog,
    "Liquidar plan…": ClosingDialog,
}


def _titled(title: str, body: QWidget, parent: QWidget) -> QWidget:
    holder = QWidget(parent)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(title, holder)
    heading.setObjectName("sectionTitle")
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    holder.heading = heading
    return holder


class FollowupPage(FileActions, Page):
    title = "Seguimiento de los planes financiados"
    help_text = (
        "Después del acta, cada plan ganador: su convenio, hitos, compras, entregas de bienes, "
        "visitas y liquidación. Elija un plan y abra lo que quiere ver o registrar."
    )

    def __init__(self, settings: QSettings, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.tasks = tasks
        self.actor = getpass.getuser()
        self.last_dialog = None
        self.chosen = False  # until the user picks a call, the only one (or all) is shown
        self.buttons: dict[str, QPushButton] = {}
        self.layout_.addLayout(self._call_bar())
        self.stage_note = QLabel(self)
        self.stage_note.setObjectName("flags")
        self.stage_note.setWordWrap(True)
        self.stage_note.hide()
        self.layout_.addWidget(self.stage_note)
        self.layout_.addLayout(self._plan_bar())
        self.empty = EmptyState(self)
        self.layout_.addWidget(self.empty, 1)
        self.plans = FittedList(
            PLAN_COLUMNS, "Filtrar planes (código, AEO, convenio…)", PLAN_FLEXIBLE, self
        )
        self.alerts = FittedList(ALERT_COLUMNS, "Filtrar alertas…", ALERT_FLEXIBLE, self)
        self.summary = SummaryPanel(self)
        self.alerts_box = _titled("Alertas", self.alerts, self)
        self.summary_box = _titled("Resumen", self.summary, self)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(self.alerts_box)
        bottom.addWidget(self.summary_box)
        bottom.setSizes([600, 540])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.plans)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([270, 250])
        remember_splitter(self.splitter, settings, "followup/splitter")
        remember_splitter(bottom, settings, "followup/bottom")
        self.layout_.addWidget(self.splitter, 1)
        self.status = QLabel(self)
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self.plans.table.selectionModel().currentRowChanged.connect(self._enable)
        self.plans.table.doubleClicked.connect(lambda *_: self.open_plan_dialog("Convenio…"))
        self.alerts.table.doubleClicked.connect(self._go_to_alert)
        self._enable()

    def _call_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Convocatoria:", self))
        self.call = QComboBox(self)
        self.call.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.call.currentIndexChanged.connect(self._call_changed)
        bar.addWidget(self.call)
        bar.addStretch(1)
        for label, slot in (
            ("Indicadores de la convocatoria…", self.edit_indicators),
            ("Reporte de seguimiento…", self.show_report),
            ("Exportar a Excel…", self.choose_export),
        ):
            self.buttons[label] = self._button(label, slot, bar)
        visits = self._button("Importar visitas…", lambda: None, bar)
        menu = QMenu(visits)
        self.template_action = menu.addAction("Guardar plantilla de visitas…", self.choose_template)
        self.import_action = menu.addAction("Importar un archivo de visitas…", self.choose_visits)
        visits.setMenu(menu)
        self.buttons["Importar visitas…"] = visits
        return bar

    def _plan_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.selected_label = QLabel("Plan seleccionado:", self)
        bar.addWidget(self.selected_label)
        for label in PLAN_DIALOGS:
            self.buttons[label] = self._button(
                label, lambda _=False, name=label: self.open_plan_dialog(name), bar
            )
        bar.addStretch(1)
        return bar

    def _button(self, label: str, slot, bar: QHBoxLayout) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    # Loading ---------------------------------------------------------------------------

    @property
    def db(self):
        return self.repository.db if self.repository else None

    @property
    def call_id(self) -> int | None:
        return self.call.currentData()

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        calls = followup_calls(repository.db)
        only = calls[0][0] if len(calls) == 1 else None
        current = self.call.currentData() if self.chosen else only
        self.call.blockSignals(True)
        self.call.clear()
        self.call.addItem(ALL_CALLS, None)
        for call_id, name in calls:
            self.call.addItem(name, call_id)
        self.call.setCurrentIndex(max(self.call.findData(current), 0))
        self.call.blockSignals(False)
        self.refresh()

    def _call_changed(self, *_args) -> None:
        self.chosen = True
        self.refresh()

    def refresh(self) -> None:
        if self.repository is None:
            return
        db, call_id = self.db, self.call_id
        selected = self.current_plan()
        rows = followup_rows(db, call_id)
        empty = not rows and call_id is None
        self.splitter.setVisible(not empty)
        self.call.setEnabled(not empty)
        if empty:
            self.empty.show_step(
                NO_WINNERS, "Ir a Evaluación", lambda: self.go_to.emit("Evaluación")
            )
        else:
            self.empty.hide()
        self.plans.table.setColumnHidden(CALL_COLUMN, call_id is not None)
        self.plans.set_records(rows)
        if rows:
            self.plans.table.selectRow(0)
            if selected is not None:
                self.plans.select_id(selected.id)
        found = alerts(db, date.today(), call_id)
        self.alerts.set_records(found)
        self.alerts_box.heading.setText(f"Alertas ({len(found)})" if found else "Alertas: ninguna")
        pictures = summaries(db, call_id)
        self.summary.show_summary(pictures[-1] if pictures else None)
        self._show_stage(rows)
        self._enable()

    def _show_stage(self, rows: list[FollowupRow]) -> None:
        """Say which calls' stage keeps their follow-up read-only, and how to open it."""
        calls = {row.plan.call_id: row.plan.call_name for row in rows}
        notes = [
            f"«{name}»: {problem.message}"
            for call_id, name in calls.items()
            if (problem := stage_problem(self.db, call_id, "dar seguimiento"))
        ]
        if notes:
            notes.append(
                "Sus planes se muestran solo para consulta; para registrar su seguimiento, pase "
                "la convocatoria a «Resultados publicados» en Convocatorias → Cambiar etapa…"
            )
        self.stage_note.setText("<br>".join(notes))
        self.stage_note.setVisible(bool(notes))

    def current_plan(self) -> FollowupRow | None:
        return self.plans.current_record()

    def _enable(self, *_args) -> None:
        plan = self.current_plan()
        for label in PLAN_DIALOGS:
            self.buttons[label].setEnabled(plan is not None)
        self.selected_label.setText(
            f"Plan seleccionado: <b>{plan.plan.code}</b>" if plan else "Elija un plan de la lista:"
        )
        has_call = self.call_id is not None or plan is not None
        self.buttons["Indicadores de la convocatoria…"].setEnabled(has_call)
        has_rows = bool(self.plans.model.rowCount())
        for label in ("Reporte de seguimiento…", "Exportar a Excel…", "Importar visitas…"):
            self.buttons[label].setEnabled(has_rows)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def _go_to_alert(self, *_args) -> None:
        alert = self.alerts.current_record()
        if alert is None:
            return
        for row, record in enumerate(self.plans.visible_records()):
            if record.plan.code == alert.code and record.plan.call_name == alert.call:
                self.plans.table.selectRow(row)
                return

    # Dialogs ---------------------------------------------------------------------------

    def open_plan_dialog(self, name: str):
        plan = self.current_plan()
        if plan is None or self.db is None:
            return None
        dialog_class = PLAN_DIALOGS[name]
        options = (
            {"print_delivery": self.print_delivery} if dialog_class is DeliveriesDialog else {}
        )
        dialog = dialog_class(
            self.db, self.settings, plan.plan.plan_id, self.actor, self, **options
        )
        dialog.saved.connect(lambda _id: self.refresh())
        if dialog_class is ClosingDialog:
            dialog.accepted.connect(lambda: self.say(closed_text(dialog.code, plan.plan.code)))
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def edit_indicators(self) -> IndicatorsDialog | None:
        plan = self.current_plan()
        call_id = self.call_id or (plan.plan.call_id if plan else None)
        if call_id is None or self.db is None:
            return None
        dialog = IndicatorsDialog(self.db, self.settings, call_id, self.actor, self)
        dialog.saved.connect(lambda _id: self.refresh())
        self.last_dialog = dialog
        dialog.open()
        return dialog
