"""Convocatorias: the entity that runs them, and what a call sets for its plans: categories and
their limits, chains, documents, and the budget pools with their transfers."""
