"""The renderer every report uses: A4 geometry, fonts, a named stylesheet, header and footer
on every page, "Página X de Y", tables that repeat their header, signature blocks kept whole.

Every PDF is made for archiving: only embedded TrueType fonts, the document's metadata and
language, an outline entry per section, XMP metadata declaring PDF/A-2b and an sRGB output
intent."""

import contextlib
import io
import os
import re
import struct
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, pairwise
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTFont
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
from procompite.common.resources import resource_path
from procompite.documents.pdf.fonts import SYSTEM_FOLDERS, fonts
from procompite.documents.pdf.texts import SharedTexts

MARGIN = 18 * mm
HEADER_GREY = colors.HexColor("#e8eef4")
LINE = colors.HexColor("#7a8a99")
LANGUAGE = "es-PE"
HEADER_TOP = 8 * mm
LOGO_WIDTH = 20 * mm
LOGO_MIN_HEIGHT = 14 * mm
LOGO_MAX_WIDTH = 45 * mm
ENTITY_SIZE, ENTITY_LEADING = 8.5, 10.5
RIGHT_SIZE, RIGHT_LEADING = 8, 10
STREAM_LENGTH = re.compile(rb"/Length (\d+)")
ITALIC_FILES = {"italic": "DejaVuSans-Oblique.ttf", "bold_italic": "DejaVuSans-BoldOblique.ttf"}
STANDARD_FACES = {
    "Helvetica": "regular",
    "Helvetica-Bold": "bold",
    "Helvetica-Oblique": "italic",
    "Helvetica-BoldOblique": "bold_italic",
    "Times-Roman": "regular",
    "Times-Bold": "bold",
    "Times-Italic": "italic",
    "Times-BoldItalic": "bold_italic",
    "Courier": "regular",
    "Courier-Bold": "bold",
    "Courier-Oblique": "italic",
    "Courier-BoldOblique": "bold_italic",
}
_faces: dict[str, str] = {}
# Streams are Flate-compressed only: ASCII85 on top of it makes them a quarter bigger and slower
# to write, and PDF/A does not ask for it.
rl_config.useA85 = 0


@dataclass(frozen=True)
class ReportMeta:
    """What the header and footer of every page say, and the file's metadata: ``subject`` and
    ``keywords`` are derived from the rest when empty, ``bookmark`` names the document in the
    outline of a batch (its title when empty)."""

    title: str
    entity: str
    number: str = ""
    issued: str = ""
    verification: str = ""
    landscape: bool = False
    draft: bool = False
    logo: bytes | None = None
    subject: str = ""
    keywords: tuple[str, ...] = ()
    bookmark: str = ""

    def described(self) -> str:
        """The subject of the file: what the document is, by whom and of which date."""
        if self.subject:
            return self.subject
        issued = f", {self.issued}" if self.issued else ""
        return f"{self.title} — PROCOMPITE, {self.entity}{issued}"

    def key_words(self) -> list[str]:
        """The keywords of the file: the program, the law, the title, number and code."""
        if self.keywords:
            return list(self.keywords)
        words = ["PROCOMPITE", "Ley 29337", self.title, self.number]
        if self.verification:
            words.append(f"código de verificación {self.verification}")
        if self.draft:
            words.append("borrador")
        return [word for word in words if word]


def escape(text: object) -> str:
    """Text for a paragraph: markup characters escaped, and ``S/`` bound to its amount by a
    no-break space, so that a narrow column never leaves the currency alone on a line."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("S/ ", "S/\u00a0")
    )


def report_fonts() -> dict[str, str]:
    """Names of the regular, bold, italic and bold italic fonts of every report, all of the
    embedded TrueType family ``ReportSans`` (registered once); an italic whose file is missing
    is drawn with the upright face, never with a font the PDF does not embed."""
    if _faces:
        return _faces
    names = fonts()
    faces = {
        "regular": names["regular"],
        "bold": names["bold"],
        "italic": names["regular"],
        "bold_italic": names["bold"],
    }
    if isinstance(pdfmetrics.getFont(names["regular"]), TTFont):
        for face, file_name in ITALIC_FILES.items():
            folders = (resource_path("fonts"), *SYSTEM_FOLDERS)
            found = next((f / file_name for f in folders if (f / file_name).exists()), None)
            if found:
                name = "ReportSans-" + face.title().replace("_", "")
                pdfmetrics.registerFont(TTFont(name, str(found)))
                faces[face] = name
        pdfmetrics.registerFontFamily(
            names["regular"],
            normal=faces["regular"],
            bold=faces["bold"],
            italic=faces["italic"],
            boldItalic=faces["bold_italic"],
        )
    _faces.update(faces)
    return _faces


def make_styles() -> dict[str, ParagraphStyle]:
    names = report_fonts()
    base = ParagraphStyle(
        "body",
        fontName=names["regular"],
        bulletFontName=names["regular"],
        fontSize=9.5,
        leading=12.5,
    )
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
        "italic": ParagraphStyle("italic", parent=base, fontName=names["italic"]),
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


def table_style(commands: Sequence[tuple]) -> TableStyle:
    """The commands with the report's font for every cell, plain strings included."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), report_fonts()["regular"]), *commands])


@lru_cache(maxsize=8)
def logo_size(logo: bytes) -> tuple[float, float]:
    """Width and height of the logo in the header: 20 mm wide, wider for a wide logo so that it
    is at least 14 mm tall (up to 45 mm wide); the aspect ratio is kept."""
    pixels_wide, pixels_high = ImageReader(io.BytesIO(logo)).getSize()
    ratio = pixels_high / pixels_wide
    width = max(LOGO_WIDTH, min(LOGO_MAX_WIDTH, LOGO_MIN_HEIGHT / ratio))
    return width, width * ratio


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines of ``text`` within ``width``, broken between words, and inside a word only
    when the word alone is wider."""
    lines = []
    for line in simpleSplit(text, font, size, width):
        while len(line) > 1 and pdfmetrics.stringWidth(line, font, size) > width:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _block_height(lines: int, size: float, leading: float) -> float:
    return size + (lines - 1) * leading + 0.3 * size if lines else 0


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header of a page puts the logo, the entity's name (wrapped on the left) and
    the title and date (wrapped on the right, never under the name)."""

    logo: tuple[float, float] | None
    text_left: float
    entity: list[str]
    right: list[str]
    height: float

    @property
    def rule(self) -> float:
        """Distance from the top of the page to the line under the header."""
        return HEADER_TOP + self.height + 1.5 * mm

    @property
    def body_top(self) -> float:
        """Distance from the top of the page to the top of the body frame."""
        return self.rule + 5.5 * mm


def header_layout(meta: ReportMeta, page_width: float) -> HeaderLayout:
    names = report_fonts()
    logo = logo_size(meta.logo) if meta.logo else None
    text_left = MARGIN + (logo[0] + 4 * mm if logo else 0)
    available = page_width - MARGIN - text_left
    items = [item for item in (meta.title, meta.issued) if item]
    right_width = min(
        max(
            (pdfmetrics.stringWidth(item, names["regular"], RIGHT_SIZE) for item in items),
            default=0,
        ),
        0.4 * available,
    )
    right = [
        line
        for item in items
        for line in wrap_text(item, names["regular"], RIGHT_SIZE, right_width)
    ]
    entity = wrap_text(meta.entity, names["bold"], ENTITY_SIZE, available - right_width - 6 * mm)
    height = max(
        logo[1] if logo else 0,
        _block_height(len(entity), ENTITY_SIZE, ENTITY_LEADING),
        _block_height(len(right), RIGHT_SIZE, RIGHT_LEADING),
    )
    return HeaderLayout(logo, text_left, entity, right, height)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An ICC version 2 display profile of sRGB (IEC 61966-2.1): its primaries adapted to D50
    and its tone curve in 1024 points, for the output intent of the PDF."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    def text_type(text: str) -> bytes:
        return b"text" + bytes(4) + text.encode("ascii") + b"\0"

    def description(text: str) -> bytes:
        ascii_text = text.encode("ascii") + b"\0"
        return (
            b"desc"
            + bytes(4)
            + struct.pack(">I", len(ascii_text))
            + ascii_text
            + struct.pack(">II", 0, 0)
            + struct.pack(">HB", 0, 0)
            + bytes(67)
        )

    samples = [i / 1023 for i in range(1024)]
    curve = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in samples]
    tone = b"curv" + bytes(4) + struct.pack(">I1024H", 1024, *(round(v * 65535) for v in curve))
    tags = [
        (b"desc", description("sRGB IEC61966-2.1")),
        (b"cprt", text_type("Sin derechos reservados: de uso libre")),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.436066, 0.222488, 0.013916)),
        (b"gXYZ", xyz(0.385147, 0.716873, 0.097076)),
        (b"bXYZ", xyz(0.143066, 0.060608, 0.714096)),
        (b"rTRC", tone),
        (b"gTRC", tone),
        (b"bTRC", tone),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data, placed = [], b"", {}
    for signature, content in tags:
        if content not in placed:
            placed[content] = offset + len(data)
            data += content + bytes(-len(content) % 4)
        table.append(struct.pack(">4sII", signature, placed[content], len(content)))
    body = struct.pack(">I", len(tags)) + b"".join(table) + data
    header = struct.pack(
        ">I4sI4s4s4s6H4s4sI4sI8sI3i4s44s",
        128 + len(body),
        bytes(4),
        0x02100000,
        b"mntr",
        b"RGB ",
        b"XYZ ",
        2024,
        1,
        1,
        0,
        0,
        0,
        b"acsp",
        bytes(4),
        0,
        bytes(4),
        0,
        bytes(8),
        0,
        0xF6D6,
        0x10000,
        0xD32D,
        bytes(4),
        bytes(44),
    )
    return header + body


def _xmp_date(document) -> str:
    stamp = document._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    return (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
        f"{stamp.dhh:+03d}:{stamp.dmm:02d}"
    )


def xmp_packet(document) -> bytes:
    """The XMP metadata of the file: the same title, author, subject, keywords, tools and dates
    as its information dictionary, its language, and the PDF/A-2b identification."""
    info = document.info
    date = _xmp_date(document)
    values = {
        k: xml_escape(str(getattr(info, k)))
        for k in ("title", "author", "subject", "keywords", "creator", "producer")
    }
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""\n'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"\n'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        "<pdfaid:part>2</pdfaid:part>\n"
        "<pdfaid:conformance>B</pdfaid:conformance>\n"
        "<dc:format>application/pdf</dc:format>\n"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{values["title"]}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{values['author']}</rdf:li></rdf:Seq></dc:creator>\n"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{values["subject"]}'
        "</rdf:li></rdf:Alt></dc:description>\n"
        f"<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>\n"
        f"<pdf:Keywords>{values['keywords']}</pdf:Keywords>\n"
        f"<pdf:Producer>{values['producer']}</pdf:Producer>\n"
        "<pdf:Trapped>False</pdf:Trapped>\n"
        f"<xmp:CreatorTool>{values['creator']}</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{date}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


class Cancelled(Exception):
    """Raised from a section callback to stop building a batch."""


class SectionStart(Flowable):
    """Zero-size mark at the top of each document of a batch: the pages from here on carry its
    header, footer and page count, the outline of a batch gets the document's entry, and the
    callback learns that the document has started."""

    def __init__(
        self, meta: ReportMeta, callback: Callable[[], None] | None = None, bookmark: str = ""
    ):
        super().__init__()
        self.meta, self.callback, self.bookmark = meta, callback, bookmark

    def wrap(self, *_args) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.section_meta = self.meta
        self.canv.section += 1
        if self.bookmark:
            self.canv.outline_mark(self.bookmark, 0, *self.canv.absolutePosition(0, 0))
        if self.callback is not None:
            self.callback()


class Heading(Paragraph):
    """A section heading that adds its entry to the outline of the PDF where it is drawn: at
    the top level, or under its document's entry in a batch."""

    def __init__(self, text, style=None, *args, outline: str = "", **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.outline = outline

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            parts[0].outline = self.outline
        return parts

    def draw(self) -> None:
        mark = getattr(self.canv, "outline_mark", None)
        if self.outline and mark is not None:
            level = 1 if self.canv.outline_nested else 0
            mark(self.outline, level, *self.canv.absolutePosition(0, self.height))
        super().draw()


class NumberedCanvas(canvas.Canvas):
    """Draws header, footer and "Página X de Y" of every page once the pages of each document
    are known, so that each document of a batch is numbered on its own; binds the outline
    entries to their pages and adds the archival parts of the file when it is saved."""

    def __init__(self, *args, meta: ReportMeta, nested: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_meta = meta
        self.section = 0
        self.outline_nested = nested
        self._pages: list[dict] = []
        self._marks: list[tuple[str, int, float, float]] = []
        self._logos: dict[bytes, ImageReader] = {}

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        """A standard font asked for by reportlab itself (a drawing's default state, a table's
        plain cell) is drawn with the report's embedded face of the same weight and slant."""
        face = STANDARD_FACES.get(psfontname)
        super().setFont(report_fonts()[face] if face else psfontname, size, leading)

    def outline_mark(self, title: str, level: int, left: float, top: float) -> None:
        """An outline entry pointing at ``left``, ``top`` of the current page."""
        self._marks.append((title, level, left, top))

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        totals = Counter(state["section"] for state in self._pages)
        seen: Counter = Counter()
        entries = 0
        for state in self._pages:
            self.__dict__.update(state)
            seen[self.section] += 1
            self._decorate(seen[self.section], totals[self.section])
            for title, level, left, top in self._marks:
                entries += 1
                key = f"seccion-{entries}"
                self.bookmarkHorizontalAbsolute(key, top, left=left)
                self.addOutlineEntry(title, key, level)
            super().showPage()
        if entries:
            self.showOutline()
        self._archival()
        super().save()

    def _archival(self) -> None:
        """XMP metadata with the PDF/A-2b identification and the sRGB output intent; reportlab's
        catalog writes only the keys it knows, so ``OutputIntents`` is added to them."""
        document = self._doc
        catalog = document.Catalog
        catalog.Metadata = XMP(creator=xmp_packet)
        profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), filters=[PDFZCompress])
        catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
        catalog.OutputIntents = PDFArray(
            [
                PDFDictionary(
                    {
                        "Type": PDFName("OutputIntent"),
                        "S": PDFName("GTS_PDFA1"),
                        "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
                        "Info": PDFString("sRGB IEC61966-2.1"),
                        "RegistryName": PDFString("http://www.color.org"),
                        "DestOutputProfile": document.Reference(profile),
                    }
                )
            ]
        )

    def _decorate(self, page: int, total: int) -> None:
        meta: ReportMeta = self.section_meta
        width, height = self._pagesize
        layout = header_layout(meta, width)
        names = report_fonts()
        top = height - HEADER_TOP
        self.saveState()
        if meta.draft:
            self._watermark(width, height)
        if layout.logo:
            reader = self._logos.setdefault(meta.logo, ImageReader(io.BytesIO(meta.logo)))
            logo_width, logo_height = layout.logo
            self.drawImage(reader, MARGIN, top - logo_height, logo_width, logo_height, mask="auto")
        self.setFillColor(colors.HexColor("#1f3b57"))
        self.setFont(names["bold"], ENTITY_SIZE)
        block = _block_height(len(layout.entity), ENTITY_SIZE, ENTITY_LEADING)
        y = top - (layout.height - block) / 2 - ENTITY_SIZE
        for line in layout.entity:
            self.drawString(layout.text_left, y, line)
            y -= ENTITY_LEADING
        self.setFont(names["regular"], RIGHT_SIZE)
        block = _block_height(len(layout.right), RIGHT_SIZE, RIGHT_LEADING)
        y = top - (layout.height - block) / 2 - RIGHT_SIZE
        for line in layout.right:
            self.drawRightString(width - MARGIN, y, line)
            y -= RIGHT_LEADING
        self.setStrokeColor(LINE)
        self.line(MARGIN, height - layout.rule, width - MARGIN, height - layout.rule)
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
        bold = report_fonts()["bold"]
        self.setFillColor(colors.HexColor("#c0392b"))
        self.setFillAlpha(0.12)
        self.setFont(bold, 64)
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, -20, "BORRADOR")
        self.setFont(bold, 16)
        self.drawCentredString(0, -50, "sin valor oficial: no emitido")
        self.rotate(-45)
        self.translate(-width / 2, -height / 2)
        self.setFillAlpha(1)


@dataclass(frozen=True)
class BatchPart:
    """A run of documents of a batch printed on its own, to be joined with the others: the
    batch's metadata, the top of the body under the tallest header of the batch, the outline
    entry of each document of the run, and whether the batch has other parts."""

    info: dict
    top: float
    bookmarks: tuple[str, ...]
    joined: bool = False


class ReportRenderer:
    """Builds a PDF from a list of flowables, with the page decoration of every report."""

    def __init__(self, meta: ReportMeta, like: "ReportRenderer | None" = None):
        """``like``: a renderer of another document of the same batch, whose stylesheet and
        repeated texts this one shares."""
        self.meta = meta
        self.styles = like.styles if like else make_styles()
        self.texts = like.texts if like else SharedTexts()
        self.pagesize = landscape(A4) if meta.landscape else A4
        self.frame_width = self.pagesize[0] - 2 * MARGIN

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return self.texts.paragraph(text, self.styles[style])

    def heading(self, text: str) -> Paragraph:
        """The heading of a section, with its entry in the outline of the PDF."""
        return Heading(escape(text), self.styles["h1"], outline=text)

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
            return self.paragraph(escape(value), style)

        data = [[self.paragraph(escape(h), "cell_head") for h in header]]
        data += [
            [cell(value, i, n in bold_rows) for i, value in enumerate(row)]
            for n, row in enumerate(rows)
        ]
        total = sum(fractions)
        table = Table(
            data, colWidths=[self.frame_width * f / total for f in fractions], repeatRows=1
        )
        table.setStyle(
            table_style(
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
                self.paragraph(escape(label), "cell_head"),
                self.paragraph(escape(value), "cell"),
            ]
            for label, value in pairs
        ]
        table = Table(data, colWidths=[self.frame_width * 0.3, self.frame_width * 0.7])
        table.setStyle(
            table_style(
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
            table_style(
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
        part: BatchPart | None = None,
    ) -> bytes:
        """Several documents in one PDF, each with its own header, footer and page count, and
        in a batch its own entry in the outline with its sections under it.

        ``on_section(index)`` is called as each document starts; raising :class:`Cancelled`
        from it stops the build and writes nothing. The file appears whole or not at all.
        With ``part``, the documents are a run of a larger batch (see :meth:`batch_parts`).
        """
        sections = list(sections)
        if part is None:
            (part,) = self.batch_parts([meta for meta, _ in sections], [len(sections)])
        nested = len(part.bookmarks) > 1 or part.joined
        story: list[Flowable] = []
        for index, (meta, flowables) in enumerate(sections):
            if story:
                story.append(PageBreak())
            callback = None if on_section is None else partial(on_section, index)
            bookmark = part.bookmarks[index] if nested else ""
            story += [SectionStart(meta, callback, bookmark), *flowables]
        buffer = io.BytesIO()
        document = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=part.top,
            bottomMargin=18 * mm,
            **part.info,
            lang=LANGUAGE,
            initialFontName=report_fonts()["regular"],
        )
        frame = Frame(
            MARGIN, 18 * mm, self.frame_width, self.pagesize[1] - 18 * mm - part.top, id="body"
        )
        document.addPageTemplates([PageTemplate("page", [frame])])
        meta = self.meta
        document.build(
            story,
            canvasmaker=lambda *a, **k: NumberedCanvas(*a, meta=meta, nested=nested, **k),
        )
        data = end_streams_on_their_own_line(buffer.getvalue())
        if target is not None:
            write_whole(Path(target), data)
        return data

    def batch_parts(self, metas: Sequence[ReportMeta], sizes: Sequence[int]) -> list[BatchPart]:
        """The batch of the documents ``metas`` cut into runs of ``sizes`` documents, each to be
        printed on its own and then joined in order into the file the batch prints whole."""
        if sum(sizes) != len(metas):
            raise ValueError("the sizes do not add up to the documents")
        top = max(
            (header_layout(meta, self.pagesize[0]).body_top for meta in metas),
            default=header_layout(self.meta, self.pagesize[0]).body_top,
        )
        info = _info(self.meta, metas)
        bookmarks = _bookmarks(metas) if len(metas) > 1 else [""] * len(metas)
        starts = [0, *accumulate(sizes)]
        return [
            BatchPart(info, top, tuple(bookmarks[start:stop]), len(sizes) > 1)
            for start, stop in pairwise(starts)
        ]


def end_streams_on_their_own_line(data: bytes) -> bytes:
    """reportlab writes ``endstream`` right after the data of a stream, where PDF/A wants a line
    break that ``/Length`` does not count: the break is added before every ``endstream`` and
    the cross-reference table moved to the new offsets."""
    xref_at = int(data[data.rindex(b"startxref") + len(b"startxref") :].split()[0])
    keyword, subsection, _ = data[xref_at:].split(b"\n", 2)
    count = int(subsection.split()[1])
    entries_at = xref_at + len(keyword) + len(subsection) + 2
    entries = [data[entries_at + 20 * i : entries_at + 20 * (i + 1)] for i in range(count)]
    offsets = sorted(int(entry[:10]) for entry in entries if entry[17:18] == b"n")
    breaks = []
    for start, end in zip(offsets, [*offsets[1:], xref_at], strict=True):
        opening = data.find(b">>\nstream\n", start, end)
        length = STREAM_LENGTH.search(data, start, max(opening, start))
        if opening < 0 or length is None:
            continue
        closing = opening + len(b">>\nstream\n") + int(length.group(1))
        if data.startswith(b"endstream", closing):
            breaks.append(closing)
    if not breaks:
        return data

    def moved(offset: int) -> int:
        return offset + bisect_left(breaks, offset)

    pieces, previous = [], 0
    for position in breaks:
        pieces += [data[previous:position], b"\n"]
        previous = position
    pieces.append(data[previous:entries_at])
    for entry in entries:
        if entry[17:18] == b"n":
            entry = b"%010d" % moved(int(entry[:10])) + entry[10:]
        pieces.append(entry)
    trailer = data[entries_at + 20 * count :]
    at = trailer.rindex(b"startxref") + len(b"startxref")
    rest = trailer[at:].lstrip()
    pieces += [trailer[:at], b"\n%d" % moved(xref_at), rest[len(rest.split()[0]) :]]
    return b"".join(pieces)


def _bookmarks(metas: Sequence[ReportMeta]) -> list[str]:
    """The outline entry of each document of a batch; a repeated one gets its position."""
    names = [meta.bookmark or meta.title for meta in metas]
    repeated = Counter(names)
    return [
        f"{name}, documento {index + 1}" if repeated[name] > 1 else name
        for index, name in enumerate(names)
    ]


def _info(meta: ReportMeta, metas: Sequence[ReportMeta]) -> dict:
    """Title, author, subject, keywords and creator of the file; a batch is named by its first
    document and how many follow it, and its keywords gather those of every document."""
    title, subject = meta.title, meta.described()
    if len(metas) > 1:
        others = len(metas) - 1
        title += f" y {others} documento{'s' if others > 1 else ''} más"
        subject = f"{len(metas)} documentos en un archivo; el primero: {subject}"
    keywords = list(dict.fromkeys(word for each in (metas or [meta]) for word in each.key_words()))
    return {
        "title": title,
        "author": meta.entity,
        "subject": subject,
        "keywords": keywords,
        "creator": f"PROCOMPITE {__version__}",
    }


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


def render_letterhead_report(
    title: str,
    head,
    issued: str,
    story: Callable[[ReportRenderer], list[Flowable]],
    target: str | Path | None = None,
) -> bytes:
    """A report that is not a numbered act: the entity's letterhead (``head``), its title, the
    date it was printed, and the flowables ``story`` builds with the renderer."""
    pdf = ReportRenderer(
        ReportMeta(title=title, entity=head.entity or "PROCOMPITE", issued=issued, logo=head.logo)
    )
    return pdf.render(story(pdf), target)
