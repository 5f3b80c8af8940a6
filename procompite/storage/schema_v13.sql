-- Migration 0013: evaluation packages. A package is a file that one committee member takes to
-- score on their own laptop. The origin file keeps, for each package made, the call and the
-- member, the key that checks the member's seal (derived from the PIN the member chose; the PIN
-- itself is kept nowhere), the member's work as it stood when the package was made (to tell
-- work typed meanwhile on the shared laptop), and the last revision merged back.

CREATE TABLE evaluation_packages (
    id TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    call_id INTEGER NOT NULL REFERENCES calls(id),
    committee_member_id INTEGER NOT NULL REFERENCES committee_members(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    key_salt TEXT NOT NULL,
    seal_key TEXT NOT NULL,
    base TEXT NOT NULL,
    merged_revision INTEGER NOT NULL DEFAULT 0 CHECK (merged_revision >= 0),
    merged_at TEXT
) STRICT;

CREATE INDEX evaluation_packages_member ON evaluation_packages (committee_member_id);
