"""The database file: opening and migrating it, the writer lock, backups, the audit trail and
drafts."""
