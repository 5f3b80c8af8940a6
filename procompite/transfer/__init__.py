"""Exchanging the registry with spreadsheets: Excel templates (:mod:`.templates`), import
(:mod:`.importer`) and export (:mod:`.exporter`), and a prioritisation's values grid.

The workbook's layout (:mod:`procompite.transfer.layout`) is shared by the three, so that an
exported file imports back unchanged. A cell is read with the same value rules as a form field
(:mod:`procompite.common.values`), so what one accepts the other does.
"""
