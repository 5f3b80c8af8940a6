"""What an import lets through but the user must see: a person in the padrón of two AEO that
compete in the same call, and a plan whose budget and cash-flow investment differ.

Both are judged on the file and the stored records together, as they will be after the import.
"""

from collections import defaultdict

from procompite.plans.consistency import investment_gap_note
from procompite.transfer.checks import Checked
from procompite.transfer.differences import budget_total
from procompite.transfer.layout import MEMBERS, PLANS
from procompite.transfer.lookups import FLOW_FIELDS, LINE_FIELDS, ORGANIZATION_FIELDS, Lookups
from procompite.transfer.reader import ImportProblem

_NAME = ORGANIZATION_FIELDS.index("name")
_QUANTITY, _COST = LINE_FIELDS.index("quantity"), LINE_FIELDS.index("unit_cost_cents")
_INVESTMENT = FLOW_FIELDS.index("investment_cents")


def _applications(checked: Checked, lookups: Lookups) -> dict[str, set[int]]:
    """The calls each organisation (by RUC) applies to, stored or in the file."""
    calls: dict[str, set[int]] = defaultdict(set)
    for (call_id, _code), plan in lookups.plans.items():
        if plan.status != "retirado":
            calls[plan.values[0]].add(call_id)
    for entry in checked.plans:
        if entry.valid and entry.record["call_id"]:
            calls[entry.record["organization_ruc"]].add(entry.record["call_id"])
    return calls


def _names(checked: Checked, lookups: Lookups) -> dict[str, str]:
    names = {ruc: stored[1][_NAME] for ruc, stored in lookups.organizations.items()}
    names.update({entry.record["ruc"]: entry.record["name"] for entry in checked.organizations})
    return names


def _shared_padrones(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Per DNI in the padrón of more than one organisation, those organisations' RUCs."""
    first: dict[str, str] = {}
    shared: dict[str, set[str]] = {}
    for dni, ruc in pairs:
        found = first.setdefault(dni, ruc)
        if found != ruc:
            shared.setdefault(dni, {found}).add(ruc)
    return shared


def shared_dni_warnings(checked: Checked, lookups: Lookups) -> list[ImportProblem]:
    """A warning on each socio row whose DNI is also in the padrón of another AEO that applies
    to one of the same calls."""
    if not checked.members:
        return []
    ruc_of = {id_: ruc for ruc, (id_, _values) in lookups.organizations.items()}
    padrones = _shared_padrones(
        [(dni, ruc_of[organization_id]) for organization_id, dni in lookups.members]
        + [
            (entry.record["dni"], entry.record["organization_ruc"])
            for entry in checked.members
            if entry.valid
        ]
    )
    calls, names = _applications(checked, lookups), _names(checked, lookups)
    title = checked.titles.get(MEMBERS.name, MEMBERS.name)
    warnings = []
    for entry in checked.members:
        if not entry.valid:
            continue
        ruc, dni = entry.record["organization_ruc"], entry.record["dni"]
        if dni not in padrones:
            continue
        for other in sorted(padrones[dni] - {ruc}):
            for call_id in sorted(calls[ruc] & calls[other]):
                warnings.append(
                    ImportProblem(
                        title,
                        entry.row,
                        "DNI",
                        f"El DNI {dni} figura también en el padrón de «{names.get(other, other)}» "
                        f"(RUC {other}), que postula a la misma convocatoria "
                        f"«{lookups.call_names[call_id]}».",
                    )
                )
    return warnings


def investment_warnings(checked: Checked, lookups: Lookups) -> list[ImportProblem]:
    """A warning on each plan row of the file whose budget total (from the file, else stored)
    differs from the investment of its cash flow (from the file, else stored)."""
    title = checked.titles.get(PLANS.name, PLANS.name)
    warnings = []
    for entry in checked.plans:
        if not entry.valid:
            continue
        stored = lookups.plans.get((entry.record["call_id"], entry.record["code"]))
        key = entry.key
        if key in checked.budget:
            lines = [tuple(e.record[name] for name in LINE_FIELDS) for e in checked.budget[key]]
        else:
            lines = lookups.budget.get(stored.id if stored else -1, [])
        budget = budget_total(lines, _QUANTITY, _COST)
        if key in checked.flows:
            years = [e.record["investment_cents"] or 0 for e in checked.flows[key]]
        else:
            flows = lookups.flows.get(stored.id if stored else -1, {})
            years = [values[_INVESTMENT] or 0 for values in flows.values()]
        if note := investment_gap_note(budget, sum(years), bool(years)):
            warnings.append(ImportProblem(title, entry.row, "Código", note))
    return warnings
