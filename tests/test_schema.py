"""The schema: migrations, version, and the constraints that keep bad rows out."""

import sqlite3

import pytest

from procompite.storage.database import open_database, schema_version
from procompite.storage.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION

WORKFLOW_TABLES = {
    "departments",
    "provinces",
    "districts",
    "chains",
    "prioritizations",
    "prioritization_criteria",
    "prioritization_values",
    "prioritization_results",
    "calls",
    "call_categories",
    "call_chains",
    "organizations",
    "members",
    "plans",
    "plan_budget_lines",
    "plan_cash_flows",
    "plan_documents",
    "rubrics",
    "rubric_criteria",
    "rubric_levels",
    "committee_members",
    "conflict_declarations",
    "scores",
    "evaluations",
    "dictamenes",
    "audit_log",
    "settings",
    "drafts",
}


def test_the_schema_version_counts_the_known_migrations_in_order():
    assert SCHEMA_VERSION == len(KNOWN_MIGRATIONS) == len(set(KNOWN_MIGRATIONS))
    assert KNOWN_MIGRATIONS[:7] == (
        "0001_initial",
        "0002_evaluation_guards",
        "0003_drafts",
        "0004_national_geography",
        "0005_call_bases",
        "0006_legal_form",
        "0007_audit_chain",
    )
    assert "0010_digital_signatures" in KNOWN_MIGRATIONS


def test_migrations_create_every_workflow_table(empty_db):
    assert set(empty_db.table_names()) >= WORKFLOW_TABLES
    assert schema_version(empty_db) == SCHEMA_VERSION
    assert empty_db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reopening_applies_nothing_again(tmp_path):
    path = tmp_path / "twice.db"
    open_database(path).close()
    schema_before = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master").fetchall()
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db["_sqlite_migrations"].count == SCHEMA_VERSION
    db.close()
    assert (
        sqlite3.connect(path).execute("SELECT sql FROM sqlite_master").fetchall() == schema_before
    )


def test_connection_settings(empty_db):
    assert empty_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert empty_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert empty_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_key_rejects_province_of_unknown_department(empty_db):
    with pytest.raises(sqlite3.IntegrityError), empty_db.atomic():
        empty_db["provinces"].insert(
            {"department_id": 99, "ubigeo": "2601", "name": "Nueva", "zone": "II"}
        )
    assert empty_db["provinces"].count == 196


@pytest.mark.parametrize(
    "table, row",
    [
        ("departments", {"ubigeo": "26", "name": "   "}),
        ("departments", {"ubigeo": "9X", "name": "Huancavelica"}),
        ("provinces", {"department_id": 1, "ubigeo": "0199", "name": "Nueva", "zone": "IV"}),
        ("chains", {"name": "", "sector": "Pecuario"}),
        (
            "calls",
            {
                "name": "C",
                "entity_name": "GR",
                "department_id": 1,
                "year": 2026,
                "budget_cents": -1,
                "discount_rate_bp": 1000,
                "passing_score": 60,
                "created_at": "2026-01-01",
            },
        ),
        (
            "calls",
            {
                "name": "C",
                "entity_name": "GR",
                "department_id": 1,
                "year": 2026,
                "budget_cents": 100,
                "discount_rate_bp": 10001,
                "passing_score": 60,
                "created_at": "2026-01-01",
            },
        ),
        (
            "organizations",
            {
                "name": "AEO",
                "ruc": "2012345678",
                "legal_form": "Asociación",
                "created_at": "x",
                "updated_at": "x",
            },
        ),
    ],
)
def test_check_constraints_reject_what_must_never_be_stored(empty_db, table, row):
    before = empty_db[table].count
    with pytest.raises(sqlite3.IntegrityError), empty_db.atomic():
        empty_db[table].insert(row)
    assert empty_db[table].count == before


def test_category_percentages_cannot_exceed_one_hundred(demo_db):
    with pytest.raises(sqlite3.IntegrityError), demo_db.atomic():
        demo_db.execute("UPDATE call_categories SET max_cofinancing_bp = 10050")


def test_budget_line_rejects_negative_cost_and_unknown_payer(demo_db):
    for change in ("unit_cost_cents = -100", "payer = 'municipio'", "quantity = '-2'"):
        with pytest.raises(sqlite3.IntegrityError), demo_db.atomic():
            demo_db.execute(f"UPDATE plan_budget_lines SET {change} WHERE id = 1")


def test_conflict_needs_a_reason(demo_db):
    with pytest.raises(sqlite3.IntegrityError), demo_db.atomic():
        demo_db.execute(
            "UPDATE conflict_declarations SET has_conflict = 1, reason = '' "
            "WHERE id = (SELECT min(id) FROM conflict_declarations WHERE has_conflict = 0)"
        )


def test_audit_log_is_append_only(empty_db):
    with empty_db.atomic():
        empty_db["audit_log"].insert(
            {
                "at": "2026-11-23T10:00:00+00:00",
                "actor": "secretaria",
                "action": "prueba",
                "table_name": "scores",
            }
        )
    for statement in ("UPDATE audit_log SET actor = 'otro'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="auditoría"), empty_db.atomic():
            empty_db.execute(statement)
    assert empty_db["audit_log"].count == 1


def test_score_above_the_criterion_maximum_is_rejected(demo_db):
    with pytest.raises(sqlite3.IntegrityError, match="máximo del criterio"), demo_db.atomic():
        demo_db.execute(
            "UPDATE scores SET points = 50 WHERE evaluation_id IN "
            "(SELECT id FROM evaluations WHERE status = 'borrador')"
        )


def test_scores_of_a_submitted_sheet_cannot_change(demo_db):
    with pytest.raises(sqlite3.IntegrityError, match="ya fue enviada"), demo_db.atomic():
        demo_db.execute(
            "UPDATE scores SET points = 0 WHERE evaluation_id IN "
            "(SELECT id FROM evaluations WHERE status = 'enviada')"
        )


def test_member_with_a_conflict_cannot_open_an_evaluation(demo_db):
    plan_id, member_id = demo_db.execute(
        "SELECT plan_id, committee_member_id FROM conflict_declarations WHERE has_conflict = 1"
    ).fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="conflicto de interés"), demo_db.atomic():
        demo_db["evaluations"].insert(
            {
                "plan_id": plan_id,
                "committee_member_id": member_id,
                "round": 2,
                "started_at": "2026-11-23T10:00:00+00:00",
            }
        )


def test_an_issued_dictamen_can_only_be_reopened_with_a_reason(demo_db):
    with demo_db.atomic():
        demo_db["dictamenes"].insert(
            {
                "plan_id": 1,
                "number": "GRC-PROCOMPITE-2026-0001",
                "issued_on": "2026-11-23",
                "snapshot": "{}",
                "verification_code": "ABC123",
            }
        )
    for statement in (
        "UPDATE dictamenes SET snapshot = '{\"total\": 99}'",
        "DELETE FROM dictamenes",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"), demo_db.atomic():
            demo_db.execute(statement)
    with demo_db.atomic():
        demo_db.execute(
            "UPDATE dictamenes SET status = 'reabierto', reopened_reason = 'Error de digitación'"
        )


def test_an_approved_prioritisation_is_frozen(demo_db):
    with demo_db.atomic():
        demo_db.execute(
            "UPDATE prioritizations SET status = 'aprobado', approved_on = '2026-01-15', "
            "approval_reference = 'Acta 001-2026', frozen_snapshot = '{}' WHERE id = 1"
        )
    for statement in (
        "UPDATE prioritization_criteria SET weight = 0.9",
        "UPDATE prioritization_values SET value = 5",
        "UPDATE prioritizations SET name = 'Otra'",
    ):
        with (
            pytest.raises(sqlite3.IntegrityError, match="aprobada no se modifica"),
            demo_db.atomic(),
        ):
            demo_db.execute(statement)


def test_dates_must_be_real_iso_dates(demo_db):
    with pytest.raises(sqlite3.IntegrityError), demo_db.atomic():
        demo_db.execute("UPDATE members SET birth_date = '31/02/1990' WHERE id = 1")
