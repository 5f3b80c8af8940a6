"""The stages a call goes through, and what each allows: registering plans while it is in
preparation or open, scoring only in evaluation, the results and their documents in evaluation
and results, nothing once it is closed but the follow-up of its funded plans. Every stage of the
workflow asks here before it writes."""

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import CALL_STATUS as STAGES
from procompite.storage.settings import is_package

ORDER = tuple(STAGES)

# What each kind of work needs, and the stages that allow it.
ALLOWED = {
    "definir": ("preparacion",),
    "registrar planes": ("preparacion", "abierta"),
    "editar rúbrica": ("preparacion", "abierta"),
    "cambiar comité": ("preparacion", "abierta", "evaluacion"),
    "calificar": ("evaluacion",),
    "decidir": ("evaluacion", "resultados"),
    "emitir": ("evaluacion", "resultados"),
    "transferir fondos": ("evaluacion", "resultados"),
    "dar seguimiento": ("resultados", "cerrada"),
}
WHAT = {
    "definir": "cambiar sus bases",
    "registrar planes": "registrar o modificar planes",
    "editar rúbrica": "modificar su rúbrica",
    "cambiar comité": "cambiar su comité evaluador",
    "calificar": "calificar planes o declarar conflictos",
    "decidir": "consolidar, decidir o guardar el cuadro de mérito",
    "emitir": "emitir o reabrir dictámenes y el acta",
    "transferir fondos": "transferir saldos entre fondos",
    "dar seguimiento": "registrar convenios, compras, entregas, visitas o liquidaciones",
}


def call_stage(db: Database, call_id: int) -> str:
    row = db.execute("SELECT status FROM calls WHERE id = ?", [call_id]).fetchone()
    return row[0] if row else ""


def allows(stage: str, work: str) -> bool:
    return stage in ALLOWED[work]


def stage_problem(db: Database, call_id: int, work: str) -> Problem | None:
    """Why the call's stage does not allow ``work``, or ``None`` when it does. A member's
    evaluation package allows only scoring."""
    if work != "calificar" and is_package(db):
        return Problem(
            "Paquete de evaluación",
            "este archivo es el paquete de evaluación de un miembro del comité: solo permite "
            "declarar conflictos y calificar; lo demás se hace en el archivo de la secretaría.",
        )
    stage = call_stage(db, call_id)
    if allows(stage, work):
        return None
    wanted = " o ".join(f"«{STAGES[s]}»" for s in ALLOWED[work])
    return Problem(
        "Etapa de la convocatoria",
        f"la convocatoria está «{STAGES.get(stage, stage)}»; "
        f"para {WHAT[work]} debe estar {wanted}.",
    )


def require_stage(db: Database, call_id: int | None, work: str) -> None:
    """Raise ``ValidationError`` when the call's stage does not allow ``work`` (a plan not yet
    in a call is checked when it is)."""
    if call_id is None:
        return
    if problem := stage_problem(db, call_id, work):
        raise ValidationError([problem])


def require_plan_stage(db: Database, plan_id: int, work: str) -> None:
    """``require_stage`` for the call of a plan."""
    row = db.execute("SELECT call_id FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is not None:
        require_stage(db, row[0], work)
