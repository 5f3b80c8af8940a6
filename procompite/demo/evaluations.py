"""Demo committee work: declarations, evaluation sheets, verdicts and the cuadro de mérito.

The evaluated plans are arranged so that the results show every case the committee meets: winners
and accesitarios in both categories, a tie decided by the call's tie-breakers, a plan not apto
for a rule found failing at the field visit, plans below the passing score, an observed plan, a
criterion with a wide disagreement (and the note of its discussion), and a declared conflict.
"""

import random
from datetime import date

from sqlite_utils import Database

from procompite.common.clock import fixed_time
from procompite.demo.call import DemoCall
from procompite.demo.plans import DemoPlan
from procompite.evaluation.results import save_ranking
from procompite.evaluation.verdicts import consolidate_plan, write_note

SCORING_DAY = "2026-11-{day:02d}T{hour:02d}:00:00+00:00"
DECIDED_AT = "2026-11-20T16:00:00+00:00"
DECIDED_ON = date(2026, 11, 20)

# Quality of each evaluated plan, in order: how high the members score it.
QUALITIES = (0.92, 0.8, 0.75, 0.86, 0.3, 0.82, 0.78, 0.7, 0.78, 0.72, 0.74, 0.42)
CONFLICTED, DISPUTED, FIELD_VISIT, OBSERVED, TIED_WITH = 0, 1, 5, 7, (8, 6)
OBSERVATIONS = (
    "Presentar cotizaciones actualizadas (tres por equipo) y el contrato de compra con el "
    "acopiador que sustenta las ventas del año 1; corregir el flujo de caja del año 3."
)
FIELD_VISIT_NOTE = (
    "En la visita de campo del 12/11/2026 la carta de compromiso de cofinanciamiento presentada "
    "no tenía las firmas de la junta directiva; se tiene por no presentada."
)
DISCUSSION = (
    "Se revisó el padrón y las actas: la organización funciona, pero la vigencia de la junta "
    "directiva no está inscrita. El comité acepta el promedio de las calificaciones."
)


def criterion_levels(db: Database, rubric_id: int) -> list[tuple[int, list[float]]]:
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


def pick_level(rng: random.Random, points: list[float], quality: float) -> float:
    position = round(quality * (len(points) - 1) + rng.uniform(-0.7, 0.7))
    return points[max(0, min(len(points) - 1, position))]


def _sheet(db: Database, plan_id: int, member_id: int, values: list, submitted: bool, at: str):
    evaluation_id = (
        db["evaluations"]
        .insert({"plan_id": plan_id, "committee_member_id": member_id, "started_at": at})
        .last_pk
    )
    db["scores"].insert_all(
        {
            "evaluation_id": evaluation_id,
            "criterion_id": criterion_id,
            "points": points,
            "comment": "",
            "updated_at": at,
        }
        for criterion_id, points in values
    )
    if submitted:
        db["evaluations"].update(evaluation_id, {"status": "enviada", "submitted_at": at})


def build_evaluations(
    db: Database, call: DemoCall, plans: list[DemoPlan], rng: random.Random
) -> None:
    criteria = criterion_levels(db, call.rubric_id)
    evaluated = [plan for plan in plans if plan.status == "evaluado"]
    in_progress = [plan for plan in plans if plan.status == "en_evaluacion"]
    quality = {plan.id: q for plan, q in zip(evaluated, QUALITIES, strict=True)}
    conflicted = (evaluated[CONFLICTED].id, call.committee[1])
    disputed = evaluated[DISPUTED].id
    copy_of = {evaluated[TIED_WITH[0]].id: evaluated[TIED_WITH[1]].id}
    sheets: dict[tuple[int, int], list] = {}
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
            values = []
            for position, (criterion_id, points) in enumerate(criteria):
                value = pick_level(rng, points, quality.get(plan.id, plan.quality))
                if plan.id == disputed and position == 0:
                    value = points[-1] if seat % 2 == 0 else points[0]
                values.append((criterion_id, value))
            if plan.id in copy_of:
                values = sheets[(copy_of[plan.id], seat)]
            sheets[(plan.id, seat)] = values
            submitted = plan in evaluated or seat < 2
            _sheet(
                db,
                plan.id,
                member_id,
                values if submitted else values[: len(values) // 2],
                submitted,
                at,
            )
    _decide(db, call, evaluated, criteria[0][0])


def _decide(db: Database, call: DemoCall, evaluated: list[DemoPlan], first_criterion: int):
    """The field visit, the discussion of the disagreement, the verdicts and the ranking."""
    secretary = db["committee_members"].get(call.committee[-1])["full_name"]
    letter = call.documents[-2]
    with fixed_time(DECIDED_AT):
        db.execute(
            "UPDATE plan_documents SET present = 0, reference = ?, checked_on = ? "
            "WHERE plan_id = ? AND document_id = ?",
            [FIELD_VISIT_NOTE, "2026-11-12", evaluated[FIELD_VISIT].id, letter],
        )
        write_note(db, evaluated[DISPUTED].id, first_criterion, DISCUSSION, actor=secretary)
        for position, plan in enumerate(evaluated):
            consolidate_plan(
                db,
                plan.id,
                actor=secretary,
                observations=OBSERVATIONS if position == OBSERVED else "",
                today=DECIDED_ON,
            )
        save_ranking(db, call.id, actor=secretary, today=DECIDED_ON)
