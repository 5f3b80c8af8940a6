"""The reportlab renderers: one base with the page geometry and fonts, a module per document."""
