-- Migration 0012: who signs a prioritisation exercise for the concertation space.
-- Each row is one signatory, in the order the report prints them: name, DNI when known,
-- institution and role. They are edited while the exercise is a draft and frozen with its
-- approval, as its criteria and results are. Exercises approved before this migration have no
-- rows: their report keeps the labelled lines where each signatory writes their name.

CREATE TABLE prioritization_signatories (
    prioritization_id INTEGER NOT NULL REFERENCES prioritizations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    dni TEXT CHECK (dni IS NULL OR (length(dni) = 8 AND dni NOT GLOB '*[^0-9]*')),
    institution TEXT NOT NULL CHECK (length(trim(institution)) > 0),
    role TEXT NOT NULL CHECK (length(trim(role)) > 0),
    PRIMARY KEY (prioritization_id, position)
) STRICT;

CREATE TRIGGER prioritization_signatories_frozen_insert
BEFORE INSERT ON prioritization_signatories
WHEN (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Los firmantes de una priorización aprobada no se modifican; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_signatories_frozen_update
BEFORE UPDATE ON prioritization_signatories
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
  OR (SELECT status FROM prioritizations WHERE id = NEW.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Los firmantes de una priorización aprobada no se modifican; cópiela en un nuevo borrador.');
END;

CREATE TRIGGER prioritization_signatories_frozen_delete
BEFORE DELETE ON prioritization_signatories
WHEN (SELECT status FROM prioritizations WHERE id = OLD.prioritization_id) = 'aprobado'
BEGIN
    SELECT RAISE(ABORT, 'Los firmantes de una priorización aprobada no se modifican; cópiela en un nuevo borrador.');
END;
