"""Printed documents (PDF): one renderer base, and a module per report."""
