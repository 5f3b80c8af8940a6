"""The business plan form: header, budget, cash flow, documents and the call's rules, live."""

import getpass
from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.context import CallContext, call_context
from procompite.common.dates import format_long
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import COMPONENT, PAYER, PLAN_STATUS
from procompite.common.money import format_amount
from procompite.common.parsing import rows_with_problems
from procompite.plans.admissibility import INADMISSIBLE, review_plan
from procompite.plans.consistency import investment_gap_note
from procompite.plans.corrections import observation, record_correction
from procompite.plans.eligibility import check_rules
from procompite.plans.finance import financing, indicators
from procompite.plans.form_rows import (
    budget_line_from_cells,
    cash_flow_from_cells,
    plan_header_from_cells,
)
from procompite.plans.store import (
    EDITABLE_STATUSES,
    PlanDraft,
    admit_plan,
    draft_problems,
    load_plan,
    plan_facts,
    save_plan,
)
from procompite.plans.summary import shared_member_lines
from ui.plans.plan_parts import (
    BUDGET_COLUMNS,
    FLOW_COLUMNS,
    RulesList,
    financing_html,
    indicators_text,
    rich_label,
)
from ui.widgets.edit_table import TextGrid
from ui.widgets.forms import (
    GridPanel,
    RecordDialog,
    choice_combo,
    problems_label,
    select_value,
    show_problems,
)

NUMBER_FIELDS = (
    ("duration_months", "Duración (meses)"),
    ("beneficiaries_women", "Beneficiarias mujeres"),
    ("beneficiaries_men", "Beneficiarios hombres"),
    ("direct_jobs", "Empleos directos"),
    ("indirect_jobs", "Empleos indirectos"),
)


class PlanDialog(RecordDialog):
    """Create or edit a plan; ``saved`` carries its id after a save or an admission."""

    geometry_key = "dialogs/plan"
    draft_kind = "plan"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        plan_id: int | None = None,
        parent: QWidget | None = None,
    ):
        title = "Plan de negocio" if plan_id is None else "Editar plan de negocio"
        super().__init__(db, settings, title, parent)
        self.plan_id = plan_id
        self.draft = load_plan(db, plan_id) if plan_id is not None else PlanDraft({})
        self.context: CallContext | None = None
        self._shared_for: tuple[int, int] | None = None
        self._shared: list[str] = []
        self.resize(1100, 700)
        self._build()
        self._load()
        self.refresh()
        self.watch_changes()

    def _build(self) -> None:
        self.organization = choice_combo(self.repository.organization_choices(), self)
        self.call = choice_combo(self.repository.call_choices(), self, empty=None)
        self.category = choice_combo([], self)
        self.chain = choice_combo([], self)
        self.district = choice_combo(self.repository.district_choices(), self)
        self.code, self.title = QLineEdit(self), QLineEdit(self)
        self.numbers = {key: QLineEdit(self) for key, _ in NUMBER_FIELDS}
        self.summary = QPlainTextEdit(self)
        self.summary.setFixedHeight(54)
        left, right = QFormLayout(), QFormLayout()
        left.addRow("AEO", self.organization)
        left.addRow("Convocatoria", self.call)
        left.addRow("Categoría", self.category)
        left.addRow("Cadena productiva", self.chain)
        left.addRow("Código", self.code)
        left.addRow("Título", self.title)
        right.addRow("Distrito", self.district)
        for key, label in NUMBER_FIELDS:
            right.addRow(label, self.numbers[key])
        header = QGridLayout()
        header.addLayout(left, 0, 0)
        header.addLayout(right, 0, 1)

        self.budget = TextGrid(BUDGET_COLUMNS, self)
        self.flows = TextGrid(FLOW_COLUMNS, self)
        self.totals = rich_label(self)
        self.indicators = QLabel(self)
        self.indicators.setObjectName("figures")
        self.documents = QListWidget(self)
        self.rules = RulesList(self)
        budget_tab = QWidget(self)
        budget_layout = QHBoxLayout(budget_tab)
        budget_panel = GridPanel(self.budget, "línea", budget_tab)
        budget_layout.addWidget(budget_panel, 3)
        self.totals.setMinimumWidth(330)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop)
        budget_layout.addWidget(self.totals, 0)
        tabs = QTabWidget(self)
        tabs.addTab(budget_tab, "Presupuesto")
        flows_panel = GridPanel(self.flows, "año", self)
        self.grid_panels = (budget_panel, flows_panel)
        tabs.addTab(flows_panel, "Flujo de caja")
        tabs.addTab(self.documents, "Documentos")
        tabs.addTab(self.rules, "Reglas de la convocatoria")
        self.tabs = tabs
        self.problems = problems_label(self)
        self.alerts = QLabel(self)
        self.alerts.setObjectName("flags")
        self.alerts.setWordWrap(True)
        self.alerts.hide()
        self.read_only_note = QLabel(self)
        self.read_only_note.setObjectName("flags")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()

        box = QDialogButtonBox(self)
        self.save_button = box.addButton("Guardar borrador", QDialogButtonBox.ButtonRole.AcceptRole)
        self.admit_button = box.addButton(
            "Admitir a evaluación", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = box.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.admit_button.clicked.connect(self.admit)
        box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(QLabel("Resumen", self))
        layout.addWidget(self.summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.indicators)
        layout.addWidget(self.alerts)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.problems)
        layout.addWidget(box)

        self.call.currentIndexChanged.connect(self._call_changed)
        for widget in (self.organization, self.category, self.chain):
            widget.currentIndexChanged.connect(self.refresh)
        self.budget.grid.edited.connect(self.refresh)
        self.flows.grid.edited.connect(self.refresh)
        self.documents.itemChanged.connect(self.refresh)

    def _load(self) -> None:
        record = self.draft.record
        select_value(self.organization, record.get("organization_id"))
        select_value(self.call, record.get("call_id"))
        self._call_changed()
        select_value(self.category, record.get("category_id"))
        select_value(self.chain, record.get("chain_id"))
        select_value(self.district, record.get("district_id"))
        self.code.setText(record.get("code") or "")
        self.title.setText(record.get("title") or "")
        for key, edit in self.numbers.items():
            value = record.get(key)
            edit.setText("" if value is None else str(value))
        self.summary.setPlainText(record.get("summary") or "")
        self.budget.grid.set_rows(
            {
                "component": COMPONENT[line.component],
                "concept": line.concept,
                "unit": line.unit,
                "quantity": format(line.quantity.normalize(), "f"),
                "unit_cost": format_amount(line.unit_cost_cents),
                "payer": PAYER[line.payer],
            }
            for line in self.draft.lines
        )
        self.flows.grid.set_rows(
            {"year": str(flow.year)}
            | {
                key: format_amount(getattr(flow, key))
                for key in (
                    "income_cents",
                    "operating_cost_cents",
                    "investment_cents",
                    "residual_value_cents",
                )
            }
            for flow in self.draft.flows
        )
        editable = self.draft.status in EDITABLE_STATUSES
        self.save_button.setEnabled(editable)
        self.admit_button.setEnabled(editable)
        if not editable:
            self._make_read_only()
            self.cancel_button.setText("Cerrar")
            self.read_only_note.setText(
                f"Plan en estado «{PLAN_STATUS[self.draft.status]}»: se muestra solo para "
                "consulta; ya no se modifica desde este formulario."
            )
            self.read_only_note.show()

    def _make_read_only(self) -> None:
        for widget in (self.organization, self.call, self.category, self.chain, self.district):
            widget.setEnabled(False)
        for edit in (self.code, self.title, *self.numbers.values()):
            edit.setReadOnly(True)
        self.summary.setReadOnly(True)
        for panel in self.grid_panels:
            panel.grid.grid.read_only = True
            for button in (panel.add_button, panel.remove_button, panel.paste_button):
                button.setEnabled(False)
        self.documents.setEnabled(False)

    def _call_changed(self, *_args) -> None:
        call_id = self.call.currentData()
        self.context = call_context(self.db, call_id) if call_id else None
        for combo, choices in (
            (self.category, self.repository.category_choices(call_id) if call_id else []),
            (self.chain, self._chain_choices(call_id)),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("", None)
            for value, label in choices:
                combo.addItem(label, value)
            select_value(combo, current)
            combo.blockSignals(False)
        self._fill_documents()
        self.refresh()

    def _chain_choices(self, call_id: int | None) -> list[tuple[int, str]]:
        choices = self.repository.chain_choices(call_id) if call_id else []
        current = self.draft.record.get("chain_id")
        if current and current not in {value for value, _ in choices}:
            name = self.db["chains"].get(current)["name"]
            choices.append((current, f"{name} (no priorizada en la convocatoria)"))
        return choices

    def _fill_documents(self) -> None:
        self.documents.blockSignals(True)
        self.documents.clear()
        for document in self.context.documents if self.context else ():
            item = QListWidgetItem(document.name + ("" if document.required else " (opcional)"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            present = self.draft.documents.get(document.id, False)
            item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            self.documents.addItem(item)
        self.documents.blockSignals(False)

    def current_draft(self) -> tuple[PlanDraft, list[Problem]]:
        cells = {key: edit.text() for key, edit in self.numbers.items()} | {
            "organization_id": self.organization.currentData(),
            "call_id": self.call.currentData(),
            "category_id": self.category.currentData(),
            "chain_id": self.chain.currentData(),
            "district_id": self.district.currentData(),
            "code": self.code.text(),
            "title": self.title.text(),
            "summary": self.summary.toPlainText(),
            "registered_on": self.draft.record.get("registered_on"),
        }
        record, problems = plan_header_from_cells(cells)
        lines, line_problems = rows_with_problems(
            self.budget.grid.rows, budget_line_from_cells, "Presupuesto, línea"
        )
        flows, flow_problems = rows_with_problems(
            self.flows.grid.rows, cash_flow_from_cells, "Flujo de caja, fila"
        )
        documents = {
            self.documents.item(row).data(Qt.ItemDataRole.UserRole): (
                self.documents.item(row).checkState() == Qt.CheckState.Checked
            )
            for row in range(self.documents.count())
        }
        draft = PlanDraft(record, lines, flows, documents, self.draft.status)
        return draft, problems + line_problems + flow_problems

    def draft_key(self) -> str | None:
        if self.draft.status not in EDITABLE_STATUSES:
            return None
        return "nuevo" if self.plan_id is None else str(self.plan_id)

    def draft_label(self) -> str:
        code = self.code.text().strip() or "nuevo"
        title = self.title.text().strip()
        return f"Plan de negocio {code}" + (f" — {title}" if title else "")

    def form_state(self) -> dict:
        return {
            "campos": {key: edit.text() for key, edit in self.numbers.items()}
            | {
                "code": self.code.text(),
                "title": self.title.text(),
                "summary": self.summary.toPlainText(),
            },
            "listas": {key: combo.currentData() for key, combo in self._combos().items()},
            "presupuesto": self.budget.grid.rows,
            "flujo": self.flows.grid.rows,
            "documentos": {
                str(self.documents.item(row).data(Qt.ItemDataRole.UserRole)): (
                    self.documents.item(row).checkState() == Qt.CheckState.Checked
                )
                for row in range(self.documents.count())
            },
        }

    def _combos(self) -> dict:
        return {
            "organization_id": self.organization,
            "call_id": self.call,
            "category_id": self.category,
            "chain_id": self.chain,
            "district_id": self.district,
        }

    def apply_form_state(self, state: dict) -> None:
        lists = state.get("listas", {})
        select_value(self.call, lists.get("call_id"))
        self._call_changed()
        for key, combo in self._combos().items():
            select_value(combo, lists.get(key))
        fields = state.get("campos", {})
        for key, edit in self.numbers.items():
            edit.setText(fields.get(key, ""))
        self.code.setText(fields.get("code", ""))
        self.title.setText(fields.get("title", ""))
        self.summary.setPlainText(fields.get("summary", ""))
        self.budget.grid.set_rows(state.get("presupuesto", []))
        self.flows.grid.set_rows(state.get("flujo", []))
        present = state.get("documentos", {})
        for row in range(self.documents.count()):
            item = self.documents.item(row)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            if key in present:
                checked = Qt.CheckState.Checked if present[key] else Qt.CheckState.Unchecked
                item.setCheckState(checked)
        self.refresh()

    def refresh(self, *_args) -> None:
        draft, _ = self.current_draft()
        money = financing(draft.lines)
        self.totals.setText(financing_html(money))
        self._show_alerts(money.total_cents, draft)
        if self.context is None:
            return
        self.indicators.setText(
            indicators_text(indicators(draft.flows, self.context.discount_rate))
        )
        results = check_rules(plan_facts(self.db, draft, self.context))
        self.rules.show_results(results)
        failing = sum(1 for result in results if not result.passed)
        self.tabs.setTabText(
            self.tabs.indexOf(self.rules),
            "Reglas de la convocatoria" + (f" ({failing} sin cumplir)" if failing else " ✔"),
        )

    def _show_alerts(self, budget_cents: int, draft) -> None:
        """The gap between budget and cash-flow investment, and members shared with another
        AEO of the same call."""
        notes = []
        investment = sum(flow.investment_cents for flow in draft.flows)
        if note := investment_gap_note(budget_cents, investment, bool(draft.flows)):
            notes.append(note)
        organization, call = self.organization.currentData(), self.call.currentData()
        if organization and call:
            notes += self._shared_lines(organization, call)
        self.alerts.setText("⚠ " + "<br>⚠ ".join(notes) if notes else "")
        self.alerts.setVisible(bool(notes))

    def _shared_lines(self, organization: int, call: int) -> list[str]:
        """The shared-socio lines of the chosen AEO and call, read once per choice (the form
        refreshes on every keystroke)."""
        if self._shared_for != (organization, call):
            self._shared_for = (organization, call)
            self._shared = [f"{line}." for line in shared_member_lines(self.db, organization, call)]
        return self._shared

    def save(self) -> bool:
        draft, problems = self.current_draft()
        if problems:
            more = draft_problems(self.db, draft, self.plan_id)
            problems += [problem for problem in more if problem not in problems]
        if not problems:
            try:
                self.plan_id = save_plan(self.db, draft, plan_id=self.plan_id)
            except ValidationError as error:
                problems = error.problems
        show_problems(self.problems, problems)
        self.budget.grid.mark_faults(problems, "Presupuesto, línea")
        self.flows.grid.mark_faults(problems, "Flujo de caja, fila")
        if problems:
            return False
        self.draft = load_plan(self.db, self.plan_id)
        self.admit_button.setEnabled(self.draft.status in EDITABLE_STATUSES)
        self.mark_saved()
        self.saved.emit(self.plan_id)
        return True

    def admit(self) -> None:
        if not self.save():
            return
        if self.draft.status == "registrado":
            self._review()
            return
        if self.draft.status == "observado":
            self._correct()
            return
        try:
            admit_plan(self.db, self.plan_id)
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            self.problems.setText(
                self.problems.text().replace(
                    "No se guardó. Corrija lo siguiente:",
                    "Se guardó como borrador, pero no puede admitirse a evaluación:",
                )
            )
            return
        self.saved.emit(self.plan_id)
        self.accept()

    def _correct(self) -> None:
        """An observed plan comes back to evaluation with what the AEO corrected, in its term."""
        seen = observation(self.db, self.plan_id)
        if seen is None:
            return
        ask = QInputDialog(self)
        ask.setWindowTitle("Subsanar la observación")
        ask.setLabelText(
            f"Observaciones del comité: {seen.observations}\n\nPlazo: {seen.days} días hábiles, "
            f"vence el {format_long(seen.deadline)}.\n\n¿Qué corrigió el AEO?"
        )
        ask.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        ask.setOkButtonText("Registrar la subsanación")
        ask.setCancelButtonText("Cancelar")
        if not ask.exec():
            return
        text = ask.textValue()
        try:
            record_correction(
                self.db, self.plan_id, text, filed_on=date.today(), actor=getpass.getuser()
            )
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            return
        self.saved.emit(self.plan_id)
        self.accept()

    def _review(self) -> None:
        """The admissibility review of a registered plan: admitted, or declared inadmissible
        with what it lacks (it stays registered and can be corrected and reviewed again)."""
        try:
            review = review_plan(self.db, self.plan_id, actor=getpass.getuser())
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            return
        self.saved.emit(self.plan_id)
        if review.decision == INADMISSIBLE:
            show_problems(self.problems, [Problem("Falta", item) for item in review.missing])
            self.problems.setText(
                self.problems.text().replace(
                    "No se guardó. Corrija lo siguiente:",
                    "Declarado INADMISIBLE (así figura en el acta); no llega a la calificación. "
                    "Si lo corrige mientras la convocatoria está abierta, vuelva a revisarlo:",
                )
            )
            return
        self.accept()
