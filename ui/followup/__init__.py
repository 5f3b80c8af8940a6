"""Seguimiento: the funded plans after the acta, and the dialogs of each one's follow-up."""
