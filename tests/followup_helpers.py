"""Helpers of the follow-up tests: the demo's call with its acta issued and its results
published, and a winner with its agreement signed."""

from datetime import date

from procompite.followup.agreements import proposed_agreement, save_agreement
from procompite.followup.budget import plan_lines
from procompite.followup.funded import funded_plans
from procompite.lifecycle.stages import change_stage
from tests.report_helpers import issue_demo_acta

GRDE = "Subgerencia de Promoción"
SIGNED = "2026-11-25"
TODAY = date(2026, 12, 1)


def awarded(db):
    """Issue the demo's acta, publish the results; returns the demo call's funded plans."""
    issue_demo_acta(db)
    change_stage(db, 1, "resultados", actor=GRDE)
    return funded_plans(db, 1)


def signed(db, plan, **changes) -> None:
    raw = {
        **proposed_agreement(db, plan.plan_id),
        "number": f"CONV-{plan.code}",
        "signed_on": SIGNED,
        "signatories": "Gerente Regional de Desarrollo Económico\nPresidente del AEO",
        **changes,
    }
    save_agreement(db, plan.plan_id, raw, actor=GRDE, today=TODAY)


def line(db, plan, payer: str = "procompite", index: int = 0):
    return [item for item in plan_lines(db, plan.plan_id) if item.payer == payer][index]
