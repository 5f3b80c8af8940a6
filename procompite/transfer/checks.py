"""Turning the rows of each sheet into records ready to store, and every problem found on the way.

Each cell is parsed by its column's kind, each record is checked with the field rules the forms
share (:mod:`procompite.registry.validation` for AEO and socios,
:mod:`procompite.plans.validation` for plans, budget and cash flow), references (district, chain,
call, category, organisation, plan) are resolved against the database and the same file, and keys
repeated inside the file are reported on every row that repeats them.
"""

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from procompite.common.errors import Problem
from procompite.common.identifiers import only_digits, ruc_problem
from procompite.common.values import CellError, canonical_quantity
from procompite.plans.validation import (
    budget_line_problems,
    cash_flow_problems,
    plan_problems,
    requested_problems,
)
from procompite.registry.validation import member_problems, organization_problems
from procompite.transfer.cells import parser_for
from procompite.transfer.layout import (
    DNI,
    IDENTIFIER_LENGTHS,
    UBIGEO,
    Sheet,
    fold,
)
from procompite.transfer.lookups import Lookups
from procompite.transfer.reader import ImportProblem, SheetRows

LEADING_ZERO_HINT = (
    " Si el número empezaba con 0, Excel pudo haberlo quitado porque la columna no tiene formato "
    "de texto: dé formato de texto a la columna y vuelva a escribirlo."
)
REQUIRED = "Es obligatorio."
ORGANIZATION_TEXTS = (
    "name",
    "legal_form",
    "category",
    "registry_entry",
    "address",
    "representative_name",
    "phone",
    "email",
    "notes",
)
PLAN_COUNTS = ("beneficiaries_women", "beneficiaries_men", "direct_jobs", "indirect_jobs")
FLOW_AMOUNTS = ("income_cents", "operating_cost_cents", "investment_cents", "residual_value_cents")

PlanKey = tuple[str, str]
# A cell holding only this clears the stored value on update; an empty cell keeps it.
CLEAR_MARK = "-"
# The stored field a column fills, where the two are named differently.
STORED_FIELD = {
    "district_ubigeo": "district_id",
    "chain_name": "chain_id",
    "category_code": "category_id",
}


@dataclass
class Entry:
    """One row read into a record; ``valid`` is false when the row has any problem.

    ``kept`` names the stored fields whose cells were empty: updating a stored record keeps
    their stored values (a cell with :data:`CLEAR_MARK` clears one instead).
    """

    row: int
    record: dict[str, Any]
    valid: bool = True
    key: Any = None
    kept: frozenset[str] = frozenset()


@dataclass
class Findings:
    """Problems collected while checking, each pinned to sheet, row and column."""

    problems: list[ImportProblem] = field(default_factory=list)

    def error(self, title: str, row: int, header: str | None, message: str) -> None:
        self.problems.append(ImportProblem(title, row, header, message))


@dataclass
class Checked:
    """Everything of a file that passed or failed the checks, by sheet."""

    organizations: list[Entry] = field(default_factory=list)
    members: list[Entry] = field(default_factory=list)
    plans: list[Entry] = field(default_factory=list)
    budget: dict[PlanKey, list[Entry]] = field(default_factory=dict)
    flows: dict[PlanKey, list[Entry]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


# Per column, how many distinct cell values keep their parsed value, so that a RUC, a sex or
# a date repeated down a padrón is parsed once.
PARSED_KEPT = 20_000


def _parsed(parse: Callable[[Any], Any], value: Any) -> tuple[Any, str | None, bool]:
    """A cell's value, its problem and whether it is blank; the clear mark gives ``None``."""
    if value is None or value == "" or (type(value) is str and not value.strip()):
        return None, None, True
    if isinstance(value, str) and value.strip() == CLEAR_MARK:
        return None, None, False
    try:
        return parse(value), None, False
    except CellError as error:
        return None, str(error), False


class RowChecker:
    """Parses and validates the rows of one sheet, recording problems with their position."""

    def __init__(self, data: SheetRows, findings: Findings):
        self.sheet: Sheet = data.sheet
        self.title = data.title
        self.findings = findings
        self.bad: set[str] = set()
        self.row = 0
        self.parsers = [(column.field, parser_for(column), {}) for column in self.sheet.columns]

    def parse(self, row: int, values: tuple[Any, ...]) -> dict[str, Any]:
        """The row's values by field; empty and cleared cells are ``None`` (see :meth:`kept`)."""
        self.row, self.bad, self.blank = row, set(), set()
        record: dict[str, Any] = {}
        for (field_name, parse, seen), value in zip(self.parsers, values, strict=True):
            key = (type(value), value)
            parsed = seen.get(key)
            if parsed is None:
                parsed = _parsed(parse, value)
                if len(seen) < PARSED_KEPT:
                    seen[key] = parsed
            record[field_name], problem, blank = parsed
            if blank:
                self.blank.add(field_name)
            elif problem is not None:
                self.fail(field_name, problem)
        return record

    def fail(self, field_name: str, message: str) -> None:
        """A problem in this row's cell for ``field_name`` (once per cell)."""
        if field_name in self.bad:
            return
        self.bad.add(field_name)
        header = self.sheet.column(field_name).header
        self.findings.error(self.title, self.row, header, message)

    def report(self, problems: list[Problem], record: dict[str, Any]) -> None:
        """Problems of the shared validation rules, named by their field label."""
        for problem in problems:
            header = self.sheet.header_for_label(problem.field)
            column = next((c for c in self.sheet.columns if c.header == header), None)
            if column is None:
                self.findings.error(self.title, self.row, None, f"{problem}")
                self.bad.add("")
                continue
            message = problem.message
            value = record.get(column.field)
            if column.kind in (DNI, UBIGEO) and _lost_zero(value, column.kind):
                message += LEADING_ZERO_HINT
            self.fail(column.field, message)

    @property
    def ok(self) -> bool:
        return not self.bad

    @property
    def kept(self) -> frozenset[str]:
        """The stored fields of this row's empty cells, kept as stored on update."""
        return frozenset(STORED_FIELD.get(name, name) for name in self.blank)


def _lost_zero(value: Any, kind: str) -> bool:
    return isinstance(value, str) and only_digits(value) and len(value) < IDENTIFIER_LENGTHS[kind]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _report_repeats(
    findings: Findings,
    title: str,
    header: str,
    rows: dict[Any, list[int]],
    describe: Callable[[Any], str],
) -> set[int]:
    """Report every row of a key that appears more than once; returns those rows."""
    repeated: set[int] = set()
    for key, numbers in rows.items():
        if len(numbers) > 1:
            listed = ", ".join(str(number) for number in numbers)
            for number in numbers:
                findings.error(
                    title, number, header, f"{describe(key)} se repite en las filas {listed}."
                )
            repeated.update(numbers)
    return repeated


def _invalidate(entries: list[Entry], rows: set[int]) -> None:
    for entry in entries:
        if entry.row in rows:
            entry.valid = False


def _resolve_district(checker: RowChecker, lookups: Lookups, ubigeo: str | None) -> int | None:
    if ubigeo is None:
        return None
    district_id = lookups.districts.get(ubigeo)
    if district_id is None:
        hint = LEADING_ZERO_HINT if _lost_zero(ubigeo, UBIGEO) else ""
        checker.fail("district_ubigeo", f"No existe un distrito con ubigeo «{ubigeo}».{hint}")
    return district_id


def _resolve_chain(checker: RowChecker, lookups: Lookups, name: str | None) -> int | None:
    if name is None:
        return None
    chain_id = lookups.chains.get(fold(name))
    if chain_id is None:
        checker.fail("chain_name", f"No existe la cadena productiva «{name}» en el programa.")
    return chain_id


_ruc_problem = functools.lru_cache(maxsize=PARSED_KEPT)(ruc_problem)


def _check_ruc_reference(
    checker: RowChecker, ruc: str | None, known: set[str] | None, lookups: Lookups
) -> None:
    """A well-formed RUC of an organisation stored or in the file (``known``; ``None`` when the
    file's «Organizaciones» sheet could not be read, so that its absence is not blamed here)."""
    if ruc is None:
        checker.fail("organization_ruc", REQUIRED)
    elif message := _ruc_problem(ruc):
        checker.fail("organization_ruc", message)
    elif known is not None and ruc not in lookups.organizations and ruc not in known:
        checker.fail(
            "organization_ruc",
            f"No existe una organización con RUC {ruc} en el programa ni en la hoja "
            "«Organizaciones».",
        )


def check_organizations(
    data: SheetRows, lookups: Lookups, findings: Findings, today: date
) -> list[Entry]:
    checker = RowChecker(data, findings)
    entries, rows_by_ruc = [], defaultdict(list)
    for number, values in data.rows:
        record = checker.parse(number, values)
        if record["ruc"]:
            rows_by_ruc[record["ruc"]].append(number)
        district_id = _resolve_district(checker, lookups, record["district_ubigeo"])
        chain_id = _resolve_chain(checker, lookups, record["chain_name"])
        checker.report(organization_problems(record, today), record)
        stored = {key: record[key] or "" for key in ORGANIZATION_TEXTS} | {
            "ruc": record["ruc"],
            "constituted_on": _iso(record["constituted_on"]),
            "district_id": district_id,
            "representative_dni": record["representative_dni"],
            "chain_id": chain_id,
            "annual_sales_cents": record["annual_sales_cents"],
        }
        entries.append(Entry(number, stored, checker.ok, kept=checker.kept))
    _invalidate(
        entries,
        _report_repeats(findings, data.title, "RUC", rows_by_ruc, lambda ruc: f"El RUC {ruc}"),
    )
    return entries


def check_members(
    data: SheetRows, lookups: Lookups, findings: Findings, today: date, file_rucs: set[str] | None
) -> list[Entry]:
    checker = RowChecker(data, findings)
    entries, rows_by_key = [], defaultdict(list)
    for number, values in data.rows:
        record = checker.parse(number, values)
        ruc = record["organization_ruc"]
        _check_ruc_reference(checker, ruc, file_rucs, lookups)
        if ruc and record["dni"]:
            rows_by_key[(ruc, record["dni"])].append(number)
        record["role"] = record["role"] or "socio"
        checker.report(member_problems(record, today), record)
        stored = {
            "organization_ruc": ruc,
            "dni": record["dni"],
            "first_names": record["first_names"] or "",
            "last_names": record["last_names"] or "",
            "sex": record["sex"],
            "birth_date": _iso(record["birth_date"]),
            "role": record["role"],
            "joined_on": _iso(record["joined_on"]),
        }
        entries.append(Entry(number, stored, checker.ok, kept=checker.kept))
    _invalidate(
        entries,
        _report_repeats(
            findings,
            data.title,
            "DNI",
            rows_by_key,
            lambda key: f"El DNI {key[1]} en el padrón del RUC {key[0]}",
        ),
    )
    return entries


def _resolve_call(checker: RowChecker, lookups: Lookups, name: str | None) -> int | None:
    if name is None:
        checker.fail("call_name", REQUIRED)
        return None
    ids = lookups.calls.get(fold(name), [])
    if len(ids) == 1:
        return ids[0]
    if ids:
        checker.fail(
            "call_name",
            f"Hay {len(ids)} convocatorias llamadas «{name}»: cambie el nombre de una de ellas "
            "en el programa antes de importar.",
        )
    else:
        known = ", ".join(f"«{call}»" for call in sorted(lookups.call_names.values())[:5])
        checker.fail(
            "call_name",
            f"No existe la convocatoria «{name}» en el programa."
            + (f" Convocatorias registradas: {known}." if known else ""),
        )
    return None


def _resolve_category(
    checker: RowChecker, lookups: Lookups, call_id: int | None, code: str | None
) -> int | None:
    if code is None or call_id is None:
        return None
    category_id = lookups.categories.get((call_id, fold(code)))
    if category_id is None:
        codes = ", ".join(lookups.category_codes.get(call_id, [])) or "ninguna"
        checker.fail(
            "category_code",
            f"La convocatoria no tiene la categoría «{code}» (categorías: {codes}).",
        )
    return category_id


def plan_key(call_name: str | None, code: str | None) -> PlanKey:
    """How the file names a plan: the call's name (compared loosely) and the plan's code."""
    return (fold(call_name or ""), code or "")


def check_plans(
    data: SheetRows, lookups: Lookups, findings: Findings, file_rucs: set[str] | None
) -> list[Entry]:
    checker = RowChecker(data, findings)
    entries, rows_by_key = [], defaultdict(list)
    for number, values in data.rows:
        record = checker.parse(number, values)
        call_id = _resolve_call(checker, lookups, record["call_name"])
        if record["code"]:
            rows_by_key[plan_key(record["call_name"], record["code"])].append(number)
        _check_ruc_reference(checker, record["organization_ruc"], file_rucs, lookups)
        stored = {
            "call_id": call_id,
            "code": record["code"],
            "organization_ruc": record["organization_ruc"],
            "category_id": _resolve_category(checker, lookups, call_id, record["category_code"]),
            "chain_id": _resolve_chain(checker, lookups, record["chain_name"]),
            "title": record["title"] or "",
            "district_id": _resolve_district(checker, lookups, record["district_ubigeo"]),
            "duration_months": record["duration_months"],
            "summary": record["summary"] or "",
        } | {key: record[key] or 0 for key in PLAN_COUNTS}
        checker.report(plan_problems(record), record)
        key = plan_key(record["call_name"], record["code"])
        entries.append(Entry(number, stored, checker.ok, key, checker.kept))
    _invalidate(
        entries,
        _report_repeats(
            findings,
            data.title,
            "Código",
            rows_by_key,
            lambda key: f"El plan {key[1]} de esta convocatoria",
        ),
    )
    return entries


def _check_plan_reference(
    checker: RowChecker, lookups: Lookups, record: dict[str, Any], file_plans: set[PlanKey] | None
) -> int | None:
    """The call of a budget or cash-flow row, after checking its plan exists."""
    call_id = _resolve_call(checker, lookups, record["call_name"])
    code = record["plan_code"]
    if code is None:
        checker.fail("plan_code", REQUIRED)
    elif (
        call_id is not None
        and file_plans is not None
        and (call_id, code) not in lookups.plans
        and plan_key(record["call_name"], code) not in file_plans
    ):
        checker.fail(
            "plan_code",
            f"No existe el plan «{code}» en esta convocatoria, ni en el programa ni en la "
            "hoja «Planes».",
        )
    return call_id


def _plan_rows(
    data: SheetRows, lookups: Lookups, findings: Findings, file_plans: set[PlanKey] | None
):
    """Each row of a sheet of plan parts: its checker, number, record and the plan's call."""
    checker = RowChecker(data, findings)
    for number, values in data.rows:
        record = checker.parse(number, values)
        yield checker, number, record, _check_plan_reference(checker, lookups, record, file_plans)


def check_budget(
    data: SheetRows, lookups: Lookups, findings: Findings, file_plans: set[PlanKey] | None
) -> dict[PlanKey, list[Entry]]:
    lines: dict[PlanKey, list[Entry]] = {}
    for checker, number, record, call_id in _plan_rows(data, lookups, findings, file_plans):
        record["unit"] = record["unit"] or "unidad"
        checker.report(budget_line_problems(record), record)
        quantity = record["quantity"]
        stored = {
            "component": record["component"],
            "concept": record["concept"] or "",
            "unit": record["unit"],
            "quantity": canonical_quantity(quantity) if quantity is not None else None,
            "unit_cost_cents": record["unit_cost_cents"],
            "payer": record["payer"],
            "call_id": call_id,
        }
        key = plan_key(record["call_name"], record["plan_code"])
        lines.setdefault(key, []).append(Entry(number, stored, checker.ok))
    for (_call, code), entries in lines.items():
        if not code or not all(entry.valid for entry in entries):
            continue
        for problem in requested_problems([entry.record for entry in entries]):
            rows = ", ".join(str(entry.row) for entry in entries)
            where = f"fila {rows}" if len(entries) == 1 else f"filas {rows}"
            findings.error(
                data.title,
                entries[0].row,
                data.sheet.column("payer").header,
                f"Plan {code} ({where}): {problem.message}",
            )
            _invalidate(entries, {entry.row for entry in entries})
    return lines


def check_flows(
    data: SheetRows, lookups: Lookups, findings: Findings, file_plans: set[PlanKey] | None
) -> dict[PlanKey, list[Entry]]:
    flows: dict[PlanKey, list[Entry]] = {}
    for checker, number, record, call_id in _plan_rows(data, lookups, findings, file_plans):
        checker.report(cash_flow_problems(record), record)
        stored = {"year": record["year"], "call_id": call_id} | {
            key: record[key] or 0 for key in FLOW_AMOUNTS
        }
        key = plan_key(record["call_name"], record["plan_code"])
        flows.setdefault(key, []).append(Entry(number, stored, checker.ok))
    for (_call, code), entries in flows.items():
        rows_by_year: dict[int, list[int]] = defaultdict(list)
        for entry in entries:
            if entry.record["year"] is not None:
                rows_by_year[entry.record["year"]].append(entry.row)
        _invalidate(
            entries,
            _report_repeats(
                findings,
                data.title,
                "Año",
                rows_by_year,
                lambda year, code=code: f"El año {year} del plan {code}",
            ),
        )
    return flows
