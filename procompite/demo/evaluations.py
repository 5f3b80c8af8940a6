"""Demo committee work: conflict declarations, draft and submitted evaluation sheets."""

import random

from sqlite_utils import Database

from procompite.demo.call import DemoCall
from procompite.demo.plans import DemoPlan

SCORING_DAY = "2026-11-{day:02d}T{hour:02d}:00:00+00:00"


def _levels(db: Database, rubric_id: int) -> list[tuple[int, list[float]]]:
    criteria = []
    for criterion in db["rubric_criteria"].rows_where(
        "rubric_id = ?", [rubric_id], order_by="position"
    ):
        points = [
            level["points"]
            for level in db["rubric_levels"].rows_where(
                "criterion_id = ?", [criterion["id"]], order_by="points"
            )
        ]
        criteria.append((criterion["id"], points))
    return criteria


def _pick(rng: random.Random, points: list[float], quality: float) -> float:
    position = round(quality * (len(points) - 1) + rng.uniform(-0.7, 0.7))
    return points[max(0, min(len(points) - 1, position))]


def build_evaluations(
    db: Database, call: DemoCall, plans: list[DemoPlan], rng: random.Random
) -> None:
    criteria = _levels(db, call.rubric_id)
    evaluated = [plan for plan in plans if plan.status == "evaluado"]
    in_progress = [plan for plan in plans if plan.status == "en_evaluacion"]
    conflicted = (evaluated[0].id, call.committee[1])
    disputed = evaluated[1].id
    for day, plan in enumerate(evaluated + in_progress, start=2):
        members = call.committee if plan in evaluated else call.committee[:3]
        for seat, member_id in enumerate(members):
            at = SCORING_DAY.format(day=day, hour=9 + seat)
            has_conflict = (plan.id, member_id) == conflicted
            db["conflict_declarations"].insert(
                {
                    "plan_id": plan.id,
                    "committee_member_id": member_id,
                    "has_conflict": int(has_conflict),
                    "reason": "Familiar directo de un socio del AEO (declaración de demostración)."
                    if has_conflict
                    else "",
                    "declared_at": at,
                }
            )
            if has_conflict:
                continue
            submitted = plan in evaluated or seat < 2
            evaluation_id = (
                db["evaluations"]
                .insert(
                    {
                        "plan_id": plan.id,
                        "committee_member_id": member_id,
                        "started_at": at,
                    }
                )
                .last_pk
            )
            rows = []
            for position, (criterion_id, points) in enumerate(criteria):
                value = _pick(rng, points, plan.quality)
                if plan.id == disputed and position == 0:
                    value = points[-1] if seat % 2 == 0 else points[0]
                rows.append(
                    {
                        "evaluation_id": evaluation_id,
                        "criterion_id": criterion_id,
                        "points": value,
                        "comment": "",
                        "updated_at": at,
                    }
                )
            if not submitted:
                rows = rows[: len(rows) // 2]
            db["scores"].insert_all(rows)
            if submitted:
                db["evaluations"].update(evaluation_id, {"status": "enviada", "submitted_at": at})
