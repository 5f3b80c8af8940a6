"""Money in céntimos, Spanish dates, RUC and DNI."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from procompite.common.dates import format_long, format_short
from procompite.common.identifiers import dni_problem, ruc_check_digit, ruc_problem
from procompite.common.money import format_soles, from_cents, line_total_cents, to_cents
from procompite.documents.verification import differences


def test_soles_are_shown_with_thousands_and_two_decimals():
    assert format_soles(123456789) == "S/ 1,234,567.89"
    assert format_soles(30) == "S/ 0.30"
    assert format_soles(-150) == "-S/ 1.50"


def test_a_document_that_wrote_a_negative_amount_the_earlier_way_still_matches():
    stored = {"van": "S/ -83,664.28", "flujo": ["S/ -1,000.00", "S/ 250.00"]}
    assert (
        differences(stored, {"van": "-S/ 83,664.28", "flujo": ["-S/ 1,000.00", "S/ 250.00"]}) == []
    )
    changed = differences(stored, {"van": "-S/ 83,664.29", "flujo": ["-S/ 1,000.00", "S/ 250.00"]})
    assert changed == ["van: en el documento «S/ -83,664.28», ahora «-S/ 83,664.29»"]


def test_tenths_add_up_exactly():
    assert format_soles(to_cents("0.1") + to_cents("0.2")) == "S/ 0.30"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_cents_round_trip_through_decimal(cents):
    assert to_cents(from_cents(cents)) == cents


@given(st.decimals(min_value=0, max_value=10_000, places=3), st.integers(0, 10**9))
def test_line_total_is_exact_decimal_rounded_half_up(quantity, unit_cost):
    expected = (quantity * unit_cost).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert line_total_cents(str(quantity), unit_cost) == int(expected)


def test_spanish_dates():
    assert format_short(date(2026, 11, 23)) == "23/11/2026"
    assert format_long("2026-09-05") == "5 de setiembre de 2026"


def test_ruc_check_digit_of_sunat_itself():
    assert ruc_check_digit("2013131295") == 5
    assert ruc_problem("20131312955") is None
    assert "verificador" in ruc_problem("20131312954")
    assert "10, 15, 17 o 20" in ruc_problem("30131312955")
    assert "11 dígitos" in ruc_problem("2013131295")


def test_dni_has_eight_digits():
    assert dni_problem("41853620") is None
    assert dni_problem("4185362") == "El DNI debe tener 8 dígitos."
