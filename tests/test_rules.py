"""The call's rules on the demo plans, and admission to evaluation."""

import pytest

from procompite.common.errors import ValidationError
from procompite.plans.eligibility import check_rules, failed
from procompite.plans.store import admit_plan, load_plan, plan_facts, save_plan
from tests.stage_helpers import open_registration


@pytest.fixture(autouse=True)
def registering(demo_db):
    open_registration(demo_db)


def _plan_id(db, organization: str) -> int:
    return db.execute(
        "SELECT p.id FROM plans p JOIN organizations o ON o.id = p.organization_id "
        "WHERE o.name = ?",
        [organization],
    ).fetchone()[0]


def _codes(db, plan_id):
    return {r.code for r in failed(check_rules(plan_facts(db, load_plan(db, plan_id))))}


def test_a_plan_outside_the_prioritised_chains_fails_that_rule(demo_db):
    plan_id = _plan_id(demo_db, "AEO Paltos Limatambo")
    results = check_rules(plan_facts(demo_db, load_plan(demo_db, plan_id)))
    (chain,) = [r for r in results if r.code == "cadena_priorizada"]
    assert not chain.passed
    assert "«Palta» no está en la lista priorizada" in chain.detail


def test_every_rule_has_a_reason_even_when_it_passes(demo_db):
    results = check_rules(plan_facts(demo_db, load_plan(demo_db, 1)))
    assert len(results) == 10
    assert all(result.detail for result in results)


def test_admission_is_refused_while_a_rule_fails_and_nothing_changes(demo_db):
    plan_id = _plan_id(demo_db, "AEO Paltos Limatambo")
    demo_db.execute("UPDATE plans SET status = 'registrado' WHERE id = ?", [plan_id])
    demo_db.conn.commit()
    with pytest.raises(ValidationError) as error:
        admit_plan(demo_db, plan_id)
    assert any("cadena" in p.field.lower() for p in error.value.problems)
    assert demo_db["plans"].get(plan_id)["status"] == "registrado"


def test_admission_of_a_plan_that_meets_every_rule(demo_db):
    candidates = [
        row[0] for row in demo_db.execute("SELECT id FROM plans WHERE status = 'registrado'")
    ]
    passing = [pid for pid in candidates if not _codes(demo_db, pid)]
    assert passing, "la demo debe tener un plan registrado que cumple todo"
    admit_plan(demo_db, passing[0], actor="secretaría")
    assert demo_db["plans"].get(passing[0])["status"] == "admitido"
    last = next(iter(demo_db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")))
    assert (last["action"], last["actor"], last["row_id"]) == (
        "admitir plan",
        "secretaría",
        passing[0],
    )


def test_a_plan_in_evaluation_cannot_be_edited(demo_db):
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'evaluado'").fetchone()[0]
    draft = load_plan(demo_db, plan_id)
    draft.record["title"] = "Otro título"
    with pytest.raises(ValidationError, match="admitido a evaluación"):
        save_plan(demo_db, draft, plan_id=plan_id)
    assert demo_db["plans"].get(plan_id)["title"] != "Otro título"


def test_a_draft_can_be_saved_incomplete(demo_db):
    draft = load_plan(demo_db, 1)
    draft.record = draft.record | {"code": "PN-2026-900", "title": "Borrador sin presupuesto"}
    draft.lines, draft.flows, draft.documents, draft.status = [], [], {}, "borrador"
    plan_id = save_plan(demo_db, draft)
    assert load_plan(demo_db, plan_id).lines == []
    assert "van_positivo" in _codes(demo_db, plan_id)


def test_the_lists_and_the_form_judge_every_plan_alike(demo_db):
    from procompite.plans.summary import plan_summaries

    for plan_id, summary in plan_summaries(demo_db).items():
        form = failed(check_rules(plan_facts(demo_db, load_plan(demo_db, plan_id))))
        assert summary.failed_rules == form
