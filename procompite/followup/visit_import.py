"""Visits from a spreadsheet, with the registry's rules: the file is read as safely as an
import reads (size, expansion, damaged files), every cell is checked with the window's rules,
every problem is named by sheet, row and column, what would be added is shown first, and
nothing is saved unless every row is right.

The sheet «Visitas» has a column «Plan» (its code), optionally «Convocatoria» when codes repeat
across calls, one column per field of a visit (:data:`.visits.VISIT_FIELDS`) and one per
indicator of the plan's call, headed by its name (and unit, as the template writes it)."""

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlite_utils import Database

from procompite.calls.status import stage_problem
from procompite.common.dates import format_short, parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import format_soles
from procompite.common.values import CellError
from procompite.documents.pdf.base import write_whole
from procompite.followup.agreements import load_agreement
from procompite.followup.fields import Field, read_value
from procompite.followup.funded import FundedPlan, funded_plans
from procompite.followup.indicators import Indicator, call_indicators
from procompite.followup.visits import GOODS_CONDITION, GOODS_USE, VISIT_FIELDS, visit_problems
from procompite.followup.visits import store_visit as store
from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.layout import fold
from procompite.transfer.reader import csv_rows, sheet_rows

SHEET = "Visitas"
PLAN, CALL, AEO = "Plan", "Convocatoria", "AEO"
MAX_VISIT_ROWS = 5000
HELP = {
    "operating": "sí o no",
    "goods_use": " / ".join(GOODS_USE.values()),
    "goods_condition": " / ".join(GOODS_CONDITION.values()),
    "photos": "nombres de archivo separados por punto y coma",
    "sales_cents": "monto en soles de los últimos 12 meses",
    "visited_on": "dd/mm/aaaa",
}


@dataclass
class ReadVisit:
    row: int
    plan: FundedPlan
    values: dict[str, Any]
    extra: dict[int, str]


@dataclass
class VisitImport:
    """A checked file: its problems (nothing can be saved while there is one), the lines that
    say what would be added, and the visits ready to store."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    visits: list[ReadVisit] = field(default_factory=list)
    today: date | None = None


def _open_plans(db: Database) -> list[FundedPlan]:
    return [
        plan
        for plan in funded_plans(db)
        if not plan.closed
        and stage_problem(db, plan.call_id, "dar seguimiento") is None
        and load_agreement(db, plan.plan_id) is not None
    ]


def write_visit_template(db: Database, call_id: int | None, out: Path) -> int:
    """A workbook to fill in: one row per funded plan with an agreement and not liquidated (of
    ``call_id``, or of every call), the call's indicators as columns, drop-down lists for the
    choices; returns the rows written."""
    plans = [p for p in _open_plans(db) if call_id is None or p.call_id == call_id]
    indicators = _indicator_labels(db, {p.call_id for p in plans})
    headers = [PLAN, CALL, AEO, *(spec.label for spec in VISIT_FIELDS), *indicators]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", start_color="DDEBF7")
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(header) + 2, 36))
    for plan in plans:
        sheet.append([plan.code, plan.call_name, plan.organization])
    last = max(len(plans) + 50, 200)
    for spec in VISIT_FIELDS:
        letter = get_column_letter(headers.index(spec.label) + 1)
        options = ["Sí", "No"] if spec.kind == "yesno" else list(spec.choices.values())
        if spec.kind in ("yesno", "choice"):
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
        if spec.kind == "date":
            for row in range(2, last + 1):
                sheet[f"{letter}{row}"].number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "D2"
    notes = workbook.create_sheet("Instrucciones")
    notes.append(["Columna", "Qué escribir"])
    notes.append([PLAN, "Código del plan financiado (obligatorio)."])
    notes.append(
        [CALL, "Nombre de la convocatoria, solo si el código se repite entre convocatorias."]
    )
    notes.append([AEO, "Solo para ubicarse: no se lee."])
    for spec in VISIT_FIELDS:
        mandatory = " (obligatorio)" if spec.required else ""
        notes.append([spec.label, HELP.get(spec.name, spec.help or spec.kind) + mandatory])
    for label in indicators:
        notes.append([label, "cantidad en la unidad indicada; vacío si no se midió"])
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    write_whole(Path(out), buffer.getvalue())
    return len(plans)


def _indicator_labels(db: Database, calls: set[int]) -> list[str]:
    return list(
        dict.fromkeys(
            item.label for call_id in sorted(calls) for item in call_indicators(db, call_id)
        )
    )


def _rows(path: Path) -> tuple[str, list[tuple[int, list[Any]]]]:
    if path.suffix.lower() in (".csv", ".txt") and path.exists():
        rows = csv_rows(path)
        return SHEET, [
            (number, [cell if cell.strip() else None for cell in row])
            for number, row in enumerate(rows, start=1)
            if any(cell.strip() for cell in row)
        ]
    return sheet_rows(path, SHEET)


def _columns(
    headers: list[Any], title: str, indicators: set[str], result: VisitImport
) -> dict[str, int]:
    """The position of each known column by field name (``plan``, ``call``, a visit field, or
    ``indicator:NAME``); missing mandatory columns are problems, unknown ones warnings."""
    known = {fold(PLAN): "plan", fold(CALL): "call", fold(AEO): "aeo"}
    known |= {fold(spec.label): spec.name for spec in VISIT_FIELDS}
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None or str(header).strip() == "":
            continue
        text = str(header).strip()
        name = known.get(fold(text)) or f"indicator:{fold(text.split(' (')[0])}"
        if name.startswith("indicator:") and name not in indicators:
            result.warnings.append(
                Problem(f"Hoja «{title}», fila 1, columna {get_column_letter(index + 1)}",
                        f"«{text}» no es un campo de la visita ni un indicador: no se lee.")
            )  # fmt: skip
            continue
        if name in positions:
            result.problems.append(
                Problem(f"Hoja «{title}», fila 1, columna {get_column_letter(index + 1)}",
                        f"La columna «{text}» está repetida.")
            )  # fmt: skip
        positions[name] = index
    missing = [PLAN] + [spec.label for spec in VISIT_FIELDS if spec.required]
    missing = [label for label in missing if known[fold(label)] not in positions]
    if missing:
        result.problems.append(
            Problem(
                f"Hoja «{title}», fila 1",
                "Faltan las columnas "
                + ", ".join(f"«{label}»" for label in missing)
                + ": use la plantilla de visitas que da el programa.",
            )
        )
    return positions


def _plan_of(
    code: Any, call: Any, plans: list[FundedPlan], db: Database
) -> tuple[FundedPlan | None, str]:
    text = "" if code is None else str(code).strip()
    if not text:
        return None, "Falta el código del plan."
    found = [p for p in plans if fold(p.code) == fold(text)]
    if call is not None and str(call).strip():
        found = [p for p in found if fold(p.call_name) == fold(str(call))]
    if len(found) == 1:
        return found[0], ""
    if len(found) > 1:
        return None, f"Hay varios planes «{text}»: indique la convocatoria."
    exists = db.execute("SELECT 1 FROM plans WHERE code = ?", [text]).fetchone()
    if not exists:
        return None, f"No hay un plan con el código «{text}»."
    return None, (
        f"El plan «{text}» no admite visitas: no es ganador en un acta emitida, aún no tiene "
        "convenio o ya está liquidado."
    )


def _read_row(
    db: Database,
    number: int,
    cells: list[Any],
    positions: dict[str, int],
    title: str,
    plans: list[FundedPlan],
    result: VisitImport,
) -> None:
    def cell(name: str) -> Any:
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def where(name: str, label: str) -> str:
        letter = get_column_letter(positions[name] + 1) if name in positions else "?"
        return f"Hoja «{title}», fila {number}, columna {letter} ({label})"

    before = len(result.problems)
    plan, why = _plan_of(cell("plan"), cell("call"), plans, db)
    if plan is None:
        result.problems.append(Problem(where("plan", PLAN), why))
        return
    values: dict[str, Any] = {}
    for spec in VISIT_FIELDS:
        try:
            value = read_value(spec, cell(spec.name))
        except CellError as error:
            result.problems.append(Problem(where(spec.name, spec.label), str(error)))
            continue
        if spec.required and value in (None, []):
            result.problems.append(Problem(where(spec.name, spec.label), "Es obligatorio."))
        values[spec.name] = value
    extra = _indicator_values(plan, call_indicators(db, plan.call_id), cell, where, result)
    if len(result.problems) > before:
        return
    place = f"Hoja «{title}», fila {number}"
    labels = {spec.label: spec.name for spec in VISIT_FIELDS}
    for problem in visit_problems(db, plan.plan_id, values, place, result.today):
        label = problem.field.removeprefix(place + ", ")
        located = where(labels[label], label) if label in labels else problem.field
        result.problems.append(Problem(located, problem.message))
    repeated = [
        visit.row
        for visit in result.visits
        if visit.plan.plan_id == plan.plan_id and visit.values["visited_on"] == values["visited_on"]
    ]
    if repeated:
        result.problems.append(
            Problem(where("visited_on", "Fecha de la visita"),
                    f"La fila {repeated[0]} ya trae una visita de {plan.code} en esa fecha.")
        )  # fmt: skip
    if len(result.problems) == before:
        result.visits.append(ReadVisit(number, plan, values, extra))


def _indicator_values(plan, indicators: list[Indicator], cell, where, result) -> dict[int, str]:
    extra = {}
    for item in indicators:
        name = f"indicator:{fold(item.name)}"
        spec = Field(name, item.label, "quantity")
        try:
            value = read_value(spec, cell(name))
        except CellError as error:
            result.problems.append(Problem(where(name, item.label), str(error)))
            continue
        if value is not None:
            extra[item.id] = value
    return extra


def _change(visit: ReadVisit) -> str:
    values = visit.values
    parts = ["en funcionamiento" if values["operating"] else "el AEO no funciona"]
    if values.get("sales_cents") is not None:
        parts.append(f"ventas {format_soles(values['sales_cents'])}")
    if values.get("direct_jobs") is not None:
        parts.append(f"{values['direct_jobs']} empleos directos")
    if values.get("active_members") is not None:
        parts.append(f"{values['active_members']} socios activos")
    if values.get("goods_use"):
        parts.append(f"bienes: {GOODS_USE[values['goods_use']].lower()}")
    return (
        f"Fila {visit.row}: {visit.plan.code} ({visit.plan.organization}), visita del "
        f"{format_short(parse_iso(values['visited_on']))} — " + ", ".join(parts) + "."
    )


def check_visit_file(db: Database, path: Path, today: date | None = None) -> VisitImport:
    """Read and check the file; changes nothing. ``result.problems`` empty means it can be
    applied."""
    path = Path(path)
    result = VisitImport(path, today=today or date.today())
    try:
        title, numbered = _rows(path)
    except SpreadsheetError as error:
        result.problems.append(Problem(path.name, str(error)))
        return result
    if not numbered or numbered[0][0] != 1:
        result.problems.append(
            Problem(f"Hoja «{title or SHEET}», fila 1", "Debe tener los encabezados de la "
                    "plantilla de visitas.")
        )  # fmt: skip
        return result
    if len(numbered) - 1 > MAX_VISIT_ROWS:
        result.problems.append(
            Problem(f"Hoja «{title}»", f"Tiene {len(numbered) - 1} filas; el límite es "
                    f"{MAX_VISIT_ROWS}: divida las visitas en varios archivos.")
        )  # fmt: skip
        return result
    plans = _open_plans(db)
    indicators = {
        f"indicator:{fold(item.name)}"
        for call_id in {plan.call_id for plan in plans}
        for item in call_indicators(db, call_id)
    }
    positions = _columns(numbered[0][1], title, indicators, result)
    if result.problems:
        return result
    read = set(positions.values())
    ignored = sorted(
        {index for _, cells in numbered[1:] for index, v in enumerate(cells) if v is not None}
        - read
    )
    for index in ignored:
        result.warnings.append(
            Problem(f"Hoja «{title}», columna {get_column_letter(index + 1)}",
                    "Tiene datos pero no un encabezado conocido: no se lee.")
        )  # fmt: skip
    for number, cells in numbered[1:]:
        only_named = all(
            value is None
            for index, value in enumerate(cells)
            if index not in (positions.get("plan"), positions.get("call"), positions.get("aeo"))
        )
        if only_named:
            continue
        _read_row(db, number, cells, positions, title, plans, result)
    if not result.visits and not result.problems:
        result.problems.append(Problem(f"Hoja «{title}»", "No trae ninguna visita."))
    result.changes = [_change(visit) for visit in result.visits]
    return result


def apply_visit_import(db: Database, checked: VisitImport, actor: str) -> int:
    """Store every visit of a checked file in one transaction, after checking it again against
    the database as it is now; returns how many were added."""
    if checked.problems:
        raise ValidationError(checked.problems)
    again = check_visit_file(db, checked.path, checked.today)
    if again.problems or again.changes != checked.changes:
        raise ValidationError(
            again.problems
            or [Problem(checked.path.name, "El archivo o la base cambiaron: revíselo de nuevo.")]
        )
    with db.atomic():
        for visit in again.visits:
            store(db, visit.plan.plan_id, visit.values, visit.extra, actor=actor)
    return len(again.visits)
