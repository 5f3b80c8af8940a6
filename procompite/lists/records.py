"""Rows that the repository hands to the window's lists."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ChainRow:
    id: int
    name: str
    sector: str
    departments: str
    national_rank: str


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    name: str
    ruc: str
    legal_form: str
    district: str
    province: str
    chain: str
    members: int
    women_pct: float | None
    youth_pct: float | None
    plans: int
    flags: str = ""


@dataclass(frozen=True)
class PlanRow:
    id: int
    code: str
    title: str
    organization: str
    chain: str
    district: str
    category: str
    status: str
    total_cents: int
    procompite_cents: int
    call: str
    npv_cents: int | None = None
    irr: float | None = None
    rules: str = ""
    flags: str = ""


@dataclass(frozen=True)
class CallRow:
    id: int
    name: str
    year: int
    status: str
    budget_cents: int
    categories: str
    chains: int
    plans: int
    committee: int


@dataclass(frozen=True)
class PrioritizationRow:
    id: int
    name: str
    department: str
    year: int
    status: str
    criteria: int
    chains: int


@dataclass(frozen=True)
class EvaluationProgressRow:
    plan_id: int
    code: str
    organization: str
    status: str
    submitted: int
    drafts: int
    conflicts: int


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str
    min_members: int
    min_years: int
    min_cofinancing_cents: int
    max_cofinancing_cents: int
    max_cofinancing_bp: int
    min_contribution_bp: int
    min_cash_contribution_bp: int
    budget_cents: int | None


@dataclass(frozen=True)
class StageRow:
    id: int
    name: str
    starts_on: str
    ends_on: str


@dataclass(frozen=True)
class CommitteeMemberRow:
    id: int
    full_name: str
    dni: str
    role: str
    institution: str
