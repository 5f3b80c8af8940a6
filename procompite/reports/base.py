"""The renderer every report uses: A4 geometry, fonts, a named stylesheet, header and footer
on every page, "Página X de Y", tables that repeat their header, signature blocks kept whole."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from procompite import __version__
from procompite.reports.fonts import fonts

MARGIN = 18 * mm
HEADER_GREY = colors.HexColor("#e8eef4")
LINE = colors.HexColor("#7a8a99")


@dataclass(frozen=True)
class ReportMeta:
    """What the header and footer of every page say."""

    title: str
    entity: str
    number: str = ""
    issued: str = ""
    verification: str = ""
    landscape: bool = False


def escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_styles() -> dict[str, ParagraphStyle]:
    names = fonts()
    base = ParagraphStyle("body", fontName=names["regular"], fontSize=9.5, leading=12.5)
    bold = names["bold"]
    return {
        "body": base,
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=19,
            alignment=TA_CENTER,
            spaceAfter=4,
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER, spaceAfter=10),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#1f3b57"),
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=bold, fontSize=8.5, leading=10.5
        ),
        "signature": ParagraphStyle(
            "signature", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER
        ),
    }


class NumberedCanvas(canvas.Canvas):
    """Draws "Página X de Y" once the number of pages is known."""

    def __init__(self, *args, meta: ReportMeta, **kwargs):
        super().__init__(*args, **kwargs)
        self.meta = meta
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _ = self._pagesize
        names = fonts()
        self.setFont(names["regular"], 7.5)
        self.setFillColor(colors.HexColor("#4a5a6a"))
        left = []
        if self.meta.number:
            left.append(f"Documento {self.meta.number}")
        if self.meta.verification:
            left.append(f"Código de verificación {self.meta.verification}")
        left.append(f"PROCOMPITE {__version__}")
        self.drawString(MARGIN, 10 * mm, " · ".join(left))
        self.drawRightString(width - MARGIN, 10 * mm, f"Página {self._pageNumber} de {total}")


class ReportRenderer:
    """Builds a PDF from a list of flowables, with the page decoration of every report."""

    def __init__(self, meta: ReportMeta):
        self.meta = meta
        self.styles = make_styles()
        self.pagesize = landscape(A4) if meta.landscape else A4
        self.frame_width = self.pagesize[0] - 2 * MARGIN

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.styles[style])

    def heading(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.styles["h1"])

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        fractions: Sequence[float],
        *,
        right: Sequence[int] = (),
        bold_rows: Sequence[int] = (),
    ) -> Table:
        """A table whose columns are fractions of the frame, wrapped cells, header repeated."""

        def cell(value: object, column: int, bold: bool) -> Paragraph:
            style = "cell_head" if bold else ("cell_right" if column in right else "cell")
            return Paragraph(escape(value), self.styles[style])

        data = [[cell(h, i, True) for i, h in enumerate(header)]]
        data += [
            [cell(value, i, n in bold_rows) for i, value in enumerate(row)]
            for n, row in enumerate(rows)
        ]
        total = sum(fractions)
        table = Table(
            data, colWidths=[self.frame_width * f / total for f in fractions], repeatRows=1
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
                    ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def key_values(self, pairs: Sequence[tuple[str, object]]) -> Table:
        """Label and value pairs in two columns."""
        data = [
            [
                Paragraph(escape(label), self.styles["cell_head"]),
                Paragraph(escape(value), self.styles["cell"]),
            ]
            for label, value in pairs
        ]
        table = Table(data, colWidths=[self.frame_width * 0.3, self.frame_width * 0.7])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8d2dc")),
                ]
            )
        )
        return table

    def signatures(self, heading: str, signers: Sequence[tuple[str, str, str]]) -> Flowable:
        """Name, second line (DNI or institution) and role for each signer, never split from
        its heading."""
        cells = []
        for name, second, role in signers:
            cells.append(
                Paragraph(
                    f"<br/><br/><br/>______________________________<br/><b>{escape(name)}</b><br/>"
                    f"{escape(second)}<br/>{escape(role)}",
                    self.styles["signature"],
                )
            )
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        for row in rows:
            row.extend([""] * (3 - len(row)))
        table = Table(rows, colWidths=[self.frame_width / 3] * 3)
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)]
            )
        )
        return KeepTogether([self.heading(heading), Spacer(1, 4), table])

    def _header(self, pdf: canvas.Canvas, _document) -> None:
        width, height = self.pagesize
        names = fonts()
        pdf.saveState()
        pdf.setFont(names["bold"], 8.5)
        pdf.setFillColor(colors.HexColor("#1f3b57"))
        pdf.drawString(MARGIN, height - 11 * mm, self.meta.entity)
        pdf.setFont(names["regular"], 8)
        pdf.drawRightString(width - MARGIN, height - 11 * mm, self.meta.title)
        if self.meta.issued:
            pdf.drawRightString(width - MARGIN, height - 14.5 * mm, self.meta.issued)
        pdf.setStrokeColor(LINE)
        pdf.line(MARGIN, height - 16 * mm, width - MARGIN, height - 16 * mm)
        pdf.restoreState()

    def render(self, story: list[Flowable], target: str | Path | None = None) -> bytes:
        """Build the PDF; write it to ``target`` when given; return its bytes."""
        buffer = io.BytesIO()
        document = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=22 * mm,
            bottomMargin=18 * mm,
            title=self.meta.title,
            author=self.meta.entity,
            creator="PROCOMPITE",
        )
        frame = Frame(MARGIN, 18 * mm, self.frame_width, self.pagesize[1] - 40 * mm, id="body")
        document.addPageTemplates([PageTemplate("page", [frame], onPage=self._header)])
        meta = self.meta
        document.build(story, canvasmaker=lambda *a, **k: NumberedCanvas(*a, meta=meta, **k))
        data = buffer.getvalue()
        if target is not None:
            Path(target).write_bytes(data)
        return data
