"""The indicators of many plans at once give the same figures as one plan at a time."""

import random
from decimal import Decimal

from procompite.plans.finance import CashFlowYear, indicators
from procompite.plans.finance_many import many_indicators, many_npvs


def _random_plans(count: int, seed: int) -> list[tuple[int, int, int, int, int, int]]:
    rng = random.Random(seed)
    rows = []
    for plan_id in range(count):
        for year in sorted(rng.sample(range(14), rng.randint(1, 12))):
            rows.append(
                (
                    plan_id,
                    year,
                    rng.choice([0, rng.randint(0, 10**9)]),
                    rng.choice([0, rng.randint(0, 10**8)]),
                    rng.choice([0, 0, rng.randint(0, 10**9)]),
                    rng.choice([0, 0, rng.randint(0, 10**7)]),
                )
            )
    return rows


def _one_by_one(rows, rates):
    flows: dict[int, list[CashFlowYear]] = {}
    for plan_id, *values in rows:
        flows.setdefault(plan_id, []).append(CashFlowYear(*values))
    return {plan_id: indicators(flows.get(plan_id, []), rate) for plan_id, rate in rates.items()}


def test_many_plans_at_several_rates_match_one_plan_at_a_time():
    rows = _random_plans(1500, seed=3)
    rng = random.Random(5)
    rates = {
        plan_id: Decimal(rng.choice(["0.10", "0.125", "0", "0.3333"]))
        for plan_id in {row[0] for row in rows}
    }
    rates[99_999] = Decimal("0.10")

    together = many_indicators(rows, rates)

    assert together == _one_by_one(rows, rates)
    assert [str(i.benefit_cost) for i in together.values()] == [
        str(i.benefit_cost) for i in _one_by_one(rows, rates).values()
    ]
    assert together[99_999].npv_cents is None
    assert many_npvs(rows, rates) == {key: found.npv_cents for key, found in together.items()}


def test_a_van_of_exactly_half_a_centimo_rounds_away_from_zero():
    # At 100 %, S/ 2.01 a year from now is worth 100.5 céntimos today.
    rows = [(1, 0, 0, 0, 100, 0), (1, 1, 201, 0, 0, 0), (2, 0, 0, 0, 101, 0), (2, 1, 201, 0, 0, 0)]
    rates = {1: Decimal(1), 2: Decimal(1)}

    together = many_indicators(rows, rates)

    assert together[1].npv_cents == 1
    assert together[2].npv_cents == -1
    assert together == _one_by_one(rows, rates)
