"""The steps of a call: preparación → abierta → evaluación → resultados → cerrada.

Going forward one step checks what the next stage needs and lists, in Spanish, everything
missing. Going back needs a written reason, is audited, and is refused while issued dictámenes
would be contradicted (back before evaluation) until they are reopened."""

from sqlite_utils import Database

from procompite.calls.definition import definition_problems
from procompite.calls.status import ORDER, STAGES, call_stage
from procompite.calls.store import load_definition
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.committee import members
from procompite.evaluation.results import call_results
from procompite.evaluation.rubrics import call_rubric_id, rubric_problems, rubric_spec
from procompite.plans.admissibility import inadmissible_plans
from procompite.storage import audit


def _to_open(db: Database, call_id: int) -> list[Problem]:
    definition = load_definition(db, call_id)
    problems = definition_problems(db, definition)
    for items, label in (
        (definition.chains, "Cadenas: elija al menos una cadena productiva."),
        (definition.documents, "Documentos: indique los documentos que se exigen."),
        (definition.stages, "Cronograma: indique las etapas con sus fechas."),
    ):
        if not items:
            field, message = label.split(": ", 1)
            problems.append(Problem(field, message))
    rubric_id = call_rubric_id(db, call_id)
    if rubric_id is None:
        problems.append(Problem("Rúbrica", "la convocatoria no tiene rúbrica."))
    else:
        problems += rubric_problems(rubric_spec(db, rubric_id))
    if not definition.bases_resolution:
        problems.append(Problem("Resolución que aprueba las bases", "indique su número y fecha."))
    return problems


def _to_evaluate(db: Database, call_id: int) -> list[Problem]:
    problems = []
    quorum = db["calls"].get(call_id)["quorum"]
    committee = members(db, call_id)
    if len(committee) < quorum:
        problems.append(
            Problem(
                "Comité evaluador",
                f"tiene {len(committee)} miembro(s) y el quórum es {quorum}: no puede sesionar.",
            )
        )
    if not any(member.role == "presidente" for member in committee):
        problems.append(Problem("Comité evaluador", "falta el presidente."))
    counts = dict(
        db.execute(
            "SELECT status, count(*) FROM plans WHERE call_id = ? GROUP BY status", [call_id]
        ).fetchall()
    )
    if not counts.get("admitido") and not counts.get("en_evaluacion"):
        problems.append(Problem("Planes", "no hay planes admitidos a evaluación."))
    pending = counts.get("registrado", 0) - len(inadmissible_plans(db, call_id))
    if pending:
        problems.append(
            Problem("Planes", f"{pending} plan(es) registrados sin revisión de admisibilidad.")
        )
    return problems


def _to_publish(db: Database, call_id: int) -> list[Problem]:
    results = call_results(db, call_id)
    problems = [
        Problem(plan.code, "no tiene veredicto consolidado.")
        for plan in results.plans
        if plan.verdict is None
    ]
    if results.unsaved:
        problems.append(Problem("Cuadro de mérito", "cambió desde que se guardó; guárdelo."))
    return problems


def _to_close(db: Database, call_id: int) -> list[Problem]:
    if db.execute("SELECT 1 FROM actas WHERE call_id = ?", [call_id]).fetchone():
        return []
    return [Problem("Acta", "emita el acta de evaluación antes de cerrar la convocatoria.")]


NEEDS = {
    "abierta": _to_open,
    "evaluacion": _to_evaluate,
    "resultados": _to_publish,
    "cerrada": _to_close,
}


def _back_problems(db: Database, call_id: int, target: str, reason: str) -> list[Problem]:
    problems = []
    if not reason.strip():
        problems.append(
            Problem("Motivo", "volver a una etapa anterior requiere un motivo escrito.")
        )
    if ORDER.index(target) < ORDER.index("evaluacion"):
        issued = [
            row[0]
            for row in db.execute(
                "SELECT d.number FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
                "WHERE p.call_id = ? AND d.status = 'emitido' ORDER BY d.number",
                [call_id],
            )
        ]
        if issued:
            problems.append(
                Problem(
                    "Dictámenes",
                    f"{', '.join(issued)} están emitidos; reábralos con un motivo antes de "
                    f"volver a «{STAGES[target]}».",
                )
            )
    return problems


def stage_change_problems(
    db: Database, call_id: int, target: str, reason: str = ""
) -> list[Problem]:
    """Everything that keeps the call from going to ``target`` now."""
    current = call_stage(db, call_id)
    if target not in STAGES:
        return [Problem("Etapa", f"«{target}» no es una etapa: {', '.join(ORDER)}.")]
    here, there = ORDER.index(current), ORDER.index(target)
    if there == here:
        return [Problem("Etapa", f"la convocatoria ya está «{STAGES[target]}».")]
    if there > here + 1:
        following = STAGES[ORDER[here + 1]]
        return [Problem("Etapa", f"las etapas van una por una: la siguiente es «{following}».")]
    if there < here:
        return _back_problems(db, call_id, target, reason)
    return NEEDS[target](db, call_id)


def change_stage(db: Database, call_id: int, target: str, *, actor: str, reason: str = "") -> None:
    if problems := stage_change_problems(db, call_id, target, reason):
        raise ValidationError(problems)
    current = call_stage(db, call_id)
    with db.atomic():
        db["calls"].update(call_id, {"status": target})
        audit.record(
            db,
            actor=actor,
            action="cambiar etapa de la convocatoria",
            table="calls",
            row_id=call_id,
            before={"etapa": current},
            after={"etapa": target},
            reason=reason.strip(),
        )
