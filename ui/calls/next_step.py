"""The selected call's stage, its next one and what that one still needs, as rich text."""

from html import escape

from sqlite_utils import Database

from procompite.calls.status import STAGES, call_stage
from procompite.lifecycle.overview import next_stage
from procompite.lifecycle.stages import stage_change_problems

DOES = {
    "preparacion": "Se definen sus bases: categorías y fondos, cadenas, documentos, cronograma "
    "y rúbrica (Editar bases…).",
    "abierta": "Se registran los AEO y sus planes y se revisa su admisibilidad; se designa el "
    "comité evaluador (pantalla Evaluación).",
    "evaluacion": "El comité declara conflictos, califica, consolida y guarda el cuadro de "
    "mérito; se emiten los dictámenes.",
    "resultados": "Se publican los resultados, se emiten los dictámenes que falten y el acta.",
    "cerrada": "El concurso terminó: nada se modifica.",
}


def next_step_text(db: Database, call_id: int) -> str:
    stage = call_stage(db, call_id)
    parts = [f"<p><b>Etapa actual: {STAGES[stage]}.</b> {DOES[stage]}</p>"]
    following = next_stage(stage)
    if following is None:
        return "".join(parts)
    missing = stage_change_problems(db, call_id, following)
    if missing:
        items = "".join(f"<li><b>{escape(p.field)}</b>: {escape(p.message)}</li>" for p in missing)
        parts.append(f"<p>Para pasar a «{STAGES[following]}» falta:</p><ul>{items}</ul>")
    else:
        parts.append(f"<p>Lista para pasar a «{STAGES[following]}»: use <i>Cambiar etapa…</i>.</p>")
    return "".join(parts)
