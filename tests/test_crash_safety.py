"""A process killed (SIGKILL) in the middle of its work: the file stays sound, and holds exactly
what was committed before the kill."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from procompite.evaluation.scoring import load_sheet
from procompite.storage.database import open_database
from procompite.storage.session import open_session
from procompite.transfer.importer import import_file
from tests.cli_helpers import ROOT, procompite
from tests.report_helpers import issue_ready
from tests.test_import import aeo_file, demo_refs, make_ruc, organization_row, organizations_file

DRIVER = Path(__file__).resolve().parent / "drivers" / "stop_midway.py"
TODAY = "2026-11-23"


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )


def wait_for(process: subprocess.Popen, marker: str) -> list[str]:
    """Read the driver's output until ``marker``; fail with its errors if it ends first."""
    seen = []
    while (line := process.stdout.readline()) != "":
        seen.append(line.strip())
        if line.strip() == marker:
            return seen
    process.wait()
    raise AssertionError(f"the driver ended before {marker}: {seen} {process.stderr.read()}")


def kill(process: subprocess.Popen) -> None:
    assert process.poll() is None, "the process must still be working when it is killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    process.stdout.close()
    process.stderr.close()


def sound(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


def test_an_import_killed_midway_leaves_what_was_committed_and_nothing_of_the_import(
    demo_path, tmp_path
):
    db = open_database(demo_path)
    refs = demo_refs(db)
    committed = aeo_file(
        tmp_path,
        refs,
        [organization_row(make_ruc(900), refs, Nombre="Guardada Antes")],
        name="antes.xlsx",
    )
    assert import_file(db, committed).written
    organizations = db["organizations"].count
    members = db["members"].count
    db.close()
    big = organizations_file(tmp_path, refs, 120, members_each=5, first=1000, name="grande.xlsx")

    process = start(str(DRIVER), "import", str(demo_path), str(big), "300")
    wait_for(process, "MITAD")
    kill(process)

    conn = sound(demo_path)
    assert conn.execute("SELECT count(*) FROM organizations").fetchone()[0] == organizations
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == members
    assert (
        conn.execute("SELECT count(*) FROM organizations WHERE name = 'Guardada Antes'").fetchone()[
            0
        ]
        == 1
    )
    assert (
        conn.execute(
            "SELECT count(*) FROM organizations WHERE name LIKE 'Asociación Nueva%'"
        ).fetchone()[0]
        == 0
    )
    conn.close()
    # The killed program's lock is recognised as stale, cleared, and the user is told.
    session = open_session(demo_path, daily=False)
    assert "terminó sin cerrarse" in session.notices[0]
    session.close()


def test_scoring_killed_midway_keeps_the_sheet_saved_before_and_the_old_one_intact(demo_path):
    db = open_database(demo_path)
    plan_9 = db.execute("SELECT id FROM plans WHERE code = 'PN-2026-009'").fetchone()[0]
    committee = [row[0] for row in db.execute("SELECT id FROM committee_members ORDER BY id")]
    carmen, edwin = committee[2], committee[3]
    carmen_before = load_sheet(db, plan_9, carmen)
    scores_before = db["scores"].count
    db.close()
    assert carmen_before.status == "borrador" and len(carmen_before.points) == 10

    process = start(
        str(DRIVER), "score", str(demo_path), str(plan_9), str(edwin), str(plan_9), str(carmen)
    )
    wait_for(process, "MITAD")
    kill(process)

    sound(demo_path).close()
    db = open_database(demo_path)
    edwin_sheet = load_sheet(db, plan_9, edwin)
    assert edwin_sheet.status == "borrador"
    assert set(edwin_sheet.points.values()) == {Decimal(3)}
    carmen_after = load_sheet(db, plan_9, carmen)
    assert carmen_after.points == carmen_before.points
    assert db["scores"].count == scores_before + len(edwin_sheet.points)
    db.close()


def test_batch_printing_killed_midway_leaves_only_whole_pdfs(demo_path, tmp_path):
    db = open_database(demo_path)
    numbers = issue_ready(db)
    db.close()
    before = demo_path.read_bytes()
    out = tmp_path / "dictamenes"
    batch = ("report", "dictamenes", "--db", str(demo_path), "--call", "1", "--out", str(out))
    process = start("-m", "procompite", *batch)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < 3:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    kill(process)

    written = sorted(out.glob("*.pdf"))
    assert 3 <= len(written) < len(numbers)
    for pdf in written:
        reader = PdfReader(pdf)
        assert "Página 1 de" in reader.pages[0].extract_text()
    # A file being written when the process died never takes a dictamen's name.
    assert all(path.suffix in (".pdf", ".part") for path in out.iterdir())
    sound(demo_path).close()
    assert demo_path.read_bytes() == before

    rerun = procompite(*batch)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.glob("*.pdf"))) == len(numbers)
    assert not list(out.glob("*.part"))
