"""Importing the region's AEO and padrones from one .xlsx into a database without them."""

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from python_calamine import CalamineWorkbook
from report import Row
from timing import timed

from procompite.demo.build import build_database, fill_base
from procompite.storage.backups import format_size
from procompite.storage.database import open_database
from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import import_file
from procompite.transfer.layout import MEMBERS, ORGANIZATIONS, TEMPLATES
from procompite.transfer.reader import read_spreadsheet

TODAY = date(2026, 11, 23)


def _import(db, workbook: Path) -> None:
    result = import_file(db, workbook, today=TODAY)
    if not (result.ok and result.written):
        raise RuntimeError(f"la importación fue rechazada: {result.problems[:3]}")


def _bare_calamine(workbook: Path) -> None:
    book = CalamineWorkbook.from_path(str(workbook))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    book.close()


def _read_and_store(workbook: Path, database: Path) -> None:
    """The least an import does: read the two sheets with calamine and insert their rows as
    they are into a database without AEO, in one transaction, with the journal the program
    uses (organisations with their RUC and name only, socios with every column), checking
    nothing."""
    book = CalamineWorkbook.from_path(str(workbook))
    organizations = book.get_sheet_by_name(ORGANIZATIONS.name).to_python()[1:]
    members = book.get_sheet_by_name(MEMBERS.name).to_python()[1:]
    book.close()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO organizations (ruc, name, legal_form, created_at, updated_at) "
        "VALUES (?, ?, 'Asociación', '', '')",
        [(str(row[0]), str(row[1])) for row in organizations],
    )
    ids = dict(conn.execute("SELECT ruc, id FROM organizations"))
    fields = [column.field for column in MEMBERS.columns]
    assert fields[5] == "birth_date" and fields[7] == "joined_on", fields
    conn.executemany(
        f"INSERT INTO members (organization_id, {', '.join(fields[1:])}) "
        f"VALUES ({', '.join('?' for _ in fields)})",
        [(ids[str(r[0])], r[1], r[2], r[3], r[4], _iso(r[5]), r[6], _iso(r[7])) for r in members],
    )
    conn.execute("COMMIT")
    conn.close()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def floor_row(workbook: Path, empty: Path, folder: Path, runs: int) -> Row:
    """Reading and storing the file's rows without checking them, beside reading them."""
    times = []
    for run in range(runs):
        copy = folder / f"suelo-{run}.db"
        shutil.copyfile(empty, copy)
        times += timed(lambda copy=copy: _read_and_store(workbook, copy), 1)
    return Row(
        "Leer y guardar las mismas filas, sin comprobarlas",
        "el mismo archivo, en una base sin AEO",
        times,
        baseline=timed(lambda: _bare_calamine(workbook), runs),
        baseline_label="python-calamine leyendo el mismo archivo; la fila es calamine más "
        "sqlite3 insertando las filas tal cual en una transacción: lo mínimo que una "
        "importación hace.",
    )


def read_row(workbook: Path, runs: int) -> Row:
    """Reading the region's export: measuring every part, then calamine, as an import does."""
    return Row(
        "Leer el archivo de AEO (.xlsx), medido y con límites",
        f"{format_size(workbook.stat().st_size)}",
        timed(lambda: read_spreadsheet(workbook), runs),
        baseline=timed(lambda: _bare_calamine(workbook), runs),
        baseline_label="python-calamine leyendo el mismo archivo sin medirlo ni limitarlo.",
    )


def import_row(path: Path, folder: Path, runs: int) -> tuple[list[Row], Row]:
    """The file is the region's own AEO and socios, exported in the template's layout; with
    the rows for reading it alone, and for reading and storing it unchecked, beside a bare
    calamine read."""
    workbook = folder / "aeo.xlsx"
    db = open_database(path, readonly=True)
    counts = export_workbook(db, workbook, TEMPLATES["aeo"])
    db.close()
    empty = folder / "sin-aeo.db"
    build_database(empty, lambda db: fill_base(db, {}))
    times = []
    for run in range(runs):
        copy = folder / f"importar-{run}.db"
        shutil.copyfile(empty, copy)
        db = open_database(copy)
        try:
            times += timed(lambda db=db: _import(db, workbook), 1)
        finally:
            db.close()
    baseline = timed(lambda: _bare_calamine(workbook), runs)
    organizations, members = counts.values()
    return [read_row(workbook, runs), floor_row(workbook, empty, folder, runs)], Row(
        "Importar AEO con sus padrones (.xlsx)",
        f"{organizations:,} AEO + {members:,} socios, {format_size(workbook.stat().st_size)}",
        times,
        ratio_target=1.5,
        baseline=baseline,
        baseline_label="python-calamine leyendo el mismo archivo (solo leer: sin medir, "
        "comprobar ni guardar).",
    )
