"""A business plan's financing structure and financial indicators (VAN, TIR, B/C, payback).

Amounts are integer céntimos. VAN, B/C and payback are computed with ``Decimal`` so that a printed
figure is reproducible to the céntimo; the TIR is a real root of the VAN polynomial (as in
numpy-financial, the one closest to zero, a double root where the VAN touches zero included) and
is ``None`` when it does not exist (no change of sign, or no real root).
"""

from collections.abc import Iterable
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
    return financing_of((line.component, line.payer, line.total_cents) for line in lines)


def financing_of(totals: Iterable[tuple[str, str, int]]) -> Financing:
    """The financing of budget lines given as (component, payer, total in céntimos)."""
    by_component = dict.fromkeys(COMPONENT, 0)
    by_payer = dict.fromkeys(PAYER, 0)
    for component, payer, cents in totals:
        by_component[component] = by_component.get(component, 0) + cents
        by_payer[payer] = by_payer.get(payer, 0) + cents
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
    payback_reason: str = ""


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


ROOT_IMAGINARY_TOLERANCE = 1e-6
NPV_ZERO_CENTS = 0.5
NPV_ZERO_RELATIVE = 1e-9


def yearly(flows: list[CashFlowYear]) -> list[int]:
    """The net flow of each year from year 0, in céntimos (a year without a row is zero)."""
    values = [0] * (max((f.year for f in flows), default=-1) + 1)
    for flow in flows:
        values[flow.year] += flow.net_cents
    return values


def irr(flows: list[CashFlowYear]) -> float | None:
    """Internal rate of return, or ``None`` when it does not exist.

    The roots ``x = 1 / (1 + r)`` of ``Σ v_t x^t`` are taken with ``numpy.roots``; a root counts
    as real when its imaginary part is below one millionth of it (a double root, where the VAN
    touches zero without crossing it, comes out with a small imaginary part) and the VAN at its
    rate is below half a céntimo, or a billionth of the discounted flows added without their
    signs. Of the rates above -100 %, the one closest to zero is given, as numpy-financial does.
    """
    import numpy as np

    values = yearly(flows)
    if not any(v < 0 for v in values) or not any(v > 0 for v in values):
        return None
    rates = []
    for root in np.roots(values[::-1]):
        if root.real <= 0 or abs(root.imag) > ROOT_IMAGINARY_TOLERANCE * abs(root):
            continue
        x = float(root.real)
        npv = sum(v * x**t for t, v in enumerate(values))
        scale = sum(abs(v) * x**t for t, v in enumerate(values))
        if abs(npv) <= max(NPV_ZERO_CENTS, NPV_ZERO_RELATIVE * scale):
            rates.append(1 / x - 1)
    return min(rates, key=abs) if rates else None


def sign_changes(flows: list[CashFlowYear]) -> int:
    """How often the yearly net flow changes sign; more than one allows several TIR."""
    return sign_changes_of(yearly(flows))


def sign_changes_of(values: list[int]) -> int:
    signs = [v > 0 for v in values if v]
    return sum(1 for a, b in pairwise(signs) if a != b)


def payback(flows: list[CashFlowYear]) -> tuple[Decimal | None, str]:
    """Years until the cumulative (undiscounted) net flow stops being negative for good,
    interpolated within the year it turns, with an empty reason; zero when it is never negative.
    ``None`` and the reason, in Spanish, when it is negative at the end of the horizon, though it
    was covered some year before."""
    return payback_of(yearly(flows))


def payback_of(values: list[int]) -> tuple[Decimal | None, str]:
    """:func:`payback` of the yearly net flows from year 0 (:func:`yearly`)."""
    cumulative, history = 0, []
    for year, net in enumerate(values):
        history.append((year, cumulative, cumulative + net))
        cumulative += net
    negative = [year for year, _, after in history if after < 0]
    if not negative:
        return (Decimal("0.00") if history else None), ""
    covered = [(year, before, after) for year, before, after in history if before < 0 <= after]
    if cumulative < 0:
        last = history[-1][0]
        if not covered:
            return None, f"el flujo acumulado sigue negativo al final del horizonte (año {last})"
        turned = covered[-1][0]
        fell = min(year for year in negative if year > turned)
        return None, (
            f"el flujo acumulado se cubre en el año {turned}, pero vuelve a ser negativo en el "
            f"año {fell} y sigue así al final del horizonte (año {last})"
        )
    year, before, after = covered[-1]
    fraction = Decimal(-before) / Decimal(after - before)
    return (year - 1 + fraction).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ""


def payback_years(flows: list[CashFlowYear]) -> Decimal | None:
    """Years until the cumulative (undiscounted) net flow stops being negative for good,
    interpolated; zero when it is never negative, ``None`` when it is negative at the end."""
    return payback(flows)[0]


def indicators(flows: list[CashFlowYear], rate: Decimal) -> Indicators:
    if not flows:
        return Indicators(rate, None, None, None, None)
    years, reason = payback(flows)
    return Indicators(
        rate,
        npv_cents(flows, rate),
        irr(flows),
        benefit_cost(flows, rate),
        years,
        sign_changes(flows) > 1,
        reason,
    )


def format_irr(value: float | None, ambiguous: bool = False) -> str:
    if value is None:
        return "no existe"
    return f"{value * 100:.2f} %" + (" (TIR múltiple: no concluyente)" if ambiguous else "")


def format_payback(value: Decimal | None, reason: str = "") -> str:
    """The payback in years, or that the plan does not pay back and, when known, why."""
    if value is not None:
        return f"{value} años"
    return "no se recupera" + (f" ({reason})" if reason else "")
