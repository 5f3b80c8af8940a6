"""Comparing checked records with what is stored, and writing the differences in one transaction.

The comparison decides, record by record, whether the import creates, updates or leaves it as it
was, and refuses changes to plans that are past registration. Writing uses ``executemany`` on the
prepared rows, so a large file costs a few statements, not one per row.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.calls.status import allows
from procompite.common.clock import now_iso
from procompite.common.labels import CALL_STATUS, PLAN_STATUS
from procompite.plans.store import EDITABLE_STATUSES
from procompite.storage import audit
from procompite.transfer.checks import Checked, Entry, Findings
from procompite.transfer.differences import (
    FieldChange,
    budget_total,
    lines_shown,
    record_changes,
)
from procompite.transfer.layout import BUDGET, CASH_FLOW, MEMBERS, ORGANIZATIONS, PLANS, Sheet
from procompite.transfer.lookups import (
    FLOW_FIELDS,
    LINE_FIELDS,
    MEMBER_FIELDS,
    ORGANIZATION_FIELDS,
    PLAN_FIELDS,
    Lookups,
)

NEW_PLAN_STATUS = "registrado"
NEW_PLAN_COLUMNS = ("status", "registered_on", "created_at", "updated_at")
AUDIT_ACTOR = "importación"
AUDIT_ACTION = "importar"

PlanId = tuple[int, str]
_QUANTITY_AND_COST = (LINE_FIELDS.index("quantity"), LINE_FIELDS.index("unit_cost_cents"))


@dataclass
class Counts:
    """How many records of one kind the import creates, updates, leaves as they were or removes.

    ``removed`` counts budget lines and cash-flow years of a replaced plan that the file no
    longer has; organisations, members and plans are never removed by an import.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class Changes:
    """What the import will write: new rows, changed rows by id, and replaced plan parts."""

    new_organizations: list[dict[str, Any]] = field(default_factory=list)
    changed_organizations: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    new_members: list[dict[str, Any]] = field(default_factory=list)
    changed_members: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    new_plans: list[dict[str, Any]] = field(default_factory=list)
    changed_plans: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    budget: dict[PlanId, list[dict[str, Any]]] = field(default_factory=dict)
    flows: dict[PlanId, list[dict[str, Any]]] = field(default_factory=dict)
    touched_plans: set[PlanId] = field(default_factory=set)
    fields: list[FieldChange] = field(default_factory=list)


def _values(record: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(record[name] for name in fields)


@dataclass
class _Comparison:
    """One sheet's records against the stored ones: counts, and each field that changes."""

    sheet: Sheet
    title: str
    fields: tuple[str, ...]
    lookups: Lookups
    changes: Changes
    counts: Counts

    def merged(self, entry: Entry, stored: tuple[Any, ...]) -> dict[str, Any]:
        """The file's record with the stored value wherever its cell was empty."""
        before = dict(zip(self.fields, stored, strict=True))
        return entry.record | {name: before[name] for name in entry.kept if name in before}

    def changed(self, entry: Entry, stored: tuple[Any, ...], label: str) -> dict[str, Any] | None:
        """The record to write when it differs from the stored one (counted either way)."""
        record = self.merged(entry, stored)
        if _values(record, self.fields) == stored:
            self.counts.unchanged += 1
            return None
        self.counts.updated += 1
        before = dict(zip(self.fields, stored, strict=True))
        self.changes.fields += record_changes(
            self.sheet, self.title, entry.row, label, before, record, self.lookups.names
        )
        return record


def _comparison(checked, sheet, fields, lookups, changes, counts) -> _Comparison:
    return _Comparison(
        sheet, checked.titles.get(sheet.name, sheet.name), fields, lookups, changes, counts
    )


def _compare_organizations(checked: Checked, lookups: Lookups, changes, counts) -> None:
    comparison = _comparison(checked, ORGANIZATIONS, ORGANIZATION_FIELDS, lookups, changes, counts)
    for entry in checked.organizations:
        if not entry.valid:
            continue
        stored = lookups.organizations.get(entry.record["ruc"])
        if stored is None:
            changes.new_organizations.append(entry.record)
            counts.created += 1
        elif record := comparison.changed(entry, stored[1], f"RUC {entry.record['ruc']}"):
            changes.changed_organizations.append((stored[0], record))


def _compare_members(checked: Checked, lookups: Lookups, changes, counts) -> None:
    comparison = _comparison(checked, MEMBERS, MEMBER_FIELDS, lookups, changes, counts)
    for entry in checked.members:
        if not entry.valid:
            continue
        record = entry.record
        organization = lookups.organizations.get(record["organization_ruc"])
        stored = organization and lookups.members.get((organization[0], record["dni"]))
        if not stored:
            changes.new_members.append(record)
            counts.created += 1
            continue
        label = f"DNI {record['dni']} del RUC {record['organization_ruc']}"
        if merged := comparison.changed(entry, stored[1], label):
            changes.changed_members.append((stored[0], merged))


def _compare_plans(checked: Checked, lookups: Lookups, changes, counts, edits, findings) -> None:
    comparison = _comparison(checked, PLANS, PLAN_FIELDS, lookups, changes, counts)
    title = comparison.title
    for entry in checked.plans:
        if not entry.valid:
            continue
        target = (entry.record["call_id"], entry.record["code"])
        stored = lookups.plans.get(target)
        record = comparison.merged(entry, stored.values) if stored else entry.record
        stage = lookups.call_stages.get(record["call_id"], "")
        if not allows(stage, "registrar planes") and (
            stored is None or stored.values != _values(record, PLAN_FIELDS)
        ):
            findings.error(
                title,
                entry.row,
                "Convocatoria",
                f"La convocatoria «{lookups.call_names[record['call_id']]}» está "
                f"«{CALL_STATUS[stage]}»: ya no se registran ni modifican planes en ella.",
            )
            continue
        if stored is None:
            changes.new_plans.append(record)
            counts.created += 1
        elif merged := comparison.changed(entry, stored.values, f"plan {target[1]}"):
            changes.changed_plans.append((stored.id, merged))
            edits.setdefault(target, (title, entry.row, "Código"))


def _first_difference(new: list, old: list) -> int:
    for index, (left, right) in enumerate(zip(new, old, strict=False)):
        if left != right:
            return index
    return min(len(new), len(old))


def _valid_plan_parts(parts: dict, lookups: Lookups):
    """Each plan whose rows (budget lines or cash-flow years) are all valid: the plan, as
    (call, code), its stored id or ``None``, and its rows."""
    for (_call, code), entries in parts.items():
        if all(entry.valid for entry in entries):
            target = (entries[0].record["call_id"], code)
            stored = lookups.plans.get(target)
            yield target, stored.id if stored else None, entries


def _compare_budget(checked: Checked, lookups: Lookups, changes, counts, edits) -> None:
    title = checked.titles.get(BUDGET.name, BUDGET.name)
    for target, plan_id, entries in _valid_plan_parts(checked.budget, lookups):
        old = lookups.budget.get(plan_id, [])
        new = [_values(entry.record, LINE_FIELDS) for entry in entries]
        for position, line in enumerate(new):
            if position >= len(old):
                counts.created += 1
            elif line == old[position]:
                counts.unchanged += 1
            else:
                counts.updated += 1
        counts.removed += max(0, len(old) - len(new))
        if new != old:
            changes.budget[target] = [entry.record for entry in entries]
            row = entries[min(_first_difference(new, old), len(entries) - 1)].row
            edits.setdefault(target, (title, row, "Código del plan"))
            if plan_id is not None:
                changes.fields.append(
                    FieldChange(
                        title,
                        row,
                        f"plan {target[1]}",
                        "Presupuesto",
                        lines_shown(len(old), budget_total(old, *_QUANTITY_AND_COST)),
                        lines_shown(len(new), budget_total(new, *_QUANTITY_AND_COST)),
                    )
                )


def _compare_flows(checked: Checked, lookups: Lookups, changes, counts, edits) -> None:
    title = checked.titles.get(CASH_FLOW.name, CASH_FLOW.name)
    for target, plan_id, entries in _valid_plan_parts(checked.flows, lookups):
        old = lookups.flows.get(plan_id, {})
        first_change = None
        for entry in entries:
            year, values = entry.record["year"], _values(entry.record, FLOW_FIELDS)
            if year not in old:
                counts.created += 1
            elif old[year] == values:
                counts.unchanged += 1
                continue
            else:
                counts.updated += 1
                changes.fields += record_changes(
                    CASH_FLOW,
                    title,
                    entry.row,
                    f"plan {target[1]}, año {year}",
                    dict(zip(FLOW_FIELDS, old[year], strict=True)),
                    entry.record,
                    lookups.names,
                )
            first_change = first_change or entry.row
        years = {entry.record["year"] for entry in entries}
        removed = len(set(old) - years)
        for year in sorted(set(old) - years):
            changes.fields.append(
                FieldChange(
                    title, entries[0].row, f"plan {target[1]}", "Año", str(year), "(se elimina)"
                )
            )
        counts.removed += removed
        if first_change or removed:
            changes.flows[target] = [entry.record for entry in entries]
            edits.setdefault(target, (title, first_change or entries[0].row, "Código del plan"))


def compare(
    checked: Checked, lookups: Lookups, findings: Findings, summary: dict[str, Counts]
) -> Changes:
    """Count and collect the differences; a change to a plan past registration is a problem."""
    changes = Changes()
    edits: dict[PlanId, tuple[str, int, str]] = {}
    _compare_organizations(checked, lookups, changes, summary["organizaciones"])
    _compare_members(checked, lookups, changes, summary["socios"])
    _compare_plans(checked, lookups, changes, summary["planes"], edits, findings)
    _compare_budget(checked, lookups, changes, summary["líneas de presupuesto"], edits)
    _compare_flows(checked, lookups, changes, summary["años de flujo de caja"], edits)
    for target, (title, row, header) in edits.items():
        stored = lookups.plans.get(target)
        if stored is None:
            continue
        if stored.status not in EDITABLE_STATUSES:
            findings.error(
                title,
                row,
                header,
                f"El plan «{target[1]}» está en estado «{PLAN_STATUS[stored.status]}»: la "
                "importación solo puede modificar planes en estado «Borrador» o «Registrado».",
            )
        else:
            changes.touched_plans.add(target)
    return changes


def _insert(conn, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        placeholders = ", ".join("?" for _ in columns)
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows
        )


def _update(conn, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", rows)


def _write_organizations(conn, changes: Changes, at: str) -> dict[str, int]:
    columns = (*ORGANIZATION_FIELDS, "created_at", "updated_at")
    _insert(
        conn,
        "organizations",
        columns,
        [(*_values(record, ORGANIZATION_FIELDS), at, at) for record in changes.new_organizations],
    )
    _update(
        conn,
        "organizations",
        (*ORGANIZATION_FIELDS, "updated_at"),
        [
            (*_values(record, ORGANIZATION_FIELDS), at, id_)
            for id_, record in changes.changed_organizations
        ],
    )
    return dict(conn.execute("SELECT ruc, id FROM organizations"))


def _write_members(conn, changes: Changes, organization_ids: dict[str, int]) -> None:
    _insert(
        conn,
        "members",
        ("organization_id", "dni", *MEMBER_FIELDS),
        [
            (
                organization_ids[record["organization_ruc"]],
                record["dni"],
                *_values(record, MEMBER_FIELDS),
            )
            for record in changes.new_members
        ],
    )
    _update(
        conn,
        "members",
        MEMBER_FIELDS,
        [(*_values(record, MEMBER_FIELDS), id_) for id_, record in changes.changed_members],
    )


def _write_plans(
    conn, changes: Changes, organization_ids: dict[str, int], today: date, at: str
) -> dict[PlanId, int]:
    header = PLAN_FIELDS[1:]
    registration = (NEW_PLAN_STATUS, today.isoformat(), at, at)

    def values(record: dict[str, Any]) -> tuple[Any, ...]:
        return (organization_ids[record["organization_ruc"]], *_values(record, header))

    _insert(
        conn,
        "plans",
        ("call_id", "code", "organization_id", *header, *NEW_PLAN_COLUMNS),
        [
            (record["call_id"], record["code"], *values(record), *registration)
            for record in changes.new_plans
        ],
    )
    _update(
        conn,
        "plans",
        ("organization_id", *header, "updated_at"),
        [(*values(record), at, id_) for id_, record in changes.changed_plans],
    )
    return {
        (call_id, code): id_
        for id_, call_id, code in conn.execute("SELECT id, call_id, code FROM plans")
    }


def _replace_plan_parts(conn, changes: Changes, plan_ids: dict[PlanId, int], at: str) -> None:
    for target, lines in changes.budget.items():
        plan_id = plan_ids[target]
        conn.execute("DELETE FROM plan_budget_lines WHERE plan_id = ?", [plan_id])
        _insert(
            conn,
            "plan_budget_lines",
            ("plan_id", "position", *LINE_FIELDS),
            [
                (plan_id, position, *_values(line, LINE_FIELDS))
                for position, line in enumerate(lines)
            ],
        )
    for target, flows in changes.flows.items():
        plan_id = plan_ids[target]
        conn.execute("DELETE FROM plan_cash_flows WHERE plan_id = ?", [plan_id])
        _insert(
            conn,
            "plan_cash_flows",
            ("plan_id", "year", *FLOW_FIELDS),
            [(plan_id, flow["year"], *_values(flow, FLOW_FIELDS)) for flow in flows],
        )
    conn.executemany(
        "UPDATE plans SET updated_at = ? WHERE id = ?",
        [(at, plan_ids[target]) for target in changes.touched_plans],
    )


def write_changes(db: Database, changes: Changes, today: date, audit_after: dict[str, Any]) -> None:
    """Write every change and one audit entry, all inside one transaction."""
    at = now_iso()
    conn = db.conn
    with db.atomic():
        organization_ids = _write_organizations(conn, changes, at)
        _write_members(conn, changes, organization_ids)
        plan_ids = _write_plans(conn, changes, organization_ids, today, at)
        _replace_plan_parts(conn, changes, plan_ids, at)
        audit.record(
            db,
            actor=AUDIT_ACTOR,
            action=AUDIT_ACTION,
            table="organizations",
            row_id=None,
            after=audit_after,
            at=at,
        )
