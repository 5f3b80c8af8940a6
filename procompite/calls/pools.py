"""The budget pools of a call: one per category when every category has its own budget, after
the transfers between pools that an authorising document allowed; otherwise the call's budget."""

from sqlite_utils import Database


def pools(db: Database, call_id: int) -> tuple[dict[str, int], dict[str, str]]:
    """The call's budget pools: one per category when every category has its own budget."""
    categories = list(
        db.query(
            "SELECT id, code, name, budget_cents FROM call_categories WHERE call_id = ? "
            "ORDER BY code",
            [call_id],
        )
    )
    if categories and all(row["budget_cents"] is not None for row in categories):
        amounts = {row["code"]: row["budget_cents"] for row in categories}
        codes = {row["id"]: row["code"] for row in categories}
        for source, target, cents in db.execute(
            "SELECT from_category_id, to_category_id, amount_cents FROM call_pool_transfers "
            "WHERE call_id = ?",
            [call_id],
        ):
            amounts[codes[source]] -= cents
            amounts[codes[target]] += cents
        return amounts, {row["code"]: row["name"] for row in categories}
    budget = db["calls"].get(call_id)["budget_cents"]
    return {"": budget}, {"": "Presupuesto de la convocatoria"}
