"""The legal form of a call's acts: the norms they cite, the city they are signed in, and how and
until which working day they can be appealed — settings of the call, printed on every dictamen
and acta."""

import json
from datetime import date

from procompite.calls.entity import letterhead
from procompite.calls.legal import (
    DEFAULT_NORMS,
    DEFAULT_TERMS,
    appeal_deadline,
    read_legal,
    working_days_after,
)
from procompite.calls.store import load_definition, save_call
from procompite.documents.dictamen_document import load_dictamen
from procompite.documents.pdf.acta import load_acta, render_acta
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.lifecycle.bases import bases_record, check_bases
from tests.report_helpers import issue_ready, pages_text


def test_the_appeal_term_counts_working_days_past_fiestas_patrias():
    assert working_days_after(date(2026, 7, 24), 15) == date(2026, 8, 19)
    assert working_days_after(date(2026, 7, 27), 1) == date(2026, 7, 30)
    assert appeal_deadline(DEFAULT_TERMS, date(2026, 12, 4)) == date(2026, 12, 30)


def test_missing_terms_take_the_law_s_defaults_and_bad_ones_are_located():
    problems = []
    assert read_legal(None, problems) == DEFAULT_TERMS and problems == []
    terms = read_legal({"city": "Puerto Maldonado", "appeal_days": "10"}, problems)
    assert (terms.city, terms.appeal_days, terms.norms) == ("Puerto Maldonado", 10, DEFAULT_NORMS)
    read_legal({"appeal_days": 0, "norms": [{"number": ""}], "city": 5}, problems)
    assert [str(p) for p in problems] == [
        "Ciudad: debe ser un texto.",
        "Plazo (días hábiles): «0» no es un número de días hábiles entre 1 y 60.",
        "Norma 1, número: está vacío.",
    ]


def _set_terms(db, **changes) -> None:
    from dataclasses import replace

    definition = load_definition(db, 1)
    db.execute("UPDATE calls SET status = 'preparacion' WHERE id = 1")
    save_call(
        db, replace(definition, legal=replace(definition.legal, **changes)), call_id=1, actor="x"
    )
    db.execute("UPDATE calls SET status = 'evaluacion' WHERE id = 1")


def test_every_dictamen_and_acta_cites_its_basis_and_says_until_when_to_appeal(demo_db):
    _set_terms(demo_db, city="Cusco", appeal_days=10)
    number = issue_ready(demo_db)[0]
    plan_id = demo_db.execute(
        "SELECT plan_id FROM dictamenes WHERE number = ?", [number]
    ).fetchone()[0]
    document = load_dictamen(demo_db, plan_id)
    text = "\n".join(pages_text(render_dictamen(document, None)))
    flat = " ".join(text.split())
    assert "Base legal: Ley N.° 29337" in flat and "Decreto Supremo N.° 001-2021-PRODUCE" in flat
    assert "Recursos" in flat and "recurso de apelación" in flat and "10 días hábiles" in flat
    issued = date.fromisoformat(document.snapshot["fecha"])
    deadline = working_days_after(issued, 10)
    assert document.snapshot["base_legal"]["vence"] == deadline.isoformat()
    assert "el plazo vence el" in flat
    assert f"Cusco, {document.snapshot['fecha_texto']}" in flat
    acta = " ".join(
        "\n".join(pages_text(render_acta(load_acta(demo_db, 1), letterhead(demo_db)))).split()
    )
    assert "Base legal: Ley N.° 29337" in acta and "días hábiles siguientes" in acta
    assert "En Cusco, el" in acta


def test_the_legal_terms_travel_with_the_bases(demo_db):
    _set_terms(demo_db, city="Sicuani", appeal_kind="recurso de reconsideración")
    exported = bases_record(demo_db, 1)
    assert exported["legal"]["city"] == "Sicuani"
    imported = check_bases(demo_db, json.loads(json.dumps(exported, default=str)))
    assert imported.definition.legal == load_definition(demo_db, 1).legal
    assert imported.definition.legal.appeal_kind == "recurso de reconsideración"


def test_the_category_is_named_once(demo_db):
    number = issue_ready(demo_db)[0]
    plan_id = demo_db.execute(
        "SELECT plan_id FROM dictamenes WHERE number = ?", [number]
    ).fetchone()[0]
    text = " ".join(
        "\n".join(pages_text(render_dictamen(load_dictamen(demo_db, plan_id), None))).split()
    )
    assert "Límite Categoría B Plan" in text and "Límite Categoría Categoría" not in text
