"""Writing organisations (AEO), their members and their business plans."""

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from procompite.clock import now_iso
from procompite.errors import Problem, ValidationError
from procompite.identifiers import dni_problem, ruc_problem


def _check_organization(record: dict[str, Any]) -> list[Problem]:
    problems = []
    if not str(record.get("name", "")).strip():
        problems.append(Problem("Nombre", "El nombre es obligatorio."))
    if message := ruc_problem(str(record.get("ruc", ""))):
        problems.append(Problem("RUC", message))
    if record.get("representative_dni") and (
        message := dni_problem(str(record["representative_dni"]))
    ):
        problems.append(Problem("DNI del representante", message))
    return problems


def add_organization(db: Database, record: dict[str, Any], at: str | None = None) -> int:
    """Store a new organisation; raises :class:`ValidationError` when a field is wrong."""
    if problems := _check_organization(record):
        raise ValidationError(problems)
    at = at or now_iso()
    with db.atomic():
        return db["organizations"].insert(record | {"created_at": at, "updated_at": at}).last_pk


def add_members(db: Database, organization_id: int, members: Iterable[dict[str, Any]]) -> None:
    """Add members (socios) to an organisation's padrón, all or none."""
    rows = [member | {"organization_id": organization_id} for member in members]
    problems = [
        Problem(f"Socio {index} (DNI)", message)
        for index, row in enumerate(rows, start=1)
        if (message := dni_problem(str(row.get("dni", ""))))
    ]
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        db["members"].insert_all(rows)


def add_plan(
    db: Database,
    record: dict[str, Any],
    *,
    budget_lines: Iterable[dict[str, Any]] = (),
    cash_flows: Iterable[dict[str, Any]] = (),
    documents: Iterable[dict[str, Any]] = (),
    at: str | None = None,
) -> int:
    """Store a business plan with its budget, cash flow and document checklist, all or none."""
    at = at or now_iso()
    with db.atomic():
        plan_id = db["plans"].insert(record | {"created_at": at, "updated_at": at}).last_pk
        db["plan_budget_lines"].insert_all(
            line | {"plan_id": plan_id, "position": position}
            for position, line in enumerate(budget_lines)
        )
        db["plan_cash_flows"].insert_all(flow | {"plan_id": plan_id} for flow in cash_flows)
        db["plan_documents"].insert_all(doc | {"plan_id": plan_id} for doc in documents)
    return plan_id
