"""A funded plan's purchases: the list, what was bought of each budget line and of each payer,
and the form that records one. An amount beyond what is left of its line is refused until the
reason for the excess is written; a purchase recorded by mistake is annulled with a reason."""

from fractions import Fraction

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.money import format_soles
from procompite.common.values import CellError, parse_amount
from procompite.followup.budget import LineExecution, by_payer, plan_lines
from procompite.followup.picture import percent
from procompite.followup.purchases import (
    PURCHASE_FIELDS,
    delete_purchase,
    over_budget,
    purchases,
    record_purchase,
)
from procompite.followup.rows import purchasable
from ui.followup.columns import LINE_COLUMNS, PAYER_COLUMNS, PURCHASE_COLUMNS
from ui.followup.field_form import FieldForm
from ui.followup.followup_dialog import FollowupDialog, ask_reason, lock_label
from ui.widgets.forms import choice_combo
from ui.widgets.record_list import RecordList

REASON = "over_budget_reason"


class PurchasesDialog(FollowupDialog):
    geometry_key = "dialogs/followup_purchases"

    def __init__(
        self, db: Database, settings: QSettings, plan_id: int, actor: str, parent: QWidget
    ):
        super().__init__(db, settings, plan_id, actor, "Compras", parent)
        if not settings.value(self.geometry_key):
            self.resize(1260, 640)
        self.lines: list[LineExecution] = []
        self.figures = QLabel(self)
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.tabs = QTabWidget(self)
        holder = QWidget(self.tabs)
        box = QVBoxLayout(holder)
        self.list = RecordList(PURCHASE_COLUMNS, "Filtrar compras…", holder)
        self.list.widest = 190  # the figures stay in view; the whole text shows on hover
        box.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.annul_button = QPushButton("Anular compra…", holder)
        self.annul_button.clicked.connect(self.annul)
        row.addWidget(self.annul_button)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(holder, "Compras")
        self.by_line = RecordList(LINE_COLUMNS, "Filtrar líneas…", self.tabs)
        self.tabs.addTab(self.by_line, "Ejecución por línea")
        self.by_payer = RecordList(PAYER_COLUMNS, "Filtrar…", self.tabs)
        self.by_payer.filter_edit.hide()
        self.tabs.addTab(self.by_payer, "Por fuente")
        self.entry = self._entry()
        self.lay_out_split(self.tabs, self.entry, [760, 480], self.figures)
        self.load()
        if self.lock:
            self.entry.hide()
            self.annul_button.hide()
        self.watch_changes()

    def _entry(self) -> QGroupBox:
        entry = QGroupBox("Registrar una compra", self)
        self.line = choice_combo([], entry)
        self.line.currentTextChanged.connect(self.line.setToolTip)
        top = QFormLayout()
        top.addRow("Línea del presupuesto", self.line)
        self.form = FieldForm(PURCHASE_FIELDS, entry)
        self.form.set_row_visible(REASON, False)
        self.over_note = lock_label(entry)
        self.record_button = QPushButton("Registrar compra", entry)
        self.record_button.clicked.connect(self.record)
        layout = QVBoxLayout(entry)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.over_note)
        layout.addStretch(1)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        self.line.currentIndexChanged.connect(self.check_amount)
        self.form.editors["amount_cents"].textChanged.connect(self.check_amount)
        return entry

    def load(self) -> None:
        self.lines = plan_lines(self.db, self.plan_id)
        payers = by_payer(self.lines)
        self.list.set_records(purchases(self.db, self.plan_id))
        self.by_line.set_records(self.lines)
        self.by_payer.set_records(payers)
        bought = sum(p.executed_cents for p in payers if p.payer == "procompite")
        awarded = self.plan.awarded_cents
        self.figures.setText(
            f"Comprado con PROCOMPITE: {format_soles(bought)} de {format_soles(awarded)} "
            f"asignados ({percent(Fraction(bought, awarded) if awarded else None)}). "
            "PROCOMPITE no entrega dinero al AEO: la entidad compra por él."
        )
        chosen = self.line.currentData()
        self.line.blockSignals(True)
        self.line.clear()
        self.line.addItem("", None)
        for line in purchasable(self.lines):
            self.line.addItem(f"{line.label} — queda {format_soles(line.left_cents)}", line.line_id)
        index = self.line.findData(chosen)
        self.line.setCurrentIndex(max(index, 0))
        self.line.blockSignals(False)

    def chosen_line(self) -> LineExecution | None:
        wanted = self.line.currentData()
        return next((line for line in self.lines if line.line_id == wanted), None)

    def check_amount(self, *_args) -> None:
        """Say at once when the amount goes beyond what is left of the line, and ask why."""
        line = self.chosen_line()
        try:
            cents = parse_amount(self.form.editors["amount_cents"].text())
        except CellError:
            cents = None
        message = over_budget(line, cents) if line is not None and cents else None
        self.over_note.setText(message or "")
        self.over_note.setVisible(bool(message))
        if message:
            self.form.set_row_visible(REASON, True)

    def record(self) -> None:
        if self.lock:
            return
        raw = self.form.values()
        saved = self.run(
            lambda: record_purchase(
                self.db, self.plan_id, self.line.currentData(), raw, actor=self.actor
            ),
            "Compra",
        )
        if any(problem.message == self.over_note.text() for problem in self.refused):
            self.over_note.hide()
        if saved:
            self.form.clear()
            self.form.set_row_visible(REASON, False)
            self.load()
            self.check_amount()

    def annul(self) -> None:
        purchase = self.list.current_record()
        if self.lock or purchase is None:
            return
        reason = ask_reason(
            self,
            "Anular compra",
            f"Compra {purchase['process']} a {purchase['supplier']} por "
            f"{format_soles(purchase['amount_cents'])}.\nMotivo de la anulación (queda en el "
            "registro de auditoría):",
            "Anular compra",
        )
        if reason is None:
            return
        if self.run(
            lambda: delete_purchase(self.db, purchase["id"], reason, actor=self.actor), "Compra"
        ):
            self.load()
