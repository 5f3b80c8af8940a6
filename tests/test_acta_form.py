"""The acta and the dictamen say where each accesitario stands and what the call leaves unused:
waiting-list numbers per category, winners and accesitarios category by category, the grand
total against the authorised amount."""

from decimal import Decimal

from procompite.calls.entity import letterhead
from procompite.common.money import from_cents
from procompite.documents.dictamen_document import load_dictamen
from procompite.documents.pdf.acta import load_acta, render_acta
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.evaluation.results import call_results
from tests.report_helpers import ISSUED_ON, issue_demo_acta, pages_text


def _soles(text: str) -> Decimal:
    return Decimal(text.removeprefix("S/ ").replace(",", ""))


def test_accesitarios_are_listed_by_category_with_their_waiting_number(demo_db):
    issue_demo_acta(demo_db)
    snapshot = load_acta(demo_db, 1).snapshot
    waiting = [(row["categoria"], row["espera"]) for row in snapshot["accesitarios"]]
    by_category: dict[str, list[int]] = {}
    for category, place in waiting:
        by_category.setdefault(category, []).append(place)
    assert by_category and all(
        places == list(range(1, len(places) + 1)) for places in by_category.values()
    )
    categories = [row["categoria"] for row in snapshot["ganadores"]]
    assert categories == sorted(categories, key=categories.index)
    text = " ".join(
        "\n".join(pages_text(render_acta(load_acta(demo_db, 1), letterhead(demo_db)))).split()
    )
    assert "N.° en espera" in text


def test_the_grand_total_is_the_sum_of_the_allocations(demo_db):
    issue_demo_acta(demo_db)
    snapshot = load_acta(demo_db, 1).snapshot
    results = call_results(demo_db, 1, ISSUED_ON)
    assigned = sum(plan.allocation.amount_cents for plan in results.ranking)
    total = snapshot["total"]
    assert _soles(total["asignado"]) == from_cents(assigned)
    assert _soles(total["asignado"]) + _soles(total["saldo"]) == _soles(total["presupuesto"])
    assert _soles(total["asignado"]) == sum(_soles(pool["asignado"]) for pool in snapshot["bolsas"])
    text = " ".join(
        "\n".join(pages_text(render_acta(load_acta(demo_db, 1), letterhead(demo_db)))).split()
    )
    assert f"se asigna {total['asignado']} del monto autorizado de {total['presupuesto']}" in text


def test_an_accesitario_s_dictamen_gives_its_place_in_the_waiting_list(demo_db):
    issue_demo_acta(demo_db)
    accesitario = load_acta(demo_db, 1).snapshot["accesitarios"][0]
    plan_id = demo_db.execute(
        "SELECT id FROM plans WHERE code = ?", [accesitario["codigo"]]
    ).fetchone()[0]
    document = load_dictamen(demo_db, plan_id)
    assert document.snapshot["asignacion"]["espera"] == accesitario["espera"]
    text = " ".join("\n".join(pages_text(render_dictamen(document, None))).split())
    assert f"accesitario N.° {accesitario['espera']}" in text
