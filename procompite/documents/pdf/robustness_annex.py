"""The acta's annex on how robust its result is (:mod:`procompite.evaluation.robustness`),
printed from the part the acta froze: the verdict line of each category, the cuadros de mérito
without each evaluator and with the other consolidation, each evaluator's severity with a
chart, and the margin at each category's cut with a chart."""

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from procompite.documents.pdf.base import ReportRenderer, escape
from procompite.documents.pdf.fonts import fonts
from procompite.documents.robustness_rows import (
    MARGIN_HEADERS,
    SCENARIO_HEADERS,
    SEVERITY_HEADERS,
    margin_rows,
    scenario_rows,
    severity_rows,
)

HARSH = colors.HexColor("#b5523b")
LENIENT = colors.HexColor("#2f6690")
GAP = colors.HexColor("#2f6690")
COST = colors.HexColor("#c9a227")
AXIS = colors.HexColor("#7a8793")


def _number(text: str) -> float:
    return float(text) if text else 0.0


def severity_chart(rows: list[dict], width: float) -> Drawing:
    """Each evaluator's average deviation from the others as a bar from a zero line: to the
    left (harsher) or to the right (more lenient), with its figure."""
    font, bold = fonts()["regular"], fonts()["bold"]
    label_width, row_height = 190, 20
    values = [_number(row["desviacion_promedio"]) for row in rows]
    largest = max((abs(v) for v in values), default=0) or 1
    half = (width - label_width - 60) / 2
    zero = label_width + 30 + half
    height = len(rows) * row_height + 30
    drawing = Drawing(width, height)
    top = height - 4
    for row, value in zip(rows, values, strict=True):
        middle = top - row_height / 2
        drawing.add(
            String(
                label_width - 6,
                middle - 3,
                row["evaluador"],
                fontName=bold,
                fontSize=8,
                textAnchor="end",
            )
        )
        length = half * abs(value) / largest
        start = zero - length if value < 0 else zero
        color = HARSH if value < 0 else LENIENT
        drawing.add(Rect(start, middle - 6, length, 12, fillColor=color, strokeColor=None))
        text = row["desviacion_promedio"] or "—"
        anchor, x = ("end", start - 4) if value < 0 else ("start", start + length + 4)
        drawing.add(String(x, middle - 3, text, fontName=font, fontSize=7.5, textAnchor=anchor))
        top -= row_height
    drawing.add(Line(zero, 18, zero, height - 2, strokeColor=AXIS, strokeWidth=0.6))
    for color, text, x in (
        (HARSH, "Más severo que los demás", zero - half),
        (LENIENT, "Más benévolo que los demás", zero + 20),
    ):
        drawing.add(Rect(x, 4, 9, 9, fillColor=color, strokeColor=None))
        drawing.add(String(x + 13, 6, text, fontName=font, fontSize=7.5))
    return drawing


def margin_chart(rows: list[dict], width: float) -> Drawing:
    """Per category, the gap between the last winner and the first accesitario, and the fewest
    points one evaluator would have to change to swap them."""
    font, bold = fonts()["regular"], fonts()["bold"]
    label_width, row_height = 150, 30
    shown = [row for row in rows if row["diferencia"]]
    largest = (
        max((max(_number(r["diferencia"]), _number(r["puntos_minimos"])) for r in shown), default=0)
        or 1
    )
    bar_width = width - label_width - 120
    height = len(shown) * row_height + 24
    drawing = Drawing(width, height)
    top = height - 4
    for row in shown:
        middle = top - row_height / 2
        drawing.add(
            String(
                label_width - 6,
                middle - 3,
                row["nombre"],
                fontName=bold,
                fontSize=8,
                textAnchor="end",
            )
        )
        for offset, value, color, text in (
            (3, row["diferencia"], GAP, f"diferencia {row['diferencia']}"),
            (
                -9,
                row["puntos_minimos"],
                COST,
                f"un evaluador: {row['puntos_minimos']}" if row["posible"] else "no es posible",
            ),
        ):
            length = bar_width * _number(value) / largest
            drawing.add(
                Rect(label_width, middle + offset, length, 9, fillColor=color, strokeColor=None)
            )
            drawing.add(
                String(
                    label_width + length + 4, middle + offset + 1, text, fontName=font, fontSize=7.5
                )
            )
        top -= row_height
    x = label_width
    for color, text in (
        (GAP, "Diferencia de puntaje final"),
        (COST, "Puntos que un evaluador tendría que cambiar"),
    ):
        drawing.add(Rect(x, 4, 9, 9, fillColor=color, strokeColor=None))
        drawing.add(String(x + 13, 6, text, fontName=font, fontSize=7.5))
        x += 170
    return drawing


def _scenarios(pdf: ReportRenderer, record: dict) -> list[Flowable]:
    return [
        pdf.paragraph(
            "<b>Cuadros de mérito alternativos.</b> Cada fila rehace la consolidación, los "
            "veredictos y la asignación del presupuesto con las mismas bases, bonificaciones y "
            "desempates, sin las calificaciones de un evaluador o con el otro método de "
            "consolidación, y dice qué planes entrarían o saldrían de los ganadores. Los planes "
            "que sin ese evaluador quedarían bajo el quórum se calculan con las fichas restantes "
            "y se listan."
        ),
        pdf.table(
            SCENARIO_HEADERS,
            scenario_rows(record),
            [3.2, 1.5, 2.2, 2.2, 2.0],
        ),
    ]


def _severity(pdf: ReportRenderer, record: dict) -> list[Flowable]:
    rows = record["severidad"]
    part = [
        pdf.paragraph(
            "<b>Severidad de cada evaluador.</b> En cada plan que calificó, su total menos el "
            "promedio de los totales de los demás evaluadores del mismo plan; la tabla da el "
            "promedio, el mínimo y el máximo de esas diferencias, en puntos. Una cifra negativa "
            "es un evaluador más severo que los demás; positiva, más benévolo."
        ),
        pdf.table(
            SEVERITY_HEADERS,
            severity_rows(record),
            [4, 1, 1.6, 1.2, 1.2],
            right=(1, 2, 3, 4),
        ),
        Spacer(1, 4),
        severity_chart(rows, pdf.frame_width),
    ]
    return [Spacer(1, 6), KeepTogether(part)]


def _margins(pdf: ReportRenderer, record: dict) -> list[Flowable]:
    part = [
        pdf.paragraph(
            "<b>Margen en el corte.</b> En cada categoría, la diferencia de puntaje final entre "
            "el último ganador y el primer accesitario, y los puntos que un solo evaluador "
            "tendría que cambiar en sus propias calificaciones (subiendo las del accesitario o "
            "bajando las del ganador, dentro de la escala de cada criterio) para que el "
            "accesitario lo supere."
        ),
        pdf.table(
            MARGIN_HEADERS,
            margin_rows(record),
            [1.6, 2.0, 2.0, 1.0, 3.2],
            right=(3,),
        ),
        Spacer(1, 4),
        margin_chart(record["margenes"], pdf.frame_width),
    ]
    return [Spacer(1, 6), KeepTogether(part)]


def robustness_annex(pdf: ReportRenderer, record: dict) -> list[Flowable]:
    """The annex, or a line saying why there is nothing to measure."""
    story: list[Flowable] = [
        PageBreak(),
        pdf.heading("Anexo: solidez del resultado"),
        pdf.paragraph(
            f"Calculado con las calificaciones enviadas de los {record['planes_decididos']} "
            "planes decididos de la convocatoria, consolidadas por "
            f"{escape(record['consolidacion'])} como dicen sus bases. Se rehace igual con los "
            "mismos datos."
        ),
    ]
    if record["mensaje"]:
        return [*story, pdf.paragraph(record["mensaje"])]
    story += [
        pdf.paragraph(f"<b>{escape(v['nombre'])}:</b> {escape(v['texto'])}")
        for v in record["veredictos"]
    ]
    return [*story, *_scenarios(pdf, record), *_severity(pdf, record), *_margins(pdf, record)]
