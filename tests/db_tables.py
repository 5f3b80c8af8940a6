"""Every row of every table of a database file, to prove a refused change changed nothing."""

import sqlite3
from pathlib import Path


def tables(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = {n: conn.execute(f"SELECT * FROM {n} ORDER BY rowid").fetchall() for n in names}
    conn.close()
    return rows
