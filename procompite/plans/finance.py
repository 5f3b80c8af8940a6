"""A business plan's financing structure and financial indicators (VAN, TIR, B/C, payback).

Amounts are integer céntimos. VAN, B/C and payback are computed with ``Decimal`` so that a printed
figure is reproducible to the céntimo; the TIR, a root of a polynomial, comes from
numpy-financial and is ``None`` when it does not exist (no change of sign, or no real root).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise

from procompite.common.labels import COMPONENT, PAYER
from procompite.common.money import line_total_cents


@dataclass(frozen=True)
class BudgetLine:
    component: str
    concept: str
    unit: str
    quantity: Decimal
    unit_cost_cents: int
    payer: str

    @property
    def total_cents(self) -> int:
        return line_total_cents(self.quantity, self.unit_cost_cents)


@dataclass(frozen=True)
class CashFlowYear:
    year: int
    income_cents: int = 0
    operating_cost_cents: int = 0
    investment_cents: int = 0
    residual_value_cents: int = 0

    @property
    def net_cents(self) -> int:
        return (
            self.income_cents
            + self.residual_value_cents
            - self.operating_cost_cents
            - self.investment_cents
        )


@dataclass(frozen=True)
class Financing:
    """Totals of a budget by component and by payer, with each one's share of the total."""

    total_cents: int
    by_component: dict[str, int] = field(default_factory=dict)
    by_payer: dict[str, int] = field(default_factory=dict)

    def share(self, cents: int) -> Decimal:
        """Percentage of the total, exact to two decimals (``Decimal('72.15')``)."""
        if not self.total_cents:
            return Decimal("0.00")
        return (Decimal(cents) * 100 / self.total_cents).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def procompite_cents(self) -> int:
        return self.by_payer.get("procompite", 0)

    @property
    def contribution_cents(self) -> int:
        return self.total_cents - self.procompite_cents

    @property
    def cash_contribution_cents(self) -> int:
        return self.by_payer.get("aeo_monetario", 0)


def financing(lines: list[BudgetLine]) -> Financing:
    by_component = dict.fromkeys(COMPONENT, 0)
    by_payer = dict.fromkeys(PAYER, 0)
    for line in lines:
        by_component[line.component] = by_component.get(line.component, 0) + line.total_cents
        by_payer[line.payer] = by_payer.get(line.payer, 0) + line.total_cents
    return Financing(sum(by_payer.values()), by_component, by_payer)


@dataclass(frozen=True)
class Indicators:
    """VAN in céntimos; TIR and rate as fractions (0.1 = 10 %); payback in years."""

    rate: Decimal
    npv_cents: int | None
    irr: float | None
    benefit_cost: Decimal | None
    payback_years: Decimal | None
    irr_ambiguous: bool = False


def _discount(cents: int, rate: Decimal, year: int) -> Decimal:
    return Decimal(cents) / (1 + rate) ** year


def npv_cents(flows: list[CashFlowYear], rate: Decimal) -> int:
    """Net present value at ``rate``; year 0 is not discounted."""
    with localcontext() as context:
        context.prec = 34
        total = sum((_discount(f.net_cents, rate, f.year) for f in flows), Decimal(0))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def benefit_cost(flows: list[CashFlowYear], rate: Decimal) -> Decimal | None:
    """Present value of income and residual value over present value of costs and investment."""
    with localcontext() as context:
        context.prec = 34
        benefits = sum(
            (_discount(f.income_cents + f.residual_value_cents, rate, f.year) for f in flows),
            Decimal(0),
        )
        costs = sum(
            (_discount(f.operating_cost_cents + f.investment_cents, rate, f.year) for f in flows),
            Decimal(0),
        )
    if costs == 0:
        return None
    return (benefits / costs).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def irr(flows: list[CashFlowYear]) -> float | None:
    """Internal rate of return, or ``None`` when it does not exist."""
    import numpy_financial

    values = [0] * (max((f.year for f in flows), default=-1) + 1)
    for flow in flows:
        values[flow.year] += flow.net_cents
    if not any(v < 0 for v in values) or not any(v > 0 for v in values):
        return None
    result = float(numpy_financial.irr(values))
    if result != result or result <= -1:
        return None
    return result


def sign_changes(flows: list[CashFlowYear]) -> int:
    """How often the yearly net flow changes sign; more than one allows several TIR."""
    signs = [f.net_cents > 0 for f in sorted(flows, key=lambda f: f.year) if f.net_cents]
    return sum(1 for a, b in pairwise(signs) if a != b)


def payback_years(flows: list[CashFlowYear]) -> Decimal | None:
    """Years until the cumulative (undiscounted) net flow stops being negative, interpolated;
    zero when it is never negative."""
    ordered = sorted(flows, key=lambda f: f.year)
    if ordered and all(
        sum(f.net_cents for f in ordered[: i + 1]) >= 0 for i in range(len(ordered))
    ):
        return Decimal("0.00")
    cumulative = 0
    for flow in sorted(flows, key=lambda f: f.year):
        before = cumulative
        cumulative += flow.net_cents
        if before < 0 <= cumulative and flow.net_cents > 0:
            fraction = Decimal(-before) / Decimal(flow.net_cents)
            return (flow.year - 1 + fraction).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return None


def indicators(flows: list[CashFlowYear], rate: Decimal) -> Indicators:
    if not flows:
        return Indicators(rate, None, None, None, None)
    return Indicators(
        rate,
        npv_cents(flows, rate),
        irr(flows),
        benefit_cost(flows, rate),
        payback_years(flows),
        sign_changes(flows) > 1,
    )


def format_irr(value: float | None, ambiguous: bool = False) -> str:
    if value is None:
        return "no existe"
    return f"{value * 100:.2f} %" + (" (TIR múltiple: no concluyente)" if ambiguous else "")


def format_payback(value: Decimal | None) -> str:
    return "no se recupera" if value is None else f"{value} años"
