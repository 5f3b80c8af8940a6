"""The indicators of many plans at once, with the same figures as :func:`finance.indicators`.

VAN and B/C are computed for all plans together in floating point, one matrix product per
discount rate, and rounded exactly: a float figure is used only when it is farther from a
rounding boundary (half a céntimo for the VAN, half a hundredth for the B/C) than its error can
reach; the few that are not are computed again with ``Decimal``, as for one plan. The TIR takes
the same eigenvalues as ``numpy.roots`` (of the same companion matrices, all plans with as many
years in one call) and keeps the same root. Payback and sign changes are integer arithmetic.
"""

from decimal import Decimal

from procompite.plans.finance import (
    NPV_ZERO_CENTS,
    NPV_ZERO_RELATIVE,
    ROOT_IMAGINARY_TOLERANCE,
    CashFlowYear,
    Indicators,
    benefit_cost,
    npv_cents,
    payback_of,
    sign_changes_of,
)

# Relative error allowed for a float sum of a few dozen discounted terms (far above the real
# one, a few units of 1e-16), and the same for the ratio of two such sums.
RELATIVE_ERROR = 1e-11
HUNDREDTH = Decimal("0.01")

FlowRow = tuple[int, int, int, int, int, int]


def _safely_rounded(values, scales, places: float) -> list[int | None]:
    """Per value, the nearest integer of ``value * places`` when no error of up to
    ``RELATIVE_ERROR * scale`` can carry it across a half; ``None`` where it could."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        scaled = values * places
        nearest = np.rint(scaled)
        margin = 0.5 - np.abs(scaled - nearest)
        safe = np.isfinite(scaled) & (margin > RELATIVE_ERROR * scales * places + 1e-9)
    return [int(n) if ok else None for n, ok in zip(nearest.tolist(), safe.tolist(), strict=True)]


class _Flows:
    """The plans' yearly flows as matrices, one row per plan, one column per year from 0."""

    def __init__(self, rows: list[FlowRow]):
        import numpy as np

        data = np.array(rows, dtype=np.int64).reshape(-1, 6)
        plan_ids, self.index = np.unique(data[:, 0], return_inverse=True)
        self.plan_ids = plan_ids.tolist()
        years = data[:, 1]
        shape = (len(self.plan_ids), int(years.max(initial=0)) + 1)
        income, cost, investment, residual = data[:, 2], data[:, 3], data[:, 4], data[:, 5]
        self.net, self.benefits, self.costs = (np.zeros(shape, dtype=np.int64) for _ in range(3))
        np.add.at(self.net, (self.index, years), income + residual - cost - investment)
        np.add.at(self.benefits, (self.index, years), income + residual)
        np.add.at(self.costs, (self.index, years), cost + investment)
        last = np.full(len(self.plan_ids), -1, dtype=np.int64)
        np.maximum.at(last, self.index, years)
        self.values = [
            row[: end + 1] for row, end in zip(self.net.tolist(), last.tolist(), strict=True)
        ]
        self.rows = rows

    def cash_flows(self, position: int) -> list[CashFlowYear]:
        plan_id = self.plan_ids[position]
        return [CashFlowYear(*row[1:]) for row in self.rows if row[0] == plan_id]


def _npv_and_ratio(flows: _Flows, rates: list[Decimal]) -> tuple[list, list]:
    import numpy as np

    count, years = flows.net.shape
    discount = np.empty((count, years))
    for rate in set(rates):
        chosen = np.array([r == rate for r in rates])
        discount[chosen] = (1 + float(rate)) ** -np.arange(years, dtype=float)
    net, benefits, costs = (m.astype(float) for m in (flows.net, flows.benefits, flows.costs))
    npv = (net * discount).sum(axis=1)
    npv_scale = (np.abs(net) * discount).sum(axis=1)
    present_benefits = (benefits * discount).sum(axis=1)
    present_costs = (costs * discount).sum(axis=1)
    benefits_scale = (np.abs(benefits) * discount).sum(axis=1)
    costs_scale = (np.abs(costs) * discount).sum(axis=1)
    has_costs = np.any(flows.costs != 0, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = present_benefits / present_costs
        ratio_scale = np.abs(ratio) * (
            benefits_scale / np.abs(present_benefits) + costs_scale / np.abs(present_costs)
        )
    ratio_scale = np.where(np.isfinite(ratio_scale), ratio_scale, np.inf)
    npvs = _safely_rounded(npv, npv_scale, 1.0)
    ratios = _safely_rounded(ratio, ratio_scale, 100.0)
    for i, rate in enumerate(rates):
        if npvs[i] is None:
            npvs[i] = npv_cents(flows.cash_flows(i), rate)
        if not has_costs[i]:
            ratios[i] = None
        elif ratios[i] is None:
            ratios[i] = benefit_cost(flows.cash_flows(i), rate)
        else:
            ratios[i] = Decimal(ratios[i]) * HUNDREDTH
    return npvs, ratios


def _rates(flows: _Flows) -> list[float | None]:
    """Per plan, the TIR :func:`finance.irr` gives: the roots are the eigenvalues ``numpy.roots``
    takes, of the same companion matrices, all plans with as many coefficients in one call, and
    the root is chosen by the same test, for all roots of those plans at once."""
    import numpy as np

    net = flows.net
    found: list[float | None] = [None] * len(net)
    crossing = np.flatnonzero((net < 0).any(axis=1) & (net > 0).any(axis=1))
    nonzero = net[crossing] != 0
    first = nonzero.argmax(axis=1)
    last = net.shape[1] - 1 - nonzero[:, ::-1].argmax(axis=1)
    sizes = last - first + 1
    for size in np.unique(sizes).tolist():
        chosen = sizes == size
        rows, start = crossing[chosen], first[chosen]
        p = net[rows[:, None], start[:, None] + np.arange(size)][:, ::-1].astype(float)
        companion = np.zeros((len(rows), size - 1, size - 1))
        companion[:, np.arange(1, size - 1), np.arange(size - 2)] = 1.0
        companion[:, 0, :] = -p[:, 1:] / p[:, :1]
        roots = np.linalg.eigvals(companion).astype(complex)
        x = roots.real
        real = (x > 0) & (np.abs(roots.imag) <= ROOT_IMAGINARY_TOLERANCE * np.abs(roots))
        values = net[rows].astype(float)[:, None, :]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            powers = np.where(real, x, 0.0)[:, :, None] ** np.arange(net.shape[1])
            npv = np.where(values != 0, values * powers, 0.0).sum(axis=2)
            scale = np.where(values != 0, np.abs(values) * powers, 0.0).sum(axis=2)
            rates = np.where(
                real & (np.abs(npv) <= np.maximum(NPV_ZERO_CENTS, NPV_ZERO_RELATIVE * scale)),
                1 / np.where(real, x, 1.0) - 1,
                np.nan,
            )
        for row, candidates in zip(rows.tolist(), rates.tolist(), strict=True):
            kept = [rate for rate in candidates if rate == rate]
            found[row] = min(kept, key=abs) if kept else None
    return found


def many_npvs(rows: list[FlowRow], rates: dict[int, Decimal]) -> dict[int, int | None]:
    """Per plan id of ``rates``, the VAN of its cash flow at its rate, as :func:`many_indicators`
    gives it, without the other indicators."""
    npvs: dict[int, int | None] = dict.fromkeys(rates)
    rows = [row for row in rows if row[0] in rates]
    if rows:
        flows = _Flows(rows)
        found, _ = _npv_and_ratio(flows, [rates[plan_id] for plan_id in flows.plan_ids])
        npvs.update(zip(flows.plan_ids, found, strict=True))
    return npvs


def many_indicators(rows: list[FlowRow], rates: dict[int, Decimal]) -> dict[int, Indicators]:
    """Per plan id of ``rates``, the indicators of its cash flow at its rate.

    ``rows`` are the plans' cash-flow years as (plan id, year, income, operating cost,
    investment, residual value), amounts in céntimos, in any order."""
    results = {plan_id: Indicators(rate, None, None, None, None) for plan_id, rate in rates.items()}
    rows = [row for row in rows if row[0] in rates]
    if not rows:
        return results
    flows = _Flows(rows)
    plan_rates = [rates[plan_id] for plan_id in flows.plan_ids]
    npvs, ratios = _npv_and_ratio(flows, plan_rates)
    rates = _rates(flows)
    for i, plan_id in enumerate(flows.plan_ids):
        values = flows.values[i]
        years, reason = payback_of(values)
        results[plan_id] = Indicators(
            plan_rates[i],
            npvs[i],
            rates[i],
            ratios[i],
            years,
            sign_changes_of(values) > 1,
            reason,
        )
    return results
