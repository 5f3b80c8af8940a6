"""The follow-up report (PDF) of a call, of every call, or of one plan: the summary with the
survival rate and the money executed against awarded, charts, the alerts, and per plan its
agreement, execution by budget line and by payer, milestones, deliveries, visits, results
against the line of base and the plan's projection, and its liquidation."""

from datetime import date
from fractions import Fraction
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer
from sqlite_utils import Database

from procompite.calls.entity import letterhead
from procompite.common.dates import format_long, format_short
from procompite.common.labels import PAYER
from procompite.common.money import format_soles
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.followup.alerts import alerts
from procompite.followup.closing import load_closure
from procompite.followup.deliveries import deliveries
from procompite.followup.indicators import call_indicators
from procompite.followup.picture import (
    ALL_CALLS,
    PlanPicture,
    Summary,
    percent,
    pictures,
    summaries,
)
from procompite.followup.report_charts import grouped_bars
from procompite.followup.schedule import milestones
from procompite.followup.visits import GOODS_CONDITION, GOODS_USE

TITLE = "Reporte de seguimiento"
SURVIVAL = (
    "La <b>supervivencia</b> es la parte de los planes visitados cuyo AEO funcionaba en su "
    "última visita. Las ventas y los empleos comparan la línea de base del convenio, la última "
    "visita que los registró y la proyección del propio plan (el ingreso de su flujo de caja "
    "para ese año de operación; sus empleos directos), sumando solo los planes que tienen las "
    "tres cifras."
)


def _share(part: int, whole: int) -> str:
    return percent(Fraction(part, whole)) if whole else "—"


def _summary_rows(rows: list[Summary]) -> list[list[str]]:
    return [
        [
            row.label,
            str(row.funded),
            str(row.with_agreement),
            str(row.visited),
            str(row.operating),
            percent(row.survival),
            format_soles(row.awarded_cents),
            f"{format_soles(row.executed_cents)} ({_share(row.executed_cents, row.awarded_cents)})",
            str(row.closed),
        ]
        for row in rows
    ]


def _before_after(rows: list[Summary]) -> list[list[str]]:
    return [
        [
            row.label,
            str(row.sales_plans),
            *(format_soles(value) for value in row.sales),
            str(row.jobs_plans),
            *(str(value) for value in row.jobs),
        ]
        for row in rows
    ]


class FollowupStory:
    def __init__(self, pdf: ReportRenderer, db: Database, today: date):
        self.pdf, self.db, self.today = pdf, db, today

    def summary(self, rows: list[Summary], found: list[PlanPicture]) -> list[Flowable]:
        pdf = self.pdf
        width = pdf.frame_width
        story: list[Flowable] = [
            pdf.heading("Resumen"),
            pdf.table(
                [
                    "Convocatoria",
                    "Financiados",
                    "Con convenio",
                    "Visitados",
                    "Funcionando",
                    "Supervivencia",
                    "Asignado",
                    "Ejecutado PROCOMPITE",
                    "Liquidados",
                ],
                _summary_rows(rows),
                [2.8, 1.4, 1.3, 1.2, 1.5, 1.7, 2, 2.8, 1.3],
                right=(1, 2, 3, 4, 5, 6, 7, 8),
                bold_rows=[len(rows) - 1] if rows and rows[-1].label == ALL_CALLS else [],
            ),
            Spacer(1, 6),
            pdf.paragraph(SURVIVAL, "small"),
            Spacer(1, 4),
            pdf.table(
                [
                    "Convocatoria",
                    "Planes (ventas)",
                    "Ventas antes",
                    "Ventas después",
                    "Ventas proyectadas",
                    "Planes (empleos)",
                    "Empleos antes",
                    "Empleos después",
                    "Empleos proyectados",
                ],
                _before_after(rows),
                [3.2, 1.4, 1.9, 1.9, 1.9, 1.4, 1.3, 1.3, 1.5],
                right=(1, 2, 3, 4, 5, 6, 7, 8),
            ),
        ]
        story += [
            Spacer(1, 4),
            pdf.table(
                ["Convocatoria", "Fuente", "Presupuesto de los planes", "Ejecutado", "%"],
                [
                    [
                        row.label,
                        PAYER[item.payer],
                        format_soles(item.budget_cents),
                        format_soles(item.executed_cents),
                        _share(item.executed_cents, item.budget_cents),
                    ]
                    for row in rows
                    for item in row.payers
                ],
                [4.6, 2, 2.4, 2.4, 1],
                right=(2, 3, 4),
            ),
            pdf.paragraph(
                "El aporte no monetario del AEO figura como ejecutado cuando se verificó en el "
                "convenio.",
                "small",
            ),
        ]
        if found:
            story += [
                Spacer(1, 8),
                KeepTogether(
                    [
                        pdf.paragraph("<b>Asignado y ejecutado por plan</b>"),
                        grouped_bars(
                            [
                                (p.plan.label, [p.plan.awarded_cents, p.executed_cents])
                                for p in found
                            ],
                            ["Asignado", "Ejecutado"],
                            width,
                            format_soles,
                        ),
                    ]
                ),
            ]
            with_sales = [p for p in found if p.sales_after is not None]
            if with_sales:
                story.append(
                    KeepTogether(
                        [
                            Spacer(1, 6),
                            pdf.paragraph("<b>Ventas del año: antes, después y proyectadas</b>"),
                            grouped_bars(
                                [
                                    (
                                        p.plan.label,
                                        [p.sales_before, p.sales_after, p.sales_projected],
                                    )
                                    for p in with_sales
                                ],
                                ["Línea de base", "Última visita", "Proyección del plan"],
                                width,
                                format_soles,
                            ),
                        ]
                    )
                )
        return story

    def alerts(self, call_id: int | None) -> list[Flowable]:
        found = alerts(self.db, self.today, call_id)
        pdf = self.pdf
        story: list[Flowable] = [pdf.heading(f"Alertas al {format_long(self.today)}")]
        if not found:
            return [*story, pdf.paragraph("Ninguna alerta en los planes no liquidados.")]
        return [
            *story,
            pdf.table(
                ["Alerta", "Plan", "AEO", "Desde", "Detalle"],
                [
                    [a.kind_label, a.code, a.organization, format_short(a.since), a.text]
                    for a in found
                ],
                [2.4, 1.4, 2.6, 1.1, 5],
            ),
        ]

    def plan(self, picture: PlanPicture) -> list[Flowable]:
        pdf, plan, agreement = self.pdf, picture.plan, picture.agreement
        story: list[Flowable] = [
            PageBreak(),
            pdf.heading(f"{plan.code} — {plan.organization}"),
            pdf.paragraph(f"{escape(plan.title)}. {escape(plan.call_name)}."),
        ]
        if agreement is None:
            return [*story, pdf.paragraph("Aún sin convenio: no hay ejecución que reportar.")]
        verified = (agreement["verified_cash_cents"] or 0) + (
            agreement["verified_in_kind_cents"] or 0
        )
        story.append(
            pdf.key_values(
                [
                    (
                        "Convenio",
                        f"N.° {agreement['number']} del {format_short(agreement['signed_on'])}, "
                        f"plazo {agreement['term_months']} meses",
                    ),
                    ("Firmantes", "; ".join(agreement["signatories"])),
                    ("Asignado (PROCOMPITE)", format_soles(plan.awarded_cents)),
                    (
                        "Aporte comprometido del AEO",
                        f"{format_soles(agreement['cash_cents'])} monetario, "
                        f"{format_soles(agreement['in_kind_cents'])} no monetario",
                    ),
                    (
                        "Aporte verificado",
                        f"{format_soles(verified)} el {format_short(agreement['verified_on'])} "
                        f"({agreement['verification']})"
                        if agreement["verified_on"]
                        else "sin verificar",
                    ),
                ]
            )
        )
        story += self._execution(picture)
        story += self._milestones(picture)
        story += self._deliveries(picture)
        story += self._visits(picture)
        story += self._closure(picture)
        return story

    def _execution(self, picture: PlanPicture) -> list[Flowable]:
        pdf = self.pdf
        lines = [
            [
                line.label,
                format_soles(line.budget_cents),
                *(
                    ("verificado", "")
                    if not line.bought
                    else (
                        format_soles(line.executed_cents),
                        _share(line.executed_cents, line.budget_cents),
                    )
                ),
                f"{line.delivered.normalize():f} de {line.quantity.normalize():f} {line.unit}"
                if line.handed_over
                else "—",
            ]
            for line in picture.lines
        ]
        payers = [
            [
                PAYER[item.payer],
                format_soles(item.budget_cents),
                format_soles(item.executed_cents),
                _share(item.executed_cents, item.budget_cents),
            ]
            for item in picture.payers
        ]
        return [
            pdf.heading("Ejecución por línea del presupuesto"),
            pdf.table(
                ["Línea (fuente)", "Presupuesto", "Ejecutado", "%", "Entregado"],
                lines,
                [6, 2, 2, 1, 2.5],
                right=(1, 2, 3),
            ),
            Spacer(1, 4),
            pdf.table(
                ["Fuente", "Presupuesto", "Ejecutado", "%"], payers, [4, 2, 2, 1], right=(1, 2, 3)
            ),
            Spacer(1, 4),
            grouped_bars(
                [
                    (
                        f"{line.position + 1}. {line.concept}",
                        [line.budget_cents, line.executed_cents],
                    )
                    for line in picture.lines
                    if line.bought
                ],
                ["Presupuesto", "Ejecutado"],
                pdf.frame_width,
                format_soles,
            ),
        ]

    def _milestones(self, picture: PlanPicture) -> list[Flowable]:
        found = milestones(self.db, picture.plan.plan_id, self.today)
        if not found:
            return []
        return [
            self.pdf.heading("Hitos"),
            self.pdf.table(
                ["Hito", "Vence", "Estado", "Cumplido el"],
                [
                    [m.description, format_short(m.due_on), m.state_label, format_short(m.done_on)]
                    for m in found
                ],
                [6, 1.5, 1.5, 1.5],
            ),
        ]

    def _deliveries(self, picture: PlanPicture) -> list[Flowable]:
        found = deliveries(self.db, picture.plan.plan_id)
        if not found:
            return []
        return [
            self.pdf.heading("Entregas de bienes"),
            self.pdf.table(
                ["Acta", "Fecha", "Bienes", "Recibió"],
                [
                    [
                        d["number"],
                        format_short(d["delivered_on"]),
                        "; ".join(
                            f"{i['description']} ({i['quantity']} {i['unit']})" for i in d["items"]
                        ),
                        d["received_by"],
                    ]
                    for d in found
                ],
                [2.2, 1.4, 6, 2.4],
            ),
        ]

    def _visits(self, picture: PlanPicture) -> list[Flowable]:
        pdf = self.pdf
        if not picture.visits:
            return [pdf.heading("Visitas"), pdf.paragraph("Sin visitas registradas.")]
        indicators = call_indicators(self.db, picture.plan.call_id)

        def count(value) -> str:
            return "—" if value is None else str(value)

        rows = []
        for visit in picture.visits:
            goods = ", ".join(
                label
                for label in (
                    GOODS_USE.get(visit["goods_use"] or ""),
                    GOODS_CONDITION.get(visit["goods_condition"] or ""),
                )
                if label
            )
            rows.append(
                [
                    format_short(visit["visited_on"]),
                    visit["visitors"],
                    "Sí" if visit["operating"] else "No",
                    f"{count(visit['active_members'])} / {count(visit['active_women'])} / "
                    f"{count(visit['active_youth'])}",
                    "—" if visit["sales_cents"] is None else format_soles(visit["sales_cents"]),
                    f"{count(visit['direct_jobs'])} / {count(visit['indirect_jobs'])}",
                    goods or "—",
                    "; ".join(
                        f"{item.name}: {visit['values'][item.id]} {item.unit}"
                        for item in indicators
                        if item.id in visit["values"]
                    )
                    or "—",
                ]
            )
        notes = [
            f"{format_short(v['visited_on'])}: {v['notes']}"
            + (f" Nuevos mercados: {v['new_markets']}." if v["new_markets"] else "")
            + (f" Fotos: {', '.join(v['photos'])}." if v["photos"] else "")
            for v in picture.visits
            if v["notes"] or v["new_markets"] or v["photos"]
        ]
        results = [
            [
                "Ventas del año",
                *(
                    "—" if value is None else format_soles(value)
                    for value in (
                        picture.sales_before,
                        picture.sales_after,
                        picture.sales_projected,
                    )
                ),
            ],
            [
                "Empleos directos",
                *(
                    "—" if value is None else str(value)
                    for value in (picture.jobs_before, picture.jobs_after, picture.jobs_projected)
                ),
            ],
        ]
        return [
            pdf.heading("Visitas"),
            pdf.table(
                [
                    "Fecha",
                    "Visitó",
                    "Funciona",
                    "Socios / mujeres / jóvenes",
                    "Ventas del año",
                    "Empleos directos / indirectos",
                    "Bienes",
                    "Indicadores",
                ],
                rows,
                [1.3, 2, 1, 1.7, 1.7, 1.6, 1.6, 3.5],
                right=(4,),
            ),
            *[pdf.paragraph(escape(note), "small") for note in notes],
            pdf.heading("Resultados"),
            pdf.table(
                ["Indicador", "Línea de base", "Última visita", "Proyección del plan"],
                results,
                [3, 2, 2, 2],
                right=(1, 2, 3),
            ),
        ]

    def _closure(self, picture: PlanPicture) -> list[Flowable]:
        closure = load_closure(self.db, picture.plan.plan_id)
        if closure is None:
            return []
        return [
            self.pdf.heading("Liquidación"),
            self.pdf.paragraph(
                f"Plan liquidado el {format_long(closure['closed_on'])} por "
                f"{escape(closure['actor'])}: «{escape(closure['note'])}». Sus cifras finales "
                "quedaron congeladas con el código de verificación "
                f"<b>{closure['verification_code']}</b>; desde entonces su seguimiento no se "
                "modifica."
            ),
        ]


def render_report(
    db: Database,
    call_id: int | None,
    target: Path | None = None,
    *,
    plan_id: int | None = None,
    today: date | None = None,
) -> bytes:
    """The report of ``call_id`` (every call when ``None``), or of one plan with ``plan_id``."""
    today = today or date.today()
    found = pictures(db, call_id)
    if plan_id is not None:
        found = [p for p in found if p.plan.plan_id == plan_id]
    rows = summaries(db, call_id)
    head = letterhead(db)
    subject = (
        found[0].plan.label
        if plan_id is not None and found
        else (rows[0].label if call_id is not None and rows else ALL_CALLS)
    )
    pdf = ReportRenderer(
        ReportMeta(
            title=f"{TITLE} — {subject}",
            entity=head.entity or "PROCOMPITE",
            issued=format_long(today),
            landscape=True,
            logo=head.logo,
        )
    )
    story = FollowupStory(pdf, db, today)
    flowables: list[Flowable] = [
        pdf.paragraph(TITLE.upper(), "title"),
        pdf.paragraph(f"{escape(subject)}<br/>al {format_long(today)}", "subtitle"),
    ]
    if not found:
        flowables.append(
            pdf.paragraph(
                "Ningún plan financiado: los ganadores aparecen cuando el acta de la convocatoria "
                "está emitida."
            )
        )
        return pdf.render(flowables, target)
    if plan_id is None:
        flowables += story.summary(rows, found)
        flowables += story.alerts(call_id)
        if waiting := [p.plan.label for p in found if p.agreement is None]:
            flowables.append(
                pdf.paragraph(
                    "Sin convenio todavía (sin ejecución que reportar): "
                    + escape("; ".join(waiting))
                    + "."
                )
            )
    for picture in found:
        if picture.agreement is not None or plan_id is not None:
            flowables += story.plan(picture)
    if plan_id is not None:
        flowables = [f for f in flowables if not isinstance(f, PageBreak)]
    return pdf.render(flowables, target)
