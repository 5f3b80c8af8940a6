"""Follow-up of a funded plan, from the agreement to its liquidation, on the demo."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from procompite.common.errors import ValidationError
from procompite.common.money import from_cents
from procompite.documents.verification import verify
from procompite.followup.agreements import load_agreement
from procompite.followup.alerts import alerts
from procompite.followup.budget import by_payer, plan_lines
from procompite.followup.closing import close_plan, load_closure
from procompite.followup.deliveries import deliveries, record_delivery
from procompite.followup.picture import operation_year, percent, pictures, summaries
from procompite.followup.purchases import record_purchase
from procompite.followup.schedule import milestones
from procompite.followup.visits import record_visit
from tests.followup_helpers import GRDE, TODAY, awarded, line, signed


def soles(cents: int) -> str:
    return str(from_cents(cents))


def buy(db, plan, item, cents: int, on: str = "2026-11-28", **extra) -> int:
    raw = {
        "process": "AS-003-2026-GRC",
        "supplier": "Equipos Andinos S.A.C.",
        "purchased_on": on,
        "amount_cents": soles(cents),
        **extra,
    }
    return record_purchase(db, plan.plan_id, item.line_id, raw, actor=GRDE, today=TODAY)


def deliver(db, plan, item, quantity: str, on: str) -> str:
    return record_delivery(
        db,
        plan.plan_id,
        {"delivered_on": on, "delivered_by": "Ing. Rosa Quispe", "received_by": "Juan Mamani",
         "received_dni": "41234567"},
        [{"line_id": item.line_id, "description": item.concept, "quantity": quantity}],
        actor=GRDE,
        today=TODAY,
    )  # fmt: skip


def visit(db, plan, on: str, today=TODAY, **figures) -> int:
    raw = {"visited_on": on, "visitors": "Ing. Carmen Huamán", "operating": "sí", **figures}
    return record_visit(db, plan.plan_id, raw, {}, actor=GRDE, today=today)


def test_only_the_winners_of_an_issued_acta_are_followed(demo_db):
    from procompite.followup.funded import funded_plans

    assert funded_plans(demo_db, 1) == []
    plans = awarded(demo_db)
    outcomes = dict(
        demo_db.execute(
            "SELECT p.code, a.outcome FROM plan_allocations a JOIN plans p ON p.id = a.plan_id "
            "WHERE p.call_id = 1"
        ).fetchall()
    )
    assert plans and {p.code for p in plans} == {c for c, o in outcomes.items() if o == "ganador"}


def test_the_agreement_starts_from_the_budget_and_writes_the_milestones(demo_db):
    plan = awarded(demo_db)[0]
    signed(demo_db, plan)
    agreement = load_agreement(demo_db, plan.plan_id)
    payers = {p.payer: p.budget_cents for p in by_payer(plan_lines(demo_db, plan.plan_id))}
    assert agreement["cash_cents"] == payers["aeo_monetario"]
    assert agreement["in_kind_cents"] == payers["aeo_no_monetario"]
    assert agreement["signatories"][1] == "Presidente del AEO"
    found = milestones(demo_db, plan.plan_id, TODAY)
    money_lines = [
        item for item in plan_lines(demo_db, plan.plan_id) if item.payer != "aeo_no_monetario"
    ]
    assert len(found) == len(money_lines)
    assert found[-1].due_on == date(2026, 11, 25).replace(year=2028, month=2)  # 15 months
    assert all(m.state == "pendiente" for m in found)


def test_an_agreement_before_the_acta_or_verified_without_a_document_is_refused(demo_db):
    plan = awarded(demo_db)[0]
    with pytest.raises(ValidationError) as refused:
        signed(demo_db, plan, signed_on="2026-11-01", verified_cash_cents="1000")
    text = str(refused.value)
    assert "Convenio, Fecha de suscripción: Es anterior al acta" in text
    assert "Convenio, Documento de verificación" in text
    assert load_agreement(demo_db, plan.plan_id) is None
    assert not milestones(demo_db, plan.plan_id, TODAY)


def test_an_over_budget_purchase_is_refused_without_a_reason(demo_db):
    plan = awarded(demo_db)[0]
    signed(demo_db, plan)
    item = line(demo_db, plan)
    buy(demo_db, plan, item, item.budget_cents - 10_000)
    with pytest.raises(ValidationError) as refused:
        buy(demo_db, plan, item, 20_000)
    message = str(refused.value)
    assert f"S/ 200.00 supera lo que queda de «{item.concept}»" in message
    assert "queda S/ 100.00. Escriba el motivo del exceso" in message
    assert (
        demo_db.execute(
            "SELECT count(*) FROM purchases WHERE plan_id = ?", [plan.plan_id]
        ).fetchone()[0]
        == 1
    )
    buy(demo_db, plan, item, 20_000, over_budget_reason="Reajuste de precios, informe 12-2026")
    executed = next(i for i in plan_lines(demo_db, plan.plan_id) if i.line_id == item.line_id)
    assert executed.executed_cents == item.budget_cents + 10_000
    assert milestones(demo_db, plan.plan_id, TODAY)[0].state == "cumplido"


def test_goods_in_kind_are_not_bought_and_deliveries_keep_within_the_budget(demo_db):
    plan = awarded(demo_db)[0]
    signed(demo_db, plan)
    with pytest.raises(ValidationError, match="aporte no monetario del AEO"):
        buy(demo_db, plan, line(demo_db, plan, "aeo_no_monetario"), 100)
    item = line(demo_db, plan, index=1)
    too_many = str(item.quantity + 1)
    with pytest.raises(ValidationError, match="y el presupuesto tiene"):
        deliver(demo_db, plan, item, too_many, "2026-11-30")
    number = deliver(demo_db, plan, item, "1", "2026-11-30")
    assert number.startswith("ENTREGA-2026-")
    assert (
        deliver(demo_db, plan, item, "1", "2026-11-30")
        == number[:-4] + f"{int(number[-4:]) + 1:04d}"
    )


def test_a_plan_from_agreement_to_liquidation(demo_db, tmp_path):
    from pypdf import PdfReader

    from procompite.followup.delivery_pdf import render_delivery
    from procompite.followup.report_pdf import render_report

    plan = awarded(demo_db)[0]
    signed(demo_db, plan, verified_cash_cents="88079", verified_in_kind_cents="103072",
           verified_on="2026-11-30", verification="Acta de verificación 001-2026")  # fmt: skip
    first, second = line(demo_db, plan), line(demo_db, plan, index=1)
    buy(demo_db, plan, first, first.budget_cents)
    buy(demo_db, plan, second, second.budget_cents, on="2026-11-29")
    numbers = [
        deliver(demo_db, plan, first, str(first.quantity), "2026-11-29"),
        deliver(demo_db, plan, second, str(second.quantity), "2026-11-30"),
    ]
    visit(demo_db, plan, "2026-11-30", active_members="6", active_women="3",
          sales_cents="250000", direct_jobs="4", goods_use="En uso",
          goods_condition="Bueno")  # fmt: skip
    visit(demo_db, plan, "2026-12-01", active_members="6", active_women="4",
          sales_cents="310500.50", direct_jobs="5", indirect_jobs="9",
          goods_use="En uso", goods_condition="Bueno", photos="v2-1.jpg; v2-2.jpg")  # fmt: skip
    acta = tmp_path / "entrega.pdf"
    render_delivery(demo_db, numbers[1], acta)
    text = " ".join(page.extract_text() for page in PdfReader(acta).pages)
    assert f"ACTA DE ENTREGA DE BIENES N.° {numbers[1]}" in " ".join(text.split())
    assert second.concept in text and "CONV-PN-2026-001" in text
    code = close_plan(demo_db, plan.plan_id, "Plan ejecutado y bienes en uso.", actor=GRDE,
                      today=date(2026, 12, 2))  # fmt: skip
    closure = load_closure(demo_db, plan.plan_id)
    assert closure["verification_code"] == code
    checked = verify(demo_db, code)
    assert checked.valid and "a la liquidación del plan PN-2026-001" in checked.lines()[0]
    assert closure["figures"]["ventas"][1] == 31_050_050
    assert closure["figures"]["entregas"] == 2
    with pytest.raises(ValidationError, match="está liquidado"):
        visit(demo_db, plan, "2026-12-02", today=date(2026, 12, 2))
    for statement in (
        "DELETE FROM purchases",
        "UPDATE visits SET sales_cents = 1",
        "DELETE FROM delivery_items",
        "UPDATE agreements SET term_months = 1",
        "UPDATE plan_closures SET note = 'x'",
    ):
        with pytest.raises(Exception, match=r"liquidad|no se modifica"):
            demo_db.execute(statement)
    report = tmp_path / "seguimiento.pdf"
    render_report(demo_db, 1, report, today=date(2026, 12, 2))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(report).pages]
    whole = " ".join(pages)
    assert "La supervivencia es la parte de los planes visitados" in whole
    assert "Asignado y ejecutado por plan" in whole
    assert "S/ 310,500.50" in whole and code in whole
    assert "Liquidación" in whole


def test_the_survival_and_before_after_figures_follow_the_rows(demo_db):
    plans = awarded(demo_db)
    for plan in plans[:3]:
        signed(demo_db, plan, baseline_sales_cents="100000", baseline_jobs="2")
    visit(demo_db, plans[0], "2026-11-30", sales_cents="150000", direct_jobs="4")
    visit(demo_db, plans[1], "2026-11-30", operating="no", sales_cents="0", direct_jobs="0")
    visit(demo_db, plans[2], "2026-11-30", direct_jobs="3")
    summary = summaries(demo_db, 1)[0]
    rows = demo_db.execute(
        "SELECT v.operating FROM visits v JOIN plans p ON p.id = v.plan_id WHERE p.call_id = 1 "
        "AND v.visited_on = (SELECT max(visited_on) FROM visits w WHERE w.plan_id = v.plan_id)"
    ).fetchall()
    assert summary.survival == Fraction(sum(r[0] for r in rows), len(rows)) == Fraction(2, 3)
    assert percent(summary.survival) == "66.7 %"
    income = {
        plan_id: cents
        for plan_id, cents in demo_db.execute(
            "SELECT plan_id, income_cents FROM plan_cash_flows WHERE year = 1"
        )
    }
    assert operation_year(date(2026, 11, 25), date(2026, 11, 30)) == 1
    assert operation_year(date(2026, 11, 25), date(2027, 11, 25)) == 2
    assert summary.sales_plans == 2
    assert summary.sales == (
        20_000_000,
        15_000_000,
        income[plans[0].plan_id] + income[plans[1].plan_id],
    )
    jobs = dict(demo_db.execute("SELECT id, direct_jobs FROM plans").fetchall())
    assert summary.jobs_plans == 3
    assert summary.jobs == (6, 7, sum(jobs[p.plan_id] for p in plans[:3]))
    assert summary.executed_cents == 0 and summary.awarded_cents == sum(
        p.awarded_cents for p in plans
    )
    by_plan = {p.plan.code: p for p in pictures(demo_db, 1)}
    assert by_plan[plans[1].code].operating is False


def test_the_alerts_name_what_the_grde_must_act_on(demo_db):
    plans = awarded(demo_db)
    signed(demo_db, plans[0])
    signed(demo_db, plans[1])
    first = line(demo_db, plans[0])
    deliver(demo_db, plans[0], first, "1", "2026-11-29")
    visit(demo_db, plans[0], "2026-11-30", goods_use="Sin uso")
    visit(demo_db, plans[1], "2026-11-30", operating="no")
    found = alerts(demo_db, date(2027, 7, 1), 1)
    assert found == [a for a in alerts(demo_db, date(2027, 7, 1)) if a.code.startswith("PN-2026")]
    kinds = {(a.kind, a.code) for a in found}
    assert ("bienes_sin_uso", plans[0].code) in kinds
    assert ("no_opera", plans[1].code) in kinds
    assert ("sin_visita", plans[0].code) in kinds
    assert ("hito_vencido", plans[0].code) in kinds
    assert all(("sin_convenio", p.code) in kinds for p in plans[2:])
    assert found[0].kind == "no_opera"
    assert not [a for a in alerts(demo_db, date(2026, 12, 1), 1) if a.kind == "sin_visita"]


def test_deliveries_are_numbered_per_year_and_listed(demo_db):
    plan = awarded(demo_db)[0]
    signed(demo_db, plan)
    item = line(demo_db, plan, index=2)
    number = deliver(demo_db, plan, item, "0.5", "2026-11-29")
    assert [d["number"] for d in deliveries(demo_db, plan.plan_id)] == [number]
    assert deliveries(demo_db, plan.plan_id)[0]["items"][0]["quantity"] == "0.5"
    assert Decimal(deliveries(demo_db, plan.plan_id)[0]["items"][0]["quantity"]) < item.quantity
