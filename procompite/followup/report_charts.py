"""The charts of the follow-up report: grouped horizontal bars, one group per row (a plan, a
budget line, a call), one bar per series (budgeted and executed; before, after and projected),
each bar labelled with its figure."""

from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from procompite.documents.pdf.fonts import fonts

SERIES_COLORS = (
    colors.HexColor("#9aa9b8"),
    colors.HexColor("#2f6690"),
    colors.HexColor("#c9a227"),
)
AXIS = colors.HexColor("#7a8793")
BAR = 8


def grouped_bars(
    rows: Sequence[tuple[str, Sequence[int | None]]],
    series: Sequence[str],
    width: float,
    shown: Callable[[int], str],
) -> Drawing:
    """``rows`` of (label, one value per series); a missing value draws no bar and says «—»."""
    font, bold = fonts()["regular"], fonts()["bold"]
    label_width = min(200, width * 0.32)
    group = BAR * len(series) + 8
    largest = max((v for _, values in rows for v in values if v), default=0) or 1
    bar_room = width - label_width - 95
    height = len(rows) * group + 26
    drawing = Drawing(width, height)
    top = height - 4
    for label, values in rows:
        text = label if len(label) <= 42 else label[:41] + "…"
        drawing.add(
            String(
                label_width - 6,
                top - group / 2 - 3,
                text,
                fontName=bold,
                fontSize=7.5,
                textAnchor="end",
            )
        )
        for index, value in enumerate(values):
            y = top - 4 - (index + 1) * BAR
            length = bar_room * (value or 0) / largest
            drawing.add(
                Rect(
                    label_width,
                    y,
                    length,
                    BAR - 1,
                    fillColor=SERIES_COLORS[index % len(SERIES_COLORS)],
                    strokeColor=None,
                )
            )
            drawing.add(
                String(
                    label_width + length + 3,
                    y + 1,
                    "—" if value is None else shown(value),
                    fontName=font,
                    fontSize=6.5,
                )
            )
        top -= group
    drawing.add(Line(label_width, 20, label_width, height - 2, strokeColor=AXIS, strokeWidth=0.6))
    x = label_width
    for index, name in enumerate(series):
        drawing.add(
            Rect(x, 4, 9, 9, fillColor=SERIES_COLORS[index % len(SERIES_COLORS)], strokeColor=None)
        )
        drawing.add(String(x + 13, 6, name, fontName=font, fontSize=7.5))
        x += 20 + 5.2 * len(name)
    return drawing
