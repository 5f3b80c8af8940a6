"""Dialogs that edit one record of the registry."""
