"""The printed resolution of an appeal: vistos, considerando, se resuelve, the signatures of the
committee and the verification code, from the resolution's frozen snapshot."""

from pathlib import Path

from reportlab.platypus import Flowable

from procompite.calls.entity import Letterhead
from procompite.documents.pdf.base import ReportRenderer, escape
from procompite.documents.pdf.issued import (
    issued_meta,
    legal_basis,
    place_and_date,
    title_block,
    verification_note,
)

TITLE = "Resolución del Comité de Evaluación"


def resolution_flowables(pdf: ReportRenderer, snapshot: dict, code: str) -> list[Flowable]:
    appeal = snapshot["recurso"]
    timing = (
        "dentro del plazo"
        if appeal["en_plazo"]
        else f"fuera del plazo, que vencía el {appeal['vencia']}"
    )
    annexes = "; ".join(escape(item) for item in appeal["anexos"]) or "ninguno"
    signers = [(m["nombre"], f"DNI {m['dni']}", m["cargo"]) for m in snapshot["comite"]]
    return [
        *title_block(pdf, "RESOLUCIÓN DEL COMITÉ DE EVALUACIÓN", snapshot, not code),
        pdf.heading("Vistos"),
        pdf.paragraph(
            f"El recurso presentado por <b>{escape(appeal['recurrente'])}</b> el "
            f"{appeal['presentado']} contra el dictamen {escape(appeal['dictamen'])} del plan de "
            f"negocio {escape(appeal['plan'])}, notificado el {appeal['notificado']}. Documentos "
            f"adjuntos: {annexes}."
        ),
        pdf.heading("Considerando"),
        pdf.paragraph(
            f"Que el recurso se presentó {timing}. Que sus fundamentos son: "
            f"«{escape(appeal['fundamentos'])}». Que el comité, examinado el expediente, "
            f"considera: {escape(snapshot['motivos'])}"
        ),
        *legal_basis(pdf, snapshot),
        pdf.heading("Se resuelve"),
        pdf.paragraph(
            f"<b>Primero.</b> Declarar <b>{snapshot['decision']}</b> el recurso presentado por "
            f"{escape(appeal['recurrente'])}.<br/><b>Segundo.</b> {escape(snapshot['efecto'])}"
            "<br/><b>Tercero.</b> Notificar esta resolución al recurrente."
        ),
        pdf.signatures("Firmas del Comité de Evaluación", signers, place_and_date(snapshot)),
        *verification_note(pdf, code, "esta resolución"),
    ]


def render_resolution(
    snapshot: dict, code: str, head: Letterhead, target: str | Path | None = None
) -> bytes:
    pdf = ReportRenderer(issued_meta(TITLE, snapshot, code, head))
    return pdf.render(resolution_flowables(pdf, snapshot, code), target)
