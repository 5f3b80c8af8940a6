"""The follow-up of every funded plan of the file as an .xlsx: one sheet per kind of record
(plans and their figures, agreements, milestones, purchases, deliveries, visits with the
call's indicators, alerts) and a summary per call, amounts as numbers in soles and dates as
real dates. The file appears whole or not at all."""

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlite_utils import Database

from procompite.common.dates import parse_iso
from procompite.common.labels import PAYER
from procompite.common.money import from_cents
from procompite.documents.pdf.base import write_whole
from procompite.followup.alerts import alerts
from procompite.followup.deliveries import deliveries
from procompite.followup.indicators import call_indicators
from procompite.followup.picture import PlanPicture, percent, pictures, summaries
from procompite.followup.purchases import purchases
from procompite.followup.schedule import milestones
from procompite.followup.visits import GOODS_CONDITION, GOODS_USE

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
MONEY, DAY = "money", "day"


class Sheet:
    """One sheet being written: its header and, per column, whether it holds money or dates."""

    def __init__(self, workbook: Workbook, name: str, columns: Sequence[tuple[str, str, int]]):
        self.sheet = workbook.create_sheet(name)
        self.kinds = [kind for _, kind, _ in columns]
        self.sheet.freeze_panes = "A2"
        for index, (_, _, width) in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for title, _, _ in columns:
            cell = WriteOnlyCell(self.sheet, value=title)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header.append(cell)
        self.sheet.append(header)
        self.rows = 0

    def _cell(self, value: Any, kind: str) -> Any:
        if value is None or value == "":
            return None
        if kind == MONEY:
            cell = WriteOnlyCell(self.sheet, value=from_cents(value))
            cell.number_format = AMOUNT_FORMAT
            return cell
        if kind == DAY:
            cell = WriteOnlyCell(self.sheet, value=parse_iso(value))
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def append(self, values: Sequence[Any]) -> None:
        self.sheet.append([self._cell(v, k) for v, k in zip(values, self.kinds, strict=True)])
        self.rows += 1


def _text(title: str, width: int = 16) -> tuple[str, str, int]:
    return (title, "", width)


def _money(title: str) -> tuple[str, str, int]:
    return (title, MONEY, 15)


def _day(title: str) -> tuple[str, str, int]:
    return (title, DAY, 12)


PLAN_COLUMNS = (
    _text("Convocatoria", 34), _text("Plan", 13), _text("AEO", 34), _money("Asignado"),
    _money("Ejecutado PROCOMPITE"), _text("Convenio", 18), _day("Suscrito"),
    _text("Visitas", 8), _day("Última visita"), _text("En funcionamiento", 12),
    _money("Ventas antes"), _money("Ventas después"), _money("Ventas proyectadas"),
    _text("Empleos antes", 10), _text("Empleos después", 10), _text("Empleos proyectados", 10),
    _text("Liquidado", 10),
)  # fmt: skip


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Sí" if value else "No")


def _plan_row(picture: PlanPicture) -> list[Any]:
    plan, agreement, last = picture.plan, picture.agreement or {}, picture.last_visit or {}
    return [
        plan.call_name, plan.code, plan.organization, plan.awarded_cents, picture.executed_cents,
        agreement.get("number"), agreement.get("signed_on"), len(picture.visits),
        last.get("visited_on"), _yes_no(picture.operating), picture.sales_before,
        picture.sales_after, picture.sales_projected, picture.jobs_before, picture.jobs_after,
        picture.jobs_projected, "Sí" if plan.closed else "No",
    ]  # fmt: skip


def _summary(workbook: Workbook, db: Database) -> None:
    sheet = Sheet(
        workbook,
        "Resumen",
        (
            _text("Convocatoria", 40), _text("Financiados", 11), _text("Con convenio", 11),
            _text("Visitados", 10), _text("En funcionamiento", 12), _text("Supervivencia", 12),
            _money("Asignado"), _money("Ejecutado PROCOMPITE"), _text("Liquidados", 10),
        ),
    )  # fmt: skip
    for row in summaries(db):
        sheet.append(
            [
                row.label, row.funded, row.with_agreement, row.visited, row.operating,
                percent(row.survival),
                row.awarded_cents, row.executed_cents, row.closed,
            ]
        )  # fmt: skip


def _records(
    workbook: Workbook,
    name: str,
    columns: Sequence[tuple[str, str, int]],
    found: list[PlanPicture],
    rows_of: Callable[[PlanPicture], list[list[Any]]],
) -> int:
    sheet = Sheet(workbook, name, [_text("Plan", 13), *columns])
    for picture in found:
        for row in rows_of(picture):
            sheet.append([picture.plan.code, *row])
    return sheet.rows


def export_followup(db: Database, out: Path, today: date | None = None) -> int:
    """Write the workbook to ``out``; returns the number of data rows written."""
    today = today or date.today()
    found = pictures(db)
    workbook = Workbook(write_only=True)
    _summary(workbook, db)
    plans = Sheet(workbook, "Planes", PLAN_COLUMNS)
    for picture in found:
        plans.append(_plan_row(picture))
    total = plans.rows
    total += _records(
        workbook,
        "Convenios",
        (
            _text("Número", 18), _day("Suscrito"), _text("Firmantes", 40),
            _text("Plazo (meses)", 10), _money("Aporte monetario"), _money("Aporte no monetario"),
            _money("Monetario verificado"), _money("No monetario verificado"),
            _day("Verificado el"), _text("Documento de verificación", 30),
        ),
        found,
        lambda p: [
            [
                a["number"], a["signed_on"], "; ".join(a["signatories"]), a["term_months"],
                a["cash_cents"], a["in_kind_cents"], a["verified_cash_cents"],
                a["verified_in_kind_cents"], a["verified_on"], a["verification"],
            ]
            for a in ([p.agreement] if p.agreement else [])
        ],
    )  # fmt: skip
    total += _records(
        workbook,
        "Ejecución",
        (_text("Línea", 40), _text("Fuente", 16), _money("Presupuesto"), _money("Ejecutado")),
        found,
        lambda p: [
            [line.concept, PAYER[line.payer], line.budget_cents, line.executed_cents]
            for line in p.lines
        ],
    )
    total += _records(
        workbook,
        "Hitos",
        (_text("Hito", 40), _day("Vence"), _text("Estado", 12), _day("Cumplido el")),
        found,
        lambda p: [
            [
                m.description,
                m.due_on.isoformat(),
                m.state_label,
                m.done_on and m.done_on.isoformat(),
            ]
            for m in milestones(db, p.plan.plan_id, today)
        ],
    )
    total += _records(
        workbook,
        "Compras",
        (
            _text("Línea", 36), _text("Proceso", 18), _text("Proveedor", 30),
            _text("RUC del proveedor", 14), _day("Fecha"), _money("Monto"),
            _text("Motivo del exceso", 30),
        ),
        found,
        lambda p: [
            [
                u["concept"], u["process"], u["supplier"], u["supplier_ruc"], u["purchased_on"],
                u["amount_cents"], u["over_budget_reason"],
            ]
            for u in purchases(db, p.plan.plan_id)
        ],
    )  # fmt: skip
    total += _records(
        workbook,
        "Entregas",
        (
            _text("Acta", 18), _day("Fecha"), _text("Bien", 36), _text("Cantidad", 10),
            _text("Unidad", 10), _text("Entregó", 24), _text("Recibió", 24), _text("DNI", 10),
        ),
        found,
        lambda p: [
            [
                d["number"], d["delivered_on"], i["description"], Decimal(i["quantity"]), i["unit"],
                d["delivered_by"], d["received_by"], d["received_dni"],
            ]
            for d in deliveries(db, p.plan.plan_id)
            for i in d["items"]
        ],
    )  # fmt: skip
    total += _visits(workbook, db, found)
    sheet = Sheet(
        workbook,
        "Alertas",
        (_text("Alerta", 30), _text("Plan", 13), _text("AEO", 34), _day("Desde"),
         _text("Detalle", 60)),
    )  # fmt: skip
    for item in alerts(db, today):
        sheet.append([item.kind_label, item.code, item.organization, item.since.isoformat(),
                      item.text])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_whole(Path(out), buffer.getvalue())
    return total + sheet.rows


def _visits(workbook: Workbook, db: Database, found: list[PlanPicture]) -> int:
    indicators: dict[int, str] = {}
    for call_id in dict.fromkeys(p.plan.call_id for p in found):
        for item in call_indicators(db, call_id):
            indicators.setdefault(item.id, item.label)
    labels = list(dict.fromkeys(indicators.values()))
    columns = (
        _day("Fecha"), _text("Visitó", 24), _text("En funcionamiento", 12),
        _text("Socios activos", 10), _text("Socias activas", 10), _text("Jóvenes activos", 10),
        _money("Ventas del año"), _text("Empleos directos", 10), _text("Empleos indirectos", 10),
        _text("Nuevos mercados", 24), _text("Uso de los bienes", 14),
        _text("Estado de los bienes", 14), *(_text(label, 14) for label in labels),
        _text("Fotos", 30), _text("Notas", 40),
    )  # fmt: skip

    def rows_of(picture: PlanPicture) -> list[list[Any]]:
        rows = []
        for v in picture.visits:
            by_label = {indicators[key]: Decimal(value) for key, value in v["values"].items()}
            rows.append(
                [
                    v["visited_on"], v["visitors"], "Sí" if v["operating"] else "No",
                    v["active_members"], v["active_women"], v["active_youth"], v["sales_cents"],
                    v["direct_jobs"], v["indirect_jobs"], v["new_markets"],
                    GOODS_USE.get(v["goods_use"] or ""),
                    GOODS_CONDITION.get(v["goods_condition"] or ""),
                    *(by_label.get(label) for label in labels), "; ".join(v["photos"]), v["notes"],
                ]
            )  # fmt: skip
        return rows

    return _records(workbook, "Visitas", columns, found, rows_of)
