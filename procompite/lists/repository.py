"""Read access to a PROCOMPITE database for the window's lists.

All SQL used to list records lives here; callers get plain dataclasses from :mod:`.records`.
"""

from datetime import date

from sqlite_utils import Database

from procompite.common import labels
from procompite.lists.records import (
    CallRow,
    CategoryRow,
    ChainRow,
    CommitteeMemberRow,
    EvaluationProgressRow,
    OrganizationRow,
    PlanRow,
    PrioritizationRow,
    StageRow,
)
from procompite.plans.admissibility import inadmissible_plans
from procompite.plans.summary import organization_alerts, plan_summaries, shared_member_alerts
from procompite.registry.padron import youth_age_under


class Repository:
    """Queries over one open database."""

    def __init__(self, db: Database):
        self.db = db

    def list_chains(self) -> list[ChainRow]:
        sql = """
            SELECT c.id, c.name, c.sector,
                   (SELECT group_concat(name, ', ') FROM (
                        SELECT d.name FROM department_chains dc
                        JOIN departments d ON d.id = dc.department_id
                        WHERE dc.chain_id = c.id ORDER BY d.name)) AS departments,
                   (SELECT group_concat(label, '; ') FROM (
                        SELECT r.national_rank || '.° (' || r.product || ')' AS label
                        FROM chain_national_rankings r
                        WHERE r.chain_id = c.id ORDER BY r.national_rank)) AS national_rank
            FROM chains c ORDER BY c.name
        """
        return [
            ChainRow(id_, name, sector, departments or "", rank or "")
            for id_, name, sector, departments, rank in self.db.execute(sql).fetchall()
        ]

    def list_organizations(self, today: date | None = None) -> list[OrganizationRow]:
        today = today or date.today()
        limit = youth_age_under(self.db)
        youth_born_after = date(today.year - limit, today.month, min(today.day, 28)).isoformat()
        sql = """
            WITH m AS (
                SELECT organization_id, count(*) AS members,
                       sum(sex = 'F') AS women,
                       sum(birth_date IS NOT NULL) AS with_birth,
                       sum(birth_date > :youth) AS youth
                FROM members GROUP BY organization_id
            ), p AS (
                SELECT organization_id, count(*) AS plans FROM plans GROUP BY organization_id
            )
            SELECT o.id, o.name, o.ruc, o.legal_form,
                   coalesce(d.name, ''), coalesce(pr.name, ''), coalesce(c.name, ''),
                   coalesce(m.members, 0), m.women, m.with_birth, m.youth, coalesce(p.plans, 0)
            FROM organizations o
            LEFT JOIN districts d ON d.id = o.district_id
            LEFT JOIN provinces pr ON pr.id = d.province_id
            LEFT JOIN chains c ON c.id = o.chain_id
            LEFT JOIN m ON m.organization_id = o.id
            LEFT JOIN p ON p.organization_id = o.id
            ORDER BY o.name
        """
        rows = []
        shared = organization_alerts(self.db)
        for row in self.db.execute(sql, {"youth": youth_born_after}).fetchall():
            members, women, with_birth, youth, plans = row[7:]
            women_pct = 100 * women / members if members else None
            youth_pct = 100 * youth / with_birth if with_birth else None
            flags = shared.get(row[0], "")
            rows.append(OrganizationRow(*row[:8], women_pct, youth_pct, plans, flags))
        return rows

    def list_plans(self) -> list[PlanRow]:
        sql = """
            SELECT p.id, p.code, p.title, o.id, o.name, coalesce(c.name, ''),
                   coalesce(d.name, ''),
                   coalesce(cat.code, ''), p.status, ca.name
            FROM plans p
            JOIN organizations o ON o.id = p.organization_id
            JOIN calls ca ON ca.id = p.call_id
            LEFT JOIN chains c ON c.id = p.chain_id
            LEFT JOIN districts d ON d.id = p.district_id
            LEFT JOIN call_categories cat ON cat.id = p.category_id
            ORDER BY ca.year DESC, p.code
        """
        summaries = plan_summaries(self.db)
        shared = shared_member_alerts(self.db)
        rows = []
        refused = inadmissible_plans(self.db)
        for (
            id_,
            code,
            title,
            org_id,
            org,
            chain,
            district,
            category,
            status,
            call,
        ) in self.db.execute(sql).fetchall():
            summary = summaries[id_]
            rules = (
                "Cumple todas"
                if not summary.failed_rules
                else "No cumple: " + "; ".join(r.text for r in summary.failed_rules)
            )
            rows.append(
                PlanRow(
                    id_,
                    code,
                    title,
                    org,
                    chain,
                    district,
                    category,
                    "Inadmisible" if id_ in refused else labels.PLAN_STATUS.get(status, status),
                    summary.total_cents,
                    summary.procompite_cents,
                    call,
                    summary.indicators.npv_cents,
                    summary.indicators.irr,
                    rules,
                    shared.get((org_id, call), ""),
                )
            )
        return rows

    def list_calls(self) -> list[CallRow]:
        sql = """
            SELECT ca.id, ca.name, ca.year, ca.status, ca.budget_cents,
                   (SELECT group_concat(code, ', ') FROM call_categories WHERE call_id = ca.id),
                   (SELECT count(*) FROM call_chains WHERE call_id = ca.id),
                   (SELECT count(*) FROM plans WHERE call_id = ca.id),
                   (SELECT count(*) FROM committee_members WHERE call_id = ca.id)
            FROM calls ca ORDER BY ca.year DESC, ca.name
        """
        rows = self.db.execute(sql).fetchall()
        return [
            CallRow(
                *row[:3], labels.CALL_STATUS.get(row[3], row[3]), row[4], row[5] or "", *row[6:]
            )
            for row in rows
        ]

    def list_prioritizations(self) -> list[PrioritizationRow]:
        sql = """
            SELECT p.id, p.name, d.name, p.year, p.status,
                   (SELECT count(*) FROM prioritization_criteria WHERE prioritization_id = p.id),
                   (SELECT count(*) FROM prioritization_chains WHERE prioritization_id = p.id)
            FROM prioritizations p JOIN departments d ON d.id = p.department_id
            ORDER BY p.year DESC, p.name
        """
        return [
            PrioritizationRow(
                id_,
                name,
                department,
                year,
                labels.PRIORITIZATION_STATUS.get(status, status),
                criteria,
                chains,
            )
            for id_, name, department, year, status, criteria, chains in self.db.execute(
                sql
            ).fetchall()
        ]

    def evaluation_progress(self) -> list[EvaluationProgressRow]:
        sql = """
            SELECT p.id, p.code, o.name, p.status,
                   (SELECT count(*) FROM evaluations e
                    WHERE e.plan_id = p.id AND e.status = 'enviada'),
                   (SELECT count(*) FROM evaluations e
                    WHERE e.plan_id = p.id AND e.status = 'borrador'),
                   (SELECT count(*) FROM conflict_declarations cd
                    WHERE cd.plan_id = p.id AND cd.has_conflict = 1)
            FROM plans p JOIN organizations o ON o.id = p.organization_id
            WHERE p.status IN ('admitido', 'en_evaluacion', 'evaluado', 'observado')
            ORDER BY p.code
        """
        return [
            EvaluationProgressRow(
                id_, code, org, labels.PLAN_STATUS.get(status, status), submitted, drafts, conflicts
            )
            for id_, code, org, status, submitted, drafts, conflicts in self.db.execute(
                sql
            ).fetchall()
        ]

    def call_categories(self, call_id: int) -> list[CategoryRow]:
        sql = """
            SELECT id, code, name, min_members, min_years, min_cofinancing_cents,
                   max_cofinancing_cents, max_cofinancing_bp, min_contribution_bp,
                   min_cash_contribution_bp, budget_cents
            FROM call_categories WHERE call_id = ? ORDER BY code
        """
        return [CategoryRow(*row) for row in self.db.execute(sql, [call_id]).fetchall()]

    def call_stages(self, call_id: int) -> list[StageRow]:
        sql = """
            SELECT id, name, starts_on, ends_on FROM call_stages
            WHERE call_id = ? ORDER BY position
        """
        return [StageRow(*row) for row in self.db.execute(sql, [call_id]).fetchall()]

    def committee(self, call_id: int) -> list[CommitteeMemberRow]:
        sql = """
            SELECT id, full_name, dni, role, institution FROM committee_members
            WHERE call_id = ? ORDER BY position
        """
        return [
            CommitteeMemberRow(id_, name, dni, labels.COMMITTEE_ROLE.get(role, role), institution)
            for id_, name, dni, role, institution in self.db.execute(sql, [call_id]).fetchall()
        ]

    def district_choices(self) -> list[tuple[int, str]]:
        """Districts as (id, "Distrito — Provincia, Departamento"), by department and name."""
        sql = """
            SELECT d.id, d.name || ' — ' || p.name || ', ' || dep.name
            FROM districts d JOIN provinces p ON p.id = d.province_id
            JOIN departments dep ON dep.id = p.department_id
            ORDER BY dep.name, p.name, d.name
        """
        return [(id_, label) for id_, label in self.db.execute(sql).fetchall()]

    def chain_choices(self, call_id: int | None = None) -> list[tuple[int, str]]:
        """All chains, or only those the call has prioritised."""
        if call_id is None:
            return list(self.db.execute("SELECT id, name FROM chains ORDER BY name").fetchall())
        sql = """
            SELECT c.id, c.name FROM chains c JOIN call_chains cc ON cc.chain_id = c.id
            WHERE cc.call_id = ? ORDER BY c.name
        """
        return list(self.db.execute(sql, [call_id]).fetchall())

    def organization_choices(self) -> list[tuple[int, str]]:
        return list(
            self.db.execute(
                "SELECT id, name || ' (' || ruc || ')' FROM organizations ORDER BY name"
            )
        )

    def call_choices(self) -> list[tuple[int, str]]:
        return list(self.db.execute("SELECT id, name FROM calls ORDER BY year DESC, name"))

    def category_choices(self, call_id: int) -> list[tuple[int, str]]:
        return list(
            self.db.execute(
                "SELECT id, name FROM call_categories WHERE call_id = ? ORDER BY code", [call_id]
            )
        )
