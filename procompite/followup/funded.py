"""Which plans are funded: those a call's issued acta awards (ganador in the latest round of
the saved cuadro de mérito), and what may still be done with one."""

from dataclasses import dataclass

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.errors import Problem, ValidationError

_FUNDED = """
SELECT p.id, p.code, p.title, o.name, o.id, c.id, c.name, c.year, a.amount_cents,
       EXISTS (SELECT 1 FROM plan_closures z WHERE z.plan_id = p.id)
FROM plans p
JOIN organizations o ON o.id = p.organization_id
JOIN calls c ON c.id = p.call_id
JOIN plan_allocations a ON a.plan_id = p.id
    AND a.round = (SELECT max(round) FROM plan_allocations WHERE plan_id = p.id)
WHERE a.outcome = 'ganador' AND EXISTS (SELECT 1 FROM actas WHERE call_id = c.id)
"""


@dataclass(frozen=True)
class FundedPlan:
    plan_id: int
    code: str
    title: str
    organization: str
    organization_id: int
    call_id: int
    call_name: str
    call_year: int
    awarded_cents: int
    closed: bool

    @property
    def label(self) -> str:
        return f"{self.code} — {self.organization}"


def funded_plans(db: Database, call_id: int | None = None) -> list[FundedPlan]:
    """The funded plans of a call (of every call when ``None``), by year, call and code."""
    where, params = ("AND c.id = ?", [call_id]) if call_id is not None else ("", [])
    rows = db.execute(_FUNDED + where + " ORDER BY c.year, c.id, p.code", params).fetchall()
    return [FundedPlan(*row[:9], bool(row[9])) for row in rows]


def funded_plan(db: Database, plan_id: int) -> FundedPlan:
    """The funded plan, or ``ValidationError`` saying why the plan has no follow-up."""
    row = db.execute(_FUNDED + "AND p.id = ?", [plan_id]).fetchone()
    if row is None:
        plan = db.execute("SELECT code FROM plans WHERE id = ?", [plan_id]).fetchone()
        what = f"El plan {plan[0]}" if plan else f"El plan {plan_id}"
        raise ValidationError(
            [
                Problem(
                    "Seguimiento",
                    f"{what} no es ganador en un acta emitida: solo los planes financiados "
                    "tienen convenio, compras, entregas y visitas.",
                )
            ]
        )
    return FundedPlan(*row[:9], bool(row[9]))


def plan_by_code(db: Database, code: str, call_id: int | None = None) -> FundedPlan:
    """The funded plan with this code (in ``call_id`` when codes repeat across calls)."""
    params: list = [code.strip()]
    where = ""
    if call_id is not None:
        where, params = " AND call_id = ?", [*params, call_id]
    rows = db.execute(f"SELECT id FROM plans WHERE code = ?{where}", params).fetchall()
    if not rows:
        raise ValidationError([Problem("Plan", f"No hay un plan con el código «{code}».")])
    funded = [plan for (plan_id,) in rows for plan in _funded_or_none(db, plan_id)]
    if len(funded) > 1:
        raise ValidationError(
            [Problem("Plan", f"Hay varios planes financiados «{code}»: indique la convocatoria.")]
        )
    return funded[0] if funded else funded_plan(db, rows[0][0])


def _funded_or_none(db: Database, plan_id: int) -> list[FundedPlan]:
    try:
        return [funded_plan(db, plan_id)]
    except ValidationError:
        return []


def require_open(db: Database, plan_id: int) -> FundedPlan:
    """The funded plan whose follow-up may still change: its call allows it, it is not
    liquidated."""
    plan = funded_plan(db, plan_id)
    require_stage(db, plan.call_id, "dar seguimiento")
    if plan.closed:
        raise ValidationError(
            [
                Problem(
                    "Seguimiento",
                    f"El plan {plan.code} está liquidado: su seguimiento ya no se modifica.",
                )
            ]
        )
    return plan
