"""The Reportes screen and the letterhead dialog."""
