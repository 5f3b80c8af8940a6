"""The milestones of an agreement: by default one per budget line, due in turn across the
agreement's term; a line's milestone is met when what was bought reaches its budget."""

import calendar
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.common.dates import parse_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.values import CellError, parse_date
from procompite.followup.budget import COMPONENT_ORDER, LineExecution, plan_lines
from procompite.followup.funded import require_open
from procompite.storage import audit

STATES = {"cumplido": "Cumplido", "vencido": "Vencido", "pendiente": "Pendiente"}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last of the month when that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_schedule(
    lines: list[LineExecution], signed_on: date, term_months: int
) -> list[tuple[int, str, date]]:
    """(line, description, due date) for each budget line with an amount bought with money
    (PROCOMPITE's or the AEO's cash; the contribution in kind is verified in the agreement):
    fixed assets first, then intangibles, then working capital, spread evenly over the term."""
    chosen = sorted(
        (line for line in lines if line.budget_cents > 0 and line.bought),
        key=lambda line: (COMPONENT_ORDER.index(line.component), line.position),
    )
    return [
        (
            line.line_id,
            f"Ejecutar «{line.concept}»",
            add_months(signed_on, -(-term_months * (index + 1) // len(chosen))),
        )
        for index, line in enumerate(chosen)
    ]


def create_schedule(db: Database, plan_id: int, signed_on: date, term_months: int) -> None:
    rows = default_schedule(plan_lines(db, plan_id), signed_on, term_months)
    db["plan_milestones"].insert_all(
        {
            "plan_id": plan_id,
            "position": position,
            "budget_line_id": line_id,
            "description": description,
            "due_on": due.isoformat(),
        }
        for position, (line_id, description, due) in enumerate(rows)
    )


@dataclass(frozen=True)
class Milestone:
    id: int
    position: int
    description: str
    due_on: date
    line_id: int | None
    done_on: date | None
    state: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def _met_on(db: Database, line: LineExecution) -> date | None:
    """The date of the purchase with which the line's purchases reached its budget."""
    total = 0
    for amount, on in db.execute(
        "SELECT amount_cents, purchased_on FROM purchases WHERE budget_line_id = ? "
        "ORDER BY purchased_on, id",
        [line.line_id],
    ):
        total += amount
        if total >= line.budget_cents:
            return parse_iso(on)
    return None


def milestones(db: Database, plan_id: int, today: date) -> list[Milestone]:
    """The plan's milestones in order, each cumplido, vencido (due before today) or pendiente."""
    lines = {line.line_id: line for line in plan_lines(db, plan_id)}
    found = []
    for milestone_id, position, description, due, line_id, done in db.execute(
        "SELECT id, position, description, due_on, budget_line_id, done_on FROM plan_milestones "
        "WHERE plan_id = ? ORDER BY position",
        [plan_id],
    ):
        done_on = parse_iso(done)
        if line_id is not None and line_id in lines:
            done_on = _met_on(db, lines[line_id])
        due_on = parse_iso(due)
        state = "cumplido" if done_on else ("vencido" if due_on < today else "pendiente")
        found.append(
            Milestone(milestone_id, position, description, due_on, line_id, done_on, state)
        )
    return found


def save_milestones(db: Database, plan_id: int, rows: list[dict], *, actor: str) -> None:
    """Replace the due dates, descriptions and (for a milestone without a budget line) the date
    it was met; a row without ``id`` adds a milestone. All rows or none."""
    require_open(db, plan_id)
    before = [dict(row) for row in db["plan_milestones"].rows_where("plan_id = ?", [plan_id])]
    known = {row["id"]: row for row in before}
    problems: list[Problem] = []
    cleaned = []
    for number, row in enumerate(rows, start=1):
        where = f"Hito {number}"
        description = str(row.get("description") or "").strip()
        if not description:
            problems.append(Problem(f"{where}, Descripción", "Es obligatoria."))
        dates = {}
        for key, label in (("due_on", "Vence"), ("done_on", "Cumplido el")):
            try:
                found = parse_date(row.get(key))
            except CellError as error:
                problems.append(Problem(f"{where}, {label}", str(error)))
                continue
            dates[key] = found.isoformat() if found else None
        if "due_on" in dates and dates["due_on"] is None:
            problems.append(Problem(f"{where}, Vence", "Es obligatoria."))
        if row.get("id") is not None and row["id"] not in known:
            problems.append(Problem(where, "Ese hito no es de este plan."))
        cleaned.append({**row, "description": description, **dates})
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        position = max((row["position"] for row in before), default=-1) + 1
        for row in cleaned:
            values = {"description": row["description"], "due_on": row["due_on"]}
            if row.get("id") is None or known[row["id"]]["budget_line_id"] is None:
                values["done_on"] = row.get("done_on")
            if row.get("id") is None:
                db["plan_milestones"].insert({"plan_id": plan_id, "position": position, **values})
                position += 1
            else:
                db["plan_milestones"].update(row["id"], values)
        after = [dict(row) for row in db["plan_milestones"].rows_where("plan_id = ?", [plan_id])]
        audit.record(
            db,
            actor=actor,
            action="editar hitos",
            table="plan_milestones",
            row_id=plan_id,
            before=before,
            after=after,
        )
