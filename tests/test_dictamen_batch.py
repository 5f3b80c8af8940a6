"""Printing all the dictámenes of a call on every core: the same pages, outline and metadata as
printed in one process, progress as runs are done, nothing left behind when cancelled; and the
repeated texts of a report drawn exactly as reportlab draws each one."""

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from procompite.calls.entity import letterhead
from procompite.documents.dictamen_document import call_dictamenes
from procompite.documents.pdf import batch
from procompite.documents.pdf.base import ReportMeta, ReportRenderer
from procompite.documents.pdf.batch import file_per_plan, one_file
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.documents.pdf.texts import SharedParagraph
from procompite.documents.pdf.workers import runs
from tests.pdf_outline import outline_entries
from tests.report_helpers import issue_ready, pages_text

HERE = 10**6


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """Two workers whatever the machine, so that the runs are always joined."""
    monkeypatch.setattr(batch, "cores", lambda: 2)


def call_documents(db):
    """The demo call's issued dictámenes and the drafts of its other plans: 19, some drafts."""
    issue_ready(db)
    documents = call_dictamenes(db, 1, drafts=True)
    assert len(documents) == 19 and any(d.draft for d in documents)
    return documents


def test_the_runs_keep_every_worker_busy_and_stay_short():
    assert runs(19, 2) == [3, 3, 3, 3, 3, 3, 1]
    assert sum(runs(500, 2)) == 500 and max(runs(500, 2)) == 25
    assert runs(3, 4) == [1, 1, 1] and runs(0, 2) == []


def test_printed_by_workers_the_file_has_the_pages_outline_and_metadata_of_one_process(
    demo_db, tmp_path
):
    documents = call_documents(demo_db)
    head = letterhead(demo_db)
    alone, shared = tmp_path / "un_proceso.pdf", tmp_path / "en_paralelo.pdf"
    assert one_file(documents, head, alone, parallel_from=HERE)
    seen = []
    done = one_file(documents, head, shared, lambda *step: seen.append(step), parallel_from=2)
    assert done
    expected, printed = alone.read_bytes(), shared.read_bytes()
    assert pages_text(printed) == pages_text(expected)
    assert outline_entries(printed) == outline_entries(expected)
    assert sum(level == 0 for level, _, _ in outline_entries(printed)) == len(documents)
    first, joined = PdfReader(io.BytesIO(expected)), PdfReader(io.BytesIO(printed))
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer"):
        assert joined.metadata[key] == first.metadata[key]
    assert "y 18 documentos más" in joined.metadata.title
    assert joined.xmp_metadata.dc_title == {"x-default": joined.metadata.title}
    root = joined.trailer["/Root"]
    assert root["/Lang"] == "es-PE" and root["/PageMode"] == "/UseOutlines"
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    for stream in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\n", printed):
        end = stream.end() + int(stream.group(1))
        assert printed[end : end + 10] == b"\nendstream"
    numbers = [step[0] for step in seen]
    assert numbers == sorted(numbers) and seen[-1] == (19, 19, "")
    assert (19, 19, f"Dictamen 19 de 19: {documents[-1].plan_code}") in seen
    assert (3, 19, f"Dictamen 3 de 19: {documents[2].plan_code}") in seen
    assert not list(tmp_path.glob("*.part"))


def test_cancelling_the_workers_leaves_no_file(demo_db, tmp_path):
    documents = call_documents(demo_db)
    folder = tmp_path / "salida"
    folder.mkdir()
    target = folder / "todos.pdf"
    seen = []
    done = one_file(
        documents,
        letterhead(demo_db),
        target,
        lambda *step: seen.append(step),
        cancelled=lambda: len(seen) >= 2,
        parallel_from=2,
    )
    assert done is False
    assert len(seen) == 2
    assert list(folder.iterdir()) == []


def test_one_file_per_plan_by_the_workers_writes_each_dictamen_and_stops_when_cancelled(
    demo_db, tmp_path
):
    documents = call_documents(demo_db)
    head = letterhead(demo_db)
    written = file_per_plan(documents, head, tmp_path / "todos", parallel_from=2)
    assert [path.name for path in written] == [d.file_name for d in documents]
    for path, document in zip(written, documents, strict=True):
        alone = PdfReader(io.BytesIO(render_dictamen(document, head))).pages
        pages = PdfReader(path).pages
        assert [page.get_contents().get_data() for page in pages] == [
            page.get_contents().get_data() for page in alone
        ]
    folder = tmp_path / "parcial"
    seen = []
    stopped = file_per_plan(
        documents,
        head,
        folder,
        lambda *step: seen.append(step),
        cancelled=lambda: len(seen) >= 2,
        parallel_from=2,
    )
    assert 0 < len(stopped) < len(documents)
    assert sorted(folder.iterdir()) == sorted(stopped)
    names = [d.file_name for d in documents]
    assert [path.name for path in stopped] == sorted(
        (path.name for path in stopped), key=names.index
    )


def test_repeated_texts_are_drawn_exactly_as_reportlab_draws_each_one():
    def story(pdf: ReportRenderer) -> list:
        rows = [
            [f"{n % 4}.00", "Cumple", "S/ 1,000.00", "Texto repetido en cada fila"]
            for n in range(90)
        ]
        long = "Un párrafo largo que se repite y se corta entre dos páginas. " * 40
        return [
            pdf.paragraph("Título centrado", "title"),
            pdf.table(["Puntaje", "Resultado", "Monto", "Nota"], rows, [1, 1, 1, 2], right=(0, 2)),
            *(pdf.paragraph(long) for _ in range(3)),
            pdf.paragraph("Con <b>negrita</b> y un <i>énfasis</i>."),
            pdf.paragraph("Título centrado", "title"),
        ]

    meta = ReportMeta("Prueba", "Entidad")
    shared = ReportRenderer(meta)
    assert isinstance(shared.paragraph("Cumple", "cell"), SharedParagraph)
    plain = ReportRenderer(meta)
    plain.texts.paragraph = lambda text, style: Paragraph(text, style)
    mine = PdfReader(io.BytesIO(shared.render(story(shared)))).pages
    theirs = PdfReader(io.BytesIO(plain.render(story(plain)))).pages
    assert len(mine) == len(theirs) >= 3
    for page, expected in zip(mine, theirs, strict=True):
        assert page.get_contents().get_data() == expected.get_contents().get_data()
