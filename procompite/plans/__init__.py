"""Planes de negocio: a plan's budget, cash flow and indicators, and its eligibility under its
call."""
