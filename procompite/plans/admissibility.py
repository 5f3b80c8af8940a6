"""The admissibility review of a registered plan, before any evaluation.

A plan is reviewed against its call's rules (documents required, the category's limits on the
AEO and the co-financing, see :mod:`procompite.plans.eligibility`): when it meets them all it is
admitted to evaluation; when it does not, it is declared **inadmisible**, with what it lacks, and
it never reaches scoring. Every review is kept (``plan_admissions``); while the call is open a
corrected plan can be reviewed again and its latest review counts. The acta lists the
inadmissible plans with their reasons.
"""

import json
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.status import require_plan_stage
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PLAN_STATUS
from procompite.plans.eligibility import check_rules, failed
from procompite.plans.store import admit_plan, load_plan, plan_facts
from procompite.storage import audit

ADMISSIBLE, INADMISSIBLE = "admisible", "inadmisible"


@dataclass(frozen=True)
class Review:
    """One plan's review: the decision and, when inadmissible, what it lacks."""

    plan_id: int
    code: str
    decision: str
    missing: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.decision == ADMISSIBLE:
            return f"{self.code}: admisible, admitido a evaluación."
        return f"{self.code}: INADMISIBLE — " + " ".join(self.missing)


def _record(db: Database, plan_id: int, decision: str, missing: list[str], actor: str, on: date):
    db["plan_admissions"].insert(
        {
            "plan_id": plan_id,
            "decision": decision,
            "missing": json.dumps(missing, ensure_ascii=False),
            "decided_on": on.isoformat(),
            "actor": actor,
        }
    )


def review_plan(db: Database, plan_id: int, *, actor: str, on: date | None = None) -> Review:
    """Admit the plan when it meets every rule of its call; else declare it inadmissible."""
    on = on or date.today()
    require_plan_stage(db, plan_id, "registrar planes")
    draft = load_plan(db, plan_id)
    code = db["plans"].get(plan_id)["code"]
    if draft.status != "registrado":
        raise ValidationError(
            [
                Problem(
                    f"Plan {code}",
                    "solo se revisa la admisibilidad de un plan registrado (este está "
                    f"«{PLAN_STATUS.get(draft.status, draft.status)}»).",
                )
            ]
        )
    failing = failed(check_rules(plan_facts(db, draft)))
    if not failing:
        with db.atomic():
            admit_plan(db, plan_id, actor=actor)
            _record(db, plan_id, ADMISSIBLE, [], actor, on)
        return Review(plan_id, code, ADMISSIBLE)
    missing = [f"{rule.text}: {rule.detail}" for rule in failing]
    with db.atomic():
        _record(db, plan_id, INADMISSIBLE, missing, actor, on)
        audit.record(
            db,
            actor=actor,
            action="declarar inadmisible",
            table="plans",
            row_id=plan_id,
            after={"plan": code, "falta": missing},
        )
    return Review(plan_id, code, INADMISSIBLE, tuple(missing))


def review_call(
    db: Database,
    call_id: int,
    *,
    actor: str,
    codes: list[str] | None = None,
    on: date | None = None,
) -> list[Review]:
    """Review every registered plan of the call (or those named), each on its own."""
    rows = db.execute(
        "SELECT id, code FROM plans WHERE call_id = ? AND status = 'registrado' ORDER BY code",
        [call_id],
    ).fetchall()
    chosen = [plan_id for plan_id, code in rows if codes is None or code in codes]
    return [review_plan(db, plan_id, actor=actor, on=on) for plan_id in chosen]


def inadmissible_plans(db: Database, call_id: int | None = None) -> dict[int, list[str]]:
    """The plans of the call (or of every call) whose latest review declared them inadmissible,
    with what they lack (a plan reviewed again and admitted is no longer one of them)."""
    found: dict[int, list[str]] = {}
    where = "WHERE p.call_id = ?" if call_id is not None else ""
    for plan_id, decision, missing in db.execute(
        "SELECT a.plan_id, a.decision, a.missing FROM plan_admissions a "
        f"JOIN plans p ON p.id = a.plan_id {where} ORDER BY a.id",
        [call_id] if call_id is not None else [],
    ):
        if decision == INADMISSIBLE:
            found[plan_id] = json.loads(missing)
        else:
            found.pop(plan_id, None)
    return found
