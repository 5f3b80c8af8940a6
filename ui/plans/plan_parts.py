"""The plan form's live panels: financing totals, indicators, documents and rules."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from procompite.common.labels import COMPONENT, PAYER
from procompite.common.money import format_amount, format_soles, line_total_cents
from procompite.common.parsing import ParseError, parse_amount_cents, parse_quantity
from procompite.plans.eligibility import RuleResult
from procompite.plans.finance import Financing, Indicators, format_irr, format_payback
from ui.widgets.edit_table import GridColumn

BUDGET_COLUMNS = (
    GridColumn("Componente", "component", 130, choices=tuple(COMPONENT.values())),
    GridColumn("Concepto", "concept", 260),
    GridColumn("Unidad", "unit", 80),
    GridColumn("Cantidad", "quantity", 80, numeric=True),
    GridColumn("Costo unitario (S/)", "unit_cost", 130, numeric=True),
    GridColumn("Total (S/)", "total", 140, numeric=True, compute=lambda row: line_total(row)),
    GridColumn("Financia", "payer", 140, choices=tuple(PAYER.values())),
)
FLOW_COLUMNS = (
    GridColumn("Año", "year", 60, numeric=True),
    GridColumn("Ingresos (S/)", "income_cents", 140, numeric=True),
    GridColumn("Costos de operación (S/)", "operating_cost_cents", 170, numeric=True),
    GridColumn("Inversión (S/)", "investment_cents", 140, numeric=True),
    GridColumn("Valor residual (S/)", "residual_value_cents", 140, numeric=True),
    GridColumn("Flujo neto (S/)", "net", 140, numeric=True, compute=lambda row: net_flow(row)),
)


def line_total(cells: dict[str, str]) -> str:
    """Quantity × unit cost of a grid row, or nothing while either is not a number."""
    try:
        cents = line_total_cents(
            parse_quantity(cells.get("quantity") or ""),
            parse_amount_cents(cells.get("unit_cost") or ""),
        )
    except ParseError:
        return ""
    return format_amount(cents)


def net_flow(cells: dict[str, str]) -> str:
    """Income + residual value - costs - investment of a cash-flow row."""
    total = 0
    for key, sign in (
        ("income_cents", 1),
        ("residual_value_cents", 1),
        ("operating_cost_cents", -1),
        ("investment_cents", -1),
    ):
        text = (cells.get(key) or "").strip()
        if text:
            try:
                total += sign * parse_amount_cents(text)
            except ParseError:
                return ""
    return format_amount(total)


def financing_html(money: Financing) -> str:
    def rows(totals: dict[str, int], names: dict[str, str]) -> str:
        return "".join(
            f"<tr><td>{names.get(key, key)}</td><td align='right'>{format_soles(cents)}</td>"
            f"<td align='right'>{money.share(cents)} %</td></tr>"
            for key, cents in totals.items()
        )

    return (
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Por componente</th><th>Monto</th><th>%</th></tr>"
        + rows(money.by_component, COMPONENT)
        + "<tr><th align='left'>Por quién financia</th><th></th><th></th></tr>"
        + rows(money.by_payer, PAYER)
        + f"<tr><th align='left'>Total del plan</th><th align='right'>"
        f"{format_soles(money.total_cents)}</th><th align='right'>100.00 %</th></tr></table>"
    )


def indicators_text(result: Indicators) -> str:
    rate = f"{result.rate * 100:.2f} %"
    npv = "—" if result.npv_cents is None else format_soles(result.npv_cents)
    ratio = "—" if result.benefit_cost is None else f"{result.benefit_cost}"
    return (
        f"VAN (tasa {rate}): {npv}   ·   TIR: {format_irr(result.irr, result.irr_ambiguous)}   ·   "
        f"B/C: {ratio}   ·   Periodo de recuperación: "
        f"{format_payback(result.payback_years, result.payback_reason)}"
    )


class RulesList(QListWidget):
    """The call's rules, each passed or failed with its reason."""

    def show_results(self, results: list[RuleResult]) -> None:
        self.clear()
        for result in results:
            mark = "✔" if result.passed else "✘"
            item = QListWidgetItem(f"{mark} {result.text} — {result.detail}")
            item.setForeground(Qt.GlobalColor.darkGreen if result.passed else Qt.GlobalColor.red)
            item.setData(Qt.ItemDataRole.UserRole, result.code)
            self.addItem(item)

    def failed_codes(self) -> list[str]:
        return [
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).text().startswith("✘")
        ]


def rich_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label
