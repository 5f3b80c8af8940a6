"""Convocatorias: what a call sets for its plans (categories and their limits, chains,
documents)."""
