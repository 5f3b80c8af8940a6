"""What a plan needs to know about its call: discount rate, categories, chains and documents."""

from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from procompite.calls.categories import CategoryLimits, category_limits


@dataclass(frozen=True)
class CallDocument:
    id: int
    code: str
    name: str
    required: bool


@dataclass(frozen=True)
class CallContext:
    id: int
    name: str
    discount_rate: Decimal
    categories: dict[int, CategoryLimits]
    chain_ids: frozenset[int]
    documents: tuple[CallDocument, ...]


def call_context(db: Database, call_id: int) -> CallContext:
    call = db["calls"].get(call_id)
    categories = {
        row["id"]: category_limits(row)
        for row in db["call_categories"].rows_where("call_id = ?", [call_id], order_by="code")
    }
    chains = frozenset(
        row[0]
        for row in db.execute("SELECT chain_id FROM call_chains WHERE call_id = ?", [call_id])
    )
    documents = tuple(
        CallDocument(row["id"], row["code"], row["name"], bool(row["required"]))
        for row in db["call_documents"].rows_where("call_id = ?", [call_id], order_by="position")
    )
    return CallContext(
        call_id,
        call["name"],
        Decimal(call["discount_rate_bp"]) / 10000,
        categories,
        chains,
        documents,
    )


def unknown_call_message(db: Database, call_id: int) -> str | None:
    """``None`` when the call exists; otherwise a message that lists the calls there are."""
    if db.execute("SELECT 1 FROM calls WHERE id = ?", [call_id]).fetchone():
        return None
    calls = ", ".join(f"{i} ({n})" for i, n in db.execute("SELECT id, name FROM calls"))
    return f"no existe la convocatoria {call_id}. Convocatorias: {calls or 'ninguna'}."
