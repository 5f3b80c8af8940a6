"""Informe de priorización de cadenas productivas: data first, then the PDF."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Spacer
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.common.dates import format_long
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.documents.pdf.fonts import fonts
from procompite.prioritization.ahp import MatrixError, ahp, complete_from_upper
from procompite.prioritization.exercises import Exercise, load_exercise
from procompite.prioritization.methods import METHOD_NAMES, Ranking
from procompite.prioritization.sensitivity import SensitivityRow
from procompite.storage.settings import setting

KIND = {"rating": "Calificación", "indicator": "Indicador", "flag": "Sí / no"}
DIRECTION = {"more_better": "más es mejor", "more_worse": "más es peor"}
MISSING = {"worst": "se asigna el peor valor", "exclude": "se excluye la cadena con aviso"}


@dataclass
class PrioritizationReport:
    """Everything the printed report shows, computed from the database."""

    exercise: Exercise
    department: str
    ranking: Ranking
    sensitivity: list[SensitivityRow]
    ahp_matrix: list[list[float]] | None
    ahp_cr: float | None
    entity: str
    ahp_problem: str = ""


def _row_label(label_width: float, y: float, text: str, font: str) -> String:
    """A chart row's name, right-aligned against its bar."""
    return String(label_width - 4, y + 3, text, fontName=font, fontSize=7.5, textAnchor="end")


def build_report(db: Database, exercise_id: int) -> PrioritizationReport:
    exercise = load_exercise(db, exercise_id)
    department = db["departments"].get(exercise.record["department_id"])["name"]
    matrix = cr = None
    problem = ""
    if exercise.comparisons:
        index = {c.id: i for i, c in enumerate(exercise.criteria)}
        upper = {(index[a], index[b]): v for (a, b), v in exercise.comparisons.items()}
        if len(upper) == len(index) * (len(index) - 1) // 2:
            matrix = complete_from_upper(upper, len(index))
            try:
                cr = ahp(matrix, names=[c.name for c in exercise.criteria]).cr
            except MatrixError as error:
                problem = str(error)
    return PrioritizationReport(
        exercise,
        department,
        exercise.ranking(),
        exercise.sensitivity(),
        matrix,
        cr,
        setting(db, "entity_name", f"Gobierno Regional {department}"),
        problem,
    )


def _chart(report: PrioritizationReport, width: float) -> Drawing:
    rows = report.ranking.rows
    row_height = 13
    label_width = 120
    height = row_height * len(rows) + 20
    drawing = Drawing(width, height)
    font = fonts()["regular"]
    bar_width = width - label_width - 40
    last_above = None
    for index, row in enumerate(rows):
        y = height - 10 - (index + 1) * row_height
        drawing.add(_row_label(label_width, y, row.chain.name, font))
        color = colors.HexColor("#2f6690") if row.above_cut else colors.HexColor("#b8c4cf")
        drawing.add(
            Rect(
                label_width,
                y + 1,
                bar_width * max(row.score, 0) / 100,
                row_height - 3,
                fillColor=color,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                label_width + bar_width * max(row.score, 0) / 100 + 3,
                y + 3,
                f"{row.score:.1f}",
                fontName=font,
                fontSize=7,
            )
        )
        if row.above_cut:
            last_above = index
    if last_above is not None and last_above < len(rows) - 1:
        y = height - 10 - (last_above + 1) * row_height - 1
        drawing.add(
            Line(
                0,
                y,
                width,
                y,
                strokeColor=colors.HexColor("#c0392b"),
                strokeDashArray=[4, 3],
                strokeWidth=1,
            )
        )
        drawing.add(
            String(
                width,
                y + 2,
                "corte",
                fontName=font,
                fontSize=7,
                textAnchor="end",
                fillColor=colors.HexColor("#c0392b"),
            )
        )
    return drawing


def _sensitivity_chart(rows: list[SensitivityRow], width: float) -> Drawing:
    """Per criterion: the weights that keep the list (bar) and the current weight (mark)."""
    row_height, label_width = 14, 150
    height = row_height * len(rows) + 24
    drawing = Drawing(width, height)
    font = fonts()["regular"]
    span = width - label_width - 20
    for index, row in enumerate(rows):
        y = height - 8 - (index + 1) * row_height
        drawing.add(_row_label(label_width, y, row.criterion.name, font))
        drawing.add(
            Rect(
                label_width,
                y + row_height / 2 - 1,
                span,
                1.5,
                fillColor=colors.HexColor("#b8c4cf"),
                strokeColor=None,
            )
        )
        drawing.add(
            Rect(
                label_width + span * row.low,
                y + 2,
                max(span * (row.high - row.low), 1),
                row_height - 5,
                fillColor=colors.HexColor("#2f6690"),
                strokeColor=None,
            )
        )
        x = label_width + span * row.weight
        drawing.add(
            Line(x, y, x, y + row_height - 1, strokeColor=colors.HexColor("#c0392b"), strokeWidth=2)
        )
    for tick in range(0, 101, 25):
        drawing.add(
            String(
                label_width + span * tick / 100,
                2,
                f"{tick} %",
                fontName=font,
                fontSize=7,
                textAnchor="middle",
            )
        )
    return drawing


def render_report(
    report: PrioritizationReport,
    target: str | Path | None = None,
    head: Letterhead | None = None,
) -> bytes:
    record = report.exercise.record
    approved = report.exercise.approved
    meta = ReportMeta(
        title="Informe de priorización de cadenas productivas",
        entity=report.entity,
        issued=format_long(record["approved_on"]) if approved else format_long(date.today()),
        draft=not approved,
        logo=head.logo if head else None,
    )
    pdf = ReportRenderer(meta)
    criteria = report.exercise.criteria
    cut = (
        f"los primeros {record['cut_value']:g} puestos"
        if record["cut_kind"] == "top_n"
        else f"puntaje de {record['cut_value']:g} o más"
    )
    story = [
        pdf.paragraph("Informe de priorización de cadenas productivas", "title"),
        pdf.paragraph(record["name"], "subtitle"),
        pdf.key_values(
            [
                ("Ámbito", f"Departamento de {report.department}"),
                ("Año", record["year"]),
                ("Método", METHOD_NAMES[report.ranking.method]),
                (
                    "Pesos",
                    "comparación de pares (AHP)"
                    if record["weighting"] == "ahp"
                    else "asignados directamente",
                ),
                ("Datos faltantes", MISSING[record["missing_policy"]]),
                ("Corte", cut),
                (
                    "Estado",
                    f"Aprobado el {format_long(record['approved_on'])} — "
                    f"{record['approval_reference']}"
                    if approved
                    else "Borrador (no aprobado)",
                ),
                ("Empates", report.ranking.tie_rule),
            ]
        ),
        pdf.heading("1. Criterios y pesos"),
        pdf.table(
            ["Criterio", "Tipo", "Peso", "Dirección", "Fuente del dato"],
            [
                [
                    c.name,
                    KIND[c.kind],
                    f"{w * 100:.1f} %",
                    DIRECTION[c.direction],
                    row["source_note"],
                ]
                for c, w, row in zip(
                    criteria, _normalised(criteria), report.exercise.criterion_rows, strict=True
                )
            ],
            [3, 1.4, 0.9, 1.3, 4],
            right=[2],
        ),
    ]
    if report.ahp_matrix is not None:
        story += [
            pdf.heading("Matriz de comparación de pares (AHP)"),
            pdf.table(
                [""] + [c.name for c in criteria],
                [
                    [c.name] + [f"{v:.3g}" for v in row]
                    for c, row in zip(criteria, report.ahp_matrix, strict=True)
                ],
                [2.5] + [1] * len(criteria),
                right=list(range(1, len(criteria) + 1)),
            ),
            pdf.paragraph(
                f"La matriz no sirve para calcular pesos: {escape(report.ahp_problem)}"
                if report.ahp_cr is None
                else f"Razón de consistencia (CR): {report.ahp_cr:.3f}"
                + (" — supera 0.10" if report.ahp_cr > 0.10 else " (aceptable)")
            ),
        ]
    values = report.exercise.values
    story += [
        pdf.heading("2. Valores por cadena"),
        pdf.table(
            ["Cadena"] + [c.name for c in criteria],
            [
                [chain.name] + [_value(c, values.get((c.id, chain.id))) for c in criteria]
                for chain in report.exercise.chains
            ],
            [2.2] + [1] * len(criteria),
            right=list(range(1, len(criteria) + 1)),
        ),
        pdf.paragraph(
            "Celda vacía: sin dato (" + MISSING[record["missing_policy"]] + ").", "small"
        ),
        pdf.heading("3. Ranking y corte"),
        pdf.table(
            ["Puesto", "Cadena productiva", "Puntaje", "Sobre el corte", "Observación"],
            [
                [r.rank, r.chain.name, f"{r.score:.2f}", "Sí" if r.above_cut else "No", r.tie_note]
                for r in report.ranking.rows
            ],
            [1.3, 3, 1, 1.1, 4],
            right=[0, 2],
        ),
        *(pdf.paragraph(escape(note), "small") for note in report.ranking.notes),
        Spacer(1, 6),
        _chart(report, pdf.frame_width),
        pdf.heading("4. Sensibilidad de la lista priorizada"),
        pdf.paragraph(
            "Cuánto puede variar el peso de cada criterio (los demás se reescalan) sin "
            "que cambie el conjunto de cadenas sobre el corte.",
            "small",
        ),
        pdf.table(
            ["Criterio", "Peso", "Mín.", "Máx.", "Si baja más", "Si sube más"],
            [
                [
                    s.criterion.name,
                    f"{s.weight * 100:.1f} %",
                    f"{s.low * 100:.1f} %",
                    f"{s.high * 100:.1f} %",
                    s.change_down,
                    s.change_up,
                ]
                for s in report.sensitivity
            ],
            [2.4, 1, 1, 1, 2.5, 2.5],
            right=[1, 2, 3],
        ),
        Spacer(1, 6),
        _sensitivity_chart(report.sensitivity, pdf.frame_width),
        pdf.paragraph(
            "Barra azul: pesos con los que la lista no cambia; marca roja: peso actual.", "small"
        ),
        Spacer(1, 10),
        pdf.signatures(
            "Firmas del espacio de concertación",
            [
                ("", "Gerencia Regional de Desarrollo Económico", "Gerente regional"),
                ("", "Agencia Regional de Desarrollo", "Representante"),
                ("", "Mesa técnica PROCOMPITE", "Representante"),
            ],
        ),
    ]
    return pdf.render(story, target)


def _normalised(criteria) -> list[float]:
    total = sum(c.weight for c in criteria) or 1
    return [c.weight / total for c in criteria]


def _value(criterion, value) -> str:
    if value is None:
        return ""
    if criterion.kind == "flag":
        return "Sí" if value else "No"
    return f"{value:g}"
