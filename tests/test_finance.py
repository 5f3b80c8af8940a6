"""Financing structure and financial indicators of a plan."""

from decimal import Decimal

import numpy as np
import numpy_financial as npf
from hypothesis import given
from hypothesis import strategies as st

from procompite.plans.finance import (
    BudgetLine,
    CashFlowYear,
    financing,
    format_irr,
    format_payback,
    indicators,
)


def _flows(investment: int, net: list[int]) -> list[CashFlowYear]:
    flows = [CashFlowYear(0, investment_cents=investment)]
    flows += [
        CashFlowYear(year, income_cents=max(v, 0), operating_cost_cents=max(-v, 0))
        for year, v in enumerate(net, start=1)
    ]
    return flows


def test_textbook_plan():
    flows = _flows(10_000_000, [3_000_000] * 5)
    result = indicators(flows, Decimal("0.10"))
    assert result.npv_cents == 1_372_360
    assert round(result.irr, 6) == 0.152382
    assert result.payback_years == Decimal("3.33")
    assert format_irr(result.irr) == "15.24 %"


def test_irr_that_does_not_exist_is_said_in_words():
    flows = [CashFlowYear(0, investment_cents=100), CashFlowYear(1, operating_cost_cents=5)]
    result = indicators(flows, Decimal("0.1"))
    assert result.irr is None
    assert format_irr(result.irr) == "no existe"
    assert format_payback(result.payback_years) == "no se recupera"


def test_benefit_cost_ratio():
    flows = [
        CashFlowYear(0, investment_cents=1000),
        CashFlowYear(1, income_cents=1100, operating_cost_cents=0),
    ]
    assert indicators(flows, Decimal("0.10")).benefit_cost == Decimal("1.00")


@given(
    st.integers(1, 10**9),
    st.lists(st.integers(-(10**8), 10**9), min_size=1, max_size=10),
    st.integers(0, 3000),
)
def test_npv_matches_numpy_financial_to_the_centimo(investment, net, rate_bp):
    rate = Decimal(rate_bp) / 10000
    ours = indicators(_flows(investment, net), rate).npv_cents
    theirs = npf.npv(float(rate), [-investment, *net])
    assert abs(ours - theirs) <= max(1, abs(theirs) * 1e-12)


def test_financing_totals_and_shares_add_up_exactly():
    lines = [
        BudgetLine(
            "activos_fijos", "Tina quesera", "unidad", Decimal("2"), 1_250_050, "procompite"
        ),
        BudgetLine(
            "intangibles", "Asistencia técnica", "mes", Decimal("2.5"), 333_333, "procompite"
        ),
        BudgetLine("capital_trabajo", "Leche", "litro", Decimal("1000"), 150, "aeo_monetario"),
        BudgetLine("activos_fijos", "Local", "mes", Decimal("12"), 50_000, "aeo_no_monetario"),
    ]
    money = financing(lines)
    assert money.by_component == {
        "activos_fijos": 2_500_100 + 600_000,
        "intangibles": 833_333,
        "capital_trabajo": 150_000,
    }
    assert money.total_cents == sum(money.by_payer.values()) == sum(money.by_component.values())
    assert money.procompite_cents == 3_333_433
    assert money.share(money.procompite_cents) == Decimal("81.63")
    assert not np.isnan(float(money.share(0)))


def test_payback_is_zero_when_nothing_is_ever_owed():
    flows = [CashFlowYear(0, income_cents=100), CashFlowYear(1, income_cents=100)]
    assert indicators(flows, Decimal("0.1")).payback_years == Decimal("0.00")


def test_several_sign_changes_make_the_irr_inconclusive():
    flows = [
        CashFlowYear(0, investment_cents=10_000),
        CashFlowYear(1, income_cents=23_000),
        CashFlowYear(2, operating_cost_cents=13_200),
    ]
    result = indicators(flows, Decimal("0.1"))
    assert result.irr_ambiguous
    assert "TIR múltiple" in format_irr(result.irr, result.irr_ambiguous)
