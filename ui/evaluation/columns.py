"""The columns of the Evaluación screen's lists: my work, consolidation, cuadro de mérito,
committee and audit trail. The scores of a plan show only what the member in session may see."""

from dataclasses import dataclass
from typing import Any

from procompite.common.labels import VERDICT
from procompite.common.money import format_soles
from procompite.evaluation.consolidation import ScoreVisibility, format_points
from procompite.evaluation.results import OUTCOME, PlanResult
from ui.widgets.columns import text
from ui.widgets.table_model import Column

WORK_COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Categoría", "category"),
    text("Cadena", "chain"),
    text("Estado del plan", "status"),
    text("Mi declaración", "declaration"),
    text("Mi ficha", "sheet"),
    Column("Mi total", lambda r: r.total, numeric=True),
)


HIDDEN = "Oculto"


@dataclass(frozen=True)
class ShownPlan:
    """A plan of the lists with what the member in session may see of its scores."""

    plan: PlanResult
    visibility: ScoreVisibility

    def __getattr__(self, name: str) -> Any:
        return getattr(self.plan, name)


def _consolidated(shown):
    """A column's text, or :data:`HIDDEN` while the viewer may not see the consolidation."""
    return lambda p: shown(p) if p.visibility.consolidated else HIDDEN


def _score(plan: ShownPlan) -> str:
    if not plan.visibility.consolidated:
        return HIDDEN
    return format_points(plan.verdict_total_h if plan.verdict else plan.total_h)


CONSOLIDATION_COLUMNS = (
    text("Código", "code"),
    text("AEO", "organization"),
    text("Cat.", "category"),
    Column("Fichas enviadas", lambda p: f"{p.submitted}", numeric=True),
    Column("Borradores", lambda p: f"{p.drafts}", numeric=True),
    Column("Conflictos", lambda p: f"{p.conflicts}", numeric=True),
    Column("Puntaje", _score, sort_key=lambda p: _score(p).zfill(7), numeric=True),
    Column(
        "Discrepancias",
        _consolidated(
            lambda p: (
                f"{p.flags} ({p.unresolved_flags} sin nota)" if p.unresolved_flags else str(p.flags)
            )
        ),
    ),
    Column(
        "Propuesta",
        _consolidated(
            lambda p: VERDICT.get(p.proposal, "Falta quórum" if not p.quorum_met else "")
        ),
    ),
    Column("Veredicto", lambda p: VERDICT.get(p.verdict, "Pendiente")),
    Column(
        "Dictamen",
        lambda p: f"{p.dictamen_number} ({p.dictamen_status})" if p.dictamen_number else "",
    ),
)


def _allocation(attribute: str):
    return lambda p: getattr(p.allocation, attribute) if p.allocation else None


MERIT_COLUMNS = (
    text("Bolsa", "category"),
    Column("Orden", lambda p: str(p.allocation.rank or "—"), numeric=True),
    text("Código", "code"),
    text("AEO", "organization"),
    Column("Puntaje", _consolidated(lambda p: format_points(p.verdict_total_h)), numeric=True),
    Column(
        "Bonif.",
        _consolidated(lambda p: format_points(p.bonus_h)),
        sort_key=lambda p: p.bonus_h,
        numeric=True,
    ),
    Column(
        "Final",
        _consolidated(lambda p: format_points(p.final_h)),
        sort_key=lambda p: p.final_h or 0,
        numeric=True,
    ),
    Column("Veredicto", lambda p: VERDICT.get(p.verdict, "")),
    Column("Cofinanciamiento", lambda p: format_soles(p.procompite_cents), numeric=True),
    Column(
        "Asignado",
        lambda p: format_soles(p.allocation.amount_cents) if p.allocation.rank else "",
        numeric=True,
    ),
    Column(
        "Saldo de la bolsa",
        lambda p: format_soles(p.allocation.remaining_cents) if p.allocation.rank else "",
        numeric=True,
    ),
    Column("Resultado", lambda p: OUTCOME[p.allocation.outcome]),
    Column("Desempate", _consolidated(lambda p: p.allocation.tie_note)),
)

# The merit columns shown only when the call gives bonus points.
BONUS_HEADERS = ("Bonif.", "Final")

COMMITTEE_COLUMNS = (
    text("Nombre", "full_name"),
    text("DNI", "dni"),
    text("Cargo", "role_label"),
    text("Institución", "institution"),
    Column("PIN", lambda m: "Sí" if m.has_pin else "No"),
)

AUDIT_COLUMNS = (
    text("Fecha", "at"),
    text("Quién", "actor"),
    text("Acción", "action"),
    text("Registro", "table"),
    text("Motivo", "reason"),
    text("Antes", "before"),
    text("Después", "after"),
)
