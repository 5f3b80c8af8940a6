"""The demo's earlier call, PROCOMPITE 2025, and its whole competition: copied from the current
call, its bases and committee approved, opened, its plans presented and reviewed, scored by its
own committee, decided and ranked, every dictamen and the acta issued, its results published
and the call closed. Everything goes through the library's own functions, on the dates of the
call's schedule, so that its records obey the rules the window applies.

Eight AEO apply: five win (three in category A, two in B), one is accesitario, one falls below
the passing score and one is inadmissible for missing documents. The AEO that won do not apply
again in 2026; two that did not win do.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, time

from sqlite_utils import Database

from procompite.calls.entity import Entity, save_entity
from procompite.calls.store import load_definition, save_call
from procompite.common.clock import fixed_time
from procompite.common.money import to_cents
from procompite.demo.call import DemoCall
from procompite.demo.evaluations import criterion_levels, pick_level
from procompite.demo.geography import Places
from procompite.demo.organizations import DemoOrganization
from procompite.demo.plans import plan_draft
from procompite.documents.actas import ActaSession, issue_acta
from procompite.documents.dictamenes import issue_dictamenes
from procompite.evaluation.committee import save_member
from procompite.evaluation.consolidation import plan_consolidation
from procompite.evaluation.results import save_ranking
from procompite.evaluation.scoring import declare, save_sheet
from procompite.evaluation.verdicts import consolidate_plan, write_note
from procompite.lifecycle.copying import copy_call
from procompite.lifecycle.stages import change_stage
from procompite.plans.admissibility import review_call
from procompite.plans.store import save_plan

YEAR = 2025
OFFICE = "Oficina de PROCOMPITE (demostración)"
BASES = ("Resolución Gerencial Regional N.° 031-2025-GR CUSCO/GRDE", date(2025, 2, 24))
# The 2025 bases gave category A a larger pool than the 2026 ones.
BUDGET, POOLS = to_cents("1050000"), {"A": to_cents("450000"), "B": to_cents("600000")}
COMMITTEE_ACT = ("Resolución Gerencial Regional N.° 032-2025-GR CUSCO/GRDE", date(2025, 2, 24))
COMMITTEE = (
    (
        "Wilber Ronald Huamán Condori",
        "29384715",
        "presidente",
        "Gerencia Regional de Desarrollo Económico",
    ),
    ("Nélida Quispe Mamani", "31570284", "miembro", "Dirección Regional de Agricultura"),
    ("Fredy Alarcón Pacheco", "24816093", "miembro", "Dirección Regional de la Producción"),
    (
        "Yeny Marleni Chávez Ugarte",
        "33092651",
        "miembro",
        "Universidad Nacional de San Antonio Abad del Cusco",
    ),
    (
        "Percy Ttito Layme",
        "28457190",
        "secretario_tecnico",
        "Oficina de PROCOMPITE del Gobierno Regional",
    ),
)
# The applicants in the order they presented, and how well the committee scores each plan
# (None: inadmissible, its letter of co-financing and its plan in print missing).
APPLICANTS = (
    ("Asociación de Criadores de Alpacas Nevado Ausangate", 0.36),
    ("Asociación de Tejedoras Awaq Warmi", None),
    ("Asociación de Orfebres y Joyeros Inti Raymi", 0.7),
    ("Asociación de Productores Lecheros de Livitaca", 0.88),
    ("Asociación de Criadores de Cuyes Huarocondo", 0.84),
    ("Cooperativa Cacaotera Echarati", 0.92),
    ("Asociación de Carpinteros Ebanistas de San Jerónimo", 0.8),
    ("Asociación Gastronómica Sabores de Saylla", 0.78),
)
CONFLICT = ("Asociación de Orfebres y Joyeros Inti Raymi", 3)
CONFLICT_REASON = "Es socia fundadora del AEO (declaración de demostración)."
NOTE = (
    "El comité revisó el expediente y la visita de campo: las calificaciones dispares de este "
    "criterio se deben a la lectura del estudio de mercado; acepta su consolidación."
)
OPENED_AT = "2025-03-03T14:00:00+00:00"
PRESENTED_AT = "2025-08-14T15:00:00+00:00"
REVIEWED_ON = date(2025, 9, 30)
EVALUATION_AT = "2025-10-06T14:00:00+00:00"
SCORING_AT = "2025-11-{day:02d}T{hour:02d}:00:00+00:00"
DECIDED_ON = date(2025, 11, 20)
ISSUED_ON = date(2025, 11, 24)
SESSION = ActaSession(start=time(9, 0), end=time(13, 30))
PUBLISHED_AT = "2025-12-04T15:00:00+00:00"
CLOSED_AT = "2025-12-18T17:00:00+00:00"


@dataclass(frozen=True)
class EarlierCall:
    id: int
    plans: dict[str, int]  # plan id by the name of its AEO


def at_time(day: date, hour: int = 15) -> str:
    """The timestamp a record of ``day`` gets in the demo."""
    return f"{day.isoformat()}T{hour:02d}:00:00+00:00"


def _approved_call(db: Database, source_id: int) -> DemoCall:
    """The current call copied for 2025, its bases and committee approved, in preparation."""
    with fixed_time("2025-02-24T14:00:00+00:00"):
        # A new call takes the department of the file's entity: the demo names its place first.
        save_entity(db, Entity("regional", "Gobierno Regional Cusco", "08"), None, actor=OFFICE)
        call_id = copy_call(db, source_id, YEAR, actor=OFFICE)
        definition = load_definition(db, call_id)
        definition = replace(
            definition,
            budget_cents=BUDGET,
            categories=tuple(
                replace(category, budget_cents=POOLS[category.code])
                for category in definition.categories
            ),
            bases_resolution=BASES[0],
            bases_resolution_on=BASES[1],
            committee_resolution=COMMITTEE_ACT[0],
            committee_resolution_on=COMMITTEE_ACT[1],
        )
        save_call(db, definition, call_id=call_id, actor=OFFICE)
        for name, dni, role, institution in COMMITTEE:
            record = {"full_name": name, "dni": dni, "role": role, "institution": institution}
            save_member(db, call_id, record, actor=OFFICE)
    call = DemoCall(call_id, status="cerrada")
    for row in db["call_categories"].rows_where("call_id = ?", [call_id]):
        call.categories[row["code"]] = dict(row)
    call.documents = [
        row["id"]
        for row in db["call_documents"].rows_where("call_id = ?", [call_id], order_by="position")
    ]
    call.committee = [
        row["id"]
        for row in db["committee_members"].rows_where("call_id = ?", [call_id], order_by="position")
    ]
    call.rubric_id = db.execute("SELECT id FROM rubrics WHERE call_id = ?", [call_id]).fetchone()[0]
    return call


def _present(
    db: Database,
    places: Places,
    call: DemoCall,
    applicants: list[DemoOrganization],
    rng: random.Random,
) -> dict[str, int]:
    """The call opens; each AEO presents its plan, and the office reviews them all."""
    with fixed_time(OPENED_AT):
        change_stage(db, call.id, "abierta", actor=OFFICE)
    plans = {}
    with fixed_time(PRESENTED_AT):
        for number, (organization, (_, quality)) in enumerate(
            zip(applicants, APPLICANTS, strict=True), 1
        ):
            draft = plan_draft(
                db,
                places,
                call,
                organization,
                f"PN-{YEAR}-{number:03d}",
                "registrado",
                rng,
                registered_from=date(YEAR, 7, 1),
                complete=quality is not None,
            )
            plans[organization.spec["name"]] = save_plan(db, draft, actor=OFFICE)
    with fixed_time(at_time(REVIEWED_ON)):
        review_call(db, call.id, actor=OFFICE, on=REVIEWED_ON)
    return plans


def _score(db: Database, call: DemoCall, plans: dict[str, int], rng: random.Random) -> None:
    """Each member declares and sends a sheet for every admitted plan; one declares a conflict."""
    with fixed_time(EVALUATION_AT):
        change_stage(db, call.id, "evaluacion", actor=OFFICE)
    criteria = criterion_levels(db, call.rubric_id)
    scored = [(name, quality) for name, quality in APPLICANTS if quality is not None]
    for day, (name, quality) in enumerate(scored, start=3):
        for seat, member_id in enumerate(call.committee):
            with fixed_time(SCORING_AT.format(day=day, hour=9 + seat)):
                conflict = (name, seat) == CONFLICT
                declare(
                    db,
                    plans[name],
                    member_id,
                    conflict,
                    CONFLICT_REASON if conflict else "",
                )
                if conflict:
                    continue
                points = {
                    criterion_id: pick_level(rng, levels, quality)
                    for criterion_id, levels in criteria
                }
                save_sheet(db, plans[name], member_id, points, {}, submit=True)


def _decide_and_issue(db: Database, call: DemoCall, plans: dict[str, int], secretary: str):
    """Notes on the disagreements, the verdicts, the cuadro de mérito, dictámenes and acta."""
    evaluated = [plans[name] for name, quality in APPLICANTS if quality is not None]
    with fixed_time(at_time(DECIDED_ON, 16)):
        for plan_id in evaluated:
            for criterion in plan_consolidation(db, plan_id).flagged:
                write_note(db, plan_id, criterion.criterion_id, NOTE, actor=secretary)
            consolidate_plan(db, plan_id, actor=secretary, today=DECIDED_ON)
        save_ranking(db, call.id, actor=secretary, today=DECIDED_ON)
    with fixed_time(at_time(ISSUED_ON)):
        issue_dictamenes(db, call.id, sorted(evaluated), actor=secretary, on=ISSUED_ON)
        issue_acta(db, call.id, actor=secretary, on=ISSUED_ON, session=SESSION)
    with fixed_time(PUBLISHED_AT):
        change_stage(db, call.id, "resultados", actor=OFFICE)
    with fixed_time(CLOSED_AT):
        change_stage(db, call.id, "cerrada", actor=OFFICE)


def build_earlier_call(
    db: Database,
    places: Places,
    source_id: int,
    organizations: list[DemoOrganization],
    rng: random.Random,
) -> EarlierCall:
    """The 2025 call, closed, copied from the call ``source_id``."""
    by_name = {organization.spec["name"]: organization for organization in organizations}
    applicants = [by_name[name] for name, _ in APPLICANTS]
    call = _approved_call(db, source_id)
    plans = _present(db, places, call, applicants, rng)
    _score(db, call, plans, rng)
    secretary = COMMITTEE[-1][0]
    _decide_and_issue(db, call, plans, secretary)
    return EarlierCall(call.id, plans)
