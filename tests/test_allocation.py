"""Cuadro de mérito and allocation of the budget: pure arithmetic on céntimos, no database."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procompite.evaluation.allocation import Candidate, allocate

BREAKERS = ["women_share", "registered_on"]


def candidate(plan_id, score_h, amount, *, pool="A", apto=True, code=None, **tie_values):
    return Candidate(
        plan_id,
        code or f"PN-{plan_id:03d}",
        pool,
        score_h,
        amount,
        apto,
        tie_values,
    )


@st.composite
def calls(draw):
    """A call's pools and its decided plans: few distinct scores, so that ties happen."""
    pools = {
        name: draw(st.integers(min_value=0, max_value=2_000_000))
        for name in draw(st.lists(st.sampled_from("ABC"), min_size=1, max_size=3, unique=True))
    }
    size = draw(st.integers(min_value=0, max_value=25))
    codes = draw(
        st.lists(st.integers(min_value=1, max_value=999), min_size=size, max_size=size, unique=True)
    )
    candidates = []
    for plan_id, number in enumerate(codes, start=1):
        women = draw(st.none() | st.sampled_from([Decimal("25"), Decimal("50"), Decimal("62.5")]))
        registered = draw(st.none() | st.integers(min_value=0, max_value=3))
        candidates.append(
            Candidate(
                plan_id,
                f"PN-2026-{number:03d}",
                draw(st.sampled_from("ABCD")),
                draw(st.sampled_from([6000, 6550, 7000, 7325, 8000, 9100])),
                draw(st.integers(min_value=0, max_value=900_000)),
                draw(st.booleans()),
                {
                    "women_share": women,
                    "registered_on": None
                    if registered is None
                    else (date(2026, 7, 1) + timedelta(days=registered)).isoformat(),
                },
            )
        )
    return candidates, pools


def _by_pool(results, pool):
    return [a for a in results if a.pool == pool and a.rank is not None]


@settings(max_examples=200, deadline=None)
@given(calls())
def test_allocation_never_exceeds_a_pool_and_skips_only_what_does_not_fit(call):
    candidates, pools = call
    results = allocate(candidates, pools, BREAKERS)
    by_id = {c.plan_id: c for c in candidates}

    assert sorted(a.plan_id for a in results) == sorted(by_id), "cada plan aparece una vez"
    for pool, budget in pools.items():
        ranked = _by_pool(results, pool)
        assert [a.rank for a in ranked] == list(range(1, len(ranked) + 1))
        assert {a.plan_id for a in ranked} == {
            c.plan_id for c in candidates if c.apto and c.pool == pool and c.amount_cents > 0
        }
        winners = [a for a in ranked if a.outcome == "ganador"]
        assert sum(a.amount_cents for a in winners) <= budget
        assigned = 0
        for allocation in ranked:
            asked = by_id[allocation.plan_id].amount_cents
            remaining = budget - assigned
            assert allocation.assigned_before_cents == assigned
            if allocation.outcome == "ganador":
                assert asked <= remaining
                assert allocation.amount_cents == asked
                assigned += asked
            else:
                # An apto waits only when its amount no longer fits in what is left.
                assert allocation.outcome == "accesitario"
                assert asked > remaining
                assert allocation.amount_cents == 0
            assert allocation.remaining_cents == budget - assigned
        # Merit order: a higher score is never ranked below a lower one.
        scores = [by_id[a.plan_id].score_h for a in ranked]
        assert scores == sorted(scores, reverse=True)


@settings(max_examples=200, deadline=None)
@given(calls())
def test_every_ganador_below_an_accesitario_fitted_in_what_remained(call):
    candidates, pools = call
    results = allocate(candidates, pools, BREAKERS)
    by_id = {c.plan_id: c for c in candidates}
    for pool, budget in pools.items():
        ranked = _by_pool(results, pool)
        for position, waiting in enumerate(ranked):
            if waiting.outcome != "accesitario":
                continue
            spent_before = sum(
                by_id[a.plan_id].amount_cents for a in ranked[:position] if a.outcome == "ganador"
            )
            assert by_id[waiting.plan_id].amount_cents > budget - spent_before
            spent = spent_before
            for later in ranked[position + 1 :]:
                if later.outcome == "ganador":
                    assert by_id[later.plan_id].amount_cents <= budget - spent
                    spent += by_id[later.plan_id].amount_cents


@settings(max_examples=200, deadline=None)
@given(calls())
def test_plans_not_apto_or_outside_the_pools_are_not_financed(call):
    candidates, pools = call
    results = {a.plan_id: a for a in allocate(candidates, pools, BREAKERS)}
    for c in candidates:
        allocation = results[c.plan_id]
        if not c.apto or c.pool not in pools or c.amount_cents == 0:
            assert allocation.outcome == "no_financiado"
            assert allocation.rank is None
            assert allocation.amount_cents == 0
            assert allocation.tie_note == ""
        else:
            assert allocation.outcome in ("ganador", "accesitario")


@settings(max_examples=200, deadline=None)
@given(calls(), st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_change_the_result(call, rng):
    candidates, pools = call
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    assert allocate(shuffled, pools, BREAKERS) == allocate(candidates, pools, BREAKERS)


def test_a_winner_that_does_not_fit_leaves_room_for_the_next_one_down():
    results = allocate(
        [
            candidate(1, 9000, 200_000_00),
            candidate(2, 8500, 150_000_00),
            candidate(3, 8000, 90_000_00),
            candidate(4, 7000, 20_000_00),
        ],
        {"A": 300_000_00},
        [],
    )
    assert [(a.code, a.rank, a.outcome, a.amount_cents) for a in results] == [
        ("PN-001", 1, "ganador", 200_000_00),
        ("PN-002", 2, "accesitario", 0),
        ("PN-003", 3, "ganador", 90_000_00),
        ("PN-004", 4, "accesitario", 0),
    ]
    assert results[-1].remaining_cents == 10_000_00
    assert results[-1].assigned_before_cents == 290_000_00


def test_an_exact_fit_is_a_winner():
    results = allocate(
        [candidate(1, 8000, 100_000_00), candidate(2, 7000, 200_000_00)], {"A": 300_000_00}, []
    )
    assert [a.outcome for a in results] == ["ganador", "ganador"]
    assert results[-1].remaining_cents == 0


def test_tie_broken_by_women_share_names_the_breaker_and_both_values():
    results = allocate(
        [
            candidate(1, 8000, 100_00, women_share=Decimal("27.7777"), registered_on="2026-07-01"),
            candidate(2, 8000, 100_00, women_share=Decimal("78.26"), registered_on="2026-08-01"),
        ],
        {"A": 1_000_00},
        BREAKERS,
    )
    assert [a.code for a in results] == ["PN-002", "PN-001"]
    assert [a.rank for a in results] == [1, 2]
    assert results[0].tie_note == (
        "Empate a 80.00 puntos con PN-001; desempata por mayor porcentaje de mujeres socias: "
        "78.26 % frente a 27.78 %."
    )
    assert results[1].tie_note == (
        "Empate a 80.00 puntos con PN-002; desempata por mayor porcentaje de mujeres socias: "
        "27.78 % frente a 78.26 %."
    )


def test_equal_women_share_falls_to_the_oldest_registration():
    results = allocate(
        [
            candidate(1, 7325, 100_00, women_share=Decimal("50"), registered_on="2026-07-20"),
            candidate(2, 7325, 100_00, women_share=Decimal("50.00"), registered_on="2026-07-03"),
            candidate(3, 9000, 100_00, women_share=Decimal("10"), registered_on="2026-07-01"),
        ],
        {"A": 1_000_00},
        BREAKERS,
    )
    assert [a.code for a in results] == ["PN-003", "PN-002", "PN-001"]
    assert results[0].tie_note == "", "sin empate no hay nota"
    assert results[1].tie_note == (
        "Empate a 73.25 puntos con PN-001; desempata por registro más antiguo del plan: "
        "03/07/2026 frente a 20/07/2026."
    )
    assert "20/07/2026 frente a 03/07/2026" in results[2].tie_note


def test_a_missing_tie_value_goes_last():
    results = allocate(
        [
            candidate(1, 8000, 100_00, women_share=None),
            candidate(2, 8000, 100_00, women_share=Decimal("5")),
        ],
        {"A": 1_000_00},
        ["women_share"],
    )
    assert [a.code for a in results] == ["PN-002", "PN-001"]
    assert "sin dato frente a 5.00 %" in results[1].tie_note


def test_all_tie_breakers_equal_falls_back_to_the_plan_code_with_a_note():
    same = {"women_share": Decimal("40"), "registered_on": "2026-07-10"}
    results = allocate(
        [
            candidate(1, 8000, 100_00, code="PN-2026-009", **same),
            candidate(2, 8000, 100_00, code="PN-2026-002", **same),
        ],
        {"A": 1_000_00},
        BREAKERS,
    )
    assert [a.code for a in results] == ["PN-2026-002", "PN-2026-009"]
    assert results[0].tie_note == (
        "Empate a 80.00 puntos con PN-2026-009 en todos los criterios de desempate de la "
        "convocatoria; se ordena por código del plan."
    )


def test_a_call_without_tie_breakers_orders_ties_by_code_and_says_so():
    results = allocate(
        [candidate(1, 8000, 100_00, code="PN-B"), candidate(2, 8000, 100_00, code="PN-A")],
        {"A": 1_000_00},
        [],
    )
    assert [a.code for a in results] == ["PN-A", "PN-B"]
    assert "la convocatoria no fija desempate" in results[0].tie_note


def test_ties_are_only_between_aptos_of_the_same_pool():
    results = allocate(
        [
            candidate(1, 8000, 100_00, pool="A"),
            candidate(2, 8000, 100_00, pool="B"),
            candidate(3, 8000, 100_00, pool="A", apto=False),
        ],
        {"A": 1_000_00, "B": 1_000_00},
        BREAKERS,
    )
    assert all(a.tie_note == "" for a in results)
    assert [(a.code, a.pool, a.rank) for a in results] == [
        ("PN-001", "A", 1),
        ("PN-002", "B", 1),
        ("PN-003", "A", None),
    ]


def test_an_unknown_tie_breaker_is_refused():
    with pytest.raises(ValueError, match="desempate desconocido: edad"):
        allocate([candidate(1, 8000, 100_00)], {"A": 1_000_00}, ["edad"])


def test_large_random_call_is_exact_in_centimos():
    rng = random.Random(7)
    candidates = [
        candidate(i, rng.randint(6000, 9500), rng.randint(80_000_00, 350_000_00), pool="B")
        for i in range(1, 301)
    ]
    results = allocate(candidates, {"B": 600_000_00}, BREAKERS)
    winners = [a for a in results if a.outcome == "ganador"]
    assert sum(a.amount_cents for a in winners) == 600_000_00 - results[-1].remaining_cents
    assert all(isinstance(a.amount_cents, int) for a in results)


def test_a_three_way_tie_decided_by_the_breakers_is_not_said_to_be_ordered_by_code():
    results = allocate(
        [
            candidate(1, 8000, 100_00, code="PN-003", women_share=50, registered_on="2026-07-01"),
            candidate(2, 8000, 100_00, code="PN-001", women_share=50, registered_on="2026-07-09"),
            candidate(3, 8000, 100_00, code="PN-002", women_share=40, registered_on="2026-07-01"),
        ],
        {"A": 1_000_00},
        BREAKERS,
    )
    # PN-003 is first by the breakers (more women than PN-002, older than PN-001), not by code.
    assert [a.code for a in results] == ["PN-003", "PN-001", "PN-002"]
    assert "se ordena por código" not in results[0].tie_note
