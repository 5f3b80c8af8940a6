"""The chains a call admits: the chains above the cut of an approved prioritisation."""

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.errors import Problem, ValidationError
from procompite.prioritization.exercises import load_exercise
from procompite.storage import audit


def apply_to_call(
    db: Database, exercise_id: int, call_id: int, *, actor: str = "usuario", at: str | None = None
) -> list[int]:
    """The call's eligible chains become the approved exercise's chains above the cut."""
    require_stage(db, call_id, "definir")
    exercise = load_exercise(db, exercise_id)
    if not exercise.approved:
        raise ValidationError(
            [
                Problem(
                    "Priorización",
                    "Solo una priorización aprobada puede definir las cadenas de una convocatoria.",
                )
            ]
        )
    chain_ids = [
        row[0]
        for row in db.execute(
            "SELECT chain_id FROM prioritization_results "
            "WHERE prioritization_id = ? AND above_cut = 1 ORDER BY rank",
            [exercise_id],
        )
    ]
    before = [
        row[0]
        for row in db.execute("SELECT chain_id FROM call_chains WHERE call_id = ?", [call_id])
    ]
    with db.atomic():
        db.execute("DELETE FROM call_chains WHERE call_id = ?", [call_id])
        db["call_chains"].insert_all({"call_id": call_id, "chain_id": c} for c in chain_ids)
        db["calls"].update(call_id, {"prioritization_id": exercise_id})
        audit.record(
            db,
            actor=actor,
            action="cadenas de la convocatoria",
            table="calls",
            row_id=call_id,
            before=before,
            after=chain_ids,
            at=at,
        )
    return chain_ids
