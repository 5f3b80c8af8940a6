"""The printed acta de evaluación of a call, drawn from its snapshot alone.

The latest issued acta prints with its number and verification code; a call without one prints
a draft of the current results, marked "BORRADOR" on every page.

An acta that records its session opens with the hours, the attendance and the quorum in
members, follows the agenda, draws the use of each category's pool, and ends with the numbered
acuerdos; the last one is never parted from the signatures of the members present and the note
of who did not attend or abstained. An acta issued before the session was recorded prints as it
was issued.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.common.money import earlier_negatives_rewritten, format_soles
from procompite.documents.actas import current_acta_snapshot
from procompite.documents.letterheads import document_letterhead
from procompite.documents.pdf.base import ReportRenderer, escape
from procompite.documents.pdf.fonts import fonts
from procompite.documents.pdf.issued import (
    IssuedStory,
    appeal_section,
    issued_meta,
    legal_basis,
    place_and_date,
    signing_place,
    title_block,
    verification_note,
)
from procompite.documents.pdf.robustness_annex import robustness_annex

DRAFT_NUMBER = "BORRADOR"
ASSIGNED = colors.HexColor("#2f6690")
UNUSED = colors.HexColor("#d5dde5")


@dataclass(frozen=True)
class ActaDocument:
    call_id: int
    snapshot: dict
    code: str = ""
    head: Letterhead | None = None

    @property
    def draft(self) -> bool:
        return not self.code


def load_acta(db: Database, call_id: int, today: date | None = None) -> ActaDocument:
    """The call's latest issued acta, or a draft of the current results when it has none."""
    row = db.execute(
        "SELECT snapshot, verification_code FROM actas WHERE call_id = ? ORDER BY id DESC LIMIT 1",
        [call_id],
    ).fetchone()
    if row:
        snapshot = json.loads(row[0])
        return ActaDocument(call_id, snapshot, row[1], document_letterhead(db, snapshot))
    return ActaDocument(
        call_id, current_acta_snapshot(db, call_id, DRAFT_NUMBER, today or date.today())
    )


def _cents(text: str) -> int:
    """``S/ 1,234.50`` (as the snapshot prints it) back to céntimos; ``-S/ 5.00`` and, in
    earlier snapshots, ``S/ -5.00`` are negative."""
    digits = earlier_negatives_rewritten(text)
    sign = -1 if digits.startswith("-") else 1
    whole, _, cents = digits.lstrip("-").removeprefix("S/ ").replace(",", "").partition(".")
    return sign * (int(whole) * 100 + int(cents or 0))


def pool_chart(pools: list[dict], width: float) -> Drawing:
    """Each category's pool as a bar as long as its budget: the part assigned dark, the part
    left unused light, with both amounts beside it and a legend under the bars."""
    font, bold = fonts()["regular"], fonts()["bold"]
    label_width, figures_width, row_height = 110, 250, 26
    rows = [
        (pool["nombre"], _cents(pool["presupuesto"]), _cents(pool["asignado"])) for pool in pools
    ]
    largest = max((budget for _, budget, _ in rows), default=0) or 1
    bar_width = width - label_width - figures_width - 10
    height = len(rows) * row_height + 24
    drawing = Drawing(width, height)
    top = height - 4
    for name, budget, assigned in rows:
        middle = top - row_height / 2
        drawing.add(
            String(label_width - 6, middle - 3, name, fontName=bold, fontSize=8, textAnchor="end")
        )
        length = bar_width * max(budget, 0) / largest
        used = length * min(max(assigned, 0), max(budget, 0)) / budget if budget > 0 else 0
        drawing.add(Rect(label_width, middle - 7, length, 14, fillColor=UNUSED, strokeColor=None))
        drawing.add(Rect(label_width, middle - 7, used, 14, fillColor=ASSIGNED, strokeColor=None))
        share = f" ({100 * assigned / budget:.1f} %)" if budget > 0 else ""
        drawing.add(
            String(
                label_width + bar_width + 8,
                middle + 1,
                f"Asignado {format_soles(assigned)}{share}",
                fontName=font,
                fontSize=7.5,
            )
        )
        drawing.add(
            String(
                label_width + bar_width + 8,
                middle - 8,
                f"Sin usar {format_soles(budget - assigned)} de {format_soles(budget)}",
                fontName=font,
                fontSize=7.5,
            )
        )
        top -= row_height
    x = label_width
    for color, text in ((ASSIGNED, "Asignado"), (UNUSED, "Sin usar")):
        drawing.add(Rect(x, 4, 9, 9, fillColor=color, strokeColor=None))
        drawing.add(String(x + 13, 6, text, fontName=font, fontSize=7.5))
        x += 80
    return drawing


class ActaStory(IssuedStory):
    """An acta issued before its session was recorded keeps the sections it was printed with."""

    def __init__(self, pdf: ReportRenderer, document):
        super().__init__(pdf, document)
        self.session = self.s.get("sesion")
        self._numbered = 0

    @property
    def sections(self) -> tuple[str, ...]:
        if self.session is None:
            return (
                "opening",
                "committee",
                "plans",
                "merit",
                "funded",
                "ties",
                "appeal",
                "signatures",
                "closing",
                "annex",
            )
        return (
            "opening",
            "attendance",
            "agenda",
            "plans",
            "merit",
            "funded",
            "ties",
            "appeal",
            "agreements",
            "closing",
            "annex",
        )

    def _heading(self, title: str) -> Flowable:
        """The next section's heading, numbered in the order the sections print."""
        self._numbered += 1
        return self.pdf.heading(f"{self._numbered}. {title}")

    def opening(self) -> list[Flowable]:
        pdf, s = self.pdf, self.s
        call = s["convocatoria"]
        ties = ", ".join(call["desempates"]) or "ninguno"
        if self.session is None:
            text = (
                f"En {escape(signing_place(s))}, el {s['fecha_texto']}, el Comité de Evaluación "
                f"de la convocatoria {escape(call['nombre'])}, integrado por los miembros que "
                "firman esta acta, evaluó los planes de negocio admitidos con la rúbrica de la "
                f"convocatoria (puntaje mínimo {call['puntaje_minimo']}, consolidación por "
                f"{escape(call['consolidacion'])}, quórum de {call['quorum']} fichas) y asignó "
                f"el presupuesto de {call['presupuesto']} en orden de mérito. Criterios de "
                f"desempate, en orden: {escape(ties)}. Se acuerda lo siguiente."
            )
            return [
                *title_block(pdf, "ACTA DE EVALUACIÓN", s, self.document.draft),
                pdf.paragraph(text),
                *self._bonus_rules(),
                *legal_basis(pdf, s),
            ]
        session = self.session
        when = (
            f"siendo las {session['inicio']} horas del {s['fecha_texto']}"
            if session["inicio"]
            else f"el {s['fecha_texto']}"
        )
        text = (
            f"En {escape(signing_place(s))}, {when}, se reunió el Comité de Evaluación de la "
            f"convocatoria {escape(call['nombre'])}, con la presencia de {session['presentes']} "
            f"de sus {_members(session['miembros'])}, con lo que se verificó el quórum de "
            f"{_members(session['quorum'])}, para evaluar los planes de negocio admitidos con la "
            f"rúbrica de la convocatoria (puntaje mínimo {call['puntaje_minimo']}, consolidación "
            f"por {escape(call['consolidacion'])}) y asignar el presupuesto de "
            f"{call['presupuesto']} en orden de mérito. Criterios de desempate, en orden: "
            f"{escape(ties)}. Se trató la agenda que sigue y se acordó lo que consta en esta acta."
        )
        return [
            *title_block(pdf, "ACTA DE EVALUACIÓN", s, self.document.draft),
            pdf.key_values(
                [
                    ("Lugar", signing_place(s)),
                    ("Fecha", s["fecha_texto"]),
                    ("Hora de inicio", self._hour(session["inicio"])),
                    ("Hora de término", self._hour(session["fin"])),
                    (
                        "Asistencia y quórum",
                        f"{session['presentes']} de {_members(session['miembros'])} presentes; "
                        f"quórum de {_members(session['quorum'])}",
                    ),
                ]
            ),
            Spacer(1, 6),
            pdf.paragraph(text),
            *self._bonus_rules(),
            *legal_basis(pdf, s),
        ]

    def annex(self) -> list[Flowable]:
        """The robustness annex; an acta issued before it existed prints without it."""
        record = self.s.get("solidez")
        return robustness_annex(self.pdf, record) if record else []

    def _hour(self, text: str) -> str:
        if text:
            return f"{text} horas"
        return "se consigna al emitir el acta" if self.document.draft else "no consignada"

    def attendance(self) -> list[Flowable]:
        rows = [
            [p["nombre"], p["dni"], p["cargo"], p["institucion"], _attendance_text(p)]
            for p in self.session["asistencia"]
        ]
        return [
            self._heading("Comité de Evaluación y asistencia"),
            self.pdf.table(
                ["Nombre", "DNI", "Cargo", "Institución", "Asistencia"],
                rows,
                [2.2, 0.8, 1.2, 2.4, 2.6],
            ),
        ]

    def agenda(self) -> list[Flowable]:
        items = "<br/>".join(
            f"{number}. {escape(item)}" for number, item in enumerate(self.session["agenda"], 1)
        )
        return [
            KeepTogether(
                [
                    self._heading("Agenda"),
                    self.pdf.paragraph(
                        "Verificado el quórum, el comité aprobó la agenda siguiente y la "
                        "desarrolló en ese orden:"
                    ),
                    self.pdf.paragraph(items),
                ]
            )
        ]

    def committee(self) -> list[Flowable]:
        return [
            self._heading("Comité de Evaluación"),
            self.pdf.table(
                ["Nombre", "DNI", "Cargo", "Institución"],
                [[m["nombre"], m["dni"], m["cargo"], m["institucion"]] for m in self.s["comite"]],
                [2.2, 0.8, 1.2, 2.6],
            ),
        ]

    def plans(self) -> list[Flowable]:
        presented = self.s.get("admisibilidad")
        if presented is None:
            lead: list[Flowable] = [self._heading("Planes de negocio evaluados")]
        else:
            lead = [
                self._heading("Planes de negocio presentados, admitidos y evaluados"),
                self.pdf.paragraph(
                    f"Se presentaron {len(presented)} planes; "
                    f"{sum(r['admision'] == 'Admitido' for r in presented)} fueron admitidos a "
                    f"evaluación y {sum(r['admision'] == 'Inadmisible' for r in presented)} "
                    "declarados inadmisibles antes de evaluarse."
                ),
                self.pdf.table(
                    ["Código", "AEO", "Admisibilidad", "Motivo"],
                    [[r["codigo"], r["aeo"], r["admision"], r["motivo"] or "—"] for r in presented],
                    [1.2, 3.2, 1.2, 6.0],
                ),
                Spacer(1, 6),
                self.pdf.paragraph("<b>Planes admitidos y su evaluación:</b>"),
            ]
        return [
            *lead,
            self.pdf.table(
                [
                    "Código",
                    "AEO",
                    "Cat.",
                    "Estado",
                    "Ronda",
                    "Fichas",
                    "Puntaje",
                    "Veredicto",
                    "Dictamen",
                ],
                [
                    [
                        p["codigo"],
                        p["aeo"],
                        p["categoria"],
                        p["estado"],
                        p["ronda"],
                        p["fichas"],
                        p["puntaje"],
                        p["veredicto"],
                        p["dictamen"] or "—",
                    ]
                    for p in self.s["planes"]
                ],
                [1.0, 2.6, 0.45, 1.1, 0.5, 0.55, 0.7, 0.8, 1.9],
                right=(4, 5, 6),
            ),
        ]

    def _bonus_rules(self) -> list[Flowable]:
        """The bases' bonus rules, as the cuadro de mérito adds them to the technical score."""
        call = self.s["convocatoria"]
        if not self._bonus:
            return []
        counted = (
            "se suma al puntaje técnico y cuenta para alcanzar el puntaje mínimo"
            if call["bonificacion_cuenta_para_minimo"]
            else "se suma al puntaje técnico solo de los planes que son aptos sin ella"
        )
        rules = "; ".join(
            f"{escape(rule['regla'])}: {escape(rule['condicion'])}"
            for rule in call["bonificaciones"]
        )
        return [
            self.pdf.paragraph(
                f"<b>Bonificación de las bases</b> ({rules}): {counted}; el orden de mérito "
                "sigue el puntaje final."
            )
        ]

    @property
    def _bonus(self) -> bool:
        return bool(self.s["convocatoria"].get("bonificaciones"))

    def _score_heads(self) -> list[str]:
        return ["Técnico", "Bonif.", "Final"] if self._bonus else ["Puntaje"]

    def _shifted(self, before: tuple[int, ...], after: tuple[int, ...]) -> tuple[int, ...]:
        """Right-aligned columns: those after the score move by the bonus's two columns."""
        extra = 2 if self._bonus else 0
        scores = tuple(range(before[-1] + 1, before[-1] + 1 + extra))
        return (*before, *scores, *(column + extra for column in after))

    def merit(self) -> list[Flowable]:
        pdf = self.pdf
        flowables: list[Flowable] = [self._heading("Cuadro de mérito y asignación del presupuesto")]
        for pool in self.s["bolsas"]:
            flowables.append(
                pdf.paragraph(f"<b>{escape(pool['nombre'])}</b>: presupuesto {pool['presupuesto']}")
            )
            rows = [
                [
                    r["orden"] or "—",
                    r["codigo"],
                    r["aeo"],
                    *_scores(r),
                    r["veredicto"],
                    r["solicitado"],
                    r["resultado"],
                    r["asignado"],
                    r["acumulado"] or "—",
                    r["saldo"] or "—",
                ]
                for r in pool["filas"]
            ]
            rows.append(
                [
                    "",
                    "",
                    "Total asignado y saldo",
                    *([""] * len(self._score_heads())),
                    "",
                    "",
                    "",
                    pool["asignado"],
                    "",
                    pool["saldo"],
                ]
            )
            flowables += [
                pdf.table(
                    [
                        "Orden",
                        "Código",
                        "AEO",
                        *self._score_heads(),
                        "Veredicto",
                        "Solicitado",
                        "Resultado",
                        "Asignado",
                        "Acumulado",
                        "Saldo",
                    ],
                    rows,
                    [0.68, 1.15, 1.75, 0.75, 0.6, 0.65, 0.92, 1.15, 1.0, 1.22, 1.1, 1.22]
                    if self._bonus
                    else [0.6, 1.0, 2.4, 0.65, 0.8, 1.15, 1.0, 1.15, 1.15, 1.15],
                    right=self._shifted((0, 3), (5, 7, 8, 9)),
                    bold_rows=(len(rows) - 1,),
                ),
                Spacer(1, 8),
            ]
        if moved := self.s.get("transferencias"):
            flowables += [
                pdf.paragraph(
                    "<b>Transferencias de saldos entre fondos</b> (solo el saldo que quedó "
                    "después de financiar a los ganadores de cada fondo):"
                ),
                pdf.table(
                    ["Fecha", "Desde", "Hacia", "Monto", "Documento que la autoriza"],
                    [
                        [t["fecha"], t["desde"], t["hacia"], t["monto"], t["documento"]]
                        for t in moved
                    ],
                    [1, 0.8, 0.8, 1.3, 5],
                    right=(3,),
                ),
                Spacer(1, 8),
            ]
        if total := self.s.get("total"):
            flowables.append(
                pdf.paragraph(
                    f"<b>Total de la convocatoria:</b> se asigna {total['asignado']} del monto "
                    f"autorizado de {total['presupuesto']}; queda sin asignar {total['saldo']}."
                )
            )
        if self.session is not None and self.s["bolsas"]:
            flowables += [
                Spacer(1, 8),
                KeepTogether(
                    [
                        pdf.paragraph("<b>Uso de los fondos por categoría</b>"),
                        Spacer(1, 4),
                        pool_chart(self.s["bolsas"], pdf.frame_width),
                    ]
                ),
            ]
        return flowables

    def _listing(self, heading: str, rows: list[dict], empty: str, amount: str) -> list[Flowable]:
        """Category by category in order of merit; accesitarios with their waiting-list place."""
        if not rows:
            return [self._heading(heading), self.pdf.paragraph(empty)]
        waiting = any(r.get("espera") for r in rows)
        first = ["Categoría", "N.° en espera"] if waiting else ["Categoría", "Orden"]
        return [
            self._heading(heading),
            self.pdf.table(
                [*first, "Código", "AEO", *self._score_heads(), amount],
                [
                    [
                        r.get("categoria", ""),
                        r.get("espera" if waiting else "orden") or "—",
                        r["codigo"],
                        r["aeo"],
                        *_scores(r),
                        r["monto"],
                    ]
                    for r in rows
                ],
                [1.3, 0.9, 1.1, 2.8, 0.75, 0.6, 0.65, 1.4]
                if self._bonus
                else [1.3, 0.9, 1.0, 3.2, 0.8, 1.4],
                right=self._shifted((1, 4), (5,)),
            ),
        ]

    def funded(self) -> list[Flowable]:
        return [
            *self._listing(
                "Planes ganadores",
                self.s["ganadores"],
                "Ningún plan resultó ganador.",
                "Cofinanciamiento asignado",
            ),
            *self._listing(
                "Accesitarios",
                self.s["accesitarios"],
                "No hay accesitarios.",
                "Cofinanciamiento solicitado",
            ),
        ]

    def ties(self) -> list[Flowable]:
        heading = self._heading("Desempates aplicados")
        if not self.s["desempates"]:
            return [heading, self.pdf.paragraph("No hubo empates en el cuadro de mérito.")]
        return [
            heading,
            self._tie_table(),
        ]

    def _tie_table(self) -> Flowable:
        ties = self.s["desempates"]
        if not any("orden" in tie for tie in ties):
            return self.pdf.table(
                ["Código", "Desempate"], [[t["codigo"], t["nota"]] for t in ties], [1.0, 5.6]
            )
        return self.pdf.table(
            ["Código", "Desempate", "Orden tras el desempate (el primero es el preferido)"],
            [[t["codigo"], t["nota"], t.get("orden", "")] for t in ties],
            [1.0, 4.4, 2.0],
        )

    def appeal(self) -> list[Flowable]:
        if not self.s.get("base_legal"):
            return []
        self._numbered += 1
        return appeal_section(self.pdf, self.s, f"{self._numbered}. Recursos")

    def signatures(self) -> Flowable:
        signers = [(m["nombre"], f"DNI {m['dni']}", m["cargo"]) for m in self.s["comite"]]
        self._numbered += 1
        heading = f"{self._numbered}. Firmas del Comité de Evaluación"
        return self.pdf.signatures(heading, signers, place_and_date(self.s))

    def agreements(self) -> list[Flowable]:
        """The acuerdos; the last one, the close of the session and the signatures of the
        members present stay on one page, with the members who did not sign and why."""
        pdf, session = self.pdf, self.session
        paragraphs = [
            [
                pdf.paragraph(f"<b>{agreement['orden']}:</b> {escape(agreement['texto'])}"),
                Spacer(1, 4),
            ]
            for agreement in self.s["acuerdos"]
        ]
        ended = f"Siendo las {session['fin']} horas" if session["fin"] else "Concluida la agenda"
        closing = pdf.paragraph(
            f"{ended}, se levantó la sesión; firman esta acta los miembros presentes, en señal "
            "de conformidad."
        )
        heading = self._heading("Acuerdos")
        self._numbered += 1
        present = [person for person in session["asistencia"] if person["asistio"]]
        signatures = pdf.signatures(
            f"{self._numbered}. Firmas del Comité de Evaluación",
            [(p["nombre"], f"DNI {p['dni']}", p["cargo"]) for p in present],
            place_and_date(self.s),
        )
        notes = [
            pdf.paragraph(escape(line), "small")
            for person in session["asistencia"]
            for line in _not_signed(person)
        ]
        last = paragraphs[-1] if paragraphs else []
        return [
            heading,
            pdf.paragraph("El Comité de Evaluación acuerda:"),
            Spacer(1, 4),
            *[part for paragraph in paragraphs[:-1] for part in paragraph],
            KeepTogether([*last, closing, Spacer(1, 6), signatures, Spacer(1, 2), *notes]),
        ]

    def closing(self) -> list[Flowable]:
        return verification_note(self.pdf, self.document.code, "esta acta")


def _members(count: int) -> str:
    return f"{count} miembro" if count == 1 else f"{count} miembros"


def _attendance_text(person: dict) -> str:
    if not person["asistio"]:
        return "No asistió"
    abstained = [a["codigo"] for a in person["abstenciones"]]
    if not abstained:
        return "Presente"
    return f"Presente; se abstuvo en {', '.join(abstained)} (conflicto de interés)"


def _not_signed(person: dict) -> list[str]:
    """Why a member's signature is missing, or what they did not take part in."""
    who = f"{person['nombre']} ({person['cargo']})"
    if not person["asistio"]:
        return [f"{who} no asistió a la sesión."]
    return [
        f"{who} se abstuvo en el plan {a['codigo']} por conflicto de interés declarado el "
        f"{a['declarada']}."
        for a in person["abstenciones"]
    ]


def render_acta(
    document: ActaDocument, head: Letterhead, target: str | Path | None = None
) -> bytes:
    meta = issued_meta(
        "Acta de evaluación",
        document.snapshot,
        document.code,
        document.head or head,
        landscape=True,
    )
    pdf = ReportRenderer(meta)
    return pdf.render(ActaStory(pdf, document).build(), target)


def _scores(row: dict) -> list[str]:
    """A row's technical score, with its bonus and final score when the call gives bonus."""
    if "final" in row:
        return [row["puntaje"], row["bonificacion"], row["final"]]
    return [row.get("puntaje", "")]
