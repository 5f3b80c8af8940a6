"""The Convocatorias screen."""
