"""The printed dictamen de evaluación of a plan, drawn from its snapshot alone.

An issued dictamen prints the snapshot frozen when it was issued, with its number and
verification code; a plan without one prints a draft built from the current data, marked
"BORRADOR" on every page.
"""

from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from procompite.calls.entity import Letterhead
from procompite.documents.dictamen_document import DictamenDocument
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.documents.pdf.issued import (
    IssuedStory,
    appeal_section,
    issued_meta,
    legal_basis,
    place_and_date,
    shared_member_warning,
    title_block,
    verification_note,
)

TITLE = "Dictamen de evaluación"


def dictamen_meta(document: DictamenDocument, head: Letterhead) -> ReportMeta:
    return issued_meta(TITLE, document.snapshot, document.code, document.head or head)


def _category_label(name: str) -> str:
    """``Categoría B`` once, whether the call names its category ``B`` or ``Categoría B``."""
    return name if name.casefold().startswith("categoría") else f"Categoría {name}"


class DictamenStory(IssuedStory):
    """The flowables of one dictamen, section by section."""

    sections = (
        "opening",
        "organization",
        "plan",
        "financing",
        "budget_lines",
        "indicators",
        "eligibility",
        "scores",
        "disagreements",
        "comments",
        "conflicts",
        "verdict",
        "appeal",
        "signatures",
        "closing",
    )

    def opening(self) -> list[Flowable]:
        pdf, s = self.pdf, self.s
        call, plan = s["convocatoria"], s["plan"]
        return [
            *title_block(pdf, "DICTAMEN DE EVALUACIÓN", s, self.document.draft),
            pdf.paragraph(
                f"El Comité de Evaluación de la convocatoria {escape(call['nombre'])} evaluó el "
                f"plan de negocio <b>{escape(plan['codigo'])}</b>, «{escape(plan['titulo'])}», "
                f"presentado por <b>{escape(s['aeo']['nombre'])}</b>, en la ronda "
                f"{s['evaluacion']['ronda']}, con la rúbrica de la convocatoria, consolidando "
                f"los puntajes por {escape(call['consolidacion'])}. El puntaje mínimo para ser "
                f"apto es {call['puntaje_minimo']}. Se dictamina lo siguiente."
            ),
            Spacer(1, 3),
            *legal_basis(pdf, s),
        ]

    def organization(self) -> list[Flowable]:
        aeo = self.s["aeo"]
        padron = aeo["padron"]
        representative = aeo["representante"] or "—"
        if aeo["representante_dni"]:
            representative += f" (DNI {aeo['representante_dni']})"
        return [
            self.pdf.heading("1. Agente económico organizado"),
            self.pdf.key_values(
                [
                    ("Nombre", aeo["nombre"]),
                    ("RUC", aeo["ruc"]),
                    ("Forma jurídica", aeo["forma_juridica"]),
                    ("Constitución", aeo["constitucion"] or "—"),
                    ("Partida registral", aeo["partida_registral"] or "—"),
                    ("Ubicación", aeo["ubicacion"] or "—"),
                    ("Representante legal", representative),
                    (
                        "Socios",
                        f"{padron['socios']} socios: {padron['mujeres']} mujeres "
                        f"({padron['mujeres_pct']}), {padron['jovenes']} jóvenes "
                        f"{padron['edad_joven']} ({padron['jovenes_pct']})",
                    ),
                ]
            ),
            *shared_member_warning(self.pdf, self.s.get("alertas")),
        ]

    def plan(self) -> list[Flowable]:
        plan = self.s["plan"]
        return [
            self.pdf.heading("2. Plan de negocio"),
            self.pdf.key_values(
                [
                    ("Código", plan["codigo"]),
                    ("Título", plan["titulo"]),
                    ("Cadena productiva", plan["cadena"]),
                    ("Categoría", plan["categoria"]),
                    ("Ubicación", plan["ubicacion"] or "—"),
                    ("Duración", plan["duracion"] or "—"),
                    ("Beneficiarios", plan["beneficiarios"]),
                    ("Empleos", plan["empleos"]),
                    ("Registrado", plan["registrado"] or "—"),
                ]
            ),
        ]

    def financing(self) -> list[Flowable]:
        pdf, budget = self.pdf, self.s["presupuesto"]
        total = budget["total"]
        rows = [
            [row["componente"], *row["pagadores"], row["total"], row["porcentaje"]]
            for row in budget["componentes"]
        ]
        rows.append(["Total", *total["pagadores"], total["total"], "100.00 %"])
        rows.append(["Participación", *total["porcentajes"], "100.00 %", ""])
        flowables = [
            pdf.heading("3. Estructura de financiamiento"),
            pdf.table(
                ["Componente", *budget["pagadores"], "Total", "%"],
                rows,
                [1.5, 1.3, 1.3, 1.3, 1.3, 0.95],
                right=(1, 2, 3, 4, 5),
                bold_rows=(len(rows) - 2, len(rows) - 1),
            ),
        ]
        if budget["limites"]:
            flowables += [
                Spacer(1, 6),
                pdf.table(
                    ["Límite", _category_label(self.s["plan"]["categoria"]), "Plan"],
                    [[lim["limite"], lim["categoria"], lim["plan"]] for lim in budget["limites"]],
                    [1.4, 2.6, 1.6],
                ),
            ]
        return flowables

    def budget_lines(self) -> list[Flowable]:
        lines = self.s["presupuesto"]["partidas"]
        if not lines:
            return [self.pdf.paragraph("El plan no tiene partidas de presupuesto registradas.")]
        return [
            self.pdf.heading("Presupuesto detallado"),
            self.pdf.table(
                [
                    "N.°",
                    "Componente",
                    "Concepto",
                    "Unidad",
                    "Cant.",
                    "Costo unit.",
                    "Total",
                    "Paga",
                ],
                [
                    [
                        n,
                        line["componente"],
                        line["concepto"],
                        line["unidad"],
                        line["cantidad"],
                        line["costo_unitario"],
                        line["total"],
                        line["pagador"],
                    ]
                    for n, line in enumerate(lines, start=1)
                ],
                [0.4, 1.3, 1.9, 0.8, 0.6, 1.15, 1.15, 1.2],
                right=(0, 4, 5, 6),
            ),
        ]

    def indicators(self) -> list[Flowable]:
        return [
            self.pdf.heading("4. Indicadores financieros"),
            self.pdf.key_values(self.s["plan"]["indicadores"]),
        ]

    def eligibility(self) -> list[Flowable]:
        rules = self.s["plan"]["reglas"]
        return [
            self.pdf.heading("5. Requisitos de elegibilidad"),
            self.pdf.table(
                ["Requisito", "Resultado", "Detalle"],
                [
                    [r["regla"], "Cumple" if r["cumple"] else "NO CUMPLE", r["detalle"]]
                    for r in rules
                ],
                [2.6, 0.9, 2.6],
            )
            if rules
            else self.pdf.paragraph("No hay requisitos que verificar."),
        ]

    def _evaluators(self) -> list[str]:
        return [sheet["evaluador"] for sheet in self.s["evaluacion"]["fichas"]]

    def scores(self) -> list[Flowable]:
        pdf, evaluation = self.pdf, self.s["evaluacion"]
        evaluators = self._evaluators()
        columns = [f"E{n}" for n in range(1, len(evaluators) + 1)]
        legend = "; ".join(
            f"{c}: {escape(name)}" for c, name in zip(columns, evaluators, strict=True)
        )
        rows, bold = [], []
        sections = {section["seccion"]: section for section in evaluation["secciones"]}
        criteria = evaluation["criterios"]
        for index, criterion in enumerate(criteria):
            flag = " (*)" if criterion["discrepancia"] else ""
            rows.append(
                [
                    criterion["codigo"],
                    criterion["criterio"] + flag,
                    criterion["maximo"],
                    *(criterion["puntajes"].get(name, "—") for name in evaluators),
                    criterion["consolidado"],
                ]
            )
            last = (
                index + 1 == len(criteria) or criteria[index + 1]["seccion"] != criterion["seccion"]
            )
            if last and criterion["seccion"] in sections:
                section = sections[criterion["seccion"]]
                bold.append(len(rows))
                rows.append(
                    [
                        "",
                        f"Subtotal: {section['seccion']}",
                        section["maximo"],
                        *(section["puntajes"].get(name, "—") for name in evaluators),
                        section["subtotal"],
                    ]
                )
        bold.append(len(rows))
        rows.append(
            [
                "",
                "TOTAL",
                evaluation["maximo"],
                *(evaluation["totales"].get(name, "—") for name in evaluators),
                evaluation["total"],
            ]
        )
        method = self.s["convocatoria"]["consolidacion"]
        return [
            pdf.heading("6. Calificación"),
            pdf.table(
                ["Cód.", "Criterio", "Máx.", *columns, "Consolidado"],
                rows,
                [0.5, 2.4, 0.75, *([0.65] * len(columns)), 1.1],
                right=tuple(range(2, len(columns) + 4)),
                bold_rows=bold,
            ),
            pdf.paragraph(f"Evaluadores: {legend}.", "small"),
            pdf.paragraph(
                f"Consolidado: {escape(method)} de los puntajes enviados, redondeado a dos "
                "decimales; el total es la suma de los consolidados. (*) Criterio con "
                f"discrepancia mayor a {self.s['convocatoria']['brecha_discrepancia']} puntos.",
                "small",
            ),
        ]

    def disagreements(self) -> list[Flowable]:
        flagged = [c for c in self.s["evaluacion"]["criterios"] if c["discrepancia"]]
        heading = self.pdf.heading("7. Discrepancias discutidas")
        if not flagged:
            return [heading, self.pdf.paragraph("No hubo discrepancias entre los evaluadores.")]
        return [
            heading,
            self.pdf.table(
                ["Criterio", "Puntajes", "Nota de la discusión"],
                [
                    [
                        f"{c['codigo']} {c['criterio']}",
                        ", ".join(
                            c["puntajes"][name]
                            for name in self._evaluators()
                            if name in c["puntajes"]
                        ),
                        c["nota"] or "Sin nota",
                    ]
                    for c in flagged
                ],
                [2.0, 1.2, 3.0],
            ),
        ]

    def comments(self) -> list[Flowable]:
        rows = [
            [f"{c['codigo']} {c['criterio']}", name, c["comentarios"][name]]
            for c in self.s["evaluacion"]["criterios"]
            for name in self._evaluators()
            if name in c["comentarios"]
        ]
        if not rows:
            return []
        return [
            self.pdf.heading("Comentarios de los evaluadores"),
            self.pdf.table(["Criterio", "Evaluador", "Comentario"], rows, [1.8, 1.5, 3.0]),
        ]

    def conflicts(self) -> list[Flowable]:
        rows = [
            [
                member["nombre"],
                member["cargo"],
                member["conflicto"]["declara"] if member["conflicto"] else "No declaró",
                (member["conflicto"] or {}).get("motivo") or "—",
                (member["conflicto"] or {}).get("fecha") or "—",
            ]
            for member in self.s["comite"]
        ]
        return [
            self.pdf.heading("8. Declaraciones de conflicto de intereses"),
            self.pdf.table(
                ["Miembro", "Cargo", "Declaración", "Motivo", "Fecha"],
                rows,
                [2.0, 1.2, 1.1, 2.0, 0.9],
            ),
        ]

    def verdict(self) -> list[Flowable]:
        pdf, verdict = self.pdf, self.s["veredicto"]
        call, plan = self.s["convocatoria"], self.s["plan"]
        words = verdict["texto"].upper()
        text = (
            f"El Comité de Evaluación declara el plan de negocio {escape(plan['codigo'])} "
            f"<b>{escape(words)}</b>, con un puntaje de <b>{verdict['puntaje']}</b> sobre "
            f"{self.s['evaluacion']['maximo']} (mínimo {call['puntaje_minimo']})."
        )
        if verdict["codigo"] is None:
            text = "La evaluación de este plan aún no está consolidada: no hay veredicto."
        flowables = [pdf.heading("9. Dictamen"), pdf.paragraph(text)]
        if verdict["motivos"]:
            flowables.append(pdf.paragraph(f"<b>Motivos:</b> {escape(verdict['motivos'])}"))
        if verdict["observaciones"]:
            flowables.append(
                pdf.paragraph(f"<b>Observaciones:</b> {escape(verdict['observaciones'])}")
            )
        if allocation := self.s["asignacion"]:
            pool = f" de la categoría {escape(allocation['bolsa'])}" if allocation["bolsa"] else ""
            place = f"ocupa el puesto {allocation['orden']}" if allocation["orden"] else "figura"
            flowables.append(
                pdf.paragraph(
                    f"En el cuadro de mérito{pool} {place} con el resultado "
                    f"<b>{escape(allocation['resultado'].upper())}</b>; cofinanciamiento "
                    f"PROCOMPITE asignado: <b>{allocation['monto']}</b>."
                    + (
                        f" Es el <b>accesitario N.° {allocation['espera']}</b> de la lista de "
                        "espera de su categoría: si un ganador no suscribe el convenio o renuncia, "
                        "accede al cofinanciamiento en ese orden."
                        if allocation.get("espera")
                        else ""
                    )
                )
            )
            if allocation["desempate"]:
                flowables.append(
                    pdf.paragraph(f"<b>Desempate:</b> {escape(allocation['desempate'])}")
                )
        return flowables

    def appeal(self) -> list[Flowable]:
        return appeal_section(self.pdf, self.s, "10. Recursos")

    def signatures(self) -> list[Flowable]:
        signers = [
            (sheet["evaluador"], f"DNI {sheet['dni']}", sheet["cargo"])
            for sheet in self.s["evaluacion"]["fichas"]
        ]
        number = 11 if self.s.get("base_legal") else 10
        heading = f"{number}. Firmas del Comité de Evaluación"
        abstentions = [
            f"{escape(member['nombre'])} ({escape(member['cargo'])}) se abstuvo por conflicto "
            f"de interés declarado el {member['conflicto']['fecha']}."
            for member in self.s["comite"]
            if (member.get("conflicto") or {}).get("declara") == "con conflicto"
        ]
        return [
            self.pdf.signatures(heading, signers, place_and_date(self.s)),
            *(self.pdf.paragraph(line, "small") for line in abstentions),
        ]

    def closing(self) -> list[Flowable]:
        return verification_note(self.pdf, self.document.code, "este dictamen")


def dictamen_flowables(pdf: ReportRenderer, document: DictamenDocument) -> list[Flowable]:
    return DictamenStory(pdf, document).build()


def render_dictamen(
    document: DictamenDocument, head: Letterhead, target: str | Path | None = None
) -> bytes:
    meta = dictamen_meta(document, head)
    pdf = ReportRenderer(meta)
    return pdf.render(dictamen_flowables(pdf, document), target)
