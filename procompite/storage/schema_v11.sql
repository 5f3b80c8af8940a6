-- Migration 0011: appeals against a plan's result (recursos), and the corrections of an observed
-- plan (subsanaciones).
-- An appeal names the issued dictamen it contests, who filed it and when, its grounds and the
-- documents attached; whether it was on time is computed when it is filed (the call's working-day
-- term from the notification) and kept. The committee's decision (fundado, infundado,
-- improcedente) is a resolution with its own number, frozen snapshot and verification code, and
-- never changes once given. A correction records what an observed plan corrected and when.

CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    dictamen_id INTEGER NOT NULL REFERENCES dictamenes(id),
    appellant TEXT NOT NULL CHECK (length(trim(appellant)) > 0),
    filed_on TEXT NOT NULL CHECK (date(filed_on) IS filed_on),
    notified_on TEXT NOT NULL CHECK (date(notified_on) IS notified_on),
    deadline TEXT NOT NULL CHECK (date(deadline) IS deadline),
    on_time INTEGER NOT NULL CHECK (on_time IN (0, 1)),
    grounds TEXT NOT NULL CHECK (length(trim(grounds)) > 0),
    attachments TEXT NOT NULL DEFAULT '[]',
    decision TEXT CHECK (decision IS NULL OR decision IN ('fundado', 'infundado', 'improcedente')),
    reasons TEXT NOT NULL DEFAULT '',
    number TEXT UNIQUE,
    issued_on TEXT CHECK (issued_on IS NULL OR date(issued_on) IS issued_on),
    snapshot TEXT,
    verification_code TEXT UNIQUE,
    CHECK (decision IS NULL OR (length(trim(reasons)) > 0 AND number IS NOT NULL
                                AND issued_on IS NOT NULL AND snapshot IS NOT NULL
                                AND verification_code IS NOT NULL))
) STRICT;

CREATE INDEX appeals_by_plan ON appeals (plan_id);

CREATE TRIGGER appeals_decided_never_change BEFORE UPDATE ON appeals
WHEN OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'Un recurso resuelto no se modifica: su resolución ya fue emitida.');
END;

CREATE TRIGGER appeals_decided_never_deleted BEFORE DELETE ON appeals
WHEN OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'Un recurso resuelto no se borra: su resolución ya fue emitida.');
END;

CREATE TABLE plan_corrections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    round INTEGER NOT NULL CHECK (round >= 1),
    filed_on TEXT NOT NULL CHECK (date(filed_on) IS filed_on),
    deadline TEXT NOT NULL CHECK (date(deadline) IS deadline),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0)
) STRICT;

ALTER TABLE calls ADD COLUMN correction_days INTEGER
    CHECK (correction_days IS NULL OR correction_days BETWEEN 1 AND 60);
