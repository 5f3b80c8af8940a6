"""Issuing a plan's dictamen: a numbered, dated snapshot of everything the committee decided.

The snapshot holds every figure the printed dictamen shows; its verification code is derived
from that content. Once issued, the triggers of migration 0002 keep all its inputs as they were
until the dictamen is reopened with a written reason; reissuing gives a new number.
"""

from datetime import date

from sqlite_utils import Database

from procompite.calls.status import require_plan_stage, require_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.documents.dictamen_snapshot import build_snapshot
from procompite.documents.issuing import numbered, store_issued
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import frozen_letterhead
from procompite.documents.snapshot_parts import waiting_list
from procompite.evaluation.results import PlanResult, call_results
from procompite.storage import audit


def issue_problems(plan: PlanResult) -> list[Problem]:
    problems = []
    if plan.issued:
        problems.append(Problem(plan.code, f"ya tiene el dictamen {plan.dictamen_number}."))
    if plan.verdict is None:
        problems.append(Problem(plan.code, "la evaluación no está consolidada."))
    if plan.unresolved_flags:
        problems.append(
            Problem(
                plan.code,
                f"{plan.unresolved_flags} criterio(s) con discrepancia sin nota de discusión.",
            )
        )
    if plan.verdict is not None and plan.saved != plan.computed:
        problems.append(Problem(plan.code, "el cuadro de mérito cambió; guárdelo antes de emitir."))
    return problems


def next_number(db: Database, call_id: int) -> str:
    call = db["calls"].get(call_id)
    return numbered(db, "dictamenes", call["document_prefix"] or f"DICTAMEN-{call['year']}", 4)


def issue_dictamenes(
    db: Database,
    call_id: int,
    plan_ids: list[int],
    *,
    actor: str,
    on: date | None = None,
) -> list[str]:
    """Issue the dictámenes of the given plans in one transaction; returns their numbers."""
    require_stage(db, call_id, "emitir")
    on = on or date.today()
    standing = call_results(db, call_id, on)
    results = {plan.plan_id: plan for plan in standing.plans}
    waiting = waiting_list(standing)
    chosen = [results[plan_id] for plan_id in plan_ids]
    if problems := [problem for plan in chosen for problem in issue_problems(plan)]:
        raise ValidationError(problems)
    numbers = []
    at = now_iso()
    with db.atomic():
        for plan in chosen:
            number = next_number(db, call_id)
            row_id, code = store_issued(
                db,
                "dictamenes",
                {"plan_id": plan.plan_id},
                number,
                on,
                build_snapshot(db, plan, number, on, waiting.get(plan.plan_id))
                | {MEMBRETE: frozen_letterhead(db)},
            )
            audit.record(
                db,
                actor=actor,
                action="emitir dictamen",
                table="dictamenes",
                row_id=row_id,
                after={"numero": number, "plan": plan.code, "verificacion": code},
                at=at,
            )
            numbers.append(number)
    return numbers


def dictamen_id_of(db: Database, number: str) -> int:
    """The id of the dictamen numbered ``number``."""
    return db.execute("SELECT id FROM dictamenes WHERE number = ?", [number]).fetchone()[0]


def reopen_dictamen(db: Database, dictamen_id: int, reason: str, *, actor: str) -> None:
    """Reopen an issued dictamen so that its plan's evaluation can change again."""
    plan = db.execute("SELECT plan_id FROM dictamenes WHERE id = ?", [dictamen_id]).fetchone()
    require_plan_stage(db, plan[0] if plan else 0, "emitir")
    reason = reason.strip()
    if not reason:
        raise ValidationError([Problem("Motivo", "Escriba por qué se reabre el dictamen.")])
    row = db["dictamenes"].get(dictamen_id)
    if row["status"] != "emitido":
        raise ValidationError([Problem(row["number"], "el dictamen ya está reabierto.")])
    with db.atomic():
        db["dictamenes"].update(dictamen_id, {"status": "reabierto", "reopened_reason": reason})
        audit.record(
            db,
            actor=actor,
            action="reabrir dictamen",
            table="dictamenes",
            row_id=dictamen_id,
            before={"estado": "emitido", "numero": row["number"]},
            after={"estado": "reabierto"},
            reason=reason,
        )
