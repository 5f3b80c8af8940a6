"""Moving a pool's leftover to another category: the amount, the document that authorises it,
and, before confirming, the allocation that would result (who enters, from which category)."""

from datetime import date

from PySide6.QtCore import QDate, QSettings, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.pools import pools
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import format_soles
from procompite.common.values import CellError, parse_amount
from procompite.evaluation.results import call_results
from procompite.evaluation.transfers import PoolTransfer, leftover, preview_transfer, transfer_pool
from ui.widgets.forms import (
    RememberedDialog,
    accept_buttons,
    attempt,
    choice_combo,
    problems_label,
    show_problems,
)


class TransferDialog(RememberedDialog):
    saved = Signal(int)
    geometry_key = "dialogs/pool_transfer"

    def __init__(
        self, db: Database, settings: QSettings, call_id: int, actor: str, parent: QWidget
    ):
        super().__init__(settings, parent)
        self.db, self.call_id, self.actor = db, call_id, actor
        self.setWindowTitle("Transferir saldo entre fondos")
        amounts, names = pools(db, call_id)
        results = call_results(db, call_id)
        sources = [
            (
                code,
                f"{code} — {names[code]} (saldo {format_soles(leftover(results, code))} "
                f"de {format_soles(c)})",
            )
            for code, c in amounts.items()
        ]
        targets = [
            (code, f"{code} — {names[code]} ({format_soles(c)})") for code, c in amounts.items()
        ]
        self.source = choice_combo(sources, self, empty=None)
        self.target = choice_combo(targets, self, empty=None)
        if len(targets) > 1:
            self.target.setCurrentIndex(1)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("S/, p. ej. 150,000.00")
        self.document = QLineEdit(self)
        self.document.setPlaceholderText("Resolución que autoriza la transferencia")
        self.on = QDateEdit(QDate.currentDate(), self)
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow("Desde el fondo", self.source)
        form.addRow("Hacia el fondo", self.target)
        form.addRow("Monto", self.amount)
        form.addRow("Documento", self.document)
        form.addRow("Fecha del documento", self.on)
        preview = QPushButton("Ver cómo queda la asignación", self)
        preview.clicked.connect(self.preview)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.problems = problems_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(preview)
        layout.addWidget(self.result)
        layout.addWidget(self.problems)
        layout.addWidget(accept_buttons(self, self.confirm, "Registrar transferencia"))
        layout.addStretch(1)
        self.resize(max(self.width(), 640), self.height())

    def transfer(self) -> PoolTransfer:
        try:
            cents = parse_amount(self.amount.text())
        except CellError as error:
            raise ValidationError([Problem("Monto", str(error))]) from None
        return PoolTransfer(
            self.source.currentData(),
            self.target.currentData(),
            cents or 0,
            self.document.text(),
            date.fromisoformat(self.on.date().toString("yyyy-MM-dd")),
        )

    def preview(self) -> bool:
        try:
            results, changes = preview_transfer(self.db, self.call_id, self.transfer())
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            self.result.clear()
            return False
        show_problems(self.problems, [])
        lines = [f"Fondo {code}: {format_soles(c)}" for code, c in results.pools.items()]
        lines += [
            f"{c.code} ({c.category}) {c.organization}: {c.before} → <b>{c.after}</b> "
            f"{format_soles(c.amount_cents)}"
            for c in changes
        ] or ["Ningún plan cambia de resultado."]
        self.result.setText("<br>".join(lines))
        return True

    def confirm(self) -> None:
        if not self.preview():
            return
        saved: list[int] = []

        def store() -> None:
            saved.append(transfer_pool(self.db, self.call_id, self.transfer(), actor=self.actor))

        if attempt(self.problems, store, "Transferencia"):
            self.saved.emit(saved[0])
            self.accept()
