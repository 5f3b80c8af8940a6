"""Importing organisations, members and business plans from an .xlsx or .csv file.

All or nothing: the whole file is read and checked first, every problem is collected with its
sheet, row and column, and only a file without problems is written, in one transaction.
Organisations are matched by RUC, members by organisation and DNI, plans by call and code; the
budget lines and cash flow of a plan present in the file replace the stored ones. Updating a
stored record, an empty cell keeps the stored value and a cell with only ``-`` clears it; every
value replaced is listed before → after (:mod:`.differences`).
"""

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from procompite.common.collector import collector_paused
from procompite.registry.issued import issued_notice, issued_numbers
from procompite.storage.checks import database_path, explain
from procompite.transfer.checks import (
    Checked,
    Findings,
    PlanKey,
    check_budget,
    check_flows,
    check_members,
    check_organizations,
    check_plans,
)
from procompite.transfer.differences import FieldChange
from procompite.transfer.layout import (
    BUDGET,
    CASH_FLOW,
    MEMBERS,
    ORGANIZATIONS,
    PLANS,
    SUMMARY_KEYS,
)
from procompite.transfer.lookups import Lookups, load_lookups
from procompite.transfer.notices import investment_warnings, shared_dni_warnings
from procompite.transfer.reader import (
    ImportProblem,
    ReadResult,
    SpreadsheetError,
    read_spreadsheet,
)
from procompite.transfer.writer import Changes, Counts, compare, write_changes

__all__ = ["Counts", "ImportProblem", "ImportResult", "import_file"]


def empty_summary() -> dict[str, Counts]:
    return {key: Counts() for key in SUMMARY_KEYS}


@dataclass
class ImportResult:
    """Every problem (blocking), warning (not blocking) and, when it went through, the counts
    and each stored value the file replaces (``changes``, before → after)."""

    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    summary: dict[str, Counts] = field(default_factory=empty_summary)
    changes: list[FieldChange] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return any(counts.changed for counts in self.summary.values())


def _check_all(read: ReadResult, lookups: Lookups, findings: Findings, today: date) -> Checked:
    """Sheets in dependency order: plans need organisations, budget and flows need plans."""
    checked = Checked()
    sheets = read.sheets
    if data := sheets.get(ORGANIZATIONS.name):
        checked.organizations = check_organizations(data, lookups, findings, today)
        checked.titles[ORGANIZATIONS.name] = data.title
    file_rucs: set[str] | None = {
        entry.record["ruc"] for entry in checked.organizations if entry.record["ruc"]
    }
    if ORGANIZATIONS.name in read.unreadable:
        file_rucs = None
    if data := sheets.get(MEMBERS.name):
        checked.members = check_members(data, lookups, findings, today, file_rucs)
        checked.titles[MEMBERS.name] = data.title
    if data := sheets.get(PLANS.name):
        checked.plans = check_plans(data, lookups, findings, file_rucs)
        checked.titles[PLANS.name] = data.title
    file_plans: set[PlanKey] | None = {entry.key for entry in checked.plans if entry.record["code"]}
    if PLANS.name in read.unreadable:
        file_plans = None
    if data := sheets.get(BUDGET.name):
        checked.budget = check_budget(data, lookups, findings, file_plans)
        checked.titles[BUDGET.name] = data.title
    if data := sheets.get(CASH_FLOW.name):
        checked.flows = check_flows(data, lookups, findings, file_plans)
        checked.titles[CASH_FLOW.name] = data.title
    return checked


@collector_paused()
def import_file(
    db: Database, path: str | Path, *, dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Check the file and, when it has no problem and this is not a dry run, store it.

    A file that cannot be read at all (empty, too big, not a spreadsheet) gives one problem
    without sheet or row. Nothing is written when nothing would change.
    """
    path = Path(path)
    today = today or date.today()
    result = ImportResult(dry_run=dry_run)
    try:
        read = read_spreadsheet(path)
    except SpreadsheetError as error:
        result.problems.append(ImportProblem(None, None, None, str(error)))
        return result
    result.warnings = read.warnings
    findings = Findings(list(read.problems))
    if not findings.problems and not any(data.rows for data in read.sheets.values()):
        findings.problems.append(
            ImportProblem(
                None,
                None,
                None,
                f"El archivo «{path.name}» no tiene filas de datos que importar "
                "(hojas esperadas: Organizaciones, Socios, Planes, Presupuesto, Flujo de caja).",
            )
        )
    lookups = load_lookups(db)
    checked = _check_all(read, lookups, findings, today)
    changes: Changes = compare(checked, lookups, findings, result.summary)
    result.problems = _in_reading_order(findings.problems, read)
    result.changes = changes.fields
    result.warnings = (
        result.warnings
        + shared_dni_warnings(checked, lookups)
        + investment_warnings(checked, lookups)
        + _issued_warnings(db, checked, changes, lookups)
    )
    if result.problems or dry_run or not result.changed:
        return result
    try:
        write_changes(db, changes, today, _audit_summary(path, result))
    except sqlite3.Error as error:
        result.problems.append(
            ImportProblem(
                None, None, None, f"{explain(error, database_path(db))} No se importó nada."
            )
        )
        return result
    result.written = True
    return result


def _issued_warnings(
    db: Database, checked: Checked, changes: Changes, lookups: Lookups
) -> list[ImportProblem]:
    """One warning per changed AEO (record or padrón) that has dictámenes in force."""
    changed = {
        (ORGANIZATIONS.name, record["ruc"]) for _id, record in changes.changed_organizations
    } | {
        (MEMBERS.name, record["organization_ruc"])
        for record in changes.new_members + [record for _id, record in changes.changed_members]
    }
    if not changed:
        return []
    issued = issued_numbers(db)
    warnings = []
    for sheet, ruc in sorted(changed):
        stored = lookups.organizations.get(ruc)
        if stored and (numbers := issued.get(stored[0])):
            title = checked.titles.get(sheet, sheet)
            warnings.append(
                ImportProblem(title, None, None, f"RUC {ruc}: {issued_notice(numbers)}")
            )
    return warnings


def _in_reading_order(problems: list[ImportProblem], read: ReadResult) -> list[ImportProblem]:
    """Sheet by sheet (as found), then row by row, then column by column."""
    sheets = {data.title: data.sheet for data in read.sheets.values()}
    sheet_rank: dict[str | None, int] = {}
    for problem in problems:
        sheet_rank.setdefault(problem.sheet, len(sheet_rank))

    def key(problem: ImportProblem) -> tuple[int, int, int]:
        sheet = sheets.get(problem.sheet or "")
        headers = sheet.headers if sheet else ()
        column = headers.index(problem.column) if problem.column in headers else len(headers)
        return sheet_rank[problem.sheet], problem.row or 0, column

    return sorted(problems, key=key)


def _audit_summary(path: Path, result: ImportResult) -> dict[str, Any]:
    summary = {
        key: {
            "creados": counts.created,
            "actualizados": counts.updated,
            "sin cambios": counts.unchanged,
            "eliminados": counts.removed,
        }
        for key, counts in result.summary.items()
    }
    return {"archivo": path.name, "resumen": summary}
