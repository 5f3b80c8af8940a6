"""Each member scores on their own laptop: the package they take, their seal, and the merge
back into the secretariat's file, whole or not at all."""

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from procompite.common.errors import ValidationError
from procompite.evaluation.consolidation import plan_consolidation
from procompite.evaluation.packages.building import create_package
from procompite.evaluation.packages.merging import merge_package
from procompite.evaluation.packages.sealing import seal_package
from procompite.evaluation.scoring import declare, load_sheet, save_sheet, worklist
from procompite.storage.database import open_database

CALL = 1
SECRETARY = "Luz Marina Zamalloa Torres"


def _members(db) -> list[int]:
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM committee_members WHERE call_id = ? ORDER BY id", [CALL]
        )
    ]


def _open_plans(db, member_id: int) -> list[int]:
    """Plans in evaluation that the member has not scored, without a verdict."""
    return [
        item.id
        for item in worklist(db, CALL, member_id)
        if item.sheet == "Sin ficha"
        and item.declaration == "Sin declarar"
        and not db.execute("SELECT 1 FROM plan_verdicts WHERE plan_id = ?", [item.id]).fetchone()
    ]


def _levels(db, plan_id: int, pick: int) -> dict[int, Decimal]:
    chosen = {}
    for criterion_id, points in db.execute(
        "SELECT c.id, l.points FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "JOIN rubric_levels l ON l.criterion_id = c.id WHERE r.call_id = ? "
        "ORDER BY c.id, l.points",
        [CALL],
    ):
        chosen.setdefault(criterion_id, []).append(Decimal(str(points)))
    return {key: values[pick % len(values)] for key, values in chosen.items()}


def _score_in_package(path: Path, pin: str, pick: int) -> dict[int, dict[int, Decimal]]:
    """On the member's laptop: declare, score and submit every open plan, then seal."""
    db = open_database(path, create=False)
    try:
        member_id = int(
            db.execute("SELECT value FROM settings WHERE key = 'package_member_id'").fetchone()[0]
        )
        typed = {}
        for plan_id in _open_plans(db, member_id):
            declare(db, plan_id, member_id, False)
            typed[plan_id] = _levels(db, plan_id, pick + plan_id)
            save_sheet(db, plan_id, member_id, typed[plan_id], {}, submit=True)
        seal_package(db, pin)
        return typed
    finally:
        db.close()


def test_three_members_score_apart_and_the_merge_gives_exactly_what_each_typed(demo_path, tmp_path):
    db = open_database(demo_path)
    members = _members(db)[1:4]
    shared = tmp_path / "compartida.db"
    shared.write_bytes(demo_path.read_bytes())
    typed = {}
    for number, member_id in enumerate(members):
        laptop = tmp_path / f"laptop{number}"
        laptop.mkdir()
        create_package(db, CALL, member_id, "2468", laptop / "paquete.db", actor=SECRETARY)
        typed[member_id] = _score_in_package(laptop / "paquete.db", "2468", number)
    for number, _ in enumerate(members):
        merge = merge_package(db, tmp_path / f"laptop{number}" / "paquete.db", actor=SECRETARY)
        assert merge.applied and merge.changes and not merge.conflicts
    for member_id, plans in typed.items():
        assert plans
        for plan_id, points in plans.items():
            sheet = load_sheet(db, plan_id, member_id)
            assert sheet.submitted and sheet.points == points

    # The same scores typed on one shared laptop give the same consolidation.
    other = open_database(shared)
    for member_id, plans in typed.items():
        for plan_id, points in plans.items():
            declare(other, plan_id, member_id, False)
            save_sheet(other, plan_id, member_id, points, {}, submit=True)
    for plan_id in {plan for plans in typed.values() for plan in plans}:
        assert plan_consolidation(db, plan_id) == plan_consolidation(other, plan_id)
    other.close()
    db.close()


def test_the_package_holds_nothing_of_the_other_members(demo_path, tmp_path):
    db = open_database(demo_path)
    member_id = _members(db)[1]
    create_package(db, CALL, member_id, "2468", tmp_path / "p.db", actor=SECRETARY)
    db.close()
    package = sqlite3.connect(tmp_path / "p.db")
    assert package.execute(
        "SELECT count(*) FROM evaluations WHERE committee_member_id != ?", [member_id]
    ).fetchone() == (0,)
    for table in ("audit_log", "plan_verdicts", "dictamenes", "disagreement_notes", "drafts"):
        rows = package.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert rows == (1 if table == "audit_log" else 0), table
    assert package.execute("SELECT id FROM committee_members").fetchall() == [(member_id,)]
    raw = (tmp_path / "p.db").read_bytes()
    assert b"fijar PIN" in raw and b"enviar ficha" not in raw


def test_merging_twice_changes_nothing_and_an_older_seal_is_refused(demo_path, tmp_path):
    db = open_database(demo_path)
    member_id = _members(db)[2]
    path = tmp_path / "p.db"
    create_package(db, CALL, member_id, "2468", path, actor=SECRETARY)
    _score_in_package(path, "2468", 0)
    older = tmp_path / "antes.db"
    older.write_bytes(path.read_bytes())
    package = open_database(path, create=False)
    seal_package(package, "2468")
    package.close()
    assert merge_package(db, path, actor=SECRETARY).applied
    audit = db["audit_log"].count
    again = merge_package(db, path, actor=SECRETARY)
    assert again.already_merged and not again.applied and db["audit_log"].count == audit
    with pytest.raises(ValidationError, match="más antigua"):
        merge_package(db, older, actor=SECRETARY)
    db.close()


def test_a_package_changed_behind_the_application_is_refused_and_changes_nothing(
    demo_path, tmp_path
):
    db = open_database(demo_path)
    member_id = _members(db)[1]
    path = tmp_path / "p.db"
    create_package(db, CALL, member_id, "2468", path, actor=SECRETARY)
    _score_in_package(path, "2468", 1)
    raw = sqlite3.connect(path)
    for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores'"
    ).fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute(
        "UPDATE scores SET points = points + 1 WHERE rowid = (SELECT max(rowid) FROM scores)"
    )
    raw.commit()
    raw.close()
    before = db.execute("SELECT count(*) FROM scores").fetchone()
    with pytest.raises(ValidationError, match="no coincide con lo que el miembro selló"):
        merge_package(db, path, actor=SECRETARY)
    assert db.execute("SELECT count(*) FROM scores").fetchone() == before
    db.close()


def test_a_package_of_another_file_or_not_sealed_is_refused(demo_path, tmp_path):
    db = open_database(demo_path)
    member_id = _members(db)[1]
    other_path = tmp_path / "otra.db"
    other_path.write_bytes(demo_path.read_bytes())
    other = open_database(other_path)
    create_package(other, CALL, member_id, "2468", tmp_path / "ajeno.db", actor=SECRETARY)
    other.close()
    _score_in_package(tmp_path / "ajeno.db", "2468", 0)
    with pytest.raises(ValidationError, match="otro archivo"):
        merge_package(db, tmp_path / "ajeno.db", actor=SECRETARY)
    create_package(db, CALL, member_id, "2468", tmp_path / "p.db", actor=SECRETARY)
    with pytest.raises(ValidationError, match="no fue sellado"):
        merge_package(db, tmp_path / "p.db", actor=SECRETARY)
    with pytest.raises(ValidationError, match="no es un paquete"):
        merge_package(db, other_path, actor=SECRETARY)
    db.close()


def test_a_plan_typed_meanwhile_on_the_shared_laptop_is_a_conflict_the_secretary_decides(
    demo_path, tmp_path
):
    db = open_database(demo_path)
    member_id = _members(db)[3]
    path = tmp_path / "p.db"
    create_package(db, CALL, member_id, "2468", path, actor=SECRETARY)
    typed = _score_in_package(path, "2468", 0)
    plan_id = next(iter(typed))
    declare(db, plan_id, member_id, False)
    on_shared = _levels(db, plan_id, 1)
    save_sheet(db, plan_id, member_id, on_shared, {})
    shown = merge_package(db, path, actor=SECRETARY)
    assert not shown.applied and [c.plan for c in shown.conflicts] == [
        db["plans"].get(plan_id)["code"]
    ]
    code = shown.conflicts[0].plan
    with pytest.raises(ValidationError, match="por qué"):
        merge_package(db, path, actor=SECRETARY, keep={code: "paquete"})
    merged = merge_package(
        db, path, actor=SECRETARY, keep={code: "paquete"}, reason="El miembro calificó en campo."
    )
    assert merged.applied
    assert load_sheet(db, plan_id, member_id).points == typed[plan_id]
    db.close()


def test_a_package_only_scores(demo_path, tmp_path):
    from procompite.calls.status import stage_problem

    db = open_database(demo_path)
    create_package(db, CALL, _members(db)[1], "2468", tmp_path / "p.db", actor=SECRETARY)
    db.close()
    package = open_database(tmp_path / "p.db", create=False)
    assert stage_problem(package, CALL, "calificar") is None
    for work in ("emitir", "decidir", "registrar planes", "cambiar comité"):
        assert "paquete de evaluación" in stage_problem(package, CALL, work).message
    with pytest.raises(ValidationError, match="no en otro paquete"):
        create_package(package, CALL, _members(package)[0], "2468", tmp_path / "q.db", actor="x")
    with pytest.raises(ValidationError, match="no en otro paquete"):
        merge_package(package, tmp_path / "p.db", actor="x")
    package.close()


def test_a_merge_killed_halfway_leaves_the_file_as_it_was(demo_path, tmp_path):
    import signal
    import subprocess
    import sys

    db = open_database(demo_path)
    member_id = _members(db)[1]
    path = tmp_path / "p.db"
    create_package(db, CALL, member_id, "2468", path, actor=SECRETARY)
    db.close()
    assert _score_in_package(path, "2468", 0)
    before = sqlite3.connect(demo_path)
    counts = before.execute(
        "SELECT (SELECT count(*) FROM scores), (SELECT count(*) FROM conflict_declarations), "
        "(SELECT merged_revision FROM evaluation_packages)"
    ).fetchone()
    before.close()
    # The process dies when the merge has written the sheets and is about to record it.
    script = (
        "import os, signal\n"
        "from procompite.evaluation.packages import merging\n"
        "from procompite.storage.database import open_database\n"
        "merging.audit.record = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"db = open_database({str(demo_path)!r})\n"
        f"merging.merge_package(db, {str(path)!r}, actor='secretaría')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == -signal.SIGKILL
    after = open_database(demo_path)
    assert (
        after.execute(
            "SELECT (SELECT count(*) FROM scores), (SELECT count(*) FROM conflict_declarations), "
            "(SELECT merged_revision FROM evaluation_packages)"
        ).fetchone()
        == counts
    )
    assert merge_package(after, path, actor=SECRETARY).applied
    after.close()
