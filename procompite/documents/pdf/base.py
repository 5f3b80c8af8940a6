"""The renderer every report uses: A4 geometry, fonts, a named stylesheet, header and footer
on every page, "Página X de Y", tables that repeat their header, signature blocks kept whole."""

import contextlib
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from procompite import __version__
from procompite.documents.pdf.fonts import fonts

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
    draft: bool = False
    logo: bytes | None = None


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
            keepWithNext=1,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=bold, fontSize=8.5, leading=10.5
        ),
        "cell_head_right": ParagraphStyle(
            "cell_head_right",
            parent=base,
            fontName=bold,
            fontSize=8.5,
            leading=10.5,
            alignment=TA_RIGHT,
        ),
        "signature": ParagraphStyle(
            "signature", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER
        ),
    }


class Cancelled(Exception):
    """Raised from a section callback to stop building a batch."""


class SectionStart(Flowable):
    """Zero-size mark at the top of each document of a batch: the pages from here on carry its
    header, footer and page count, and the callback learns that the document has started."""

    def __init__(self, meta: ReportMeta, callback: Callable[[], None] | None = None):
        super().__init__()
        self.meta, self.callback = meta, callback

    def wrap(self, *_args) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.section_meta = self.meta
        self.canv.section += 1
        if self.callback is not None:
            self.callback()


class NumberedCanvas(canvas.Canvas):
    """Draws header, footer and "Página X de Y" of every page once the pages of each document
    are known, so that each document of a batch is numbered on its own."""

    def __init__(self, *args, meta: ReportMeta, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_meta = meta
        self.section = 0
        self._pages: list[dict] = []
        self._logos: dict[bytes, ImageReader] = {}

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(state["section"] for state in self._pages)
        seen: Counter = Counter()
        for state in self._pages:
            self.__dict__.update(state)
            seen[self.section] += 1
            self._decorate(seen[self.section], totals[self.section])
            super().showPage()
        super().save()

    def _decorate(self, page: int, total: int) -> None:
        meta: ReportMeta = self.section_meta
        width, height = self._pagesize
        names = fonts()
        self.saveState()
        if meta.draft:
            self._watermark(width, height)
        text_left = MARGIN
        if meta.logo:
            reader = self._logos.setdefault(meta.logo, ImageReader(io.BytesIO(meta.logo)))
            self.drawImage(
                reader,
                MARGIN,
                height - 15.5 * mm,
                9 * mm,
                9 * mm,
                preserveAspectRatio=True,
                mask="auto",
            )
            text_left += 11 * mm
        self.setFont(names["bold"], 8.5)
        self.setFillColor(colors.HexColor("#1f3b57"))
        self.drawString(text_left, height - 11 * mm, meta.entity)
        self.setFont(names["regular"], 8)
        self.drawRightString(width - MARGIN, height - 11 * mm, meta.title)
        if meta.issued:
            self.drawRightString(width - MARGIN, height - 14.5 * mm, meta.issued)
        self.setStrokeColor(LINE)
        self.line(MARGIN, height - 16.5 * mm, width - MARGIN, height - 16.5 * mm)
        self.setFont(names["regular"], 7.5)
        self.setFillColor(colors.HexColor("#4a5a6a"))
        left = []
        if meta.number:
            left.append(f"Documento {meta.number}")
        if meta.verification:
            left.append(f"Código de verificación {meta.verification}")
        left.append(f"PROCOMPITE {__version__}")
        self.drawString(MARGIN, 10 * mm, " · ".join(left))
        self.drawRightString(width - MARGIN, 10 * mm, f"Página {page} de {total}")
        self.restoreState()

    def _watermark(self, width: float, height: float) -> None:
        self.setFillColor(colors.HexColor("#c0392b"))
        self.setFillAlpha(0.12)
        self.setFont(fonts()["bold"], 64)
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, -20, "BORRADOR")
        self.setFont(fonts()["bold"], 16)
        self.drawCentredString(0, -50, "sin valor oficial: no emitido")
        self.rotate(-45)
        self.translate(-width / 2, -height / 2)
        self.setFillAlpha(1)


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
            style = ("cell_head" if bold else "cell") + ("_right" if column in right else "")
            return Paragraph(escape(value), self.styles[style])

        data = [[Paragraph(escape(h), self.styles["cell_head"]) for h in header]]
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
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
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

    def signatures(
        self, heading: str, signers: Sequence[tuple[str, str, str]], place: str = ""
    ) -> Flowable:
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
        lead = [self.heading(heading)]
        if place:
            lead.append(self.paragraph(escape(place)))
        if not cells:
            return KeepTogether([*lead, self.paragraph("Aún no hay firmantes: nadie ha evaluado.")])
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        for row in rows:
            row.extend([""] * (3 - len(row)))
        table = Table(rows, colWidths=[self.frame_width / 3] * 3)
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)]
            )
        )
        return KeepTogether([*lead, Spacer(1, 4), table])

    def render(self, story: list[Flowable], target: str | Path | None = None) -> bytes:
        """Build the PDF; write it to ``target`` when given; return its bytes."""
        return self.render_sections([(self.meta, story)], target)

    def render_sections(
        self,
        sections: Iterable[tuple[ReportMeta, list[Flowable]]],
        target: str | Path | None = None,
        on_section: Callable[[int], None] | None = None,
    ) -> bytes:
        """Several documents in one PDF, each with its own header, footer and page count.

        ``on_section(index)`` is called as each document starts; raising :class:`Cancelled`
        from it stops the build and writes nothing. The file appears whole or not at all.
        """
        story: list[Flowable] = []
        for index, (meta, flowables) in enumerate(sections):
            if story:
                story.append(PageBreak())
            callback = None if on_section is None else partial(on_section, index)
            story += [SectionStart(meta, callback), *flowables]
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
        document.addPageTemplates([PageTemplate("page", [frame])])
        meta = self.meta
        document.build(story, canvasmaker=lambda *a, **k: NumberedCanvas(*a, meta=meta, **k))
        data = buffer.getvalue()
        if target is not None:
            write_whole(Path(target), data)
        return data


def write_whole(target: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, so that it is never half written; when
    writing fails, the temporary file is removed and the error raised."""
    partial_file = target.with_name(target.name + ".part")
    try:
        partial_file.write_bytes(data)
        os.replace(partial_file, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial_file.unlink(missing_ok=True)
        raise
