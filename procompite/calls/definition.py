"""What a convocatoria's bases set, every figure a setting (DOMAIN.md §3.2): its name, year,
budget and the rules of its evaluation, the categories of AEO with their limits and pools, the
chains it admits, the documents it requires and the schedule of its stages.

:func:`definition_problems` says, field by field, what keeps a definition from being saved."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from procompite.calls.bonuses import BonusRule
from procompite.calls.categories import CategoryLimits
from procompite.calls.legal import DEFAULT_TERMS, LegalTerms
from procompite.common.errors import Problem
from procompite.common.money import format_soles

CONSOLIDATIONS = {"mean": "Promedio", "median": "Mediana"}
# A criterion is flagged when its members' scores differ by more than this share of its maximum.
DISAGREEMENT_SHARE_BP = 4000


@dataclass(frozen=True)
class Category(CategoryLimits):
    """A category's limits and its budget pool (``None``: the call has a single pool)."""

    budget_cents: int | None = None


@dataclass(frozen=True)
class ChainChoice:
    """A chain the call admits; one outside the approved prioritisation needs a reason."""

    chain_id: int
    reason: str = ""


@dataclass(frozen=True)
class RequiredDocument:
    code: str
    name: str
    required: bool = True


@dataclass(frozen=True)
class Stage:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CallDefinition:
    """The call's settings. ``disagreement_share_bp`` (basis points of a criterion's maximum)
    decides which criteria are flagged; ``disagreement_gap`` is the former gap in points, kept
    as calls defined before the share printed it and read from older bases files."""

    name: str
    year: int
    budget_cents: int
    discount_rate_bp: int
    passing_score: Decimal
    consolidation: str = "mean"
    disagreement_share_bp: int = DISAGREEMENT_SHARE_BP
    disagreement_gap: Decimal = Decimal(2)
    quorum: int = 3
    tie_breakers: tuple[str, ...] = ()
    document_prefix: str = ""
    bases_resolution: str = ""
    bases_resolution_on: date | None = None
    committee_resolution: str = ""
    committee_resolution_on: date | None = None
    prioritization_id: int | None = None
    categories: tuple[Category, ...] = ()
    chains: tuple[ChainChoice, ...] = ()
    documents: tuple[RequiredDocument, ...] = ()
    stages: tuple[Stage, ...] = field(default=())
    legal: LegalTerms = DEFAULT_TERMS
    bonus_rules: tuple[BonusRule, ...] = ()
    bonus_counts_for_passing: bool = False


def prioritized_chains(db: Database, prioritization_id: int | None) -> list[int]:
    """The chains above the cut of an approved prioritisation, in the order of its ranking."""
    if prioritization_id is None:
        return []
    return [
        row[0]
        for row in db.execute(
            "SELECT r.chain_id FROM prioritization_results r JOIN prioritizations p "
            "ON p.id = r.prioritization_id WHERE p.id = ? AND p.status = 'aprobado' "
            "AND r.above_cut = 1 ORDER BY r.rank",
            [prioritization_id],
        )
    ]


def _category_problems(category: Category, where: str) -> list[Problem]:
    problems = []
    if category.min_cofinancing_cents > category.max_cofinancing_cents:
        problems.append(
            Problem(
                f"{where}, cofinanciamiento mínimo",
                f"{format_soles(category.min_cofinancing_cents)} es mayor que el máximo "
                f"{format_soles(category.max_cofinancing_cents)}.",
            )
        )
    if category.min_cash_contribution_bp > category.min_contribution_bp:
        problems.append(
            Problem(
                f"{where}, aporte monetario mínimo %",
                "no puede ser mayor que el aporte mínimo % del AEO, del que forma parte.",
            )
        )
    if category.max_cofinancing_bp + category.min_contribution_bp > 10000:
        problems.append(
            Problem(
                f"{where}, cofinanciamiento máximo %",
                "sumado al aporte mínimo % del AEO pasa del 100 % del plan.",
            )
        )
    return problems


def _pool_problems(definition: CallDefinition) -> list[Problem]:
    with_pool = [c for c in definition.categories if c.budget_cents is not None]
    if not with_pool:
        return []
    if len(with_pool) < len(definition.categories):
        missing = ", ".join(c.code for c in definition.categories if c.budget_cents is None)
        return [
            Problem(
                "Fondos por categoría",
                f"indique el fondo de cada categoría o de ninguna (falta en {missing}).",
            )
        ]
    total = sum(c.budget_cents for c in with_pool)
    if total > definition.budget_cents:
        return [
            Problem(
                "Fondos por categoría",
                f"suman {format_soles(total)}, más que el monto autorizado "
                f"{format_soles(definition.budget_cents)}.",
            )
        ]
    return []


def _schedule_problems(stages: tuple[Stage, ...]) -> list[Problem]:
    problems = []
    for number, stage in enumerate(stages, 1):
        where = f"Cronograma, etapa {number} ({stage.name})"
        if stage.ends_on < stage.starts_on:
            problems.append(Problem(where, "termina antes de empezar."))
        if number > 1 and stage.starts_on < stages[number - 2].starts_on:
            problems.append(Problem(where, "empieza antes que la etapa anterior."))
    return problems


def _repeated(codes: list[str], label: str) -> list[Problem]:
    seen, problems = set(), []
    for code in codes:
        if code.casefold() in seen:
            problems.append(Problem(label, f"el código «{code}» se repite."))
        seen.add(code.casefold())
    return problems


def _chain_problems(db: Database, definition: CallDefinition) -> list[Problem]:
    problems = []
    prioritized = set(prioritized_chains(db, definition.prioritization_id))
    names = dict(db.execute("SELECT id, name FROM chains").fetchall())
    retired = {row[0] for row in db.execute("SELECT id FROM chains WHERE retired_on IS NOT NULL")}
    for choice in definition.chains:
        if choice.chain_id not in names:
            problems.append(Problem("Cadenas", f"no existe la cadena n.º {choice.chain_id}."))
        elif choice.chain_id in retired and choice.chain_id not in prioritized:
            problems.append(
                Problem("Cadenas", f"la cadena «{names[choice.chain_id]}» está retirada.")
            )
        elif choice.chain_id not in prioritized and not choice.reason.strip():
            problems.append(
                Problem(
                    f"Cadenas, {names[choice.chain_id]}",
                    "no está sobre el corte de una priorización aprobada: escriba el motivo.",
                )
            )
    if (
        definition.prioritization_id is not None
        and not db.execute(
            "SELECT 1 FROM prioritizations WHERE id = ? AND status = 'aprobado'",
            [definition.prioritization_id],
        ).fetchone()
    ):
        problems.append(Problem("Priorización", "debe ser un ejercicio aprobado."))
    return problems


def definition_problems(db: Database, definition: CallDefinition) -> list[Problem]:
    """What keeps the definition from being saved, each problem on its field."""
    problems = []
    if not definition.categories:
        problems.append(Problem("Categorías", "la convocatoria debe tener al menos una categoría."))
    for number, category in enumerate(definition.categories, 1):
        problems += _category_problems(category, f"Categoría {category.code or number}")
    problems += _repeated([c.code for c in definition.categories], "Categorías")
    problems += _pool_problems(definition)
    problems += _repeated([d.code for d in definition.documents], "Documentos")
    problems += _schedule_problems(definition.stages)
    if len(set(definition.tie_breakers)) < len(definition.tie_breakers):
        problems.append(Problem("Criterios de desempate", "un criterio está repetido."))
    for label, number, on in (
        (
            "Resolución que aprueba las bases",
            definition.bases_resolution,
            definition.bases_resolution_on,
        ),
        (
            "Resolución que designa al comité",
            definition.committee_resolution,
            definition.committee_resolution_on,
        ),
    ):
        if bool(number.strip()) != (on is not None):
            problems.append(Problem(label, "indique su número y su fecha, o ninguno."))
    problems += _chain_problems(db, definition)
    problems += _place_problems(db, definition.bonus_rules)
    return problems


def _place_problems(db: Database, rules: tuple[BonusRule, ...]) -> list[Problem]:
    problems = []
    for number, rule in enumerate(rules, 1):
        for place in rule.places:
            table = {2: "departments", 4: "provinces", 6: "districts"}[len(place)]
            if not db.execute(f"SELECT 1 FROM {table} WHERE ubigeo = ?", [place]).fetchone():
                problems.append(
                    Problem(
                        f"Bonificación {number} ({rule.name}), lugares",
                        f"no hay un lugar con el ubigeo {place}.",
                    )
                )
    return problems
