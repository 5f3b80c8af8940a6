-- Migration 0006: the legal form of a call's acts.
-- The norms its dictámenes and actas cite (a JSON list of {number, title}; empty: the defaults
-- of procompite.calls.legal), the city where they are signed, and the appeal route: the kind of
-- recurso, before whom it is filed, who decides it and its term in working days (NULL: the
-- default of the TUO of Ley 27444, 15 días hábiles).

ALTER TABLE calls ADD COLUMN legal_norms TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN appeal_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN appeal_filed_with TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN appeal_heard_by TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN appeal_days INTEGER CHECK (appeal_days IS NULL OR appeal_days BETWEEN 1 AND 60);
