"""The printed dictamen: every figure from the data, draft marking, long tables, batches."""

import io
import json
from collections import Counter
from dataclasses import replace

import pytest
from pypdf import PdfReader

from procompite.calls.entity import Letterhead, letterhead, save_letterhead
from procompite.common.errors import ValidationError
from procompite.documents.dictamen_document import (
    DictamenDocument,
    call_dictamenes,
    load_dictamen,
)
from procompite.documents.pdf.batch import file_per_plan, one_file
from procompite.documents.pdf.dictamen import render_dictamen
from tests.report_helpers import issue_ready, pages_text

PLAN = 3


def test_issued_dictamen_shows_every_figure_name_and_code(demo_db, tmp_path):
    issue_ready(demo_db)
    document = load_dictamen(demo_db, PLAN)
    target = tmp_path / "dictamen.pdf"
    render_dictamen(document, letterhead(demo_db), target)
    pages = pages_text(target.read_bytes())
    text = "\n".join(pages)
    organization = demo_db.execute(
        "SELECT o.name, o.ruc FROM plans p JOIN organizations o ON o.id = p.organization_id "
        "WHERE p.id = ?",
        [PLAN],
    ).fetchone()
    assert organization[0] in text and organization[1] in text
    assert "Página 1 de" in pages[0]
    assert all(f"de {len(pages)}" in page for page in pages)
    assert document.code and document.code in text
    assert "APTO" in text and document.snapshot["veredicto"]["puntaje"] in text
    signers = demo_db.execute(
        "SELECT c.full_name FROM evaluations e JOIN committee_members c "
        "ON c.id = e.committee_member_id WHERE e.plan_id = ? AND e.status = 'enviada'",
        [PLAN],
    ).fetchall()
    assert len(signers) == 5
    assert all(name in text for (name,) in signers)
    raw = Counter(
        f"{points:.2f}"
        for (points,) in demo_db.execute(
            "SELECT s.points FROM scores s JOIN evaluations e ON e.id = s.evaluation_id "
            "WHERE e.plan_id = ? AND e.status = 'enviada'",
            [PLAN],
        )
    )
    printed = Counter(text.split())
    assert all(printed[value] >= count for value, count in raw.items())
    evaluation = document.snapshot["evaluacion"]
    assert evaluation["total"] in text
    assert all(c["consolidado"] in printed for c in evaluation["criterios"])
    assert all(total in printed for total in evaluation["totales"].values())


def test_a_plan_without_an_issued_dictamen_prints_a_marked_draft(demo_db):
    document = load_dictamen(demo_db, PLAN)
    assert document.draft
    text = "\n".join(pages_text(render_dictamen(document, Letterhead())))
    assert "BORRADOR" in text and "Código de verificación" not in text.split("Firmas")[0]
    assert "(borrador)" in text


def test_a_plan_not_in_evaluation_has_no_dictamen(demo_db):
    draft_plan = demo_db.execute("SELECT id FROM plans WHERE status = 'borrador'").fetchone()[0]
    with pytest.raises(LookupError):
        load_dictamen(demo_db, draft_plan)


def test_forty_budget_lines_span_pages_with_the_header_repeated(demo_db):
    issue_ready(demo_db)
    document = load_dictamen(demo_db, PLAN)
    snapshot = json.loads(json.dumps(document.snapshot))
    line = snapshot["presupuesto"]["partidas"][0]
    snapshot["presupuesto"]["partidas"] = [
        line | {"concepto": f"Partida número {n} con una descripción larga que ocupa dos líneas"}
        for n in range(1, 41)
    ]
    pages = pages_text(render_dictamen(replace(document, snapshot=snapshot), Letterhead()))
    with_header = [p for p in pages if "Costo unit." in p]
    assert len(with_header) >= 2
    assert "Partida número 40" in "\n".join(pages)


def test_one_file_numbers_each_dictamen_on_its_own(demo_db, tmp_path):
    numbers = issue_ready(demo_db)
    documents = call_dictamenes(demo_db, 1)
    assert sorted(d.number for d in documents) == sorted(numbers)
    target = tmp_path / "todos.pdf"
    assert one_file(documents, letterhead(demo_db), target)
    pages = pages_text(target.read_bytes())
    firsts = [p for p in pages if "Página 1 de" in p]
    assert len(firsts) == len(documents)
    for document in documents:
        assert any(document.code in p and "Página 1 de" in p for p in pages)


def test_cancelled_single_file_writes_nothing(demo_db, tmp_path):
    issue_ready(demo_db)
    target = tmp_path / "todos.pdf"
    seen = []
    done = one_file(
        call_dictamenes(demo_db, 1),
        Letterhead(),
        target,
        progress=lambda d, t, text: seen.append(d),
        cancelled=lambda: len(seen) >= 3,
    )
    assert done is False
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_file_per_plan_writes_one_pdf_per_dictamen_and_stops_when_cancelled(demo_db, tmp_path):
    issue_ready(demo_db)
    documents = call_dictamenes(demo_db, 1)
    written = file_per_plan(documents, Letterhead(), tmp_path / "todos")
    assert len(written) == len(documents) == 12
    assert all(path.read_bytes().startswith(b"%PDF") for path in written)
    stopped = file_per_plan(
        documents,
        Letterhead(),
        tmp_path / "parcial",
        cancelled=lambda: len(list((tmp_path / "parcial").glob("*.pdf"))) >= 2,
    )
    assert len(stopped) == 2


def test_drafts_are_added_for_plans_in_evaluation_without_dictamen(demo_db):
    issue_ready(demo_db)
    documents = call_dictamenes(demo_db, 1, drafts=True)
    assert sum(d.draft for d in documents) == 7
    assert sum(not d.draft for d in documents) == 12


def test_letterhead_logo_is_printed_and_a_bad_image_is_refused(demo_db, tmp_path):
    from PIL import Image

    image = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), "#1f3b57").save(image)
    save_letterhead(demo_db, "Gobierno Regional del Cusco", image.read_bytes(), actor="admin")
    head = letterhead(demo_db)
    assert head.entity == "Gobierno Regional del Cusco" and head.logo

    data = render_dictamen(load_dictamen(demo_db, PLAN), head)
    first = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first.images) == 1
    assert "Gobierno Regional del Cusco" in first.extract_text()
    with pytest.raises(ValidationError) as refused:
        save_letterhead(demo_db, "GR", b"no es una imagen", actor="admin")
    assert refused.value.problems[0].field == "Logo"
    assert letterhead(demo_db).logo == head.logo


def test_document_keeps_the_snapshot_it_was_issued_with(demo_db):
    issue_ready(demo_db)
    document = load_dictamen(demo_db, PLAN)
    stored = demo_db.execute(
        "SELECT snapshot FROM dictamenes WHERE plan_id = ?", [PLAN]
    ).fetchone()[0]
    assert document.snapshot == json.loads(stored)
    assert isinstance(document, DictamenDocument) and not document.draft
