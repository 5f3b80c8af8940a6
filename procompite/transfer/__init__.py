"""Exchanging the registry with spreadsheets: Excel templates (:mod:`.templates`), import
(:mod:`.importer`) and export (:mod:`.exporter`).

The workbook's layout (:mod:`procompite.transfer.layout`) is shared by the three, so that an
exported file imports back unchanged. The package itself imports nothing, so that the forms can
use its cell rules (:mod:`.cells`) without loading the spreadsheet libraries.
"""
