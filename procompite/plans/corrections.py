"""Correcting an observed plan (subsanación): the committee observed it, with what must be
corrected; the AEO corrects it within the call's term in working days from the observation, the
correction is recorded, and the plan is admitted again for a new round of evaluation."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from procompite.calls.legal import stored_legal, working_days_after
from procompite.common.dates import format_long
from procompite.common.errors import Problem, ValidationError
from procompite.plans.store import admit_plan
from procompite.storage import audit


@dataclass(frozen=True)
class Observation:
    """The latest observation of a plan: its round, what must be corrected and until when."""

    round: int
    observations: str
    observed_on: date
    deadline: date
    days: int


def observation(db: Database, plan_id: int) -> Observation | None:
    row = db.execute(
        "SELECT round, observations, decided_at FROM plan_verdicts "
        "WHERE plan_id = ? AND verdict = 'observado' ORDER BY round DESC LIMIT 1",
        [plan_id],
    ).fetchone()
    if row is None:
        return None
    terms = stored_legal(db["calls"].get(db["plans"].get(plan_id)["call_id"]))
    observed = datetime.fromisoformat(row[2]).date()
    deadline = working_days_after(observed, terms.correction_days)
    return Observation(row[0], row[1], observed, deadline, terms.correction_days)


def record_correction(
    db: Database, plan_id: int, description: str, *, filed_on: date, actor: str
) -> None:
    """Record what the AEO corrected and admit the plan again; refused once the term is over
    or when the plan is not observed."""
    plan = db["plans"].get(plan_id)
    seen = observation(db, plan_id)
    problems = []
    if plan["status"] != "observado" or seen is None:
        problems.append(Problem(f"Plan {plan['code']}", "no está observado: no hay qué subsanar."))
    elif filed_on > seen.deadline:
        problems.append(
            Problem(
                "Fecha",
                f"la subsanación llega fuera de plazo: vencía el {format_long(seen.deadline)} "
                f"({seen.days} días hábiles desde la observación del "
                f"{format_long(seen.observed_on)}).",
            )
        )
    elif filed_on < seen.observed_on:
        problems.append(Problem("Fecha", "es anterior a la observación."))
    if not description.strip():
        problems.append(Problem("Subsanación", "escriba qué se corrigió."))
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        db["plan_corrections"].insert(
            {
                "plan_id": plan_id,
                "round": seen.round,
                "filed_on": filed_on.isoformat(),
                "deadline": seen.deadline.isoformat(),
                "description": description.strip(),
                "actor": actor,
            }
        )
        audit.record(
            db,
            actor=actor,
            action="subsanar observación",
            table="plans",
            row_id=plan_id,
            after={"plan": plan["code"], "ronda": seen.round, "subsanacion": description.strip()},
        )
        admit_plan(db, plan_id, actor=actor)
