"""What the dictamen and the acta share as issued documents: the page decoration from their
snapshot, the title block, and the closing note with the verification code."""

from reportlab.platypus import Flowable, KeepTogether, Spacer

from procompite.calls.entity import Letterhead
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape


def issued_meta(
    title: str, snapshot: dict, code: str, head: Letterhead, *, landscape: bool = False
) -> ReportMeta:
    """A document with no code is a draft: no number, "BORRADOR" on every page."""
    draft = not code
    return ReportMeta(
        title=f"{title} {'(borrador)' if draft else snapshot['numero']}",
        entity=head.entity or snapshot["convocatoria"]["entidad"],
        number="" if draft else snapshot["numero"],
        issued=snapshot["fecha_texto"],
        verification=code,
        landscape=landscape,
        draft=draft,
        logo=head.logo,
    )


def title_block(pdf: ReportRenderer, heading: str, snapshot: dict, draft: bool) -> list[Flowable]:
    """``DICTAMEN DE EVALUACIÓN N.° …`` and, under it, the call, the entity and the date."""
    call = snapshot["convocatoria"]
    number = "(borrador)" if draft else f"N.° {escape(snapshot['numero'])}"
    return [
        pdf.paragraph(f"{heading} {number}", "title"),
        pdf.paragraph(
            f"{escape(call['nombre'])}<br/>{escape(call['entidad'])}<br/>"
            f"{escape(place_and_date(snapshot))}",
            "subtitle",
        ),
    ]


def verification_note(pdf: ReportRenderer, code: str, what: str) -> list[Flowable]:
    if code:
        note = (
            f"Código de verificación: <b>{code}</b>. Se deriva de todas las cifras de {what}; "
            "cualquiera puede comprobarlo contra la base de datos con "
            "«python -m procompite verify --db ARCHIVO CÓDIGO»."
        )
    else:
        note = (
            "Este documento es un borrador con los datos actuales: no tiene número ni código "
            "de verificación y no tiene valor oficial."
        )
    return [Spacer(1, 8), KeepTogether([pdf.paragraph(note, "small")])]


class IssuedStory:
    """The flowables of an issued document, built section by section in ``sections`` order; a
    section returns a list of flowables or a single one."""

    sections: tuple[str, ...] = ()

    def __init__(self, pdf: ReportRenderer, document):
        self.pdf, self.document, self.s = pdf, document, document.snapshot

    def build(self) -> list[Flowable]:
        flowables: list[Flowable] = []
        for name in self.sections:
            part = getattr(self, name)()
            flowables += part if isinstance(part, list) else [part]
        return flowables


def shared_member_warning(pdf: ReportRenderer, lines: list[str] | None) -> list[Flowable]:
    """The members the AEO shares with another AEO applying to the same call, as a warning."""
    if not lines:
        return []
    text = "<br/>".join(f"• {escape(line)}." for line in lines)
    return [
        Spacer(1, 4),
        pdf.paragraph(
            "<b>Advertencia — socios en común con otros AEO de la convocatoria:</b><br/>" + text,
            "small",
        ),
    ]


def place_and_date(snapshot: dict) -> str:
    """``Cusco, 21 de noviembre de 2026``: the signing city (the entity for documents issued
    before the city was kept) and the date."""
    return f"{signing_place(snapshot)}, {snapshot['fecha_texto']}"


def signing_place(snapshot: dict) -> str:
    legal = snapshot.get("base_legal") or {}
    return legal.get("ciudad") or snapshot["convocatoria"]["entidad"]


def legal_basis(pdf: ReportRenderer, snapshot: dict) -> list[Flowable]:
    """The norms and resolutions the act rests on, when its snapshot keeps them."""
    legal = snapshot.get("base_legal")
    if not legal:
        return []
    cited = "; ".join(escape(norm) for norm in legal["normas"])
    resolutions = "; ".join(escape(item) for item in legal["resoluciones"])
    text = f"<b>Base legal:</b> {cited}."
    if resolutions:
        text += f" {resolutions}."
    return [pdf.paragraph(text, "small")]


def appeal_section(pdf: ReportRenderer, snapshot: dict, heading: str) -> list[Flowable]:
    """How and until when the act can be appealed, when its snapshot keeps it."""
    legal = snapshot.get("base_legal")
    if not legal:
        return []
    return [pdf.heading(heading), pdf.paragraph(escape(legal["recurso"]))]
