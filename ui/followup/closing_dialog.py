"""Liquidating a funded plan: the final figures it freezes, the closing note and date, and a
confirmation that says its records become read-only. A liquidated plan shows its closure."""

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.dates import format_short
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PAYER
from procompite.common.money import format_soles
from procompite.common.values import CellError, parse_date
from procompite.followup.closing import close_plan, final_figures, load_closure
from ui.followup.followup_dialog import FollowupDialog, confirm, read_only_buttons
from ui.widgets.forms import accept_buttons

WHERE = "Liquidación"


def _trio(values: list, money: bool) -> str:
    shown = [format_soles(v) if money else ("—" if v is None else f"{v:,}") for v in values]
    return f"antes {shown[0]} · después {shown[1]} · proyectado {shown[2]}"


def figures_html(figures: dict) -> str:
    """What a liquidation freezes, as lines: money, deliveries, visits and results."""
    operating = figures.get("en_funcionamiento")
    lines = [
        f"<b>Asignado por el acta:</b> {format_soles(figures['asignado_cents'])} · "
        f"<b>comprado con PROCOMPITE:</b> {format_soles(figures['ejecutado_procompite_cents'])}",
        "<b>Por fuente:</b> "
        + "; ".join(
            f"{PAYER[item['fuente']]} {format_soles(item['ejecutado_cents'])} de "
            f"{format_soles(item['presupuesto_cents'])}"
            for item in figures["por_fuente"]
        ),
        f"<b>Aporte del AEO verificado:</b> {format_soles(figures['aporte_verificado_cents'])}",
        f"<b>Actas de entrega:</b> {figures['entregas']} · <b>visitas:</b> {figures['visitas']}"
        + (
            f" (la última el {format_short(figures['ultima_visita'])}, AEO "
            f"{'en funcionamiento' if operating else 'sin funcionar'})"
            if figures.get("ultima_visita")
            else ""
        ),
        f"<b>Ventas del año:</b> {_trio(figures['ventas'], True)}",
        f"<b>Empleos directos:</b> {_trio(figures['empleos'], False)}",
    ]
    return "<br>".join(lines)


class ClosingDialog(FollowupDialog):
    geometry_key = "dialogs/followup_closing"

    def __init__(
        self, db: Database, settings: QSettings, plan_id: int, actor: str, parent: QWidget
    ):
        super().__init__(db, settings, plan_id, actor, "Liquidar plan", parent)
        self.code = ""
        closure = load_closure(db, plan_id)
        self.figures = QLabel(self)
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            "Resumen del cierre: metas cumplidas, bienes entregados y en uso, observaciones…"
        )
        self.on = QLineEdit(format_short(date.today()), self)
        self.on.setPlaceholderText("dd/mm/aaaa")
        form = QFormLayout()
        form.addRow("Nota de cierre", self.note)
        form.addRow("Fecha de liquidación", self.on)
        self.warning = QLabel(
            "Al liquidar, el plan queda cerrado: su convenio, hitos, compras, entregas y visitas "
            "pasan a ser solo de consulta y ya no podrán modificarse ni anularse.",
            self,
        )
        self.warning.setObjectName("flags")
        self.warning.setWordWrap(True)
        self.buttons = accept_buttons(self, self.liquidate, "Liquidar plan…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        heading = QLabel("Cifras finales que la liquidación congela", self)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(self.figures)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        if closure is not None:
            heading.setText("Cifras congeladas en la liquidación")
            self.figures.setText(figures_html(closure["figures"]))
            self.note.setPlainText(closure["note"])
            self.on.setText(format_short(closure["closed_on"]))
        elif not self.lock:
            self.figures.setText(figures_html(final_figures(db, plan_id)))
        if self.lock:
            self.warning.hide()
            self.note.setReadOnly(True)
            self.on.setReadOnly(True)
            read_only_buttons(self.buttons)
        self.resize(max(self.width(), 760), self.height())
        self.watch_changes()

    def closed_on(self) -> date | None:
        try:
            return parse_date(self.on.text())
        except CellError as error:
            raise ValidationError([Problem(f"{WHERE}, Fecha de liquidación", str(error))]) from None

    def liquidate(self) -> None:
        if self.lock:
            return
        if not confirm(
            self,
            "Liquidar plan",
            f"Se liquidará el plan {self.plan.code} ({self.plan.organization}) con las cifras "
            "mostradas. Después, su convenio, hitos, compras, entregas y visitas quedan solo "
            "para consulta: no podrán modificarse ni anularse. ¿Liquidar?",
            "Liquidar",
        ):
            return
        codes: list[str] = []

        def store() -> None:
            codes.append(
                close_plan(
                    self.db,
                    self.plan_id,
                    self.note.toPlainText(),
                    actor=self.actor,
                    closed_on=self.closed_on(),
                )
            )

        if self.run(store, WHERE):
            self.code = codes[0]
            self.accept()


def closed_text(code: str, plan_code: str) -> str:
    return (
        f"Plan {plan_code} liquidado; código de verificación {code}. Sus "
        "registros quedan solo para consulta."
    )
