-- Migration 0002: guards of the committee's work.
-- A submitted evaluation sheet keeps its scores until the secretary reopens it (status back to
-- 'borrador', with the reason in audit_log). The triggers that freeze the inputs of an issued
-- dictamen are generated in schema.py from the list of tables that feed it.

CREATE TRIGGER scores_of_submitted_sheet_insert BEFORE INSERT ON scores
WHEN (SELECT status FROM evaluations WHERE id = NEW.evaluation_id) = 'enviada'
BEGIN
    SELECT RAISE(ABORT, 'La ficha de evaluación ya fue enviada; sus puntajes no se modifican.');
END;

CREATE TRIGGER scores_of_submitted_sheet_update BEFORE UPDATE ON scores
WHEN (SELECT status FROM evaluations WHERE id = OLD.evaluation_id) = 'enviada'
BEGIN
    SELECT RAISE(ABORT, 'La ficha de evaluación ya fue enviada; sus puntajes no se modifican.');
END;

CREATE TRIGGER scores_of_submitted_sheet_delete BEFORE DELETE ON scores
WHEN (SELECT status FROM evaluations WHERE id = OLD.evaluation_id) = 'enviada'
BEGIN
    SELECT RAISE(ABORT, 'La ficha de evaluación ya fue enviada; sus puntajes no se modifican.');
END;

-- A declaration of conflict cannot be made after the member has scored the plan in that round.
CREATE TRIGGER conflict_after_scoring BEFORE UPDATE OF has_conflict ON conflict_declarations
WHEN NEW.has_conflict = 1 AND EXISTS (
    SELECT 1 FROM evaluations e
    WHERE e.plan_id = NEW.plan_id AND e.committee_member_id = NEW.committee_member_id)
BEGIN
    SELECT RAISE(ABORT, 'El evaluador ya tiene una ficha de este plan; anúlela antes de declarar conflicto.');
END;

CREATE INDEX evaluations_plan ON evaluations(plan_id);
CREATE INDEX dictamenes_plan ON dictamenes(plan_id);
CREATE INDEX conflict_declarations_member ON conflict_declarations(committee_member_id);
