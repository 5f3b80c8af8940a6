"""The archival form of every printed PDF: embedded fonts only, metadata and language, an
outline of the sections, the PDF/A-2b identification, and a header that holds a long entity
name beside the document's title and a logo drawn at a readable size."""

import io
import re
import struct
import zlib

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from procompite.calls.entity import letterhead, save_letterhead
from procompite.documents.dictamen_document import call_dictamenes, load_dictamen
from procompite.documents.pdf.acta import load_acta, render_acta
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, report_fonts
from procompite.documents.pdf.batch import one_file
from procompite.documents.pdf.dictamen import render_dictamen
from tests.pdf_outline import outline_entries
from tests.report_helpers import pages_text

PLAN = 3
ENTITY = (
    "Gobierno Regional Prueba, Gerencia Regional de Desarrollo Económico, Subgerencia de "
    "Promoción de la Competitividad Local"
)
STANDARD_FONTS = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
LOGO_PIXELS = (120, 100)


def png(width: int, height: int) -> bytes:
    """A small RGB PNG with a gradient, written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\0" + b"".join(bytes([x * 255 // width, 90, y * 255 // height]) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def long_letterhead(demo_db):
    assert len(ENTITY) == 120
    save_letterhead(demo_db, ENTITY, png(*LOGO_PIXELS), actor="Secretaría")
    return letterhead(demo_db)


@pytest.fixture
def drafts(demo_db, long_letterhead) -> dict[str, bytes]:
    """A draft dictamen (portrait) and a draft acta (landscape) with the long letterhead."""
    dictamen = load_dictamen(demo_db, PLAN)
    acta = load_acta(demo_db, 1)
    assert dictamen.draft and acta.draft
    return {
        "dictamen": render_dictamen(dictamen, long_letterhead),
        "acta": render_acta(acta, long_letterhead),
    }


def fonts_of(data: bytes) -> dict[str, bool]:
    """Every font in the resources of every page, and whether its program is embedded."""
    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for reference in page["/Resources"].get("/Font", {}).values():
            font = reference.get_object()
            descriptor = font.get("/FontDescriptor")
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"]).lstrip("/")] = embedded
    return found


def assert_archival_fonts(data: bytes) -> dict[str, bool]:
    found = fonts_of(data)
    assert found and all(found.values()), found
    assert not [n for n in found if n.split("+")[-1].startswith(STANDARD_FONTS)], found
    assert b"/Helvetica" not in data
    return found


def outline_of(data: bytes) -> list[tuple[int, str]]:
    return [(level, title) for level, title, _page in outline_entries(data)]


def test_every_font_of_the_drafts_is_embedded_and_none_is_a_standard_one(drafts):
    for data in drafts.values():
        found = assert_archival_fonts(data)
        assert {"DejaVuSans", "DejaVuSans-Bold"} <= {n.split("+")[-1] for n in found}


def test_italics_tables_bullets_and_drawings_are_drawn_with_embedded_fonts():
    pdf = ReportRenderer(ReportMeta("Prueba de fuentes", "Entidad", draft=True))
    drawing = Drawing(120, 20)
    drawing.add(String(0, 5, "Gráfico con la fuente por omisión"))
    story = [
        pdf.heading("Fuentes"),
        pdf.paragraph("Texto <i>en cursiva</i> y <b><i>en negrita cursiva</i></b>."),
        pdf.paragraph("Cursiva de estilo", "italic"),
        Paragraph("Con viñeta", pdf.styles["body"], bulletText="•"),
        Table([["celda sin estilo", "otra"]]),
        drawing,
    ]
    found = assert_archival_fonts(pdf.render(story))
    faces = {n.split("+")[-1] for n in found}
    assert {"DejaVuSans-Oblique", "DejaVuSans-BoldOblique"} <= faces
    assert report_fonts()["italic"] != report_fonts()["regular"]


def test_the_drafts_carry_metadata_language_and_the_pdfa_identification(drafts):
    for kind, data in drafts.items():
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        assert info.title.startswith(kind.capitalize()) and "(borrador)" in info.title
        assert info.author == ENTITY
        assert ENTITY in info.subject and info.title in info.subject
        assert "PROCOMPITE" in info["/Keywords"] and "borrador" in info["/Keywords"]
        assert info.creator.startswith("PROCOMPITE")
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "es-PE"
        xmp = reader.xmp_metadata
        assert xmp.dc_title == {"x-default": info.title}
        assert xmp.dc_creator == [ENTITY]
        assert xmp.dc_language == ["es-PE"]
        assert xmp.pdf_keywords == info["/Keywords"]
        assert xmp.xmp_creator_tool == info.creator
        raw = root["/Metadata"].get_object()
        assert "/Filter" not in raw
        packet = raw.get_data().decode("utf-8")
        assert "<pdfaid:part>2</pdfaid:part>" in packet
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in packet
        (intent,) = root["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3
        icc = profile.get_data()
        assert (
            icc[36:40] == b"acsp" and icc[16:20] == b"RGB " and len(icc) == int.from_bytes(icc[:4])
        )


def test_every_stream_ends_on_its_own_line_and_the_offsets_still_hold(drafts):
    for data in drafts.values():
        streams = list(re.finditer(rb"/Length (\d+)[^>]*>>\nstream\n", data))
        assert streams
        for stream in streams:
            end = stream.end() + int(stream.group(1))
            assert data[end : end + 10] == b"\nendstream"
        reader = PdfReader(io.BytesIO(data), strict=True)
        for number, offset in reader.xref[0].items():
            assert data[offset:].startswith(f"{number} 0 obj".encode())
        assert pages_text(data)


def test_the_outline_lists_the_sections_of_the_dictamen_and_the_acta(drafts):
    dictamen = outline_of(drafts["dictamen"])
    assert {level for level, _ in dictamen} == {0}
    titles = [title for _, title in dictamen]
    assert titles[0] == "1. Agente económico organizado"
    for section in ("2. Plan de negocio", "6. Calificación", "9. Dictamen"):
        assert section in titles
    assert any(title.endswith("Firmas del Comité de Evaluación") for title in titles)
    acta = [title for _, title in outline_of(drafts["acta"])]
    assert acta[0].startswith("1. Comité de Evaluación")
    assert any(title.endswith(". Planes ganadores") for title in acta)
    assert acta[-2].endswith("Firmas del Comité de Evaluación")
    assert acta[-1] == "Anexo: solidez del resultado"
    reader = PdfReader(io.BytesIO(drafts["dictamen"]))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_batch_has_one_entry_per_dictamen_with_its_sections_under_it(
    demo_db, long_letterhead, tmp_path
):
    documents = call_dictamenes(demo_db, 1, drafts=True)[:2]
    target = tmp_path / "todos.pdf"
    assert one_file(documents, long_letterhead, target)
    entries = outline_of(target.read_bytes())
    tops = [title for level, title in entries if level == 0]
    assert len(tops) == len(documents) == len(set(tops))
    assert all(title.startswith("Dictamen de evaluación") for title in tops)
    assert [title for level, title in entries if level == 1].count("9. Dictamen") == 2
    assert entries[0][0] == 0 and entries[1] == (1, "1. Agente económico organizado")
    reader = PdfReader(target)
    assert "y 1 documento más" in reader.metadata.title
    assert_archival_fonts(target.read_bytes())


def header_of(data: bytes):
    """The logo's drawn box and the text lines of the header on the first page."""
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), reader).operations
    boxes = [
        [float(v) for v in operations[i - 1][0]]
        for i, (_, operator) in enumerate(operations)
        if operator == b"Do" and operations[i - 1][1] == b"cm"
    ]
    (logo,) = boxes
    width, _, _, height, left, bottom = logo
    fragments = []

    def visit(text, cm, tm, _font, size):
        if text.strip() and cm[1] == 0:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((text.strip(), x, y, size))

    page.extract_text(visitor_text=visit)
    header = [f for f in fragments if f[2] >= bottom]
    body = [f for f in fragments if f[2] < bottom and f[2] > 40 * mm]
    return (left, bottom, width, height), header, body, float(page.mediabox.height)


def test_the_long_entity_name_wraps_beside_the_title_and_the_logo_is_readable(drafts):
    for kind, data in drafts.items():
        (left, bottom, width, height), header, body, page_height = header_of(data)
        assert width >= 20 * mm - 0.01, kind
        assert width / height == pytest.approx(LOGO_PIXELS[0] / LOGO_PIXELS[1], rel=1e-3)
        assert bottom + height <= page_height
        names = [f for f in header if f[3] == pytest.approx(8.5)]
        titles = [f for f in header if f[3] == pytest.approx(8)]
        assert len(names) >= 2, kind
        assert " ".join(text for text, *_ in names) == ENTITY
        assert len({y for _, _, y, _ in names}) == len(names)
        assert all(x >= left + width for _, x, _, _ in names)
        assert titles[0][0].endswith("(borrador)")
        right_block = min(x for _, x, _, _ in titles)
        bold = report_fonts()["bold"]
        for text, x, _, size in names:
            assert x + stringWidth(text, bold, size) < right_block, (kind, text)
        assert body and max(y for _, _, y, _ in body) < bottom
