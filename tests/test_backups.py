"""Backups on real files: taken with the backup API, kept N at a time, restored."""

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from procompite.common.errors import ValidationError
from procompite.storage.backups import (
    BackupError,
    due_today,
    latest_good,
    list_backups,
    restore,
    save_settings,
    take_backup,
)
from procompite.storage.database import open_database, schema_version
from procompite.storage.schema import SCHEMA_VERSION, migrations
from procompite.storage.session import open_session
from tests.cli_helpers import procompite as cli


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_a_sound_copy_named_with_date_time_and_reason(demo_db, demo_path):
    backup = take_backup(demo_db, reason="manual", now=datetime(2026, 11, 23, 10, 15, 30))
    assert backup.path == demo_path.parent / "respaldos" / "demo_2026-11-23_10-15-30_manual.db"
    assert backup.size == backup.path.stat().st_size > 100_000
    assert backup.when == "23 de noviembre de 2026, 10:15:30"
    conn = sqlite3.connect(backup.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    for table in ("organizations", "members", "plans", "scores", "audit_log"):
        assert count(backup.path, table) == demo_db[table].count
    assert not list(backup.path.parent.glob("*.part"))


def test_only_the_newest_n_are_kept(demo_db, demo_path):
    save_settings(demo_db, "", 3, actor="Ana")
    start = datetime(2026, 11, 1, 9, 0, 0)
    for day in range(6):
        take_backup(demo_db, reason="diario", now=start + timedelta(days=day))
    kept = list_backups(demo_path)
    assert [backup.taken_at.day for backup in kept] == [6, 5, 4]
    assert len(list((demo_path.parent / "respaldos").iterdir())) == 3


def test_the_backup_folder_and_count_are_settings(demo_db, tmp_path):
    folder = tmp_path / "memoria-usb" / "copias"
    save_settings(demo_db, str(folder), 30, actor="Ana")
    backup = take_backup(demo_db)
    assert backup.path.parent == folder
    with pytest.raises(ValidationError, match="de 1 a 999"):
        save_settings(demo_db, "", 0, actor="Ana")
    with pytest.raises(ValidationError, match="ruta completa"):
        save_settings(demo_db, "copias", 5, actor="Ana")
    assert (
        demo_db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'configurar respaldos'"
        ).fetchone()[0]
        == 1
    )


def test_one_daily_backup_on_the_first_open_of_the_day(demo_path):
    yesterday = datetime.now() - timedelta(days=1)
    db = open_database(demo_path)
    take_backup(db, reason="diario", now=yesterday)
    db.close()
    assert due_today(demo_path)
    first = open_session(demo_path)
    assert first.backup is not None and first.backup.reason == "diario"
    first.close()
    second = open_session(demo_path)
    assert second.backup is None
    second.close()
    assert not due_today(demo_path)
    assert [b.taken_at.date() for b in list_backups(demo_path)] == [
        date.today(),
        yesterday.date(),
    ]


def test_a_file_of_an_earlier_version_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "anterior.db"
    conn = sqlite3.connect(path)
    from sqlite_utils import Database

    old = Database(conn)
    migrations.apply(old, stop_before="0003_drafts")
    old["settings"].insert({"key": "entity_name", "value": "Gobierno Regional Apurímac"})
    conn.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    db.close()
    (backup,) = list_backups(path)
    assert backup.reason == "antes-de-actualizar"
    copy = open_database(backup.path, readonly=True)
    assert schema_version(copy) == 2 and "drafts" not in copy.table_names()
    assert copy.execute("SELECT value FROM settings").fetchone()[0] == "Gobierno Regional Apurímac"
    copy.close()


def test_restoring_keeps_a_copy_of_the_current_file_first(demo_db, demo_path):
    backup = take_backup(demo_db)
    demo_db.execute("DELETE FROM drafts")
    demo_db["settings"].insert({"key": "nota", "value": "escrito después del respaldo"})
    demo_db.close()
    kept = restore(demo_path, backup.path)
    after = "SELECT count(*) FROM settings WHERE key = 'nota'"
    assert sqlite3.connect(demo_path).execute(after).fetchone()[0] == 0
    assert sqlite3.connect(kept).execute(after).fetchone()[0] == 1
    assert "antes-de-restaurar" in kept.name
    assert not demo_path.with_name("demo.db-wal").exists()
    db = open_database(demo_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_damaged_or_foreign_backup_is_not_restored(demo_path, tmp_path):
    foreign = tmp_path / "respaldos" / "demo_2026-11-20_08-00-00_manual.db"
    foreign.parent.mkdir()
    foreign.write_text("no es una base de datos", encoding="utf-8")
    before = demo_path.read_bytes()
    with pytest.raises(BackupError, match="no se puede usar"):
        restore(demo_path, foreign)
    assert demo_path.read_bytes() == before
    assert latest_good(demo_path) is None


def test_backup_and_restore_commands(demo_path):
    made = cli("backup", "--db", str(demo_path))
    assert made.returncode == 0, made.stderr
    assert "Respaldo guardado" in made.stdout and "Se conservan los 30" in made.stdout
    listed = cli("restore", "--db", str(demo_path))
    assert listed.returncode == 0
    assert "1. " in listed.stdout and "a pedido" in listed.stdout
    restored = cli("restore", "--db", str(demo_path), "--respaldo", "1")
    assert restored.returncode == 0, restored.stderr
    assert "Restaurado" in restored.stdout
    missing = cli("restore", "--db", str(demo_path), "--respaldo", "99")
    assert missing.returncode == 2 and "No existe el respaldo «99»" in missing.stderr


def test_restore_is_refused_while_another_program_holds_the_database(demo_path):
    session = open_session(demo_path, daily=False)
    try:
        cli("backup", "--db", str(demo_path))
        before = demo_path.read_bytes()
        result = cli("restore", "--db", str(demo_path), "--ultimo")
    finally:
        session.close()
    assert result.returncode == 2
    assert "ya está abierta para escribir por" in result.stderr
    assert demo_path.read_bytes() == before
