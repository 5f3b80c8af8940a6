-- Migration 0015: follow-up of funded plans, from the agreement to the liquidation.
-- A funded plan gets its agreement (convenio) with the AEO's committed contribution and its
-- verification, and the line of base the results are measured against; milestones due by date,
-- one per budget line; the entity's purchases against the plan's budget lines (an amount above
-- what is left of a line needs a reason); the deliveries of goods to the AEO (actas de entrega,
-- numbered, with their items); follow-up visits with the indicators of the studies, plus those
-- each call sets (tonnes, litres, units); and the liquidation, after which every record of the
-- plan is read-only (triggers below), as an issued dictamen is.

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL UNIQUE REFERENCES plans(id),
    number TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    signed_on TEXT NOT NULL CHECK (date(signed_on) IS signed_on),
    signatories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signatories)),
    term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    cash_cents INTEGER NOT NULL DEFAULT 0 CHECK (cash_cents >= 0),
    in_kind_cents INTEGER NOT NULL DEFAULT 0 CHECK (in_kind_cents >= 0),
    verified_cash_cents INTEGER CHECK (verified_cash_cents IS NULL OR verified_cash_cents >= 0),
    verified_in_kind_cents INTEGER
        CHECK (verified_in_kind_cents IS NULL OR verified_in_kind_cents >= 0),
    verified_on TEXT CHECK (verified_on IS NULL OR date(verified_on) IS verified_on),
    verification TEXT NOT NULL DEFAULT '',
    baseline_sales_cents INTEGER CHECK (baseline_sales_cents IS NULL OR baseline_sales_cents >= 0),
    baseline_jobs INTEGER CHECK (baseline_jobs IS NULL OR baseline_jobs >= 0),
    baseline_members INTEGER CHECK (baseline_members IS NULL OR baseline_members >= 0),
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE plan_milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    position INTEGER NOT NULL CHECK (position >= 0),
    budget_line_id INTEGER REFERENCES plan_budget_lines(id),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
    done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on),
    UNIQUE (plan_id, position)
) STRICT;

CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    budget_line_id INTEGER NOT NULL REFERENCES plan_budget_lines(id),
    process TEXT NOT NULL CHECK (length(trim(process)) > 0),
    supplier TEXT NOT NULL CHECK (length(trim(supplier)) > 0),
    supplier_ruc TEXT CHECK (supplier_ruc IS NULL
        OR (length(supplier_ruc) = 11 AND supplier_ruc NOT GLOB '*[^0-9]*')),
    purchased_on TEXT NOT NULL CHECK (date(purchased_on) IS purchased_on),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    over_budget_reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX purchases_by_plan ON purchases (plan_id);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    number TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    delivered_on TEXT NOT NULL CHECK (date(delivered_on) IS delivered_on),
    place TEXT NOT NULL DEFAULT '',
    delivered_by TEXT NOT NULL CHECK (length(trim(delivered_by)) > 0),
    received_by TEXT NOT NULL CHECK (length(trim(received_by)) > 0),
    received_dni TEXT CHECK (received_dni IS NULL
        OR (length(received_dni) = 8 AND received_dni NOT GLOB '*[^0-9]*')),
    notes TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX deliveries_by_plan ON deliveries (plan_id);

CREATE TABLE delivery_items (
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    budget_line_id INTEGER NOT NULL REFERENCES plan_budget_lines(id),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    quantity TEXT NOT NULL CHECK (CAST(quantity AS REAL) > 0 AND quantity NOT GLOB '*[^0-9.]*'
                                  AND quantity NOT GLOB '*.*.*'),
    unit TEXT NOT NULL DEFAULT 'unidad',
    PRIMARY KEY (delivery_id, position)
) STRICT;

CREATE TABLE followup_indicators (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    UNIQUE (call_id, position),
    UNIQUE (call_id, name)
) STRICT;

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    visited_on TEXT NOT NULL CHECK (date(visited_on) IS visited_on),
    visitors TEXT NOT NULL CHECK (length(trim(visitors)) > 0),
    operating INTEGER NOT NULL CHECK (operating IN (0, 1)),
    active_members INTEGER CHECK (active_members IS NULL OR active_members >= 0),
    active_women INTEGER CHECK (active_women IS NULL OR active_women >= 0),
    active_youth INTEGER CHECK (active_youth IS NULL OR active_youth >= 0),
    sales_cents INTEGER CHECK (sales_cents IS NULL OR sales_cents >= 0),
    direct_jobs INTEGER CHECK (direct_jobs IS NULL OR direct_jobs >= 0),
    indirect_jobs INTEGER CHECK (indirect_jobs IS NULL OR indirect_jobs >= 0),
    new_markets TEXT NOT NULL DEFAULT '',
    goods_use TEXT CHECK (goods_use IS NULL OR goods_use IN ('en_uso', 'uso_parcial', 'sin_uso')),
    goods_condition TEXT
        CHECK (goods_condition IS NULL OR goods_condition IN ('bueno', 'regular', 'malo')),
    photos TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(photos)),
    notes TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    UNIQUE (plan_id, visited_on)
) STRICT;

CREATE TABLE visit_values (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES followup_indicators(id),
    value TEXT NOT NULL CHECK (value NOT GLOB '*[^0-9.]*' AND value NOT GLOB '*.*.*'
                               AND length(value) > 0),
    PRIMARY KEY (visit_id, indicator_id)
) STRICT;

CREATE TABLE plan_closures (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
    closed_on TEXT NOT NULL CHECK (date(closed_on) IS closed_on),
    note TEXT NOT NULL CHECK (length(trim(note)) > 0),
    figures TEXT NOT NULL CHECK (json_valid(figures)),
    verification_code TEXT NOT NULL UNIQUE,
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    closed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER plan_closures_never_change BEFORE UPDATE ON plan_closures
BEGIN
    SELECT RAISE(ABORT, 'La liquidación de un plan no se modifica.');
END;

CREATE TRIGGER plan_closures_never_deleted BEFORE DELETE ON plan_closures
BEGIN
    SELECT RAISE(ABORT, 'La liquidación de un plan no se borra.');
END;

CREATE TRIGGER agreements_closed_insert BEFORE INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER agreements_closed_update BEFORE UPDATE ON agreements
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER agreements_closed_delete BEFORE DELETE ON agreements
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER plan_milestones_closed_insert BEFORE INSERT ON plan_milestones
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER plan_milestones_closed_update BEFORE UPDATE ON plan_milestones
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER plan_milestones_closed_delete BEFORE DELETE ON plan_milestones
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER purchases_closed_insert BEFORE INSERT ON purchases
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER purchases_closed_update BEFORE UPDATE ON purchases
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER purchases_closed_delete BEFORE DELETE ON purchases
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER deliveries_closed_insert BEFORE INSERT ON deliveries
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER deliveries_closed_update BEFORE UPDATE ON deliveries
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER deliveries_closed_delete BEFORE DELETE ON deliveries
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visits_closed_insert BEFORE INSERT ON visits
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visits_closed_update BEFORE UPDATE ON visits
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visits_closed_delete BEFORE DELETE ON visits
WHEN EXISTS (SELECT 1 FROM plan_closures WHERE plan_id = OLD.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER delivery_items_closed_insert BEFORE INSERT ON delivery_items
WHEN EXISTS (SELECT 1 FROM deliveries p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = NEW.delivery_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER delivery_items_closed_update BEFORE UPDATE ON delivery_items
WHEN EXISTS (SELECT 1 FROM deliveries p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = OLD.delivery_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER delivery_items_closed_delete BEFORE DELETE ON delivery_items
WHEN EXISTS (SELECT 1 FROM deliveries p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = OLD.delivery_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visit_values_closed_insert BEFORE INSERT ON visit_values
WHEN EXISTS (SELECT 1 FROM visits p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = NEW.visit_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visit_values_closed_update BEFORE UPDATE ON visit_values
WHEN EXISTS (SELECT 1 FROM visits p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = OLD.visit_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;

CREATE TRIGGER visit_values_closed_delete BEFORE DELETE ON visit_values
WHEN EXISTS (SELECT 1 FROM visits p JOIN plan_closures c ON c.plan_id = p.plan_id
             WHERE p.id = OLD.visit_id)
BEGIN
    SELECT RAISE(ABORT, 'El plan está liquidado: su seguimiento ya no se modifica.');
END;
