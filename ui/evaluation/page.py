"""Evaluación: members' sheets, consolidation, cuadro de mérito, committee and audit trail.

Every score shown asks :mod:`procompite.evaluation.consolidation` what the member in session may
see; hidden figures read «Oculto», with the reason beside the list.
"""

from dataclasses import replace
from html import escape

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from procompite.calls.status import call_stage, stage_problem
from procompite.common.errors import Problem
from procompite.common.money import format_soles
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.committee import CommitteeMember, members
from procompite.evaluation.consolidation import (
    AUDIT_HIDDEN,
    LOGIN_FIRST,
    hidden_audit_entries,
    score_visibility,
)
from procompite.evaluation.results import CallResults, call_results
from procompite.evaluation.scoring import declaration, declare, worklist
from procompite.lists.repository import Repository
from procompite.storage.audit import Entry, entries
from procompite.storage.drafts import Draft, pending_drafts
from procompite.storage.settings import is_package
from ui.evaluation.columns import (
    AUDIT_COLUMNS,
    BONUS_HEADERS,
    COMMITTEE_COLUMNS,
    CONSOLIDATION_COLUMNS,
    MERIT_COLUMNS,
    WORK_COLUMNS,
    ShownPlan,
)
from ui.evaluation.committee_actions import CommitteeActions
from ui.evaluation.committee_dialog import SessionDialog
from ui.evaluation.consolidation_dialog import ConsolidationDialog
from ui.evaluation.issuing import IssuingActions
from ui.evaluation.rubric_panel import RubricPanel
from ui.evaluation.scoring_dialog import ScoringDialog
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import attempt, problems_label, show_problems
from ui.widgets.page import Page
from ui.widgets.record_list import RecordList

# The buttons whose work a call's stage allows or not (procompite.calls.status).
STAGE_WORK = {
    "Declarar sin conflicto": "calificar",
    "Declarar conflicto…": "calificar",
    "Calificar…": "calificar",
    "Emitir dictamen": "emitir",
    "Emitir todos los dictámenes listos": "emitir",
    "Reabrir dictamen…": "emitir",
    "Guardar cuadro de mérito": "decidir",
    "Emitir acta de evaluación…": "emitir",
    "Agregar miembro…": "cambiar comité",
    "Editar…": "cambiar comité",
    "Quitar": "cambiar comité",
    "Crear paquete de evaluación…": "calificar",
    "Importar evaluaciones de un paquete…": "calificar",
}


class EvaluationPage(IssuingActions, CommitteeActions, Page):
    title = "Evaluación por el comité"
    help_text = (
        "Cada miembro inicia su sesión, declara si tiene conflicto de interés con cada plan y lo "
        "califica con la rúbrica. La presidencia o la secretaría técnica consolida, decide los "
        "veredictos, guarda el cuadro de mérito y emite los dictámenes."
    )
    report_requested = Signal(str, int)

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.member: CommitteeMember | None = None
        self.results: CallResults | None = None
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Convocatoria:", self))
        self.call = QComboBox(self)
        self.call.currentIndexChanged.connect(self._call_changed)
        bar.addWidget(self.call, 1)
        self.session = QLabel(self)
        self.session.setObjectName("sessionLabel")
        bar.addWidget(self.session)
        self.login_button = QPushButton("Iniciar sesión…", self)
        self.login_button.clicked.connect(self.toggle_session)
        bar.addWidget(self.login_button)
        self.layout_.addLayout(bar)
        self.problems = problems_label(self)
        self.layout_.addWidget(self.problems)
        self.empty = EmptyState(self)
        self.layout_.addWidget(self.empty, 1)
        self.tabs = QTabWidget(self)
        self.layout_.addWidget(self.tabs, 1)
        self.work = self._tab(
            "Mis evaluaciones",
            WORK_COLUMNS,
            "Filtrar planes…",
            [
                ("Declarar sin conflicto", lambda: self.declare(False)),
                ("Declarar conflicto…", lambda: self.declare(True)),
                ("Calificar…", self.score),
            ],
        )
        self.work.table.doubleClicked.connect(self.score)
        self.work_note = QLabel(
            "Inicie su sesión con «Iniciar sesión…» (arriba a la derecha) para ver los planes "
            "que le toca calificar y declarar sus conflictos.",
            self,
        )
        self.work_note.setWordWrap(True)
        self.work_note.setObjectName("pageHelp")
        self.work.layout().insertWidget(0, self.work_note)
        self.consolidation = self._tab(
            "Consolidación y veredictos",
            CONSOLIDATION_COLUMNS,
            "Filtrar planes…",
            [
                ("Ver detalle y consolidar…", self.open_consolidation),
                ("Emitir dictamen", self.issue),
                ("Emitir todos los dictámenes listos", self.issue_all),
                ("Reabrir dictamen…", self.reopen),
                ("Ver dictamen…", self.show_dictamen),
            ],
        )
        self.consolidation.table.doubleClicked.connect(self.open_consolidation)
        self.consolidation_note = QLabel(self)
        self.consolidation_note.setWordWrap(True)
        self.consolidation_note.setObjectName("pageHelp")
        self.consolidation.layout().insertWidget(0, self.consolidation_note)
        self.merit = self._tab(
            "Cuadro de mérito",
            MERIT_COLUMNS,
            "Filtrar…",
            [
                ("Guardar cuadro de mérito", self.save_merit),
                ("Solidez del resultado…", self.show_robustness),
                ("Emitir acta de evaluación…", self.issue_acta),
                ("Ver acta…", self.show_acta),
            ],
        )
        self.merit_summary = QLabel(self)
        self.merit_summary.setWordWrap(True)
        self.merit.layout().insertWidget(0, self.merit_summary)
        self.committee = self._tab(
            "Comité",
            COMMITTEE_COLUMNS,
            "Filtrar miembros…",
            [
                ("Agregar miembro…", lambda: self.edit_member(None)),
                ("Editar…", lambda: self.edit_member(self._current_member_id())),
                ("Quitar", self.remove_member),
                ("Fijar o cambiar PIN…", self.change_pin),
                ("Crear paquete de evaluación…", lambda: self.window().create_member_package()),
                (
                    "Importar evaluaciones de un paquete…",
                    lambda: self.window().choose_package_to_merge(),
                ),
            ],
        )
        self.rubric = RubricPanel(settings, self.tabs)
        self.rubric.changed.connect(self.refresh)
        self.tabs.addTab(self.rubric, "Rúbrica")
        self.audit = self._tab("Registro de auditoría", AUDIT_COLUMNS, "Filtrar registro…", [])
        self._show_session()

    def _tab(self, title: str, columns, placeholder: str, buttons) -> RecordList:
        holder = QWidget(self.tabs)
        layout = QVBoxLayout(holder)
        row = QHBoxLayout()
        for label, slot in buttons:
            button = QPushButton(label, holder)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[label] = button
        row.addStretch(1)
        layout.addLayout(row)
        records = RecordList(columns, placeholder, holder)
        layout.addWidget(records, 1)
        self.tabs.addTab(holder, title)
        return records

    # Loading ---------------------------------------------------------------------------

    def reload(self, repository: Repository) -> None:
        if repository is not self.repository:
            self.member = None
        self.repository = repository
        current = self.call.currentData()
        self.call.blockSignals(True)
        self.call.clear()
        for call_id, name in repository.call_choices():
            self.call.addItem(name, call_id)
        index = self.call.findData(current)
        self.call.setCurrentIndex(max(index, 0))
        self.call.blockSignals(False)
        self.refresh()

    @property
    def db(self):
        return self.repository.db

    @property
    def call_id(self) -> int | None:
        return self.call.currentData()

    @property
    def viewer_id(self) -> int | None:
        """The committee member in session, for whom every score shown is filtered."""
        return self.member.id if self.member else None

    def _call_changed(self, *_args) -> None:
        self.member = None
        self.refresh()

    def refresh(self) -> None:
        self._show_session()
        no_call = self.repository is not None and self.call_id is None
        self.tabs.setVisible(not no_call)
        if no_call:
            self.empty.show_step(
                "El archivo aún no tiene convocatorias: créela en Convocatorias; aquí se "
                "designa su comité, se califica y se emiten los dictámenes.",
                "Ir a Convocatorias",
                lambda: self.go_to.emit("Convocatorias"),
            )
        else:
            self.empty.hide()
        if self.repository is None or self.call_id is None:
            for records in (self.work, self.consolidation, self.merit, self.committee):
                records.set_records([])
            self.consolidation_note.hide()
            return
        self._enable_by_stage(call_stage(self.db, self.call_id))
        self._show_package_tabs(is_package(self.db))
        self.results = call_results(self.db, self.call_id)
        self.work.set_records(
            worklist(self.db, self.call_id, self.member.id) if self.member else []
        )
        self.work_note.setVisible(self.member is None)
        visibility = score_visibility(self.db, self.call_id, self.viewer_id)
        shown = [ShownPlan(plan, visibility[plan.plan_id]) for plan in self.results.plans]
        by_id = {plan.plan_id: plan for plan in shown}
        self.consolidation.set_records(shown)
        self.consolidation_note.setText(self._hidden_text(shown))
        self.consolidation_note.setVisible(bool(self.consolidation_note.text()))
        self.merit.set_records([by_id[plan.plan_id] for plan in self.results.ranking])
        self.merit_summary.setText(self._merit_text(self.results))
        for number, column in enumerate(MERIT_COLUMNS):
            if column.header in BONUS_HEADERS:
                self.merit.table.setColumnHidden(number, not self.results.bonus)
        self.committee.set_records(members(self.db, self.call_id))
        self.audit.set_records(self._audit_entries())
        self.rubric.load(self.db, self.call_id, self.member.full_name if self.member else "usuario")

    def _show_package_tabs(self, package: bool) -> None:
        """A member's package shows their own work and the rubric, not the committee's."""
        for records in (self.consolidation, self.merit, self.committee, self.audit):
            self.tabs.setTabVisible(self.tabs.indexOf(records.parentWidget()), not package)

    def _enable_by_stage(self, stage: str) -> None:
        """Each button works only in the stages that allow its work."""
        for label, work in STAGE_WORK.items():
            button = self.buttons[label]
            problem = stage_problem(self.db, self.call_id, work)
            button.setEnabled(problem is None)
            button.setToolTip("" if problem is None else problem.message)

    def _hidden_text(self, plans: list[ShownPlan]) -> str:
        """Why the plans whose scores read «Oculto» are hidden, grouped by reason."""
        if self.member is None:
            return LOGIN_FIRST
        codes: dict[str, list[str]] = {}
        for plan in plans:
            if not plan.visibility.consolidated:
                codes.setdefault(plan.visibility.reason, []).append(plan.code)
        return "<br>".join(
            f"<b>Oculto</b> en {escape(', '.join(found))}: {escape(reason)}"
            for reason, found in codes.items()
        )

    def _audit_entries(self) -> list[Entry]:
        """The audit trail, with the values that hold scores the member may not see blanked."""
        hidden = hidden_audit_entries(self.db, self.viewer_id)
        note = LOGIN_FIRST if self.member is None else AUDIT_HIDDEN
        return [
            replace(entry, before=note, after="", reason="") if entry.id in hidden else entry
            for entry in entries(self.db)
        ]

    def _merit_text(self, results: CallResults) -> str:
        parts = []
        for pool, budget in results.pools.items():
            assigned = sum(
                p.allocation.amount_cents
                for p in results.ranking
                if p.allocation.pool == pool and p.allocation.outcome == "ganador"
            )
            winners = sum(
                1
                for p in results.ranking
                if p.allocation.pool == pool and p.allocation.outcome == "ganador"
            )
            parts.append(
                f"<b>{results.pool_names[pool]}</b>: bolsa {format_soles(budget)}, asignado "
                f"{format_soles(assigned)} a {winners} ganador(es), saldo "
                f"{format_soles(budget - assigned)}"
            )
        pending = sum(1 for p in results.plans if p.verdict is None)
        unsaved = len(results.unsaved)
        notes = "Orden por puntaje; desempate por " + (
            ", luego ".join(TIE_BREAKERS[name].label for name in results.tie_breakers)
            or "ninguno fijado"
        )
        state = (
            f"<br><span style='color:#9a3412'>Hay {unsaved} cambio(s) sin guardar en el "
            "cuadro.</span>"
            if unsaved
            else "<br>El cuadro guardado coincide con los datos."
        )
        login = "" if self.member else f"<br>{LOGIN_FIRST}"
        return "<br>".join(parts) + f"<br>{notes}. Planes sin veredicto: {pending}." + state + login

    # Session ---------------------------------------------------------------------------

    def _show_session(self) -> None:
        if self.member is None:
            self.session.setText("Sin sesión")
            self.login_button.setText("Iniciar sesión…")
        else:
            self.session.setText(
                f"Sesión: <b>{self.member.full_name}</b> ({self.member.role_label})"
            )
            self.login_button.setText("Cerrar sesión")

    def toggle_session(self) -> None:
        if self.member is not None:
            self.member = None
            self.refresh()
            return
        if self.call_id is None:
            self._fail("Sesión", "No hay convocatoria: créela en la pantalla Convocatorias.")
            return
        if not members(self.db, self.call_id):
            self.tabs.setCurrentWidget(self.committee.parentWidget())
            self._fail(
                "Sesión",
                "La convocatoria aún no tiene comité evaluador: agregue sus miembros con "
                "«Agregar miembro…» (el primero lo hace sin sesión).",
            )
            return
        dialog = SessionDialog(self.db, self.call_id, self)
        if dialog.exec() and dialog.member is not None:
            self.member = dialog.member
            show_problems(self.problems, [])
            self.tabs.setCurrentIndex(0)
            self.refresh()
            self.resume_drafts()

    def announce_drafts(self, drafts: list[Draft]) -> None:
        """Say which unsaved scoring sheets wait for their member's session."""
        items = "".join(f"<li>{escape(draft.label)}</li>" for draft in drafts)
        self.problems.setText(
            "Calificaciones sin guardar tras un cierre inesperado; se abren cuando su "
            f"evaluador inicia sesión:<ul>{items}</ul>"
        )
        self.problems.show()

    def resume_drafts(self) -> list[ScoringDialog]:
        """Open the scoring sheets the member left unsaved, with what was typed."""
        opened = []
        for draft in pending_drafts(self.db):
            plan_id, _, member_id = draft.key.partition(":")
            if draft.kind != "calificacion" or int(member_id) != self.member.id:
                continue
            dialog = ScoringDialog(self.db, self.settings, int(plan_id), self.member.id, self)
            dialog.saved.connect(lambda _id: self.refresh())
            dialog.open()
            opened.append(dialog)
        if opened:
            show_problems(self.problems, [])
        return opened

    def _require(self, lead: bool = False) -> bool:
        if self.member is None:
            self._fail("Sesión", "Inicie sesión con su nombre para continuar.")
            return False
        if lead and not self.member.leads:
            self._fail(
                "Sesión", "Solo la presidencia o la secretaría técnica del comité puede hacerlo."
            )
            return False
        return True

    def _fail(self, where: str, message: str) -> None:
        show_problems(self.problems, [Problem(where, message)])

    def _run(self, action) -> bool:
        if not attempt(self.problems, action, "Base de datos"):
            return False
        self.refresh()
        return True

    # Member's work ---------------------------------------------------------------------

    def declare(self, has_conflict: bool) -> None:
        record = self.work.current_record()
        if not self._require() or record is None:
            return
        reason = ""
        declared = declaration(self.db, record.id, self.member.id)
        if has_conflict:
            reason, ok = QInputDialog.getMultiLineText(
                self,
                "Conflicto de interés",
                f"Motivo del conflicto con {record.code} (parentesco, relación laboral, etc.):",
            )
            if not ok:
                return
        elif declared is not None and declared.has_conflict:
            reason, ok = QInputDialog.getMultiLineText(
                self,
                "Retirar conflicto de interés",
                f"Declaró conflicto con {record.code}: «{declared.reason}». Motivo para retirarlo "
                "(queda en el registro de auditoría):",
            )
            if not ok:
                return
        self._run(lambda: declare(self.db, record.id, self.member.id, has_conflict, reason))

    def score(self, *_args) -> None:
        record = self.work.current_record()
        if not self._require() or record is None:
            return
        declared = declaration(self.db, record.id, self.member.id)
        if declared is None:
            self._fail(record.code, "Declare primero si tiene conflicto de interés con el plan.")
            return
        if declared.has_conflict:
            self._fail(record.code, "Declaró conflicto de interés: no puede calificar este plan.")
            return
        show_problems(self.problems, [])
        dialog = ScoringDialog(self.db, self.settings, record.id, self.member.id, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()

    # Consolidation, verdicts, dictámenes -----------------------------------------------

    def open_consolidation(self, *_args) -> None:
        plan = self.consolidation.current_record()
        if not self._require(lead=True) or plan is None:
            return
        show_problems(self.problems, [])
        dialog = ConsolidationDialog(self.db, self.settings, plan.plan_id, self.member, self)
        dialog.changed.connect(lambda _id: self.refresh())
        dialog.open()
