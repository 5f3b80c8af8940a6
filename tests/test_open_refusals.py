"""Files that are not ours, or too new, are refused with a Spanish message and left untouched."""

import sqlite3

import pytest

from procompite.storage.checks import DatabaseError
from procompite.storage.database import open_database


def test_text_file_is_refused_and_left_byte_identical(tmp_path):
    path = tmp_path / "notas.db"
    content = b"Esto no es una base de datos.\n" * 50
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match="no es una base de datos de PROCOMPITE"):
        open_database(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notas.db"]


def test_sqlite_file_of_another_program_is_refused_unchanged(tmp_path):
    path = tmp_path / "otro.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contactos (nombre TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="otro programa"):
        open_database(path)
    assert path.read_bytes() == before


def test_database_with_newer_schema_is_refused_unchanged(tmp_path):
    path = tmp_path / "nueva.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('procompite', '0099_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="versión más reciente"):
        open_database(path)
    assert path.read_bytes() == before


def test_missing_file_is_not_created_when_opening(tmp_path):
    path = tmp_path / "no-existe.db"
    with pytest.raises(DatabaseError, match="No existe"):
        open_database(path, create=False)
    assert not path.exists()
