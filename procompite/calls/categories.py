"""The categories of AEO a call sets, with their limits: members, years, sales, co-financing and
the AEO's contribution. Every figure is a setting of the call, never a constant."""

from dataclasses import dataclass
from typing import Any

LIMIT_FIELDS = (
    "code",
    "name",
    "min_members",
    "min_years",
    "min_annual_sales_cents",
    "min_cofinancing_cents",
    "max_cofinancing_cents",
    "max_cofinancing_bp",
    "min_contribution_bp",
    "min_cash_contribution_bp",
)


@dataclass(frozen=True)
class CategoryLimits:
    code: str
    name: str
    min_members: int
    min_years: int
    min_annual_sales_cents: int
    min_cofinancing_cents: int
    max_cofinancing_cents: int
    max_cofinancing_bp: int
    min_contribution_bp: int
    min_cash_contribution_bp: int


def category_limits(row: dict[str, Any]) -> CategoryLimits:
    """The limits of a stored ``call_categories`` row."""
    return CategoryLimits(**{key: row[key] for key in LIMIT_FIELDS})
