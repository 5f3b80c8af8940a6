"""The demo's earlier call, PROCOMPITE 2025: closed, its dictámenes and acta issued on its own
dates, and its winners followed through 2026, so that the demo shows the whole cycle; the
current call keeps the ids it had before the earlier call was added."""

import json
from datetime import date

from procompite.calls.status import call_stage
from procompite.documents.verification import verify
from procompite.followup.alerts import alerts
from procompite.followup.funded import funded_plans
from procompite.followup.picture import summaries
from procompite.lists.dashboard import latest_call

CURRENT, EARLIER = 1, 2
SEEN_ON = date(2026, 12, 1)
WINNERS = {
    "PN-2025-004": "Asociación de Productores Lecheros de Livitaca",
    "PN-2025-005": "Asociación de Criadores de Cuyes Huarocondo",
    "PN-2025-006": "Cooperativa Cacaotera Echarati",
    "PN-2025-007": "Asociación de Carpinteros Ebanistas de San Jerónimo",
    "PN-2025-008": "Asociación Gastronómica Sabores de Saylla",
}


def rows(db, sql: str, *params) -> list[tuple]:
    return db.execute(sql, params).fetchall()


def test_the_current_call_keeps_its_ids_and_stays_the_latest(demo_db):
    assert rows(demo_db, "SELECT id, year, status FROM calls ORDER BY id") == [
        (CURRENT, 2026, "evaluacion"),
        (EARLIER, 2025, "cerrada"),
    ]
    assert rows(demo_db, "SELECT min(id), max(id), count(*) FROM plans WHERE call_id = 1") == [
        (1, 24, 24)
    ]
    codes = rows(demo_db, "SELECT id, code FROM plans WHERE call_id = 1 ORDER BY id")
    assert codes == [(number, f"PN-2026-{number:03d}") for number in range(1, 25)]
    assert rows(demo_db, "SELECT min(id), max(id) FROM committee_members WHERE call_id = 1") == [
        (1, 5)
    ]
    assert latest_call(demo_db) == CURRENT


def test_the_earlier_call_went_through_every_stage_on_its_own_dates(demo_db):
    assert call_stage(demo_db, EARLIER) == "cerrada"
    call = demo_db["calls"].get(EARLIER)
    assert call["name"] == "PROCOMPITE 2025 — Gobierno Regional Cusco"
    assert call["copied_from_id"] == CURRENT and call["bases_resolution"]
    changes = rows(
        demo_db,
        "SELECT json_extract(after, '$.etapa'), substr(at, 1, 10) FROM audit_log "
        "WHERE action = 'cambiar etapa de la convocatoria' AND row_id = ? ORDER BY id",
        EARLIER,
    )
    assert changes == [
        ("abierta", "2025-03-03"),
        ("evaluacion", "2025-10-06"),
        ("resultados", "2025-12-04"),
        ("cerrada", "2025-12-18"),
    ]


def test_its_plans_show_each_outcome_with_their_dictamenes_and_acta_issued(demo_db):
    outcomes = dict(
        rows(
            demo_db,
            "SELECT p.code, coalesce(a.outcome, p.status) FROM plans p "
            "LEFT JOIN plan_allocations a ON a.plan_id = p.id WHERE p.call_id = ?",
            EARLIER,
        )
    )
    assert outcomes == {
        "PN-2025-001": "no_financiado",
        "PN-2025-002": "registrado",
        "PN-2025-003": "accesitario",
    } | dict.fromkeys(WINNERS, "ganador")
    inadmissible = rows(
        demo_db,
        "SELECT p.code, a.decision FROM plan_admissions a JOIN plans p ON p.id = a.plan_id "
        "WHERE a.decision = 'inadmisible'",
    )
    assert inadmissible == [("PN-2025-002", "inadmisible")]
    issued = rows(
        demo_db,
        "SELECT d.number, d.issued_on, d.verification_code FROM dictamenes d "
        "JOIN plans p ON p.id = d.plan_id WHERE p.call_id = ? ORDER BY d.number",
        EARLIER,
    )
    assert [number for number, _, _ in issued] == [
        f"GRC-PROCOMPITE-2025-{n:04d}" for n in range(1, 8)
    ]
    ((acta, acta_on, acta_code),) = rows(
        demo_db, "SELECT number, issued_on, verification_code FROM actas WHERE call_id = ?", EARLIER
    )
    assert (acta, acta_on) == ("GRC-PROCOMPITE-2025-ACTA-01", "2025-11-24")
    for _, on, code in [*issued, (acta, acta_on, acta_code)]:
        assert on == "2025-11-24"
        assert verify(demo_db, code).valid


def test_the_winners_do_not_apply_again_in_2026(demo_db):
    again = rows(
        demo_db,
        "SELECT o.name FROM plans p JOIN organizations o ON o.id = p.organization_id "
        "WHERE p.call_id = 1 AND o.name IN ({})".format(", ".join("?" for _ in WINNERS)),
        *WINNERS.values(),
    )
    assert again == []


def test_every_winner_has_its_follow_up_and_one_is_liquidated(demo_db):
    funded = {plan.code: plan for plan in funded_plans(demo_db)}
    assert {code: plan.organization for code, plan in funded.items()} == WINNERS
    assert [code for code, plan in funded.items() if plan.closed] == ["PN-2025-006"]
    for code, plan in funded.items():
        signed, signatories = rows(
            demo_db, "SELECT signed_on, signatories FROM agreements WHERE plan_id = ?", plan.plan_id
        )[0]
        assert "2026-01-01" <= signed <= "2026-02-28" and len(json.loads(signatories)) == 2, code
        payers = {
            payer
            for (payer,) in rows(
                demo_db,
                "SELECT DISTINCT l.payer FROM purchases u JOIN plan_budget_lines l "
                "ON l.id = u.budget_line_id WHERE u.plan_id = ?",
                plan.plan_id,
            )
        }
        assert payers == {"procompite", "aeo_monetario"}, code
        deliveries = demo_db["deliveries"].count_where("plan_id = ?", [plan.plan_id])
        visits = rows(demo_db, "SELECT visited_on FROM visits WHERE plan_id = ?", plan.plan_id)
        assert 1 <= deliveries <= 2 and 1 <= len(visits) <= 2, code
        assert all(day.startswith("2026-") for (day,) in visits), code
    assert demo_db["deliveries"].count == 9 and demo_db["visits"].count == 9
    (code,) = rows(demo_db, "SELECT verification_code FROM plan_closures")[0]
    assert verify(demo_db, code).valid
    (summary, _everything) = summaries(demo_db)
    counted = (summary.funded, summary.with_agreement, summary.visited, summary.operating)
    assert counted == (5, 5, 5, 5) and summary.closed == 1


def test_the_alerts_show_what_the_office_must_act_on(demo_db):
    found = [(alert.kind, alert.code) for alert in alerts(demo_db, SEEN_ON)]
    assert found == [
        ("bienes_sin_uso", "PN-2025-005"),
        ("hito_vencido", "PN-2025-008"),
        ("sin_visita", "PN-2025-008"),
    ]
