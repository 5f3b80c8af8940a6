-- Migration 0003: unsaved drafts of the long forms (the plan, the scoring sheet).
-- A form writes what is typed here every few seconds; a save or a deliberate discard removes the
-- row, so a row left behind is work that a crash interrupted, offered back on the next start.

CREATE TABLE drafts (
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'calificacion')),
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    payload TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
