"""A large region for benchmarks: ``python -m procompite generate``.

Thousands of AEO with their padrones, plans spread over yearly calls (500 at most by default),
and the committees' work on them, with the demo's distributions. Everything goes through the library
calls the window makes (save_organization, save_plan, admit_plan, declare, save_sheet,
write_note, consolidate_plan, save_ranking, issue_dictamenes), so the data obeys the same rules.
The same sizes always build the same database.

Earlier calls are closed: every admitted plan evaluated by five members, ranked, its dictamen
issued. The last call is under evaluation with the demo's mix of states: drafts, registered,
admitted, being scored, and decided plans ready for their dictámenes.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from procompite.common.clock import fixed_time
from procompite.common.errors import ValidationError
from procompite.common.resources import load_json
from procompite.demo.build import SEED, build_database, fill_base
from procompite.demo.call import COMMITTEE, DemoCall, build_call, set_stage
from procompite.demo.evaluations import (
    OBSERVATIONS,
    QUALITIES,
    criterion_levels,
    pick_level,
)
from procompite.demo.geography import Places
from procompite.demo.organizations import (
    DemoOrganization,
    People,
    make_organization,
    save_organizations,
)
from procompite.demo.plans import EQUIPMENT, STATUSES, district_name, plan_draft
from procompite.demo.study_lists import link_call
from procompite.documents.dictamenes import issue_dictamenes
from procompite.evaluation.consolidation import plan_consolidation
from procompite.evaluation.results import save_ranking
from procompite.evaluation.scoring import declare, save_sheet
from procompite.evaluation.verdicts import consolidate_plan, write_note
from procompite.plans.store import admit_plan, save_plan

LAST_YEAR = 2026
PLANS_PER_CALL = 500
SEATS = 5
QUORUM = 3
CONFLICT_SHARE = 1 / 60
STAFF = "Oficina PROCOMPITE (datos generados)"
INSTITUTIONS = (
    "Gerencia Regional de Desarrollo Económico",
    "Dirección Regional de Agricultura",
    "Dirección Regional de la Producción",
    "Universidad Nacional de San Antonio Abad del Cusco",
    "Oficina de PROCOMPITE del Gobierno Regional",
    "Dirección Regional de Comercio Exterior y Turismo",
    "Agencia Agraria Provincial",
)
NAME_WORDS = (
    "Sumaq", "Inti", "Wayra", "Qori", "Tika", "Kallpa", "Ayllu", "Pacha", "Illa", "Chaska",
    "Kusi", "Tupaq", "Mayu", "Urpi", "Killa", "Munay", "Allin", "Sinchi", "Waylla", "Qhapaq",
)  # fmt: skip
PLACE_WORDS = ("Pampa", "Marka", "Wasi", "Kancha", "Llaqta", "Urqu", "Qocha", "Raymi", "Suyu")
NOTE = (
    "El comité revisó el expediente y las calificaciones dispares de este criterio y acepta su "
    "consolidación (nota de datos generados)."
)
GENERATED_NOTE = (
    "Datos generados para pruebas de rendimiento: RUC, padrón y representante ficticios."
)


@dataclass(frozen=True)
class RegionSize:
    organizations: int
    members: int
    plans: int
    evaluators: int
    plans_per_call: int = PLANS_PER_CALL

    def problems(self) -> list[str]:
        """What makes these sizes impossible, in Spanish; empty when they can be built."""
        problems = []
        if self.organizations < 1:
            problems.append("--organizations: se necesita al menos 1 organización.")
        if not 2 * self.organizations <= self.members <= 200 * self.organizations:
            problems.append(
                "--members: cada padrón tiene entre 2 y 200 socios; con "
                f"{self.organizations:,} organizaciones, entre {2 * self.organizations:,} y "
                f"{200 * self.organizations:,} socios."
            )
        if self.plans < 0:
            problems.append("--plans: no puede ser negativo.")
        elif self.plans_per_call >= 1 and self.calls and self.organizations < self.call_sizes[0]:
            problems.append(
                f"--plans: cada AEO presenta un plan por convocatoria; {self.call_sizes[0]:,} "
                f"planes en una convocatoria necesitan al menos {self.call_sizes[0]:,} "
                "organizaciones."
            )
        if self.plans_per_call < 1:
            problems.append("--plans-per-call: se necesita al menos 1 plan por convocatoria.")
        if self.evaluators < QUORUM:
            problems.append(
                f"--evaluators: el quórum del comité es {QUORUM}; se necesitan 3 o más."
            )
        return problems

    @property
    def calls(self) -> int:
        return math.ceil(self.plans / self.plans_per_call)

    @property
    def call_sizes(self) -> list[int]:
        """Plans per yearly call, as even as possible, the earlier calls the larger."""
        base, extra = divmod(self.plans, self.calls) if self.calls else (0, 0)
        return [base + (1 if k < extra else 0) for k in range(self.calls)]

    @property
    def seats(self) -> int:
        return min(SEATS, self.evaluators)


def build_region(path: str | Path, size: RegionSize, *, force: bool = False) -> dict[str, int]:
    """Create the large region at ``path``; returns the count of rows of each main table."""
    return build_database(path, lambda db: _fill(db, size), force=force)


def _fill(db: Database, size: RegionSize) -> None:
    rng = random.Random(SEED)
    first_year = LAST_YEAR - max(size.calls - 1, 0)
    notice = (
        f"Base de datos generada para pruebas de rendimiento: {size.organizations:,} AEO, "
        f"{size.members:,} socios y {size.plans:,} planes ficticios en {size.calls} "
        "convocatoria(s). Cadenas y provincias provienen del estudio del Sur Andino."
    )
    with db.atomic():
        places, lists = fill_base(
            db, {"demo_notice": notice, "entity_name": "Gobierno Regional Cusco"}
        )
        organizations = _organizations(db, places, rng, size, first_year)
        pool = _evaluator_pool(rng, size.evaluators, date(first_year, 1, 1))
        for k, count in enumerate(size.call_sizes):
            year = first_year + k
            committee = tuple(
                (name, dni, _role(seat, size.seats), institution)
                for seat, (name, dni, institution) in enumerate(
                    pool[(k + i) % len(pool)] for i in range(size.seats)
                )
            )
            opened = f"{year}-03-02T14:00:00+00:00"
            with fixed_time(opened):
                call = build_call(
                    db,
                    places,
                    opened,
                    year=year,
                    scale=max(1, round(count / len(STATUSES))),
                    committee=committee,
                    status="evaluacion" if year == LAST_YEAR else "cerrada",
                )
                link_call(db, lists["Cusco"], call.id, opened)
            applicants = rng.sample(organizations, count)
            _call_work(db, places, call, applicants, rng, year, closed=year != LAST_YEAR)


def _role(seat: int, seats: int) -> str:
    if seat == 0:
        return "presidente"
    return "secretario_tecnico" if seat == seats - 1 else "miembro"


def _evaluator_pool(rng: random.Random, count: int, on: date) -> list[tuple[str, str, str]]:
    """Name, DNI and institution: the demo committee first, then more officials with the demo's
    names. Each call gives them their role by seat."""
    pool = [(name, dni, institution) for name, dni, _, institution in COMMITTEE[:count]]
    people = People(rng, on)
    people.used_dnis.update(dni for _, dni, _ in pool)
    while len(pool) < count:
        person = people.person(rng.choice("FM"))
        name = f"{person['first_names']} {person['last_names']}"
        pool.append((name, person["dni"], INSTITUTIONS[len(pool) % len(INSTITUTIONS)]))
    return pool


def _padron_sizes(rng: random.Random, organizations: int, members: int) -> list[int]:
    """Sizes with the demo's spread (12 to 40 weighs most) adding up to exactly ``members``."""
    weights = [min(rng.randint(12, 45), 40) for _ in range(organizations)]
    spare, total = members - 2 * organizations, sum(weights)
    sizes = [2 + spare * weight // total for weight in weights]
    for position in range(members - sum(sizes)):
        sizes[position % organizations] += 1
    return sizes


def _organizations(
    db: Database, places: Places, rng: random.Random, size: RegionSize, first_year: int
) -> list[DemoOrganization]:
    """AEO of Cusco in the chains the calls finance, with activities taken from the demo."""
    activities: dict[str, list[str]] = defaultdict(list)
    for spec in load_json("demo", "organizations.json")["organizations"]:
        if spec["chain"] in EQUIPMENT and spec["chain"] in places.department_chains["Cusco"]:
            activities[spec["chain"]].append(spec["activity"])
    chains = sorted(activities)
    cusco = sorted(ubigeo for ubigeo in places.districts if ubigeo.startswith("08"))
    names = {ubigeo: district_name(db, ubigeo) for ubigeo in cusco}
    people = People(rng, date(first_year, 1, 1))
    used_rucs: set[str] = set()
    used_names: set[str] = set()
    built = []
    for padron in _padron_sizes(rng, size.organizations, size.members):
        chain = rng.choice(chains)
        district = rng.choice(cusco)
        legal_form = "Cooperativa" if rng.random() < 0.07 else "Asociación"
        name = f"AEO {rng.choice(NAME_WORDS)} {rng.choice(PLACE_WORDS)} de {names[district]}"
        if name in used_names:
            name = f"{name} N.° {len(built) + 1}"
        used_names.add(name)
        spec = {
            "name": name,
            "legal_form": legal_form,
            "district": district,
            "chain": chain,
            "activity": rng.choice(activities[chain]),
        }
        constituted = date(
            rng.randint(2008, first_year - 2), rng.randint(1, 12), rng.randint(1, 28)
        )
        built.append(
            make_organization(
                places, people, rng, used_rucs, spec, constituted, padron, GENERATED_NOTE
            )
        )
    save_organizations(db, built, date(first_year, 1, 15), f"{first_year}-01-15T14:00:00+00:00")
    return built


def _call_work(
    db: Database,
    places: Places,
    call: DemoCall,
    applicants: list[DemoOrganization],
    rng: random.Random,
    year: int,
    *,
    closed: bool,
) -> None:
    """Plans registered and admitted, sheets scored, verdicts, ranking and (closed) dictámenes."""
    if closed:
        statuses = ["evaluado"] * len(applicants)
    else:
        statuses = [STATUSES[i % len(STATUSES)] for i in range(len(applicants))]
        rng.shuffle(statuses)
    scored: list[tuple[int, str, float]] = []
    with fixed_time(f"{year}-08-14T15:00:00+00:00"):
        for number, (organization, status) in enumerate(zip(applicants, statuses, strict=True), 1):
            draft = plan_draft(
                db,
                places,
                call,
                organization,
                f"PN-{year}-{number:04d}",
                "borrador" if status == "borrador" else "registrado",
                rng,
                registered_from=date(year, 7, 1),
                complete=status not in ("borrador", "registrado") or number % 2 == 0,
                weak=status == "registrado" and number % 4 == 0,
            )
            plan_id = save_plan(db, draft, actor=STAFF)
            if status in ("borrador", "registrado") or not _admitted(db, plan_id):
                continue
            if status == "evaluado":
                quality = rng.choice(QUALITIES) + rng.uniform(-0.05, 0.05)
                scored.append((plan_id, status, quality))
            elif status == "en_evaluacion":
                scored.append((plan_id, status, rng.uniform(0.35, 0.95)))
    set_stage(db, call, "evaluacion")
    _score(db, call, scored, rng, year)
    decided_on = date(year, 11, 20)
    secretary = db["committee_members"].get(call.committee[-1])["full_name"]
    with fixed_time(f"{year}-11-20T16:00:00+00:00"):
        evaluated = [plan_id for plan_id, status, _ in scored if status == "evaluado"]
        for position, plan_id in enumerate(evaluated):
            for criterion in plan_consolidation(db, plan_id).flagged:
                write_note(db, plan_id, criterion.criterion_id, NOTE, actor=secretary)
            observed = not closed and position % len(STATUSES) == 7
            consolidate_plan(
                db,
                plan_id,
                actor=secretary,
                observations=OBSERVATIONS if observed else "",
                today=decided_on,
            )
        save_ranking(db, call.id, actor=secretary, today=decided_on)
        if closed:
            # Every decided plan is ready: its disagreements have notes and the ranking is saved.
            issue_dictamenes(db, call.id, evaluated, actor=secretary, on=decided_on)
    set_stage(db, call, call.status)


def _admitted(db: Database, plan_id: int) -> bool:
    """Admit the plan as the office would; one that fails a rule stays registered."""
    try:
        admit_plan(db, plan_id, actor=STAFF)
    except ValidationError:
        return False
    return True


def _score(
    db: Database,
    call: DemoCall,
    scored: list[tuple[int, str, float]],
    rng: random.Random,
    year: int,
) -> None:
    """Each seat declares and scores; a plan still being scored has two sheets sent and one
    half done, as in the demo. As in the demo too, about one declaration in sixty is a conflict
    of interest, and one decided plan in twelve has members at both ends of its first criterion."""
    criteria = criterion_levels(db, call.rubric_id)
    may_abstain = len(call.committee) > QUORUM
    for position, (plan_id, status, quality) in enumerate(scored):
        members = call.committee if status == "evaluado" else call.committee[:3]
        conflicted = may_abstain and rng.random() < CONFLICT_SHARE * len(members)
        disputed = status == "evaluado" and position % len(QUALITIES) == 1
        for seat, member_id in enumerate(members):
            with fixed_time(f"{year}-11-{2 + position % 15:02d}T{9 + seat:02d}:00:00+00:00"):
                conflict = conflicted and seat == len(members) - 1
                declare(
                    db,
                    plan_id,
                    member_id,
                    conflict,
                    "Familiar directo de un socio del AEO (datos generados)." if conflict else "",
                )
                if conflict:
                    continue
                points = {
                    criterion_id: pick_level(rng, levels, quality)
                    for criterion_id, levels in criteria
                }
                if disputed:
                    criterion_id, levels = criteria[0]
                    points[criterion_id] = levels[-1] if seat % 2 == 0 else levels[0]
                submit = status == "evaluado" or seat < 2
                if not submit:
                    points = dict(list(points.items())[: len(points) // 2])
                save_sheet(db, plan_id, member_id, points, {}, submit=submit)
