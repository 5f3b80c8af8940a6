"""A plan's key facts as the committee reads them: amounts and shares, indicators, socios, rules.

Every value is already formatted for display; the same brief sits beside the rubric on the
scoring screen and is frozen into the dictamen.
"""

from datetime import date

from sqlite_utils import Database

from procompite.calls.context import call_context
from procompite.common.dates import format_short
from procompite.common.money import format_soles
from procompite.plans.eligibility import check_rules
from procompite.plans.finance import format_irr, format_payback, indicators
from procompite.plans.store import load_plan, plan_facts


def plan_brief(db: Database, plan_id: int, today: date | None = None) -> dict:
    plan = db["plans"].get(plan_id)
    draft = load_plan(db, plan_id)
    context = call_context(db, plan["call_id"])
    facts = plan_facts(db, draft, context, today)
    result = indicators(draft.flows, context.discount_rate)
    money = facts.financing
    organization = db["organizations"].get(plan["organization_id"])
    women = db["members"].count_where(
        "organization_id = ? AND sex = 'F'", [plan["organization_id"]]
    )
    category = facts.category.name if facts.category else "Sin categoría"
    district = ""
    if plan["district_id"]:
        district = db.execute(
            "SELECT d.name || ', ' || p.name FROM districts d "
            "JOIN provinces p ON p.id = d.province_id WHERE d.id = ?",
            [plan["district_id"]],
        ).fetchone()[0]
    return {
        "codigo": plan["code"],
        "titulo": plan["title"],
        "aeo": organization["name"],
        "ruc": organization["ruc"],
        "categoria": category,
        "cadena": facts.chain_name or "Sin cadena",
        "ubicacion": district,
        "duracion": f"{plan['duration_months']} meses" if plan["duration_months"] else "",
        "registrado": format_short(plan["registered_on"]),
        "socios": f"{facts.members} ({women} mujeres)",
        "beneficiarios": (
            f"{plan['beneficiaries_women'] + plan['beneficiaries_men']} "
            f"({plan['beneficiaries_women']} mujeres)"
        ),
        "empleos": f"{plan['direct_jobs']} directos, {plan['indirect_jobs']} indirectos",
        "financiamiento": [
            ("Inversión total", format_soles(money.total_cents), "100.00 %"),
            (
                "Cofinanciamiento PROCOMPITE",
                format_soles(money.procompite_cents),
                f"{money.share(money.procompite_cents)} %",
            ),
            (
                "Aporte del AEO",
                format_soles(money.contribution_cents),
                f"{money.share(money.contribution_cents)} %",
            ),
            (
                "  del cual monetario",
                format_soles(money.cash_contribution_cents),
                f"{money.share(money.cash_contribution_cents)} %",
            ),
        ],
        "procompite_cents": money.procompite_cents,
        "indicadores": [
            ("Tasa de descuento", f"{context.discount_rate * 100:.2f} %"),
            ("VAN", format_soles(result.npv_cents) if result.npv_cents is not None else "—"),
            ("TIR", format_irr(result.irr, result.irr_ambiguous)),
            ("B/C", f"{result.benefit_cost:.2f}" if result.benefit_cost is not None else "—"),
            ("Recuperación", format_payback(result.payback_years, result.payback_reason)),
        ],
        "reglas": [
            {"regla": r.text, "cumple": r.passed, "detalle": r.detail} for r in check_rules(facts)
        ],
    }
