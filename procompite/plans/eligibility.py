"""The call's eligibility rules for a business plan, as data: code, Spanish text and a check.

The same rules are shown live in the plan form, block admission to evaluation, and are the
eligibility checks of the committee's verdict.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from procompite.calls.categories import CategoryLimits
from procompite.common.dates import age_on
from procompite.common.money import format_soles
from procompite.plans.finance import Financing

# A rule's detail, written only when it is shown.
Detail = Callable[[], str]


@dataclass(frozen=True)
class PlanFacts:
    """Everything the rules look at, gathered from the plan, its AEO and its call."""

    category: CategoryLimits | None
    financing: Financing
    members: int
    constituted_on: date | None
    annual_sales_cents: int | None
    chain_name: str
    chain_prioritized: bool
    npv_cents: int | None
    missing_documents: list[str] = field(default_factory=list)
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class RuleResult:
    code: str
    text: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Rule:
    code: str
    text: str
    check: Callable[[PlanFacts], tuple[bool, Detail]]

    def evaluate(self, facts: PlanFacts) -> RuleResult:
        passed, detail = self.check(facts)
        return RuleResult(self.code, self.text, passed, detail())


NO_CATEGORY = (False, lambda: "El plan no tiene categoría asignada.")


def _pct(part: int, whole: int) -> Decimal:
    return Decimal(part) * 100 / whole if whole else Decimal(0)


def _max_share(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.category is None:
        return NO_CATEGORY
    money = facts.financing
    share = _pct(money.procompite_cents, money.total_cents)
    limit = Decimal(facts.category.max_cofinancing_bp) / 100
    return (
        share <= limit and money.total_cents > 0,
        lambda: f"PROCOMPITE financia {share:.2f} % del plan; máximo {limit:.2f} %.",
    )


def _amount_range(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.category is None:
        return NO_CATEGORY
    amount, low, high = (
        facts.financing.procompite_cents,
        facts.category.min_cofinancing_cents,
        facts.category.max_cofinancing_cents,
    )
    return (
        low <= amount <= high,
        lambda: (
            f"Cofinanciamiento {format_soles(amount)}; la categoría admite de "
            f"{format_soles(low)} a {format_soles(high)}."
        ),
    )


def _minimum_share(facts: PlanFacts, cents: int, minimum_bp: int, what: str) -> tuple[bool, Detail]:
    total = facts.financing.total_cents
    share = _pct(cents, total)
    minimum = Decimal(minimum_bp) / 100
    return (
        total > 0 and share >= minimum,
        lambda: f"{what} {share:.2f} % del plan; mínimo {minimum:.2f} %.",
    )


def _share_at_least(
    amount: str, minimum: str, what: str
) -> Callable[[PlanFacts], tuple[bool, Detail]]:
    """The check that the financing's ``amount`` is at least the category's ``minimum`` share."""

    def check(facts: PlanFacts) -> tuple[bool, Detail]:
        if facts.category is None:
            return NO_CATEGORY
        cents = getattr(facts.financing, amount)
        return _minimum_share(facts, cents, getattr(facts.category, minimum), what)

    return check


_contribution = _share_at_least("contribution_cents", "min_contribution_bp", "Aporte del AEO")
_cash = _share_at_least("cash_contribution_cents", "min_cash_contribution_bp", "Aporte monetario")


def _members(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.category is None:
        return NO_CATEGORY
    minimum = facts.category.min_members
    return (
        facts.members >= minimum,
        lambda: f"El AEO tiene {facts.members} socios; mínimo {minimum}.",
    )


def _existence(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.category is None:
        return NO_CATEGORY
    minimum = facts.category.min_years
    if facts.constituted_on is None:
        return minimum == 0, lambda: "No se registró la fecha de constitución del AEO."
    years = age_on(facts.constituted_on, facts.today)
    return years >= minimum, lambda: f"El AEO tiene {years} años de constituido; mínimo {minimum}."


def _sales(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.category is None:
        return NO_CATEGORY
    minimum = facts.category.min_annual_sales_cents
    sales = facts.annual_sales_cents or 0
    if not minimum:
        return True, lambda: "La categoría no exige ventas mínimas."
    return (
        sales >= minimum,
        lambda: f"Ventas anuales {format_soles(sales)}; mínimo {format_soles(minimum)}.",
    )


def _chain(facts: PlanFacts) -> tuple[bool, Detail]:
    if not facts.chain_name:
        return False, lambda: "El plan no indica su cadena productiva."
    if facts.chain_prioritized:
        return True, lambda: f"«{facts.chain_name}» está en la lista priorizada de la convocatoria."
    return False, lambda: f"«{facts.chain_name}» no está en la lista priorizada de la convocatoria."


def _npv(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.npv_cents is None:
        return False, lambda: "No hay flujo de caja para calcular el VAN."
    return facts.npv_cents > 0, lambda: f"VAN {format_soles(facts.npv_cents)}."


def _documents(facts: PlanFacts) -> tuple[bool, Detail]:
    if facts.missing_documents:
        return False, lambda: "Faltan: " + "; ".join(facts.missing_documents) + "."
    return True, lambda: "Todos los documentos obligatorios están presentes."


RULES: tuple[Rule, ...] = (
    Rule(
        "cofinanciamiento_porcentaje",
        "Cofinanciamiento dentro del % máximo de la categoría",
        _max_share,
    ),
    Rule(
        "cofinanciamiento_monto", "Cofinanciamiento dentro del monto mínimo y máximo", _amount_range
    ),
    Rule("aporte_minimo", "Aporte del AEO de al menos el % mínimo", _contribution),
    Rule("aporte_monetario", "Aporte monetario de al menos el % mínimo", _cash),
    Rule("socios_minimos", "El AEO tiene el mínimo de socios de la categoría", _members),
    Rule("antiguedad", "El AEO tiene los años de existencia exigidos", _existence),
    Rule("ventas_minimas", "El AEO tiene las ventas anuales exigidas", _sales),
    Rule("cadena_priorizada", "La cadena productiva está priorizada en la convocatoria", _chain),
    Rule("van_positivo", "VAN mayor que cero", _npv),
    Rule("documentos_completos", "Documentos obligatorios completos", _documents),
)


def check_rules(facts: PlanFacts) -> list[RuleResult]:
    return [rule.evaluate(facts) for rule in RULES]


def failed(results: list[RuleResult]) -> list[RuleResult]:
    return [result for result in results if not result.passed]


def failed_rules(facts: PlanFacts) -> list[RuleResult]:
    """The rules the facts do not meet (:func:`check_rules` keeps the ones met too); the
    detail of a rule met is not written."""
    results = []
    for rule in RULES:
        passed, detail = rule.check(facts)
        if not passed:
            results.append(RuleResult(rule.code, rule.text, passed, detail()))
    return results
