"""Widgets every screen shares: table models, editable grids, record lists, forms, PDF preview
and background tasks."""
