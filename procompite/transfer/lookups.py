"""What the importer needs from the database, loaded once into dictionaries.

Checking a row never queries the database: districts, chains, calls and their categories, and the
organisations, members, plans, budget lines and cash flows already stored are all read up front.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from procompite.plans.store import FLOW_FIELDS as PLAN_FLOW_FIELDS
from procompite.plans.store import LINE_FIELDS
from procompite.plans.store import PLAN_FIELDS as STORED_PLAN_FIELDS
from procompite.registry.organizations import MEMBER_FIELDS as REGISTRY_MEMBER_FIELDS
from procompite.registry.organizations import ORGANIZATION_FIELDS
from procompite.transfer.layout import fold

MEMBER_FIELDS = tuple(f for f in REGISTRY_MEMBER_FIELDS if f != "dni")
# The plan columns an import may set: the AEO by RUC, then the stored fields it carries.
PLAN_FIELDS = (
    "organization_ruc",
    *(
        f
        for f in STORED_PLAN_FIELDS
        if f not in ("call_id", "code", "organization_id", "registered_on")
    ),
)
FLOW_FIELDS = tuple(f for f in PLAN_FLOW_FIELDS if f != "year")


@dataclass
class StoredPlan:
    id: int
    status: str
    values: tuple[Any, ...]


@dataclass
class Lookups:
    """Reference data and stored records, keyed the way the file names them."""

    districts: dict[str, int] = field(default_factory=dict)
    chains: dict[str, int] = field(default_factory=dict)
    calls: dict[str, list[int]] = field(default_factory=dict)
    call_names: dict[int, str] = field(default_factory=dict)
    call_stages: dict[int, str] = field(default_factory=dict)
    categories: dict[tuple[int, str], int] = field(default_factory=dict)
    category_codes: dict[int, list[str]] = field(default_factory=dict)
    organizations: dict[str, tuple[int, tuple[Any, ...]]] = field(default_factory=dict)
    members: dict[tuple[int, str], tuple[int, tuple[Any, ...]]] = field(default_factory=dict)
    plans: dict[tuple[int, str], StoredPlan] = field(default_factory=dict)
    budget: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    flows: dict[int, dict[int, tuple[Any, ...]]] = field(default_factory=dict)
    names: dict[str, dict[int, str]] = field(default_factory=dict)


def _columns(fields: tuple[str, ...]) -> str:
    return ", ".join(fields)


def load_lookups(db: Database) -> Lookups:
    """Read everything the checks and the comparison need, in a handful of queries."""
    conn = db.conn
    lookups = Lookups()
    lookups.districts = dict(conn.execute("SELECT ubigeo, id FROM districts"))
    chains = dict(conn.execute("SELECT id, name FROM chains"))
    lookups.chains = {fold(name): id_ for id_, name in chains.items()}
    lookups.names = {
        "district_id": {id_: ubigeo for ubigeo, id_ in lookups.districts.items()},
        "chain_id": chains,
        "category_id": dict(conn.execute("SELECT id, code FROM call_categories")),
    }
    for call_id, name, stage in conn.execute("SELECT id, name, status FROM calls ORDER BY id"):
        lookups.calls.setdefault(fold(name), []).append(call_id)
        lookups.call_names[call_id] = name
        lookups.call_stages[call_id] = stage
    for category_id, call_id, code in conn.execute(
        "SELECT id, call_id, code FROM call_categories ORDER BY call_id, code"
    ):
        lookups.categories[(call_id, fold(code))] = category_id
        lookups.category_codes.setdefault(call_id, []).append(code)
    ruc_by_id = {}
    for row in conn.execute(f"SELECT id, {_columns(ORGANIZATION_FIELDS)} FROM organizations"):
        lookups.organizations[row[2]] = (row[0], tuple(row[1:]))
        ruc_by_id[row[0]] = row[2]
    for row in conn.execute(
        f"SELECT id, organization_id, dni, {_columns(MEMBER_FIELDS)} FROM members"
    ):
        lookups.members[(row[1], row[2])] = (row[0], tuple(row[3:]))
    plan_columns = _columns(PLAN_FIELDS[1:])
    for row in conn.execute(
        f"SELECT id, call_id, code, status, organization_id, {plan_columns} FROM plans"
    ):
        values = (ruc_by_id[row[4]], *row[5:])
        lookups.plans[(row[1], row[2])] = StoredPlan(row[0], row[3], values)
    for row in conn.execute(
        f"SELECT plan_id, {_columns(LINE_FIELDS)} FROM plan_budget_lines ORDER BY plan_id, position"
    ):
        lookups.budget.setdefault(row[0], []).append(tuple(row[1:]))
    for row in conn.execute(
        f"SELECT plan_id, year, {_columns(FLOW_FIELDS)} FROM plan_cash_flows ORDER BY plan_id, year"
    ):
        lookups.flows.setdefault(row[0], {})[row[1]] = tuple(row[2:])
    return lookups
