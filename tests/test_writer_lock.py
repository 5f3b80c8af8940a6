"""One writer at a time: who holds the file is told, a read-only copy cannot write, a stale lock
from a killed program is cleared."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from procompite.storage.session import open_session
from procompite.storage.writer_lock import LockHeld, lock_path
from tests.cli_helpers import ROOT, procompite

HOLD = (
    "import sys, time; from procompite.storage.session import open_session; "
    "s = open_session(sys.argv[1], daily=False); print('ABIERTA', flush=True); time.sleep(600)"
)


def test_a_second_session_is_told_who_holds_the_file(demo_path):
    first = open_session(demo_path)
    try:
        with pytest.raises(LockHeld) as held:
            open_session(demo_path)
        holder = held.value.holder
        assert holder.pid == os.getpid() and holder.machine and holder.user
        message = str(held.value)
        assert f"por {holder.user} en {holder.machine} desde el " in message
        assert "solo para consulta" in message
    finally:
        first.close()
    assert not lock_path(demo_path).exists()
    open_session(demo_path).close()


def test_the_read_only_session_reads_but_cannot_write(demo_path):
    writer = open_session(demo_path, daily=False)
    reader = open_session(demo_path, read_only=True)
    try:
        assert reader.read_only
        assert reader.db["organizations"].count == 30
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            reader.db.execute("DELETE FROM organizations")
        writer.db["settings"].upsert({"key": "entity_name", "value": "GORE Cusco"}, pk="key")
        assert (
            reader.db.execute("SELECT value FROM settings WHERE key = 'entity_name'").fetchone()[0]
            == "GORE Cusco"
        )
    finally:
        reader.close()
        writer.close()


def test_a_lock_left_by_a_killed_program_is_recognised_and_cleared(demo_path):
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(demo_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ABIERTA"
        with pytest.raises(LockHeld) as held:
            open_session(demo_path)
        assert held.value.holder.pid == process.pid
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
    assert lock_path(demo_path).exists()
    session = open_session(demo_path, daily=False)
    try:
        assert len(session.notices) == 1
        assert "terminó sin cerrarse" in session.notices[0]
        assert session.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        session.close()


def test_the_demo_is_not_rebuilt_under_a_program_that_has_it_open(demo_path):
    session = open_session(demo_path, daily=False)
    try:
        result = procompite("demo", "--db", str(demo_path), "--force")
        assert result.returncode == 2
        assert "ya está abierta para escribir" in result.stderr
        assert session.db["organizations"].count == 30
    finally:
        session.close()
