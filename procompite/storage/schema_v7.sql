-- Migration 0007: the audit trail becomes a hash chain (procompite.storage.audit_chain).
-- Each row keeps the SHA-256 of its content and the previous row's hash, so that a row changed
-- or deleted behind the program (with the append-only triggers dropped) is found by
-- «verify --all». SQL cannot compute SHA-256: the rows already in the file are chained by the
-- Python step of this same migration, which is why a row may receive its hash once, when it has
-- none; nothing else of an audit row is ever modified.

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT
    CHECK (prev_hash IS NULL OR (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE audit_log ADD COLUMN hash TEXT
    CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'));

DROP TRIGGER audit_log_append_only_update;

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash IS NULL AND OLD.prev_hash IS NULL
          AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
          AND NEW.action IS OLD.action AND NEW.table_name IS OLD.table_name
          AND NEW.row_id IS OLD.row_id AND NEW.before IS OLD.before
          AND NEW.after IS OLD.after AND NEW.reason IS OLD.reason)
BEGIN
    SELECT RAISE(ABORT, 'El registro de auditoría no se puede modificar.');
END;
