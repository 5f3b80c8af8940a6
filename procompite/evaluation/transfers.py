"""Moving a pool's leftover to another category's pool, with the document that authorises it.

A transfer takes only what the source pool has left after funding its own winners, so it never
makes a pool negative nor un-funds a plan its own pool funds (the allocation goes down each
ranking in the same order: with less money but no less than its winners need, the same plans
fit). Before it is saved, :func:`preview_transfer` gives the allocation that would result."""

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.status import stage_problem
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import format_soles
from procompite.evaluation.results import OUTCOME, CallResults, call_results
from procompite.storage import audit


@dataclass(frozen=True)
class PoolTransfer:
    source: str
    target: str
    amount_cents: int
    document: str
    on: date


@dataclass(frozen=True)
class Change:
    """A plan whose allocation the transfer changes."""

    code: str
    organization: str
    category: str
    before: str
    after: str
    amount_cents: int


class _Preview(Exception):
    def __init__(self, results: CallResults):
        self.results = results


def leftover(results: CallResults, pool: str) -> int:
    """What the pool has after funding its winners as the committee decided so far."""
    funded = sum(
        plan.allocation.amount_cents
        for plan in results.plans
        if plan.allocation is not None and plan.allocation.pool == pool
    )
    return results.pools[pool] - funded


def _categories(db: Database, call_id: int) -> dict[str, int]:
    return {
        code.casefold(): row_id
        for row_id, code in db.execute(
            "SELECT id, code FROM call_categories WHERE call_id = ?", [call_id]
        )
    }


def transfer_problems(
    db: Database, call_id: int, transfer: PoolTransfer, today: date | None = None
) -> list[Problem]:
    problems = [p for p in [stage_problem(db, call_id, "transferir fondos")] if p]
    results = call_results(db, call_id, today)
    if "" in results.pools:
        message = "la convocatoria no tiene fondos por categoría: no hay qué transferir."
        return [*problems, Problem("Fondos", message)]
    codes = {code.casefold(): code for code in results.pools}
    source, target = codes.get(transfer.source.casefold()), codes.get(transfer.target.casefold())
    known = ", ".join(results.pools)
    for label, given, found in (
        ("Desde", transfer.source, source),
        ("Hacia", transfer.target, target),
    ):
        if found is None:
            problems.append(Problem(label, f"no existe la categoría «{given}» (hay: {known})."))
    if source is not None and source == target:
        problems.append(Problem("Hacia", "debe ser otra categoría que la de origen."))
    if transfer.amount_cents <= 0:
        problems.append(Problem("Monto", "debe ser mayor que cero."))
    if not transfer.document.strip():
        problems.append(
            Problem("Documento", "escriba la resolución o el documento que la autoriza.")
        )
    if source is None or problems:
        return problems
    pending = [
        plan.code for plan in results.plans if plan.category == source and plan.verdict is None
    ]
    if pending:
        return [
            Problem(
                "Desde",
                f"la categoría {source} tiene planes sin veredicto ({', '.join(pending)}): "
                "su saldo no se conoce todavía.",
            )
        ]
    left = leftover(results, source)
    if transfer.amount_cents > left:
        problems.append(
            Problem(
                "Monto",
                f"{format_soles(transfer.amount_cents)} es más que el saldo de la categoría "
                f"{source} después de financiar a sus ganadores ({format_soles(left)}).",
            )
        )
    return problems


def _insert(db: Database, call_id: int, transfer: PoolTransfer) -> int:
    categories = _categories(db, call_id)
    return (
        db["call_pool_transfers"]
        .insert(
            {
                "call_id": call_id,
                "from_category_id": categories[transfer.source.casefold()],
                "to_category_id": categories[transfer.target.casefold()],
                "amount_cents": transfer.amount_cents,
                "document_reference": transfer.document.strip(),
                "transferred_on": transfer.on.isoformat(),
            }
        )
        .last_pk
    )


def _changes(before: CallResults, after: CallResults) -> list[Change]:
    old = {plan.plan_id: plan for plan in before.plans}
    changes = []
    for plan in after.ranking:
        previous = old[plan.plan_id].allocation
        now = plan.allocation
        if previous is None or (previous.outcome, previous.amount_cents) != (
            now.outcome,
            now.amount_cents,
        ):
            changes.append(
                Change(
                    plan.code,
                    plan.organization,
                    plan.category,
                    OUTCOME[previous.outcome] if previous else "Pendiente",
                    OUTCOME[now.outcome],
                    now.amount_cents,
                )
            )
    return changes


def preview_transfer(
    db: Database, call_id: int, transfer: PoolTransfer, today: date | None = None
) -> tuple[CallResults, list[Change]]:
    """The results with the transfer made, and the plans whose allocation it changes; nothing
    is saved. Raises ``ValidationError`` when the transfer is not allowed."""
    if problems := transfer_problems(db, call_id, transfer, today):
        raise ValidationError(problems)
    before = call_results(db, call_id, today)
    try:
        with db.atomic():
            _insert(db, call_id, transfer)
            raise _Preview(call_results(db, call_id, today))
    except _Preview as preview:
        after = preview.results
    return after, _changes(before, after)


def transfer_pool(
    db: Database, call_id: int, transfer: PoolTransfer, *, actor: str, today: date | None = None
) -> int:
    """Record the transfer, audited; returns its id. Plans with an issued dictamen whose
    allocation it would change are refused, as their dictamen would be contradicted."""
    after, changes = preview_transfer(db, call_id, transfer, today)
    issued = {plan.code: plan.dictamen_number for plan in after.plans if plan.issued}
    if frozen := [c for c in changes if c.code in issued]:
        raise ValidationError(
            [
                Problem(
                    c.code,
                    f"pasaría a «{c.after}» y tiene el dictamen {issued[c.code]} "
                    "emitido; reábralo con un motivo antes de transferir.",
                )
                for c in frozen
            ]
        )
    with db.atomic():
        transfer_id = _insert(db, call_id, transfer)
        audit.record(
            db,
            actor=actor,
            action="transferir saldo entre fondos",
            table="call_pool_transfers",
            row_id=transfer_id,
            after={
                "desde": transfer.source,
                "hacia": transfer.target,
                "monto_cents": transfer.amount_cents,
                "documento": transfer.document.strip(),
                "fecha": transfer.on.isoformat(),
                "cambios": [c.__dict__ for c in changes],
            },
            reason=transfer.document.strip(),
        )
    return transfer_id


def transfers(db: Database, call_id: int) -> list[dict]:
    """The call's transfers, oldest first, with the categories' codes."""
    return list(
        db.query(
            "SELECT t.id, s.code AS source, d.code AS target, t.amount_cents, "
            "t.document_reference, t.transferred_on FROM call_pool_transfers t "
            "JOIN call_categories s ON s.id = t.from_category_id "
            "JOIN call_categories d ON d.id = t.to_category_id WHERE t.call_id = ? ORDER BY t.id",
            [call_id],
        )
    )
