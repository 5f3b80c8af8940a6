"""Every printable document behind one call, for the window and the command line: what can
be printed (the choices), and the PDF of one of them with a line that says what it is."""

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from procompite.calls.context import unknown_call_message
from procompite.calls.entity import letterhead
from procompite.storage.settings import is_package

KINDS = {
    "dictamen": "Dictamen de evaluación de un plan",
    "acta": "Acta de evaluación de una convocatoria",
    "ficha": "Ficha del AEO",
    "priorizacion": "Informe de priorización de cadenas",
    "bases": "Bases de una convocatoria",
    "evaluacion": "Ficha de evaluación del miembro (en su paquete)",
}


class ReportError(Exception):
    """A document that cannot be printed; the message is for the user, in Spanish."""


@dataclass(frozen=True)
class RenderedReport:
    data: bytes
    note: str
    file_name: str
    draft: bool = False


def call_choices(db: Database) -> list[tuple[int, str]]:
    return [
        (call_id, name)
        for call_id, name in db.execute("SELECT id, name FROM calls ORDER BY year DESC, id DESC")
    ]


def choices(db: Database, kind: str, call_id: int | None = None) -> list[tuple[int, str]]:
    """The items a document of ``kind`` can be printed for, with a label for each."""
    if kind == "dictamen":
        from procompite.evaluation.results import call_results

        if call_id is None:
            return []
        return [
            (
                plan.plan_id,
                f"{plan.code} — {plan.organization} · "
                + (plan.dictamen_number if plan.issued else "sin dictamen emitido"),
            )
            for plan in call_results(db, call_id).plans
        ]
    if kind in ("acta", "bases"):
        return call_choices(db)
    if kind == "ficha":
        sql = "SELECT id, name || ' (RUC ' || ruc || ')' FROM organizations ORDER BY name"
        return [tuple(row) for row in db.execute(sql)]
    if kind == "priorizacion":
        return [
            tuple(row) for row in db.execute("SELECT id, name FROM prioritizations ORDER BY id")
        ]
    if kind == "evaluacion":
        # A member's own record prints in their package, where no other member's work is.
        if not is_package(db):
            return []
        return [tuple(row) for row in db.execute("SELECT id, full_name FROM committee_members")]
    raise ValueError(kind)


def _dictamen(db: Database, plan_id: int, today: date) -> RenderedReport:
    from procompite.documents.dictamen_document import load_dictamen
    from procompite.documents.pdf.dictamen import render_dictamen

    try:
        document = load_dictamen(db, plan_id, today)
    except NotFoundError:
        raise ReportError(f"no existe el plan de negocio {plan_id}.") from None
    except LookupError:
        raise ReportError(
            f"el plan {plan_id} no está en evaluación: no tiene dictamen que imprimir."
        ) from None
    data = render_dictamen(document, letterhead(db))
    if document.draft:
        note = f"Borrador del dictamen del plan {document.plan_code}: aún no está emitido."
    else:
        note = (
            f"Dictamen {document.number} del plan {document.plan_code}, emitido el "
            f"{document.snapshot['fecha_texto']}. Código de verificación {document.code}."
        )
    return RenderedReport(data, note, document.file_name, document.draft)


def _acta(db: Database, call_id: int, today: date) -> RenderedReport:
    from procompite.documents.pdf.acta import load_acta, render_acta

    if message := unknown_call_message(db, call_id):
        raise ReportError(message)
    document = load_acta(db, call_id, today)
    data = render_acta(document, letterhead(db))
    number = document.snapshot["numero"]
    if document.draft:
        note = "Borrador del acta con los resultados actuales: aún no está emitida."
    else:
        note = (
            f"Acta {number}, emitida el {document.snapshot['fecha_texto']}. Código de "
            f"verificación {document.code}."
        )
    label = "borrador" if document.draft else number
    return RenderedReport(data, note, f"acta_{label}.pdf", document.draft)


def _ficha(db: Database, organization_id: int, today: date) -> RenderedReport:
    from procompite.documents.pdf.ficha import build_ficha, render_ficha

    try:
        ficha = build_ficha(db, organization_id, today)
    except NotFoundError:
        raise ReportError(f"no existe el AEO {organization_id}.") from None
    name = ficha["aeo"]["nombre"]
    return RenderedReport(
        render_ficha(ficha, letterhead(db)),
        f"Ficha de {name}, al {ficha['fecha_texto']}.",
        f"ficha_{ficha['aeo']['ruc']}.pdf",
    )


def _prioritization(db: Database, exercise_id: int, _today: date) -> RenderedReport:
    from procompite.documents.pdf.prioritization import build_report, render_report

    try:
        report = build_report(db, exercise_id)
    except NotFoundError:
        raise ReportError(f"no existe el ejercicio de priorización {exercise_id}.") from None
    draft = not report.exercise.approved
    state = "borrador, no aprobado" if draft else "aprobado"
    return RenderedReport(
        render_report(report, head=letterhead(db)),
        f"Informe de priorización «{report.exercise.record['name']}» ({state}).",
        f"priorizacion_{exercise_id}.pdf",
        draft,
    )


def _bases(db: Database, call_id: int, _today: date) -> RenderedReport:
    from procompite.documents.pdf.bases import render_bases

    if message := unknown_call_message(db, call_id):
        raise ReportError(message)
    data, draft = render_bases(db, call_id, letterhead(db))
    name = db["calls"].get(call_id)["name"]
    state = "borrador: sin resolución de aprobación" if draft else "aprobadas"
    return RenderedReport(data, f"Bases de «{name}» ({state}).", f"bases_{call_id}.pdf", draft)


def _member_sheets(db: Database, member_id: int, today: date) -> RenderedReport:
    from procompite.documents.pdf.member_sheets import member_record, render_member_record
    from procompite.evaluation.committee import member

    if member_id not in dict(choices(db, "evaluacion")):
        raise ReportError(
            "la ficha de evaluación de un miembro se imprime en su paquete de evaluación."
        )
    record = member_record(db, member(db, member_id).call_id, member_id, today)
    return RenderedReport(
        render_member_record(record, letterhead(db)),
        f"Ficha de evaluación de {record['miembro']}, al {record['fecha_texto']}.",
        f"ficha_evaluacion_{member_id}.pdf",
    )


RENDERERS = {
    "dictamen": _dictamen,
    "acta": _acta,
    "ficha": _ficha,
    "priorizacion": _prioritization,
    "bases": _bases,
    "evaluacion": _member_sheets,
}


def render(db: Database, kind: str, item_id: int, today: date | None = None) -> RenderedReport:
    """The PDF of one document. Raises :class:`ReportError` when it cannot be printed."""
    return RENDERERS[kind](db, item_id, today or date.today())
