"""Whether a plan's budget and its cash flow tell the same story: the investment the cash flow
spends should be the budget's total. A difference is not refused (a plan may phase its
investment), but it is always shown, with both sums and the gap."""

from procompite.common.money import format_soles


def investment_gap_note(budget_cents: int, investment_cents: int, has_flows: bool) -> str | None:
    """The sentence that shows the gap, or ``None`` when the two sums agree (or there is no
    cash flow yet to compare with)."""
    if not has_flows or budget_cents == investment_cents:
        return None
    gap = abs(budget_cents - investment_cents)
    return (
        f"El presupuesto suma {format_soles(budget_cents)} y la inversión del flujo de caja "
        f"suma {format_soles(investment_cents)}: difieren en {format_soles(gap)}."
    )
