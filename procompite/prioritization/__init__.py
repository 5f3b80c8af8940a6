"""Prioritisation of productive chains: criteria, normalisation, weighted sum, TOPSIS, AHP,
sensitivity of the cut, and the approved (frozen) list that feeds the calls."""
