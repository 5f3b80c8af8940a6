"""Opening a database from the window, and its backups."""
