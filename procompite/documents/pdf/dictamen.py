"""The printed dictamen de evaluación of a plan, drawn from its snapshot alone.

An issued dictamen prints the snapshot frozen when it was issued, with its number and
verification code; a plan without one prints a draft built from the current data, marked
"BORRADOR" on every page. A draft of a plan below the call's quorum says so instead of printing
scores. Snapshots frozen before a criterion's disagreement was a share of its maximum, or before
every verdict carried its reasons, print as they were issued: with the gap in points, and with
their reasons labelled as not recorded.
"""

from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Spacer

from procompite.calls.entity import Letterhead
from procompite.documents.dictamen_document import DictamenDocument
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.documents.pdf.fonts import fonts
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
SCORED = colors.HexColor("#2f6690")
MAXIMUM = colors.HexColor("#b8c4cf")
CHART_SIZE = 7.5


def dictamen_meta(document: DictamenDocument, head: Letterhead) -> ReportMeta:
    return issued_meta(TITLE, document.snapshot, document.code, document.head or head)


def _category_label(name: str) -> str:
    """``Categoría B`` once, whether the call names its category ``B`` or ``Categoría B``."""
    return name if name.casefold().startswith("categoría") else f"Categoría {name}"


def _points(text: str) -> float:
    return float(text) if text else 0.0


def sections_chart(sections: list[dict], width: float) -> Drawing:
    """Each section's consolidated score (dark bar) against its maximum (light bar), in points,
    the sections in the order of the rubric from the top."""
    font = fonts()["regular"]
    label_width = 150
    names = [
        "\n".join(simpleSplit(section["seccion"], font, CHART_SIZE, label_width - 8))
        for section in sections
    ]
    lines = max(name.count("\n") + 1 for name in names)
    row_height = max(26, lines * (CHART_SIZE + 1.5) + 10)
    axis, legend = 16, 16
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, axis + legend
    chart.width, chart.height = width - label_width - 70, row_height * len(sections)
    chart.data = [
        [_points(section["maximo"]) for section in sections],
        [_points(section["subtotal"]) for section in sections],
    ]
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = MAXIMUM
    chart.bars[1].fillColor = SCORED
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        ["" for _ in sections],
        [f"{section['subtotal']} de {section['maximo']}" for section in sections],
    ]
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = CHART_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = CHART_SIZE
    chart.categoryAxis.labels.leading = CHART_SIZE + 1.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.grey
    top = max(chart.data[0], default=0) or 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = 5 if top <= 40 else 10
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = CHART_SIZE
    chart.valueAxis.labelTextFormat = "%g"
    chart.valueAxis.strokeColor = colors.grey
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde3e9")
    drawing = Drawing(width, chart.y + chart.height + 4)
    drawing.add(chart)
    x = label_width
    for color, text in ((SCORED, "Puntaje consolidado"), (MAXIMUM, "Máximo de la sección")):
        drawing.add(Rect(x, 2, 9, 7, fillColor=color, strokeColor=None))
        drawing.add(String(x + 13, 3, text, fontName=font, fontSize=CHART_SIZE))
        x += 26 + len(text) * CHART_SIZE * 0.55
    return drawing


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
                f"apto es {call['puntaje_minimo']}.{self._bonus_rules()} Se dictamina lo siguiente."
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

    def _without_quorum(self) -> str:
        """Why the plan has no consolidation yet, or "" when it has one."""
        evaluation = self.s["evaluacion"]
        if not evaluation.get("sin_quorum"):
            return ""
        quorum = evaluation["quorum"]
        sent = "; ".join(
            f"{escape(sheet['evaluador'])} ({sheet['enviada']})" for sheet in evaluation["fichas"]
        )
        return (
            f"La calificación no se consolida: se han enviado {quorum['enviadas']} fichas de "
            f"evaluación y el quórum de la convocatoria es de {quorum['requeridas']}. Este "
            "borrador no muestra puntajes, consolidado ni discrepancias hasta que se alcance el "
            "quórum." + (f" Fichas enviadas: {sent}." if sent else "")
        )

    def _flag_rule(self) -> str:
        """When a criterion is flagged, in the words of the call."""
        call = self.s["convocatoria"]
        if "discrepancia_porcentaje" not in call:
            return f"discrepancia mayor a {call['brecha_discrepancia']} puntos"
        return (
            "diferencia entre el puntaje más alto y el más bajo mayor que el "
            f"{call['discrepancia_porcentaje']} del máximo del criterio"
        )

    def scores(self) -> list[Flowable]:
        pdf, evaluation = self.pdf, self.s["evaluacion"]
        if refusal := self._without_quorum():
            return [pdf.heading("6. Calificación"), pdf.paragraph(refusal)]
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
        chart = [
            Spacer(1, 6),
            KeepTogether(
                [
                    pdf.paragraph(
                        "<b>Puntaje consolidado de cada sección frente a su máximo</b>", "small"
                    ),
                    sections_chart(evaluation["secciones"], pdf.frame_width),
                ]
            ),
        ]
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
                f"{self._flag_rule()}.",
                "small",
            ),
            *(chart if evaluation["secciones"] else []),
        ]

    def disagreements(self) -> list[Flowable]:
        pdf, criteria = self.pdf, self.s["evaluacion"]["criterios"]
        flagged = [c for c in criteria if c["discrepancia"]]
        heading = pdf.heading("7. Discrepancias discutidas")
        if self._without_quorum():
            return [heading, pdf.paragraph("Sin quórum no se examinan discrepancias.")]
        rule = self._flag_rule()
        if not flagged:
            return [
                heading,
                pdf.paragraph(
                    f"No hubo discrepancias entre los evaluadores: ningún criterio tuvo {rule}."
                ),
            ]
        if any("umbral" not in c for c in flagged):
            header, widths = ["Criterio", "Puntajes", "Nota de la discusión"], [2.0, 1.2, 3.0]
            gaps = [[] for _ in flagged]
        else:
            header = ["Criterio", "Puntajes", "Diferencia", "Nota de la discusión"]
            widths = [1.7, 1.0, 1.6, 2.3]
            share = self.s["convocatoria"]["discrepancia_porcentaje"]
            gaps = [
                [
                    f"{c['diferencia']}: mayor que el {share} del máximo del criterio "
                    f"({c['umbral']} de {c['maximo']})"
                ]
                for c in flagged
            ]
        return [
            heading,
            pdf.paragraph(
                f"Se discute todo criterio con {rule}; la nota recoge lo que el comité concluyó."
            ),
            pdf.table(
                header,
                [
                    [
                        f"{c['codigo']} {c['criterio']}",
                        ", ".join(
                            c["puntajes"][name]
                            for name in self._evaluators()
                            if name in c["puntajes"]
                        ),
                        *gap,
                        c["nota"] or "Sin nota",
                    ]
                    for c, gap in zip(flagged, gaps, strict=True)
                ],
                widths,
            ),
        ]

    def comments(self) -> list[Flowable]:
        if self._without_quorum():
            return []
        rows = [
            [f"{c['codigo']} {c['criterio']}", name, c["comentarios"][name]]
            for c in self.s["evaluacion"]["criterios"]
            for name in self._evaluators()
            if name in c["comentarios"]
        ]
        heading = self.pdf.heading("Comentarios de los evaluadores por criterio")
        if not rows:
            return [
                heading,
                self.pdf.paragraph("Los evaluadores no escribieron comentarios en sus fichas."),
            ]
        return [
            heading,
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
        kind = "técnico " if "bonificacion" in verdict else ""
        text = (
            f"El Comité de Evaluación declara el plan de negocio {escape(plan['codigo'])} "
            f"<b>{escape(words)}</b>, con un puntaje {kind}de <b>{verdict['puntaje']}</b> sobre "
            f"{self.s['evaluacion']['maximo']} (mínimo {call['puntaje_minimo']})"
            + (
                f", una bonificación de <b>{verdict['bonificacion']}</b> y un puntaje final de "
                f"<b>{verdict['puntaje_final']}</b>."
                if "bonificacion" in verdict
                else "."
            )
        )
        if verdict["codigo"] is None:
            text = "La evaluación de este plan aún no está consolidada: no hay veredicto."
            if self._without_quorum():
                text = (
                    "La evaluación de este plan no puede consolidarse mientras no alcance el "
                    "quórum de la convocatoria: no hay veredicto."
                )
        flowables = [pdf.heading("9. Dictamen"), pdf.paragraph(text)]
        reasons = [line for line in verdict["motivos"].splitlines() if line.strip()]
        if reasons:
            flowables.append(pdf.paragraph("<b>Motivos:</b>"))
            flowables += [pdf.paragraph(f"• {escape(line)}") for line in reasons]
        elif verdict["codigo"] is not None:
            flowables.append(
                pdf.paragraph(
                    "<b>Motivos:</b> no constan; el veredicto se registró sin ellos, antes de que "
                    "todo veredicto los llevara."
                )
            )
        flowables += self._bonus(verdict)
        if verdict["observaciones"]:
            flowables.append(
                pdf.paragraph(f"<b>Observaciones:</b> {escape(verdict['observaciones'])}")
            )
        if term := self.s.get("subsanacion"):
            flowables.append(
                pdf.paragraph(
                    f"<b>Plazo para subsanar:</b> {term['dias']} días hábiles desde la "
                    f"observación del {term['observado']}; vence el <b>{term['vence']}</b>. "
                    "Subsanado en el plazo, el plan se evalúa de nuevo en una nueva ronda; si no "
                    "se subsana, no continúa en el concurso."
                )
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

    def _bonus_rules(self) -> str:
        rules = self.s["convocatoria"].get("bonificaciones")
        if not rules:
            return ""
        counted = (
            "y cuentan para alcanzar el puntaje mínimo"
            if self.s["convocatoria"]["bonificacion_cuenta_para_minimo"]
            else "solo de los planes que son aptos sin ellos"
        )
        listed = "; ".join(
            f"{escape(rule['regla'])}: {escape(rule['condicion'])}" for rule in rules
        )
        return (
            f" Las bases otorgan puntos de bonificación, que se suman al puntaje técnico "
            f"{counted} ({listed})."
        )

    def _bonus(self, verdict: dict) -> list[Flowable]:
        """The bonus, rule by rule, with the figure that earned (or did not earn) each point."""
        if not verdict.get("bonificaciones"):
            return []
        call = self.s["convocatoria"]
        rows = [
            [line["regla"], line["condicion"], line["dato"], line["puntos"]]
            for line in verdict["bonificaciones"]
        ]
        rule = (
            "cuenta para alcanzar el puntaje mínimo"
            if call.get("bonificacion_cuenta_para_minimo")
            else "se suma solo a los planes aptos por su puntaje técnico"
        )
        note = (
            "Calculada con los datos del padrón y del distrito del plan al consolidar la "
            f"evaluación; según las bases, la bonificación {rule}."
        )
        if verdict["codigo"] != "apto":
            note += " Este plan no es apto: no recibe la bonificación que muestra la tabla."
        return [
            self.pdf.paragraph("<b>Bonificación:</b>"),
            self.pdf.table(
                ["Regla", "Condición", "Dato que la sustenta", "Puntos"],
                rows,
                [1.2, 2.4, 2.6, 0.7],
                right=(3,),
            ),
            self.pdf.paragraph(note, "small"),
        ]

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
