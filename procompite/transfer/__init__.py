"""Exchanging the registry with spreadsheets: Excel templates, import and export.

The workbook's layout (:mod:`procompite.transfer.layout`) is shared by the three, so that an
exported file imports back unchanged.
"""

from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import Counts, ImportProblem, ImportResult, import_file
from procompite.transfer.templates import TEMPLATE_KINDS, write_template

__all__ = [
    "TEMPLATE_KINDS",
    "Counts",
    "ImportProblem",
    "ImportResult",
    "export_workbook",
    "import_file",
    "write_template",
]
