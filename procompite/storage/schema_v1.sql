-- Schema 1: the whole PROCOMPITE workflow (DOMAIN.md §3).
-- Money: INTEGER céntimos in columns ending in _cents (S/ 1,234.50 -> 123450).
-- Percentages: INTEGER basis points in columns ending in _bp (12.50 % -> 1250).
-- Dates: ISO 8601 text (2026-11-23); timestamps: ISO 8601 text in UTC.

CREATE TABLE settings (
    key TEXT PRIMARY KEY CHECK (length(trim(key)) > 0),
    value TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    ubigeo TEXT NOT NULL UNIQUE CHECK (length(ubigeo) = 2 AND ubigeo NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE provinces (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    ubigeo TEXT NOT NULL UNIQUE CHECK (length(ubigeo) = 4 AND ubigeo NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    zone TEXT CHECK (zone IN ('I', 'II', 'III')),
    UNIQUE (department_id, name)
) STRICT;

CREATE TABLE districts (
    id INTEGER PRIMARY KEY,
    province_id INTEGER NOT NULL REFERENCES provinces(id),
    ubigeo TEXT NOT NULL UNIQUE CHECK (length(ubigeo) = 6 AND ubigeo NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (province_id, name)
) STRICT;

CREATE TABLE chains (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    sector TEXT NOT NULL CHECK (length(trim(sector)) > 0),
    description TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT ''
) STRICT;

-- Cuadro 8: national ranking of a chain's product (one chain may have several products).
CREATE TABLE chain_national_rankings (
    id INTEGER PRIMARY KEY,
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    product TEXT NOT NULL CHECK (length(trim(product)) > 0),
    national_rank INTEGER NOT NULL CHECK (national_rank >= 1),
    producing_departments TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (chain_id, product, year)
) STRICT;

-- Cuadros 6-7: the chains a department has prioritised, and the zones where each one is found.
CREATE TABLE department_chains (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (department_id, chain_id, year)
) STRICT;

CREATE TABLE zone_chains (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    zone TEXT NOT NULL CHECK (zone IN ('I', 'II', 'III')),
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    UNIQUE (department_id, zone, chain_id)
) STRICT;

-- Prioritisation exercises (DOMAIN.md §3.1).
CREATE TABLE prioritizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    method TEXT NOT NULL DEFAULT 'weighted' CHECK (method IN ('weighted', 'topsis')),
    weighting TEXT NOT NULL DEFAULT 'direct' CHECK (weighting IN ('direct', 'ahp')),
    missing_policy TEXT NOT NULL DEFAULT 'worst' CHECK (missing_policy IN ('worst', 'exclude')),
    cut_kind TEXT NOT NULL DEFAULT 'top_n' CHECK (cut_kind IN ('top_n', 'threshold')),
    cut_value REAL NOT NULL DEFAULT 5 CHECK (cut_value >= 0),
    status TEXT NOT NULL DEFAULT 'borrador' CHECK (status IN ('borrador', 'aprobado')),
    approved_on TEXT CHECK (approved_on IS NULL OR date(approved_on) IS approved_on),
    approval_reference TEXT,
    frozen_snapshot TEXT,
    copied_from_id INTEGER REFERENCES prioritizations(id),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (status = 'borrador' OR (approved_on IS NOT NULL AND length(trim(approval_reference)) > 0
                                   AND frozen_snapshot IS NOT NULL))
) STRICT;

-- Optional restriction of an exercise's scope to some provinces.
CREATE TABLE prioritization_provinces (
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id) ON DELETE CASCADE,
    province_id INTEGER NOT NULL REFERENCES provinces(id),
    PRIMARY KEY (prioritization_id, province_id)
) STRICT;

CREATE TABLE prioritization_chains (
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id) ON DELETE CASCADE,
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    PRIMARY KEY (prioritization_id, chain_id)
) STRICT;

CREATE TABLE prioritization_criteria (
    id INTEGER PRIMARY KEY,
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('rating', 'indicator', 'flag')),
    scale_min REAL,
    scale_max REAL,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'more_better' CHECK (direction IN ('more_better', 'more_worse')),
    normalization TEXT NOT NULL DEFAULT 'minmax' CHECK (normalization IN ('minmax', 'rank')),
    weight REAL NOT NULL CHECK (weight >= 0),
    source_note TEXT NOT NULL DEFAULT '',
    CHECK (kind <> 'rating' OR (scale_min IS NOT NULL AND scale_max > scale_min)),
    UNIQUE (prioritization_id, name)
) STRICT;

-- Saaty pairwise comparisons, upper triangle only: row criterion is `value` times as important.
CREATE TABLE prioritization_comparisons (
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id) ON DELETE CASCADE,
    row_criterion_id INTEGER NOT NULL REFERENCES prioritization_criteria(id) ON DELETE CASCADE,
    column_criterion_id INTEGER NOT NULL REFERENCES prioritization_criteria(id) ON DELETE CASCADE,
    value REAL NOT NULL CHECK (value >= 1.0 / 9 - 1e-9 AND value <= 9),
    PRIMARY KEY (prioritization_id, row_criterion_id, column_criterion_id),
    CHECK (row_criterion_id <> column_criterion_id)
) STRICT;

-- A missing value is a missing row, never a zero.
CREATE TABLE prioritization_values (
    criterion_id INTEGER NOT NULL REFERENCES prioritization_criteria(id) ON DELETE CASCADE,
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    value REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (criterion_id, chain_id)
) STRICT;

-- Frozen on approval.
CREATE TABLE prioritization_results (
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id),
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    score REAL NOT NULL,
    rank INTEGER NOT NULL CHECK (rank >= 1),
    above_cut INTEGER NOT NULL CHECK (above_cut IN (0, 1)),
    tie_note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (prioritization_id, chain_id)
) STRICT;

-- Convocatorias (DOMAIN.md §3.2).
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    entity_name TEXT NOT NULL CHECK (length(trim(entity_name)) > 0),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2009 AND 2100),
    budget_cents INTEGER NOT NULL CHECK (budget_cents >= 0),
    discount_rate_bp INTEGER NOT NULL CHECK (discount_rate_bp BETWEEN 0 AND 10000),
    passing_score REAL NOT NULL CHECK (passing_score >= 0),
    consolidation TEXT NOT NULL DEFAULT 'mean' CHECK (consolidation IN ('mean', 'median')),
    disagreement_gap REAL NOT NULL DEFAULT 2 CHECK (disagreement_gap >= 0),
    quorum INTEGER NOT NULL DEFAULT 3 CHECK (quorum >= 1),
    tie_breakers TEXT NOT NULL DEFAULT '[]',
    prioritization_id INTEGER REFERENCES prioritizations(id),
    document_prefix TEXT NOT NULL DEFAULT '' ,
    status TEXT NOT NULL DEFAULT 'preparacion'
        CHECK (status IN ('preparacion', 'abierta', 'evaluacion', 'resultados', 'cerrada')),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE call_categories (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    code TEXT NOT NULL CHECK (length(trim(code)) > 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    min_members INTEGER NOT NULL DEFAULT 2 CHECK (min_members >= 1),
    min_years INTEGER NOT NULL DEFAULT 0 CHECK (min_years >= 0),
    min_annual_sales_cents INTEGER NOT NULL DEFAULT 0 CHECK (min_annual_sales_cents >= 0),
    min_cofinancing_cents INTEGER NOT NULL CHECK (min_cofinancing_cents >= 0),
    max_cofinancing_cents INTEGER NOT NULL CHECK (max_cofinancing_cents >= min_cofinancing_cents),
    max_cofinancing_bp INTEGER NOT NULL CHECK (max_cofinancing_bp BETWEEN 0 AND 10000),
    min_contribution_bp INTEGER NOT NULL CHECK (min_contribution_bp BETWEEN 0 AND 10000),
    min_cash_contribution_bp INTEGER NOT NULL
        CHECK (min_cash_contribution_bp BETWEEN 0 AND 10000
               AND min_cash_contribution_bp <= min_contribution_bp),
    budget_cents INTEGER CHECK (budget_cents >= 0),
    UNIQUE (call_id, code)
) STRICT;

CREATE TABLE call_chains (
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    chain_id INTEGER NOT NULL REFERENCES chains(id),
    PRIMARY KEY (call_id, chain_id)
) STRICT;

CREATE TABLE call_stages (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT NOT NULL CHECK (date(ends_on) IS ends_on AND ends_on >= starts_on),
    UNIQUE (call_id, position)
) STRICT;

-- Documents a call requires of every plan.
CREATE TABLE call_documents (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    code TEXT NOT NULL CHECK (length(trim(code)) > 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    UNIQUE (call_id, code)
) STRICT;

-- Agentes económicos organizados (DOMAIN.md §3.3).
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    ruc TEXT NOT NULL UNIQUE CHECK (length(ruc) = 11 AND ruc NOT GLOB '*[^0-9]*'),
    legal_form TEXT NOT NULL CHECK (length(trim(legal_form)) > 0),
    category TEXT NOT NULL DEFAULT '',
    constituted_on TEXT CHECK (constituted_on IS NULL OR date(constituted_on) IS constituted_on),
    registry_entry TEXT NOT NULL DEFAULT '',
    district_id INTEGER REFERENCES districts(id),
    address TEXT NOT NULL DEFAULT '',
    representative_name TEXT NOT NULL DEFAULT '',
    representative_dni TEXT CHECK (representative_dni IS NULL
        OR (length(representative_dni) = 8 AND representative_dni NOT GLOB '*[^0-9]*')),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    chain_id INTEGER REFERENCES chains(id),
    annual_sales_cents INTEGER CHECK (annual_sales_cents >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    dni TEXT NOT NULL CHECK (length(dni) = 8 AND dni NOT GLOB '*[^0-9]*'),
    first_names TEXT NOT NULL CHECK (length(trim(first_names)) > 0),
    last_names TEXT NOT NULL CHECK (length(trim(last_names)) > 0),
    sex TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    birth_date TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date),
    role TEXT NOT NULL DEFAULT 'socio',
    joined_on TEXT CHECK (joined_on IS NULL OR date(joined_on) IS joined_on),
    UNIQUE (organization_id, dni)
) STRICT;
CREATE INDEX members_dni ON members(dni);

-- Planes de negocio (DOMAIN.md §3.4).
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    code TEXT NOT NULL CHECK (length(trim(code)) > 0),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    category_id INTEGER REFERENCES call_categories(id),
    chain_id INTEGER REFERENCES chains(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    district_id INTEGER REFERENCES districts(id),
    duration_months INTEGER CHECK (duration_months BETWEEN 1 AND 120),
    beneficiaries_women INTEGER NOT NULL DEFAULT 0 CHECK (beneficiaries_women >= 0),
    beneficiaries_men INTEGER NOT NULL DEFAULT 0 CHECK (beneficiaries_men >= 0),
    direct_jobs INTEGER NOT NULL DEFAULT 0 CHECK (direct_jobs >= 0),
    indirect_jobs INTEGER NOT NULL DEFAULT 0 CHECK (indirect_jobs >= 0),
    summary TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'borrador'
        CHECK (status IN ('borrador', 'registrado', 'admitido', 'en_evaluacion', 'evaluado',
                          'observado', 'retirado')),
    registered_on TEXT CHECK (registered_on IS NULL OR date(registered_on) IS registered_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (call_id, code)
) STRICT;
CREATE INDEX plans_organization ON plans(organization_id);

CREATE TABLE plan_budget_lines (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    component TEXT NOT NULL CHECK (component IN ('activos_fijos', 'intangibles', 'capital_trabajo')),
    concept TEXT NOT NULL CHECK (length(trim(concept)) > 0),
    unit TEXT NOT NULL DEFAULT 'unidad',
    -- Exact decimal text, e.g. '2.5'.
    quantity TEXT NOT NULL CHECK (CAST(quantity AS REAL) > 0 AND quantity NOT GLOB '*[^0-9.]*'
                                  AND quantity NOT GLOB '*.*.*'),
    unit_cost_cents INTEGER NOT NULL CHECK (unit_cost_cents >= 0),
    payer TEXT NOT NULL CHECK (payer IN ('procompite', 'aeo_monetario', 'aeo_no_monetario')),
    UNIQUE (plan_id, position)
) STRICT;

-- Year 0 is the investment year.
CREATE TABLE plan_cash_flows (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 0 AND 30),
    income_cents INTEGER NOT NULL DEFAULT 0 CHECK (income_cents >= 0),
    operating_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (operating_cost_cents >= 0),
    investment_cents INTEGER NOT NULL DEFAULT 0 CHECK (investment_cents >= 0),
    residual_value_cents INTEGER NOT NULL DEFAULT 0 CHECK (residual_value_cents >= 0),
    PRIMARY KEY (plan_id, year)
) STRICT;

CREATE TABLE plan_documents (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES call_documents(id),
    present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
    reference TEXT NOT NULL DEFAULT '',
    checked_on TEXT CHECK (checked_on IS NULL OR date(checked_on) IS checked_on),
    PRIMARY KEY (plan_id, document_id)
) STRICT;

-- Rubrics: templates (call_id NULL) and each call's own copy.
CREATE TABLE rubrics (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    total_points REAL NOT NULL CHECK (total_points > 0),
    call_id INTEGER UNIQUE REFERENCES calls(id),
    copied_from_id INTEGER REFERENCES rubrics(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE rubric_sections (
    id INTEGER PRIMARY KEY,
    rubric_id INTEGER NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (rubric_id, position)
) STRICT;

CREATE TABLE rubric_criteria (
    id INTEGER PRIMARY KEY,
    rubric_id INTEGER NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES rubric_sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    code TEXT NOT NULL CHECK (length(trim(code)) > 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    max_points REAL NOT NULL CHECK (max_points > 0),
    plan_section TEXT NOT NULL DEFAULT '',
    UNIQUE (rubric_id, code)
) STRICT;

CREATE TABLE rubric_levels (
    id INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    points REAL NOT NULL CHECK (points >= 0),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    UNIQUE (criterion_id, points)
) STRICT;

-- Comité evaluador (DOMAIN.md §3.5).
CREATE TABLE committee_members (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    dni TEXT NOT NULL CHECK (length(dni) = 8 AND dni NOT GLOB '*[^0-9]*'),
    role TEXT NOT NULL CHECK (role IN ('presidente', 'miembro', 'secretario_tecnico')),
    institution TEXT NOT NULL DEFAULT '',
    pin_salt TEXT,
    pin_hash TEXT,
    CHECK ((pin_salt IS NULL) = (pin_hash IS NULL)),
    UNIQUE (call_id, dni)
) STRICT;

CREATE TABLE conflict_declarations (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    committee_member_id INTEGER NOT NULL REFERENCES committee_members(id),
    has_conflict INTEGER NOT NULL CHECK (has_conflict IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    declared_at TEXT NOT NULL,
    CHECK (has_conflict = 0 OR length(trim(reason)) > 0),
    UNIQUE (plan_id, committee_member_id)
) STRICT;

-- One evaluation sheet per plan, member and round.
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    committee_member_id INTEGER NOT NULL REFERENCES committee_members(id),
    round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    status TEXT NOT NULL DEFAULT 'borrador' CHECK (status IN ('borrador', 'enviada')),
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    CHECK (status = 'borrador' OR submitted_at IS NOT NULL),
    UNIQUE (plan_id, committee_member_id, round)
) STRICT;

CREATE TABLE scores (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria(id),
    points REAL NOT NULL CHECK (points >= 0),
    comment TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, criterion_id)
) STRICT;

-- Committee's decision on a plan, per evaluation round.
CREATE TABLE plan_verdicts (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    verdict TEXT NOT NULL CHECK (verdict IN ('apto', 'no_apto', 'observado')),
    total_score REAL NOT NULL CHECK (total_score >= 0),
    reasons TEXT NOT NULL DEFAULT '',
    observations TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    CHECK (verdict <> 'observado' OR length(trim(observations)) > 0),
    UNIQUE (plan_id, round)
) STRICT;

-- Notes from the committee's discussion of a criterion on which members disagreed.
CREATE TABLE disagreement_notes (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria(id),
    round INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL CHECK (length(trim(note)) > 0),
    written_at TEXT NOT NULL,
    UNIQUE (plan_id, criterion_id, round)
) STRICT;

CREATE TABLE dictamenes (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    number TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    issued_on TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
    snapshot TEXT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'emitido' CHECK (status IN ('emitido', 'reabierto')),
    reopened_reason TEXT,
    CHECK (status = 'emitido' OR length(trim(reopened_reason)) > 0)
) STRICT;

CREATE TABLE actas (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    number TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    issued_on TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
    snapshot TEXT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE
) STRICT;

-- Result of ranking and allocating the budget, per plan and evaluation round.
CREATE TABLE plan_allocations (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    rank INTEGER CHECK (rank >= 1),
    outcome TEXT NOT NULL CHECK (outcome IN ('ganador', 'accesitario', 'no_financiado')),
    amount_cents INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
    tie_note TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    UNIQUE (plan_id, round)
) STRICT;

-- A leftover moved from one category's pool to another needs an authorising document.
CREATE TABLE call_pool_transfers (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    from_category_id INTEGER NOT NULL REFERENCES call_categories(id),
    to_category_id INTEGER NOT NULL REFERENCES call_categories(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    document_reference TEXT NOT NULL CHECK (length(trim(document_reference)) > 0),
    transferred_on TEXT NOT NULL CHECK (date(transferred_on) IS transferred_on),
    CHECK (from_category_id <> to_category_id)
) STRICT;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    action TEXT NOT NULL CHECK (length(trim(action)) > 0),
    table_name TEXT NOT NULL,
    row_id INTEGER,
    before TEXT,
    after TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'El registro de auditoría no se puede modificar.');
END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'El registro de auditoría no se puede borrar.');
END;

-- A score never exceeds its criterion's maximum.
CREATE TRIGGER scores_within_criterion_insert BEFORE INSERT ON scores
WHEN NEW.points > (SELECT max_points FROM rubric_criteria WHERE id = NEW.criterion_id)
BEGIN
    SELECT RAISE(ABORT, 'El puntaje supera el máximo del criterio.');
END;

CREATE TRIGGER scores_within_criterion_update BEFORE UPDATE OF points ON scores
WHEN NEW.points > (SELECT max_points FROM rubric_criteria WHERE id = NEW.criterion_id)
BEGIN
    SELECT RAISE(ABORT, 'El puntaje supera el máximo del criterio.');
END;

-- A member with a declared conflict of interest cannot evaluate that plan.
CREATE TRIGGER evaluations_need_no_conflict BEFORE INSERT ON evaluations
WHEN EXISTS (SELECT 1 FROM conflict_declarations
             WHERE plan_id = NEW.plan_id AND committee_member_id = NEW.committee_member_id
               AND has_conflict = 1)
BEGIN
    SELECT RAISE(ABORT, 'El evaluador declaró conflicto de interés con este plan.');
END;

-- An issued dictamen or acta is never edited or deleted; a dictamen can only be reopened.
CREATE TRIGGER dictamenes_frozen BEFORE UPDATE ON dictamenes
WHEN NOT (OLD.status = 'emitido' AND NEW.status = 'reabierto'
          AND NEW.number = OLD.number AND NEW.snapshot = OLD.snapshot
          AND NEW.verification_code = OLD.verification_code AND NEW.issued_on = OLD.issued_on
          AND NEW.plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'Un dictamen emitido no se modifica; solo se puede reabrir con motivo.');
END;

CREATE TRIGGER dictamenes_not_deleted BEFORE DELETE ON dictamenes
BEGIN
    SELECT RAISE(ABORT, 'Un dictamen emitido no se puede borrar.');
END;

CREATE TRIGGER actas_frozen BEFORE UPDATE ON actas
BEGIN
    SELECT RAISE(ABORT, 'Un acta emitida no se modifica.');
END;

CREATE TRIGGER actas_not_deleted BEFORE DELETE ON actas
BEGIN
    SELECT RAISE(ABORT, 'Un acta emitida no se puede borrar.');
END;

CREATE TRIGGER prioritization_criteria_frozen_insert BEFORE INSERT ON prioritization_criteria
WHEN (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_criteria_frozen_update BEFORE UPDATE ON prioritization_criteria
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_criteria_frozen_delete BEFORE DELETE ON prioritization_criteria
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_results_frozen_insert BEFORE INSERT ON prioritization_results
WHEN (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_results_frozen_update BEFORE UPDATE ON prioritization_results
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_results_frozen_delete BEFORE DELETE ON prioritization_results
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_chains_frozen_insert BEFORE INSERT ON prioritization_chains
WHEN (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_chains_frozen_update BEFORE UPDATE ON prioritization_chains
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_chains_frozen_delete BEFORE DELETE ON prioritization_chains
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_comparisons_frozen_insert BEFORE INSERT ON prioritization_comparisons
WHEN (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_comparisons_frozen_update BEFORE UPDATE ON prioritization_comparisons
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_comparisons_frozen_delete BEFORE DELETE ON prioritization_comparisons
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_values_frozen_insert BEFORE INSERT ON prioritization_values
WHEN (SELECT p.status FROM prioritization_criteria c JOIN prioritizations p
      ON p.id = c.prioritization_id WHERE c.id = NEW.criterion_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_values_frozen_update BEFORE UPDATE ON prioritization_values
WHEN (SELECT p.status FROM prioritization_criteria c JOIN prioritizations p
      ON p.id = c.prioritization_id WHERE c.id = OLD.criterion_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_values_frozen_delete BEFORE DELETE ON prioritization_values
WHEN (SELECT p.status FROM prioritization_criteria c JOIN prioritizations p
      ON p.id = c.prioritization_id WHERE c.id = OLD.criterion_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritizations_frozen BEFORE UPDATE ON prioritizations
WHEN OLD.status = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Una priorización aprobada no se modifica; cópiela en un nuevo borrador.');
END;
