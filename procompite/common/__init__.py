"""Shared values below every stage: money, dates, identifiers, labels, errors, typed input."""
