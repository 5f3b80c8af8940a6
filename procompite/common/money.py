"""Money in soles, held exactly as integer céntimos.

Every amount in the database is an INTEGER column whose name ends in ``_cents``: S/ 1,234.50 is
stored as 123450. Arithmetic happens on integers (or on ``Decimal`` when a quantity has decimals)
and amounts are only turned into text at the edges, with :func:`format_soles`.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EARLIER_NEGATIVE = re.compile(r"S/([ \u00a0])-(?=\d)")


def to_cents(amount: Decimal | int | str) -> int:
    """Soles (``Decimal``, ``int`` or decimal text such as ``"1234.5"``) to integer céntimos."""
    value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    """Integer céntimos to soles as an exact ``Decimal`` with two places."""
    return (Decimal(cents) / 100).quantize(CENT)


def line_total_cents(quantity: Decimal | int | str, unit_cost_cents: int) -> int:
    """Quantity times unit cost, rounded half-up to the céntimo."""
    if isinstance(quantity, str) and quantity.isascii() and quantity.isdigit():
        return int(quantity) * unit_cost_cents
    total = Decimal(quantity) * unit_cost_cents
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_soles(cents: int | None) -> str:
    """``123456789`` -> ``"S/ 1,234,567.89"``; a negative amount is ``"-S/ 83,664.28"``."""
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    return f"{sign}S/ {format_amount(abs(cents))}"


def format_amount(cents: int) -> str:
    """The figure alone, as a table cell under a «(S/)» heading shows it: ``-1,234.50``."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def earlier_negatives_rewritten(text: str) -> str:
    """Earlier versions of the program wrote a negative amount ``S/ -83,664.28``, and stored
    documents keep that text; the same figure is now written ``-S/ 83,664.28``."""
    return EARLIER_NEGATIVE.sub(r"-S/\1", text)


def percent_from_bp(basis_points: int | None) -> str:
    """Basis points (1/100 of a percent, as stored) to text: ``1250`` -> ``"12.50 %"``."""
    if basis_points is None:
        return "—"
    return f"{Decimal(basis_points) / 100:.2f} %"
