"""The demo's call is being evaluated; tests of registering plans first open it, as the office
would do by sending the call back to «Abierta» with a reason."""

import sqlite3
from pathlib import Path


def open_registration(db) -> None:
    db["calls"].update(1, {"status": "abierta"})


def open_registration_in_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE calls SET status = 'abierta' WHERE id = 1")
    conn.close()
