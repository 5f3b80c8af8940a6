"""The acta de evaluación of a call: the committee, the plans evaluated, the cuadro de mérito
with the allocation against each pool's budget, winners, accesitarios and tie-breaks.

Like a dictamen, an issued acta is a numbered, dated snapshot with a verification code; the
same function rebuilds it from the current data when the code is verified.

It is also the record of the committee's session: when it started and ended, who attended,
who did not and who abstained on a plan for a declared conflict of interest, the quorum, the
agenda and the numbered acuerdos drawn from the results. The times and the absences are given
when the acta is issued and kept in its snapshot alone; verifying an acta takes them from there
and recomputes everything else.
"""

import json
from dataclasses import dataclass
from datetime import date, time

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.dates import format_long, format_short
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PLAN_STATUS, VERDICT
from procompite.common.money import format_soles
from procompite.documents.issuing import numbered, store_issued
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import current_letterhead_part, frozen_letterhead
from procompite.documents.snapshot_parts import (
    bonus_terms,
    call_identity,
    dated_number,
    legal_part,
    member_entry,
    score_parts,
    waiting_list,
)
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.committee import CommitteeMember, members
from procompite.evaluation.consolidation import METHOD_LABEL, format_points
from procompite.evaluation.results import OUTCOME, CallResults, PlanResult, call_results
from procompite.evaluation.robustness import robustness, robustness_record
from procompite.plans.admissibility import inadmissible_plans
from procompite.storage import audit

AGENDA = (
    "Verificación del quórum.",
    "Revisión de la admisibilidad de los planes de negocio presentados.",
    "Consolidación de las calificaciones de los miembros del comité.",
    "Cuadro de mérito y asignación del presupuesto de cada fondo.",
    "Desempates.",
    "Acuerdos.",
)
ORDINALS = ("Primero", "Segundo", "Tercero", "Cuarto", "Quinto", "Sexto")
HOUR_FORMAT = "%H:%M"


@dataclass(frozen=True)
class ActaSession:
    """What the session adds to the acta: when it started and ended, and the committee members
    (by id) who did not attend; every other member was present."""

    start: time | None = None
    end: time | None = None
    absent: frozenset[int] = frozenset()


def _hour(value: time | None) -> str:
    return value.strftime(HOUR_FORMAT) if value else ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def session_problems(db: Database, call_id: int, session: ActaSession) -> list[Problem]:
    """What keeps the session from being recorded: its times (both or neither, the end after
    the start), absentees who are not on the committee, or too few members present."""
    problems = []
    if (session.start is None) != (session.end is None):
        problems.append(
            Problem("Horario", "indique la hora de inicio y la hora de término de la sesión.")
        )
    elif session.start is not None and session.end <= session.start:
        problems.append(
            Problem(
                "Hora de término",
                f"la sesión no puede terminar a las {_hour(session.end)} si empezó a las "
                f"{_hour(session.start)}: la hora de término debe ser posterior a la de inicio.",
            )
        )
    committee = members(db, call_id)
    known = {member.id for member in committee}
    if unknown := sorted(session.absent - known):
        listed = ", ".join(f"{member.id} ({member.full_name})" for member in committee)
        problems.append(
            Problem(
                "Ausentes",
                f"{_listed([str(number) for number in unknown])} "
                f"{'no es miembro' if len(unknown) == 1 else 'no son miembros'} del comité de "
                f"esta convocatoria; sus miembros son {listed}.",
            )
        )
    present = len(known - session.absent)
    quorum = db["calls"].get(call_id)["quorum"]
    if present < quorum:
        problems.append(
            Problem(
                "Quórum",
                f"con {present} de sus {_plural(len(known), 'miembro')} presentes el comité "
                f"no alcanza el quórum de {_plural(quorum, 'miembro')}: no puede sesionar ni "
                "emitir el acta.",
            )
        )
    return problems


def abstentions(db: Database, results: CallResults) -> dict[int, list[dict]]:
    """Per committee member, the plans of the acta on which they declared a conflict of
    interest, with the date of the declaration."""
    evaluated = {plan.plan_id for plan in results.plans}
    found: dict[int, list[dict]] = {}
    for member_id, plan_id, code, declared_at in db.execute(
        "SELECT d.committee_member_id, p.id, p.code, d.declared_at FROM conflict_declarations d "
        "JOIN plans p ON p.id = d.plan_id WHERE p.call_id = ? AND d.has_conflict = 1 "
        "ORDER BY p.code",
        [results.call_id],
    ):
        if plan_id in evaluated:
            found.setdefault(member_id, []).append(
                {"codigo": code, "declarada": format_short(declared_at)}
            )
    return found


def _attendance(member: CommitteeMember, present: bool, abstentions: list[dict]) -> dict:
    return {
        "nombre": member.full_name,
        "dni": member.dni,
        "cargo": member.role_label,
        "institucion": member.institution,
        "asistio": present,
        "abstenciones": abstentions if present else [],
    }


def _session(db: Database, results: CallResults, quorum: int, session: ActaSession) -> dict:
    committee = members(db, results.call_id)
    declared = abstentions(db, results)
    attendance = [
        _attendance(member, member.id not in session.absent, declared.get(member.id, []))
        for member in committee
    ]
    return {
        "inicio": _hour(session.start),
        "fin": _hour(session.end),
        "ausentes": sorted(member.id for member in committee if member.id in session.absent),
        "miembros": len(committee),
        "presentes": sum(row["asistio"] for row in attendance),
        "quorum": quorum,
        "asistencia": attendance,
        "agenda": list(AGENDA),
    }


def stored_session(snapshot: dict) -> ActaSession:
    """The session an issued acta was issued with, as its snapshot keeps it."""
    kept = snapshot.get("sesion") or {}

    def hour(text: str) -> time | None:
        return time.fromisoformat(text) if text else None

    return ActaSession(
        hour(kept.get("inicio", "")),
        hour(kept.get("fin", "")),
        frozenset(kept.get("ausentes", ())),
    )


def _listed(items: list[str]) -> str:
    """``a``, ``a y b``, ``a, b y c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1]


def _plan_names(rows: list[dict]) -> str:
    return _listed([f"{row['codigo']} ({row['aeo']})" for row in rows])


def _by_category(rows: list[dict], item) -> str:
    """The rows grouped by category, in their order: ``en la Categoría A, … y …; en la …``."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["categoria"], []).append(item(row))
    return "; ".join(f"en la {category}, {_listed(items)}" for category, items in groups.items())


def _agreements(parts: dict) -> list[dict]:
    """The acuerdos of the session, numbered, drawn from the acta's own figures: winners,
    accesitarios, plans not apto or not financed, inadmissible plans, transfers between pools
    and the notification of the results."""
    winners, waiting = parts["ganadores"], parts["accesitarios"]
    if winners:
        first = (
            "declarar ganadores, con el cofinanciamiento que se asigna a cada uno, a los planes "
            "de negocio siguientes: "
            + _by_category(winners, lambda r: f"{r['codigo']} ({r['aeo']}) con {r['monto']}")
            + f"; en total, {parts['total']['asignado']}."
        )
    else:
        first = "dejar constancia de que ningún plan de negocio resultó ganador."
    if waiting:
        second = (
            "declarar accesitarios, en el orden de la lista de espera de su categoría, a: "
            + _by_category(waiting, lambda r: f"{r['espera']}.° {r['codigo']} ({r['aeo']})")
            + "."
        )
    else:
        second = "dejar constancia de que no hay accesitarios."
    plans = parts["planes"]
    unfunded = [
        row
        for pool in parts["bolsas"]
        for row in pool["filas"]
        if row["resultado"] == OUTCOME["no_financiado"] and row["veredicto"] == VERDICT["apto"]
    ]
    third = [
        f"declarar {word if len(rows) == 1 else word + 's'} a {_plan_names(rows)}"
        for word, rows in (
            ("no apto", [p for p in plans if p["veredicto"] == VERDICT["no_apto"]]),
            ("observado", [p for p in plans if p["veredicto"] == VERDICT["observado"]]),
            ("no financiado", unfunded),
        )
        if rows
    ]
    refused = [row for row in parts["admisibilidad"] if row["admision"] == "Inadmisible"]
    moved = parts.get("transferencias") or []
    legal = parts.get("base_legal")
    texts = [
        first,
        second,
        "; ".join(third) + ", por lo que no reciben cofinanciamiento, según consta en sus "
        "dictámenes."
        if third
        else "dejar constancia de que todos los planes evaluados fueron declarados aptos y "
        "tienen un resultado en el cuadro de mérito.",
        f"declarar inadmisibles, sin evaluarlos, a {_plan_names(refused)}, por los motivos "
        "que constan en la revisión de la admisibilidad."
        if refused
        else "dejar constancia de que ningún plan de negocio presentado fue declarado inadmisible.",
        "dejar constancia de las transferencias de saldos entre fondos aplicadas en la "
        "asignación: "
        + "; ".join(
            f"{t['monto']} del fondo de la categoría {t['desde']} al de la categoría "
            f"{t['hacia']}, el {t['fecha']}, autorizada por {t['documento']}"
            for t in moved
        )
        + "."
        if moved
        else "dejar constancia de que no se transfirieron saldos entre los fondos de las "
        "categorías.",
        "notificar esta acta a los agentes económicos organizados participantes y publicar sus "
        "resultados"
        + (
            f"; el plazo para interponer recurso vence el {format_long(legal['vence'])}."
            if legal
            else "."
        ),
    ]
    return [{"orden": ORDINALS[n], "texto": text} for n, text in enumerate(texts)]


def _pool_rows(results: CallResults, pool: str) -> list[dict]:
    rows = []
    for plan in results.ranking:
        allocation = plan.allocation
        if allocation.pool != pool:
            continue
        running = allocation.assigned_before_cents + allocation.amount_cents
        funded = allocation.outcome == "ganador"
        rows.append(
            {
                "orden": allocation.rank,
                "codigo": plan.code,
                "aeo": plan.organization,
                "puntaje": format_points(plan.verdict_total_h),
                **score_parts(plan, results.bonus),
                "veredicto": VERDICT[plan.verdict],
                "solicitado": format_soles(plan.procompite_cents),
                "resultado": OUTCOME[allocation.outcome],
                "asignado": format_soles(allocation.amount_cents),
                "acumulado": format_soles(running) if funded else "",
                "saldo": format_soles(allocation.remaining_cents)
                if allocation.outcome != "no_financiado"
                else "",
            }
        )
    return rows


def _pools(results: CallResults) -> list[dict]:
    pools = []
    for pool, budget in results.pools.items():
        rows = _pool_rows(results, pool)
        assigned = sum(
            plan.allocation.amount_cents for plan in results.ranking if plan.allocation.pool == pool
        )
        pools.append(
            {
                "codigo": pool,
                "nombre": results.pool_names[pool],
                "presupuesto": format_soles(budget),
                "filas": rows,
                "asignado": format_soles(assigned),
                "saldo": format_soles(budget - assigned),
            }
        )
    return pools


def _plan_line(plan: PlanResult) -> dict:
    return {
        "codigo": plan.code,
        "aeo": plan.organization,
        "categoria": plan.category,
        "estado": PLAN_STATUS.get(plan.status, plan.status),
        "ronda": plan.round,
        "fichas": plan.submitted,
        "puntaje": format_points(plan.verdict_total_h),
        "veredicto": VERDICT.get(plan.verdict, "Sin veredicto"),
        "dictamen": plan.dictamen_number if plan.issued else "",
    }


def _by_outcome(results: CallResults, outcome: str) -> list[dict]:
    """The winners (or accesitarios) category by category, each in its order of merit; an
    accesitario with its place in the category's waiting list."""
    order = {pool: position for position, pool in enumerate(results.pools)}
    waiting = waiting_list(results)
    chosen = sorted(
        (plan for plan in results.ranking if plan.allocation.outcome == outcome),
        key=lambda plan: (order.get(plan.allocation.pool, len(order)), plan.allocation.rank or 0),
    )
    return [
        {
            "categoria": results.pool_names.get(plan.allocation.pool, plan.allocation.pool),
            "orden": plan.allocation.rank,
            "espera": waiting.get(plan.plan_id),
            "codigo": plan.code,
            "aeo": plan.organization,
            "puntaje": format_points(plan.verdict_total_h),
            **score_parts(plan, results.bonus),
            "monto": format_soles(
                plan.allocation.amount_cents if outcome == "ganador" else plan.procompite_cents
            ),
        }
        for plan in chosen
    ]


def _admissibility(db: Database, call_id: int) -> list[dict]:
    """Every plan presented to the call (registered or beyond), and what became of it at
    admission: admitted, inadmissible with what it lacked, observed, withdrawn."""
    refused = inadmissible_plans(db, call_id)
    rows = []
    for plan_id, code, organization, status in db.execute(
        "SELECT p.id, p.code, o.name, p.status FROM plans p "
        "JOIN organizations o ON o.id = p.organization_id "
        "WHERE p.call_id = ? AND p.status <> 'borrador' ORDER BY p.code",
        [call_id],
    ):
        if plan_id in refused:
            outcome, reason = "Inadmisible", " ".join(refused[plan_id])
        elif status == "registrado":
            outcome, reason = "Sin revisar", ""
        elif status == "retirado":
            outcome, reason = "Retirado", ""
        else:
            outcome, reason = "Admitido", ""
        rows.append({"codigo": code, "aeo": organization, "admision": outcome, "motivo": reason})
    return rows


def _grand_total(call: dict, results: CallResults) -> dict:
    assigned = sum(plan.allocation.amount_cents for plan in results.ranking)
    return {
        "presupuesto": format_soles(call["budget_cents"]),
        "asignado": format_soles(assigned),
        "saldo": format_soles(call["budget_cents"] - assigned),
    }


def _transfers(db: Database, call_id: int) -> list[dict]:
    """The leftovers moved between pools, with the document that authorised each."""
    return [
        {
            "fecha": format_short(row[3]),
            "desde": row[0],
            "hacia": row[1],
            "monto": format_soles(row[2]),
            "documento": row[4],
        }
        for row in db.execute(
            "SELECT s.code, d.code, t.amount_cents, t.transferred_on, t.document_reference "
            "FROM call_pool_transfers t JOIN call_categories s ON s.id = t.from_category_id "
            "JOIN call_categories d ON d.id = t.to_category_id WHERE t.call_id = ? ORDER BY t.id",
            [call_id],
        )
    ]


def build_acta_snapshot(
    db: Database,
    results: CallResults,
    number: str,
    issued_on: date,
    session: ActaSession | None = None,
) -> dict:
    """The acta as it is frozen; ``session`` gives the times and the absences of the session
    (by default, no times and every member present)."""
    call = db["calls"].get(results.call_id)
    moved = _transfers(db, results.call_id)
    parts = ({"transferencias": moved} if moved else {}) | {
        **dated_number(number, issued_on),
        "convocatoria": {
            **call_identity(call),
            "presupuesto": format_soles(call["budget_cents"]),
            "puntaje_minimo": format_points(results.passing_h),
            "consolidacion": METHOD_LABEL[call["consolidation"]],
            "quorum": call["quorum"],
            "desempates": [TIE_BREAKERS[name].label for name in results.tie_breakers],
            **bonus_terms(call),
        },
        "base_legal": legal_part(db, call, issued_on),
        "comite": [member_entry(m) for m in members(db, results.call_id)],
        "sesion": _session(db, results, call["quorum"], session or ActaSession()),
        "admisibilidad": _admissibility(db, results.call_id),
        "planes": [_plan_line(plan) for plan in results.plans],
        "bolsas": _pools(results),
        "total": _grand_total(call, results),
        "ganadores": _by_outcome(results, "ganador"),
        "accesitarios": _by_outcome(results, "accesitario"),
        "solidez": robustness_record(robustness(db, results.call_id, issued_on)),
        "desempates": [
            {
                "codigo": plan.code,
                "nota": plan.allocation.tie_note,
                "orden": _order_after_tie(results, plan),
            }
            for plan in results.ranking
            if plan.allocation.tie_note
        ],
    }
    return parts | {"acuerdos": _agreements(parts)}


def _order_after_tie(results: CallResults, plan: PlanResult) -> str:
    """The plans tied with ``plan`` (same pool, same score), in the order the tie-break left
    them: the first is the one preferred."""
    tied = sorted(
        (
            other
            for other in results.ranking
            if other.allocation.pool == plan.allocation.pool and other.final_h == plan.final_h
        ),
        key=lambda other: other.allocation.rank or 0,
    )
    return ", ".join(f"{position}.° {other.code}" for position, other in enumerate(tied, 1))


def acta_problems(results: CallResults) -> list[Problem]:
    """What keeps the acta from being issued: undecided plans, unsaved ranking, no dictamen."""
    problems = []
    for plan in results.plans:
        if plan.verdict is None:
            problems.append(Problem(plan.code, "no tiene veredicto consolidado."))
        elif not plan.issued:
            problems.append(Problem(plan.code, "no tiene su dictamen emitido."))
    if results.unsaved:
        problems.append(
            Problem("Cuadro de mérito", "cambió desde que se guardó; guárdelo antes del acta.")
        )
    if not results.plans:
        problems.append(Problem("Convocatoria", "no tiene planes en evaluación."))
    return problems


def next_acta_number(db: Database, call_id: int) -> str:
    call = db["calls"].get(call_id)
    return numbered(db, "actas", f"{call['document_prefix'] or call['year']}-ACTA", 2)


def issue_acta(
    db: Database,
    call_id: int,
    *,
    actor: str,
    on: date | None = None,
    session: ActaSession | None = None,
) -> str:
    """Issue the call's acta, with the times and absences of ``session``; returns its number."""
    require_stage(db, call_id, "emitir")
    on = on or date.today()
    session = session or ActaSession()
    results = call_results(db, call_id, on)
    if problems := acta_problems(results) + session_problems(db, call_id, session):
        raise ValidationError(problems)
    with db.atomic():
        number = next_acta_number(db, call_id)
        row_id, code = store_issued(
            db,
            "actas",
            {"call_id": call_id},
            number,
            on,
            build_acta_snapshot(db, results, number, on, session)
            | {MEMBRETE: frozen_letterhead(db)},
        )
        audit.record(
            db,
            actor=actor,
            action="emitir acta",
            table="actas",
            row_id=row_id,
            after={"numero": number, "verificacion": code},
        )
    return number


def current_acta_snapshot(db: Database, call_id: int, number: str, issued_on: date) -> dict:
    """The acta ``number`` rebuilt from the current data, with the session it was issued with
    (a draft, with no times and every member present)."""
    results = call_results(db, call_id, issued_on)
    row = db.execute(
        "SELECT snapshot FROM actas WHERE call_id = ? AND number = ?", [call_id, number]
    ).fetchone()
    session = stored_session(json.loads(row[0])) if row else ActaSession()
    return build_acta_snapshot(db, results, number, issued_on, session) | {
        MEMBRETE: current_letterhead_part(db)
    }
