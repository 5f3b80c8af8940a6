"""The Inicio screen."""
