"""The printed acta de evaluación of a call, drawn from its snapshot alone.

The latest issued acta prints with its number and verification code; a call without one prints
a draft of the current results, marked "BORRADOR" on every page.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, Spacer
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.documents.actas import current_acta_snapshot
from procompite.documents.letterheads import document_letterhead
from procompite.documents.pdf.base import ReportRenderer, escape
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

DRAFT_NUMBER = "BORRADOR"


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


class ActaStory(IssuedStory):
    sections = (
        "opening",
        "committee",
        "plans",
        "merit",
        "funded",
        "ties",
        "appeal",
        "signatures",
        "closing",
    )

    def opening(self) -> list[Flowable]:
        pdf, s = self.pdf, self.s
        call = s["convocatoria"]
        ties = ", ".join(call["desempates"]) or "ninguno"
        return [
            *title_block(pdf, "ACTA DE EVALUACIÓN", s, self.document.draft),
            pdf.paragraph(
                f"En {escape(signing_place(s))}, el {s['fecha_texto']}, el Comité de Evaluación "
                f"de la convocatoria {escape(call['nombre'])}, integrado por los miembros que "
                "firman esta acta, evaluó los planes de negocio admitidos con la rúbrica de la "
                f"convocatoria (puntaje mínimo {call['puntaje_minimo']}, consolidación por "
                f"{escape(call['consolidacion'])}, quórum de {call['quorum']} fichas) y asignó "
                f"el presupuesto de {call['presupuesto']} en orden de mérito. Criterios de "
                f"desempate, en orden: {escape(ties)}. Se acuerda lo siguiente."
            ),
            *legal_basis(pdf, s),
        ]

    def committee(self) -> list[Flowable]:
        return [
            self.pdf.heading("1. Comité de Evaluación"),
            self.pdf.table(
                ["Nombre", "DNI", "Cargo", "Institución"],
                [[m["nombre"], m["dni"], m["cargo"], m["institucion"]] for m in self.s["comite"]],
                [2.2, 0.8, 1.2, 2.6],
            ),
        ]

    def plans(self) -> list[Flowable]:
        presented = self.s.get("admisibilidad")
        lead: list[Flowable] = [self.pdf.heading("2. Planes de negocio evaluados")]
        if presented is not None:
            lead = [
                self.pdf.heading("2. Planes de negocio presentados, admitidos y evaluados"),
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

    def merit(self) -> list[Flowable]:
        pdf = self.pdf
        flowables: list[Flowable] = [
            pdf.heading("3. Cuadro de mérito y asignación del presupuesto")
        ]
        for pool in self.s["bolsas"]:
            flowables.append(
                pdf.paragraph(f"<b>{escape(pool['nombre'])}</b>: presupuesto {pool['presupuesto']}")
            )
            rows = [
                [
                    r["orden"] or "—",
                    r["codigo"],
                    r["aeo"],
                    r["puntaje"],
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
                    "",
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
                        "Puntaje",
                        "Veredicto",
                        "Solicitado",
                        "Resultado",
                        "Asignado",
                        "Acumulado",
                        "Saldo",
                    ],
                    rows,
                    [0.6, 1.0, 2.4, 0.65, 0.8, 1.15, 1.0, 1.15, 1.15, 1.15],
                    right=(0, 3, 5, 7, 8, 9),
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
        return flowables

    def _listing(self, heading: str, rows: list[dict], empty: str, amount: str) -> list[Flowable]:
        """Category by category in order of merit; accesitarios with their waiting-list place."""
        if not rows:
            return [self.pdf.heading(heading), self.pdf.paragraph(empty)]
        waiting = any(r.get("espera") for r in rows)
        first = ["Categoría", "N.° en espera"] if waiting else ["Categoría", "Orden"]
        return [
            self.pdf.heading(heading),
            self.pdf.table(
                [*first, "Código", "AEO", "Puntaje", amount],
                [
                    [
                        r.get("categoria", ""),
                        r.get("espera" if waiting else "orden") or "—",
                        r["codigo"],
                        r["aeo"],
                        r["puntaje"],
                        r["monto"],
                    ]
                    for r in rows
                ],
                [1.3, 0.9, 1.0, 3.2, 0.8, 1.4],
                right=(1, 4, 5),
            ),
        ]

    def funded(self) -> list[Flowable]:
        return [
            *self._listing(
                "4. Planes ganadores",
                self.s["ganadores"],
                "Ningún plan resultó ganador.",
                "Cofinanciamiento asignado",
            ),
            *self._listing(
                "5. Accesitarios",
                self.s["accesitarios"],
                "No hay accesitarios.",
                "Cofinanciamiento solicitado",
            ),
        ]

    def ties(self) -> list[Flowable]:
        heading = self.pdf.heading("6. Desempates aplicados")
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
        return appeal_section(self.pdf, self.s, "7. Recursos")

    def signatures(self) -> Flowable:
        signers = [(m["nombre"], f"DNI {m['dni']}", m["cargo"]) for m in self.s["comite"]]
        number = 8 if self.s.get("base_legal") else 7
        heading = f"{number}. Firmas del Comité de Evaluación"
        return self.pdf.signatures(heading, signers, place_and_date(self.s))

    def closing(self) -> list[Flowable]:
        return verification_note(self.pdf, self.document.code, "esta acta")


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
