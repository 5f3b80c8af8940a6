-- Migration 0008: the admissibility review of each plan before evaluation.
-- Every review is kept: a plan is admissible (then admitted to evaluation) or inadmissible, with
-- what it lacks (the failed rules of its call, a JSON list) and when and by whom it was decided.
-- An inadmissible plan stays «registrado» and never reaches scoring; corrected while the call is
-- open, it can be reviewed again, and its latest review counts.

CREATE TABLE plan_admissions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('admisible', 'inadmisible')),
    missing TEXT NOT NULL DEFAULT '[]',
    decided_on TEXT NOT NULL CHECK (date(decided_on) IS decided_on),
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    CHECK (decision = 'admisible' OR missing <> '[]')
) STRICT;

CREATE INDEX plan_admissions_by_plan ON plan_admissions (plan_id, id);

CREATE TRIGGER plan_admissions_never_change BEFORE UPDATE ON plan_admissions
BEGIN
    SELECT RAISE(ABORT, 'Una revisión de admisibilidad no se modifica; registre otra.');
END;
