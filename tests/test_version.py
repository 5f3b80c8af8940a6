"""The program says its version, and a database says which version wrote it."""

import sqlite3
import subprocess
import sys

from procompite import __version__
from procompite.storage.database import open_database
from procompite.storage.settings import CREATED_BY, WRITTEN_BY, setting
from tests.cli_helpers import ROOT, procompite

PROGRAM = f"PROCOMPITE {__version__}"


def test_both_programs_say_their_version():
    assert procompite("--version").stdout.strip() == PROGRAM
    window = subprocess.run(
        [sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert window.stdout.strip() == PROGRAM


def test_a_file_records_the_version_that_wrote_it(tmp_path):
    path = tmp_path / "base.db"
    open_database(path).close()
    db = open_database(path, readonly=True)
    assert setting(db, WRITTEN_BY) == setting(db, CREATED_BY) == PROGRAM
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE settings SET value = 'PROCOMPITE 0.0.9' WHERE key = ?", [WRITTEN_BY])
        conn.execute("DELETE FROM settings WHERE key = ?", [CREATED_BY])
    open_database(path).close()
    db = open_database(path, readonly=True)
    assert setting(db, WRITTEN_BY) == PROGRAM
    assert setting(db, CREATED_BY) == "PROCOMPITE 0.0.9"
    db.close()
    info = procompite("info", "--db", str(path))
    assert f"Escrita por {PROGRAM} (creada con PROCOMPITE 0.0.9)" in info.stdout


def test_reading_a_file_does_not_write_the_version(tmp_path):
    path = tmp_path / "base.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM settings WHERE key IN (?, ?)", [WRITTEN_BY, CREATED_BY])
    open_database(path, readonly=True).close()
    with sqlite3.connect(path) as conn:
        assert (
            conn.execute("SELECT count(*) FROM settings WHERE key = ?", [WRITTEN_BY]).fetchone()[0]
            == 0
        )


def test_the_about_box_names_the_version_and_the_open_file(window, demo_path):
    from ui.widgets.about import about_text

    text = about_text(window.db, window.path)
    assert PROGRAM in text and str(demo_path) in text and "Escrito por" in text
    actions = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert "&Acerca de PROCOMPITE…" in actions
