"""Affirmative points: a call's bonus rules, earned from the padrón and the plan's district,
printed apart from the technical score, never lifting a failing plan, kept in the bases."""

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from procompite.calls.bonuses import read_rules
from procompite.calls.entity import Entity, letterhead, save_entity
from procompite.calls.store import load_definition, save_call
from procompite.common.errors import ValidationError
from procompite.documents.dictamen_document import load_dictamen
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.evaluation.bonus import rule_points
from procompite.evaluation.results import call_results, save_ranking
from procompite.evaluation.verdicts import consolidate_plan, withdraw_verdict
from procompite.lifecycle.bases import bases_record, import_bases
from tests.report_helpers import pages_text

CALL = 1
SECRETARY = "Luz Marina Zamalloa Torres"
WOMEN = {
    "name": "Mujeres",
    "source": "women_share",
    "formula": "tramos",
    "points": "1",
    "threshold": "30",
    "step": "10",
    "cap": "3",
}
POVERTY = {
    "name": "Pobreza",
    "source": "district_poverty",
    "formula": "umbral",
    "points": "2",
    "threshold": "40",
}


def _rules(*raw: dict):
    problems = []
    rules = read_rules(list(raw), problems)
    assert problems == []
    return rules


def _set_bases(db, **changes) -> None:
    """Give the demo call other bases, as its secretary would have while preparing it."""
    db.execute("UPDATE calls SET status = 'preparacion' WHERE id = ?", [CALL])
    save_call(db, replace(load_definition(db, CALL), **changes), call_id=CALL, actor=SECRETARY)
    db.execute("UPDATE calls SET status = 'evaluacion' WHERE id = ?", [CALL])


def _decide_again(db) -> None:
    for plan in call_results(db, CALL).plans:
        if plan.verdict:
            withdraw_verdict(db, plan.plan_id, plan.round, reason="bases nuevas", actor=SECRETARY)
            consolidate_plan(db, plan.plan_id, actor=SECRETARY)


def _plan(db, code: str):
    return next(plan for plan in call_results(db, CALL).plans if plan.code == code)


def _padron(db, plan_id: int) -> tuple[int, int]:
    return db.execute(
        "SELECT count(*), sum(m.sex = 'F') FROM members m JOIN plans p "
        "ON p.organization_id = m.organization_id WHERE p.id = ?",
        [plan_id],
    ).fetchone()


def test_a_plan_in_a_poor_district_earns_the_points_printed_with_their_figure(demo_db):
    poor = demo_db.execute(
        "SELECT id, name, poverty_pct FROM districts WHERE poverty_pct > 40 "
        "ORDER BY poverty_pct DESC LIMIT 1"
    ).fetchone()
    rich = demo_db.execute(
        "SELECT id FROM districts WHERE poverty_pct < 40 ORDER BY poverty_pct LIMIT 1"
    ).fetchone()
    winner, other = _plan(demo_db, "PN-2026-008"), _plan(demo_db, "PN-2026-001")
    demo_db.execute("UPDATE plans SET district_id = ? WHERE id = ?", [poor[0], winner.plan_id])
    demo_db.execute("UPDATE plans SET district_id = ? WHERE id = ?", [rich[0], other.plan_id])
    _set_bases(demo_db, bonus_rules=_rules(WOMEN, POVERTY))
    _decide_again(demo_db)

    plan = _plan(demo_db, "PN-2026-008")
    socios, women = _padron(demo_db, plan.plan_id)
    steps = int((Fraction(women * 100, socios) - 30) // 10)
    expected_women = min(max(steps, 0), 3) * 100
    lines = {line["regla"]: line for line in plan.bonus_lines}
    assert lines["Pobreza"]["puntos"] == "2.00"
    assert f"{Decimal(str(poor[2])):.2f} %" in lines["Pobreza"]["dato"]
    assert f"{women} de {socios} socios son mujeres" in lines["Mujeres"]["dato"]
    assert plan.bonus_h == 200 + expected_women
    assert plan.final_h == plan.verdict_total_h + plan.bonus_h
    assert {line["regla"]: line["puntos"] for line in _plan(demo_db, "PN-2026-001").bonus_lines}[
        "Pobreza"
    ] == "0.00"

    text = " ".join(
        "\n".join(
            pages_text(render_dictamen(load_dictamen(demo_db, plan.plan_id), letterhead(demo_db)))
        ).split()
    )
    assert "Bonificación:" in text and "Dato que la sustenta" in text
    assert f"{Decimal(str(poor[2])):.2f} %" in text
    final = f"{Decimal(plan.final_h) / 100:.2f}"
    assert f"puntaje final de {final}" in text


def test_the_ranking_reads_the_final_score(demo_db):
    _set_bases(demo_db, bonus_rules=_rules(WOMEN, POVERTY))
    _decide_again(demo_db)
    results = call_results(demo_db, CALL)
    assert results.bonus
    for pool in results.pools:
        ranked = [
            plan.final_h
            for plan in results.ranking
            if plan.allocation.pool == pool and plan.allocation.rank
        ]
        assert ranked == sorted(ranked, reverse=True)


def test_the_bonus_cannot_lift_a_plan_below_the_passing_score(demo_db):
    plan = _plan(demo_db, "PN-2026-008")
    passing = Decimal(plan.verdict_total_h + 1) / 100
    everyone = {"name": "Todos", "source": "first_funding", "formula": "si", "points": "10"}
    _set_bases(demo_db, bonus_rules=_rules(everyone), passing_score=passing)
    _decide_again(demo_db)
    failing = _plan(demo_db, "PN-2026-008")
    assert failing.verdict == "no_apto" and failing.bonus_h == 0
    assert failing.final_h == failing.verdict_total_h
    assert "no cuenta para alcanzar el puntaje mínimo" in failing.reasons
    assert failing.allocation.outcome == "no_financiado"

    _set_bases(demo_db, bonus_counts_for_passing=True)
    _decide_again(demo_db)
    lifted = _plan(demo_db, "PN-2026-008")
    assert lifted.verdict == "apto" and lifted.bonus_h == 1000


def _with_entity(db) -> None:
    save_entity(db, Entity("regional", "Gobierno Regional Cusco", "08"), None, actor=SECRETARY)


def test_the_bases_file_keeps_the_rules(demo_db):
    _with_entity(demo_db)
    zone = {"name": "Provincia", "source": "zone", "formula": "si", "points": "1.5"}
    zone["places"] = ["0805"]
    _set_bases(demo_db, bonus_rules=_rules(WOMEN, POVERTY, zone), bonus_counts_for_passing=True)
    exported = json.loads(json.dumps(bases_record(demo_db, CALL)))
    assert exported["bonus_rules"][0] == {
        "name": "Mujeres",
        "source": "women_share",
        "formula": "tramos",
        "points": "1.00",
        "cap": "3.00",
        "threshold": "30",
        "step": "10",
    }
    new_call, _ = import_bases(demo_db, exported | {"name": "Otra 2027"}, actor=SECRETARY)
    copied = load_definition(demo_db, new_call)
    assert copied.bonus_rules == load_definition(demo_db, CALL).bonus_rules
    assert copied.bonus_counts_for_passing is True


def test_a_bad_rule_is_refused_on_its_field_and_nothing_is_written(demo_db):
    _with_entity(demo_db)
    raw = json.loads(json.dumps(bases_record(demo_db, CALL)))
    raw["bonus_rules"] = [
        {"name": "Nueva", "source": "first_funding", "formula": "tramos", "points": "1"},
        {"name": "Jóvenes", "source": "youth_share", "formula": "tramos", "points": "1"},
        {"name": "Zona", "source": "zone", "formula": "si", "points": "1", "places": ["99"]},
    ]
    calls = demo_db["calls"].count
    with pytest.raises(ValidationError) as refused:
        import_bases(demo_db, raw | {"name": "Otra 2027"}, actor=SECRETARY)
    message = str(refused.value)
    assert "Bonificación 1, fórmula" in message
    assert "Bonificación 2, umbral: está vacío" in message
    assert "Bonificación 2, tramo: está vacío" in message
    assert demo_db["calls"].count == calls
    raw["bonus_rules"] = raw["bonus_rules"][2:]
    with pytest.raises(ValidationError, match="no hay un lugar con el ubigeo 99"):
        import_bases(demo_db, raw | {"name": "Otra 2027"}, actor=SECRETARY)
    assert demo_db["calls"].count == calls


@pytest.mark.parametrize(
    ("women", "socios", "points_h"),
    [(3, 10, 0), (4, 10, 100), (3, 7, 100), (6, 10, 300), (10, 10, 300), (0, 0, 0)],
)
def test_the_steps_are_whole_and_exact(women, socios, points_h):
    rule = _rules(WOMEN)[0]
    figure = Fraction(women * 100, socios) if socios else None
    assert rule_points(rule, figure) == points_h


def test_the_editor_reads_the_rules_from_its_grid(demo_db, qtbot, settings):
    from procompite.calls.reading import read_definition
    from procompite.lifecycle.bases import KNOWN_TIE_BREAKERS
    from ui.calls.call_dialog import CallDialog
    from ui.calls.call_form import FORMULA_LABELS, SOURCE_LABELS

    dialog = CallDialog(demo_db, settings, CALL, SECRETARY)
    qtbot.addWidget(dialog)
    dialog.bonus.grid.set_rows(
        [
            {
                "name": "Pobreza",
                "source": SOURCE_LABELS["district_poverty"],
                "formula": FORMULA_LABELS["umbral"].upper(),
                "points": "2",
                "threshold": "40",
            }
        ]
    )
    dialog.bonus_counts.setChecked(True)
    definition, problems = read_definition(dialog.raw(), tie_breakers=KNOWN_TIE_BREAKERS)
    assert problems == []
    assert definition.bonus_rules == _rules(POVERTY)
    assert definition.bonus_counts_for_passing is True


def test_an_issued_dictamen_keeps_its_bonus_and_verifies(demo_db):
    from procompite.documents.verification import verify
    from tests.report_helpers import issue_ready

    _set_bases(demo_db, bonus_rules=_rules(WOMEN, POVERTY))
    _decide_again(demo_db)
    save_ranking(demo_db, CALL, actor=SECRETARY)
    issue_ready(demo_db)
    plan = _plan(demo_db, "PN-2026-008")
    code, snapshot = demo_db.execute(
        "SELECT verification_code, snapshot FROM dictamenes WHERE plan_id = ?", [plan.plan_id]
    ).fetchone()
    stored = json.loads(snapshot)
    assert stored["veredicto"]["bonificacion"] == f"{Decimal(plan.bonus_h) / 100:.2f}"
    assert [rule["regla"] for rule in stored["convocatoria"]["bonificaciones"]] == [
        "Mujeres",
        "Pobreza",
    ]
    man = demo_db.execute(
        "SELECT m.id FROM members m JOIN plans p ON p.organization_id = m.organization_id "
        "WHERE p.id = ? AND m.sex = 'M' LIMIT 1",
        [plan.plan_id],
    ).fetchone()
    if man:
        demo_db.execute("UPDATE members SET sex = 'F' WHERE id = ?", [man[0]])
    checked = verify(demo_db, code)
    assert checked.valid, checked.differences
