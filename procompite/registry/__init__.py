"""Registro de AEO: organisations, their padrón de socios and the field rules for both."""
