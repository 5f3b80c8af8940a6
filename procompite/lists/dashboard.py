"""A call at a glance, for the window's first screen: its figures, its committee's progress, its
schedule, its pools and what needs attention, in a few queries (fast on a large region).

The counts read the stored data as the other screens do: a plan is *presented* once registered
(not a draft, not withdrawn), *admitted* while in evaluation or after it, *scored* when its
current round has the call's quorum of submitted sheets, *decided* when that round has a verdict.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.pools import pools
from procompite.common.dates import parse_iso
from procompite.common.labels import COMMITTEE_ROLE
from procompite.evaluation.consolidation import CURRENT_ROUND_SQL
from procompite.evaluation.results import IN_EVALUATION
from procompite.plans.admissibility import inadmissible_plans
from procompite.plans.summary import SHARED_IN_CALL_SQL

# Only while the committee scores, or once it has, is a plan short of its quorum worth a warning.
SCORING_STAGES = ("evaluacion", "resultados")


@dataclass(frozen=True)
class MemberProgress:
    """One committee member's sheets: submitted of those they must score (no conflict)."""

    id: int
    full_name: str
    role: str
    sent: int
    assigned: int


@dataclass(frozen=True)
class ScheduleStep:
    """A stage of the call's schedule (its bases' cronograma)."""

    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class PoolUse:
    """A budget pool (or the whole budget): what the saved cuadro de mérito assigns of it."""

    code: str
    name: str
    budget_cents: int
    assigned_cents: int

    @property
    def left_cents(self) -> int:
        return self.budget_cents - self.assigned_cents


@dataclass(frozen=True)
class SharedMember:
    """A socio in the padrón of two or more AEO applying to the call."""

    dni: str
    full_name: str
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class Dashboard:
    call_id: int
    call_name: str
    year: int
    stage: str
    quorum: int
    organizations: int
    drafts: int
    presented: int
    admitted: int
    inadmissible: int
    pending_review: int
    scored: int
    decided: int
    dictamenes: int
    committee: list[MemberProgress]
    current_step: ScheduleStep | None
    coming_step: ScheduleStep | None
    last_day: date | None
    budget: PoolUse
    pools: list[PoolUse]
    shared_members: list[SharedMember]
    missing_documents: dict[str, int]
    below_quorum: dict[str, int]
    today: date

    @property
    def days_left(self) -> int | None:
        """Days after today until the current schedule stage ends (0 on its last day)."""
        return (self.current_step.ends_on - self.today).days if self.current_step else None

    @property
    def days_to_next(self) -> int | None:
        """Days until the next schedule stage starts."""
        return (self.coming_step.starts_on - self.today).days if self.coming_step else None


def dashboard_calls(db: Database) -> list[tuple[int, str]]:
    """The calls of the file as (id, name), the latest first."""
    return list(db.execute("SELECT id, name FROM calls ORDER BY year DESC, id DESC"))


def latest_call(db: Database) -> int | None:
    row = db.execute("SELECT id FROM calls ORDER BY year DESC, id DESC LIMIT 1").fetchone()
    return row[0] if row else None


_PLAN_COUNTS_SQL = """
    SELECT count(DISTINCT CASE WHEN status <> 'retirado' THEN organization_id END),
           coalesce(sum(status = 'borrador'), 0),
           coalesce(sum(status NOT IN ('borrador', 'retirado')), 0),
           coalesce(sum(status = 'registrado'), 0)
    FROM plans WHERE call_id = ?
"""

_IN_EVALUATION_SQL = f"""
    SELECT p.id, p.code, {CURRENT_ROUND_SQL.format(plan="p.id")} AS round
    FROM plans p
    WHERE p.call_id = ? AND p.status IN {IN_EVALUATION}
    ORDER BY p.code
"""

_MISSING_DOCUMENTS_SQL = """
    SELECT p.code, count(*)
    FROM plans p
    JOIN call_documents d ON d.call_id = p.call_id AND d.required = 1
    LEFT JOIN plan_documents pd
           ON pd.plan_id = p.id AND pd.document_id = d.id AND pd.present = 1
    WHERE p.call_id = ? AND p.status NOT IN ('borrador', 'retirado') AND pd.plan_id IS NULL
    GROUP BY p.id ORDER BY p.code
"""

_ASSIGNED_SQL = f"""
    SELECT coalesce(cat.code, ''), sum(a.amount_cents)
    FROM plan_allocations a
    JOIN plans p ON p.id = a.plan_id
    LEFT JOIN call_categories cat ON cat.id = p.category_id
    WHERE p.call_id = ? AND a.outcome = 'ganador'
      AND a.round = {CURRENT_ROUND_SQL.format(plan="p.id")}
    GROUP BY 1
"""


def _schedule(
    db: Database, call_id: int, today: date
) -> tuple[ScheduleStep | None, ScheduleStep | None, date | None]:
    """The schedule stage whose dates contain today, the next one to start, and the last day."""
    steps = [
        ScheduleStep(name, parse_iso(starts), parse_iso(ends))
        for name, starts, ends in db.execute(
            "SELECT name, starts_on, ends_on FROM call_stages WHERE call_id = ? "
            "ORDER BY starts_on, position",
            [call_id],
        )
    ]
    current = next((s for s in steps if s.starts_on <= today <= s.ends_on), None)
    coming = next((s for s in steps if s.starts_on > today), None)
    return current, coming, max((s.ends_on for s in steps), default=None)


def _progress(
    db: Database, call_id: int, rounds: dict[int, int]
) -> tuple[list[MemberProgress], Counter]:
    """Each member's sheets, and the submitted sheets of each plan, in its current round."""
    conflicts: set[tuple[int, int]] = set(
        db.execute(
            "SELECT cd.committee_member_id, cd.plan_id FROM conflict_declarations cd "
            "JOIN plans p ON p.id = cd.plan_id WHERE p.call_id = ? AND cd.has_conflict = 1",
            [call_id],
        ).fetchall()
    )
    sent: Counter = Counter()
    by_plan: Counter = Counter()
    for member_id, plan_id, round_ in db.execute(
        "SELECT e.committee_member_id, e.plan_id, e.round FROM evaluations e "
        "JOIN plans p ON p.id = e.plan_id WHERE p.call_id = ? AND e.status = 'enviada'",
        [call_id],
    ):
        if rounds.get(plan_id) == round_:
            sent[member_id] += 1
            by_plan[plan_id] += 1
    committee = [
        MemberProgress(
            member_id,
            name,
            COMMITTEE_ROLE.get(role, role),
            sent[member_id],
            sum(1 for plan_id in rounds if (member_id, plan_id) not in conflicts),
        )
        for member_id, name, role in db.execute(
            "SELECT id, full_name, role FROM committee_members WHERE call_id = ? ORDER BY position",
            [call_id],
        )
    ]
    return committee, by_plan


def _pools(db: Database, call_id: int, budget_cents: int) -> tuple[PoolUse, list[PoolUse]]:
    amounts, names = pools(db, call_id)
    assigned = dict(db.execute(_ASSIGNED_SQL, [call_id]).fetchall())
    whole = PoolUse("", "Monto autorizado", budget_cents, sum(assigned.values()))
    if "" in amounts:
        return whole, []
    return whole, [
        PoolUse(code, names[code], cents, assigned.get(code, 0)) for code, cents in amounts.items()
    ]


def _shared(db: Database, call_id: int) -> list[SharedMember]:
    """Socios of AEO applying to the call who are also in the padrón of another one (each pair
    of AEO comes twice, once from each side, so the other's names name them all)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for _organization, dni, name, other, _call, _call_id in db.execute(
        SHARED_IN_CALL_SQL, [call_id]
    ):
        found.setdefault(dni, (name, set()))[1].add(other)
    return [
        SharedMember(dni, name, tuple(sorted(organizations)))
        for dni, (name, organizations) in sorted(found.items())
    ]


def dashboard(db: Database, call_id: int, today: date | None = None) -> Dashboard:
    """The call's figures as of ``today``."""
    today = today or date.today()
    name, year, stage, budget_cents, quorum = db.execute(
        "SELECT name, year, status, budget_cents, quorum FROM calls WHERE id = ?", [call_id]
    ).fetchone()
    organizations, drafts, presented, registered = db.execute(
        _PLAN_COUNTS_SQL, [call_id]
    ).fetchone()
    refused = len(inadmissible_plans(db, call_id))
    plans = db.execute(_IN_EVALUATION_SQL, [call_id]).fetchall()
    rounds = {plan_id: round_ for plan_id, _code, round_ in plans}
    decided = {
        plan_id
        for plan_id, round_ in db.execute(
            "SELECT v.plan_id, v.round FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id "
            "WHERE p.call_id = ?",
            [call_id],
        )
        if rounds.get(plan_id) == round_
    }
    committee, sheets = _progress(db, call_id, rounds)
    below_quorum = (
        {
            code: sheets[plan_id]
            for plan_id, code, _round in plans
            if plan_id not in decided and sheets[plan_id] < quorum
        }
        if stage in SCORING_STAGES
        else {}
    )
    dictamenes = db.execute(
        "SELECT count(*) FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
        "WHERE p.call_id = ? AND d.status = 'emitido'",
        [call_id],
    ).fetchone()[0]
    current, coming, last_day = _schedule(db, call_id, today)
    budget, category_pools = _pools(db, call_id, budget_cents)
    return Dashboard(
        call_id=call_id,
        call_name=name,
        year=year,
        stage=stage,
        quorum=quorum,
        organizations=organizations,
        drafts=drafts,
        presented=presented,
        admitted=len(plans),
        inadmissible=refused,
        pending_review=max(registered - refused, 0),
        scored=sum(1 for plan_id in rounds if sheets[plan_id] >= quorum),
        decided=len(decided),
        dictamenes=dictamenes,
        committee=committee,
        current_step=current,
        coming_step=coming,
        last_day=last_day,
        budget=budget,
        pools=category_pools,
        shared_members=_shared(db, call_id),
        missing_documents=dict(db.execute(_MISSING_DOCUMENTS_SQL, [call_id]).fetchall()),
        below_quorum=below_quorum,
        today=today,
    )
