"""The demo database: real chains and AEO, enough records for every screen, and deterministic."""

import sqlite3
from collections import Counter

import pytest

from procompite.common.identifiers import dni_problem, ruc_problem
from procompite.demo.build import build_demo
from procompite.lists.repository import Repository
from procompite.storage.checks import DatabaseError
from procompite.storage.settings import is_demo, setting

CUADRO_13 = {
    "AEO Pumaty",
    "AEO Proacos",
    "AEO Agrovas",
    "AEO Paltos Limatambo",
    "AEO D'Wasi",
    "AEO Qorilazo Maquin",
    "AEO 18 de Noviembre",
    "AEO Aproval Layo",
    "AEO Túpac Amaru",
    "AEO Micaela Bastidas",
    "AEO Quinua Colquemarca",
}


def _dump(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
    dump = {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables}
    conn.close()
    return dump


def test_same_command_gives_same_content(tmp_path, demo_template):
    again = tmp_path / "otra.db"
    build_demo(again)
    assert _dump(again) == _dump(demo_template)


def test_refuses_to_overwrite_without_force(demo_path):
    before = demo_path.read_bytes()
    with pytest.raises(DatabaseError, match="--force"):
        build_demo(demo_path)
    assert demo_path.read_bytes() == before
    build_demo(demo_path, force=True)


def test_three_departments_with_all_provinces_and_zones(demo_db):
    rows = demo_db.execute(
        "SELECT d.name, count(*), sum(p.zone IS NOT NULL) FROM provinces p "
        "JOIN departments d ON d.id = p.department_id GROUP BY d.name "
        "HAVING sum(p.zone IS NOT NULL) > 0 ORDER BY d.name"
    ).fetchall()
    assert rows == [("Apurímac", 7, 7), ("Arequipa", 8, 8), ("Cusco", 13, 13)]


def test_the_demo_knows_the_whole_country_with_the_studys_spellings(demo_db):
    assert [demo_db[t].count for t in ("departments", "provinces", "districts")] == [25, 196, 1892]
    convencion = demo_db.execute("SELECT name FROM provinces WHERE ubigeo = '0809'").fetchone()
    assert convencion == ("La Convención",)
    unfilled = demo_db.execute(
        "SELECT count(*) FROM districts WHERE poverty_pct IS NULL OR altitude_m IS NULL"
    ).fetchone()[0]
    assert unfilled == 18


def test_forty_six_prioritised_chains_of_cuadros_6_and_7(demo_db):
    assert demo_db["department_chains"].count == 46
    common = demo_db.execute(
        "SELECT count(*) FROM (SELECT chain_id FROM department_chains GROUP BY chain_id "
        "HAVING count(*) = 3)"
    ).fetchone()[0]
    assert common == 7
    assert demo_db["chain_national_rankings"].count == 13
    anis = demo_db.execute(
        "SELECT national_rank, producing_departments FROM chain_national_rankings "
        "WHERE product = 'Anís'"
    ).fetchone()
    assert anis == (1, "Apurímac")


def test_cusco_prioritisation_exercise_uses_the_study_criteria(demo_db):
    names = [
        row[0]
        for row in demo_db.execute(
            "SELECT name FROM prioritization_criteria WHERE prioritization_id = 1 ORDER BY position"
        )
    ]
    assert names[:3] == [
        "(a) Oferta exportable",
        "(b) Vocación productiva",
        "(c) Actividad tradicional",
    ]
    assert "Cuadro 8" in names[3]


def test_organisations_include_the_real_ones_with_valid_ruc(demo_db):
    rows = list(demo_db["organizations"].rows)
    assert len(rows) >= 25
    assert {row["name"] for row in rows} >= CUADRO_13
    assert all(ruc_problem(row["ruc"]) is None for row in rows)
    assert all(row["representative_dni"] for row in rows)


def test_padrones_have_well_formed_dnis_women_men_and_ages(demo_db):
    members = list(demo_db["members"].rows)
    assert all(dni_problem(member["dni"]) is None for member in members)
    assert Counter(member["sex"] for member in members).keys() == {"F", "M"}
    assert all(member["birth_date"] for member in members)
    shared = demo_db.execute(
        "SELECT dni FROM members GROUP BY dni HAVING count(DISTINCT organization_id) > 1"
    ).fetchall()
    assert len(shared) == 1


def test_plans_with_budget_cash_flow_documents_in_several_states(demo_db):
    plans = list(demo_db["plans"].rows)
    assert len(plans) >= 20
    assert {"registrado", "admitido", "en_evaluacion", "evaluado"} <= {p["status"] for p in plans}
    for plan in plans:
        years = demo_db.execute(
            "SELECT count(*) FROM plan_cash_flows WHERE plan_id = ? AND year > 0", [plan["id"]]
        ).fetchone()[0]
        assert 5 <= years <= 10
        assert demo_db["plan_budget_lines"].count_where("plan_id = ?", [plan["id"]]) >= 5
        assert demo_db["plan_documents"].count_where("plan_id = ?", [plan["id"]]) == 8


def test_call_with_two_categories_a_budget_too_small_and_a_committee_of_five(demo_db):
    repository = Repository(demo_db)
    call, earlier = repository.list_calls()
    assert call.name == "PROCOMPITE 2026 — Gobierno Regional Cusco"
    assert earlier.name == "PROCOMPITE 2025 — Gobierno Regional Cusco"
    assert [category.code for category in repository.call_categories(call.id)] == ["A", "B"]
    assert len(repository.committee(call.id)) == 5
    requested = sum(
        plan.procompite_cents for plan in repository.list_plans() if plan.call == call.name
    )
    assert requested > call.budget_cents


def test_call_keeps_its_own_copy_of_a_hundred_point_rubric(demo_db):
    rubrics = list(demo_db["rubrics"].rows)
    assert [r["call_id"] for r in rubrics] == [None, 1, 2]
    call_copy = next(r for r in rubrics if r["call_id"] == 1)
    assert call_copy["copied_from_id"] is not None
    total = demo_db.execute(
        "SELECT sum(max_points) FROM rubric_criteria WHERE rubric_id = ?", [call_copy["id"]]
    ).fetchone()[0]
    assert total == call_copy["total_points"] == 100
    sections = [
        row[0]
        for row in demo_db.execute(
            "SELECT name FROM rubric_sections WHERE rubric_id = ? ORDER BY position",
            [call_copy["id"]],
        )
    ]
    assert len(sections) == 6


def test_some_plans_partly_and_some_fully_scored(demo_db):
    progress = Repository(demo_db).evaluation_progress()
    fully = [row for row in progress if row.status == "Evaluado"]
    partly = [row for row in progress if row.status == "En evaluación"]
    assert fully and all(row.submitted + row.conflicts == 5 for row in fully)
    assert partly and all(row.drafts == 1 for row in partly)
    assert sum(row.conflicts for row in progress if row.code.startswith("PN-2026")) == 1


def test_marked_as_demo(demo_db):
    assert is_demo(demo_db)
    assert "demostración" in setting(demo_db, "demo_notice")


def test_force_never_replaces_a_real_database(tmp_path):
    from procompite.storage.database import open_database

    path = tmp_path / "concurso.db"
    open_database(path).close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="no es una base de demostración"):
        build_demo(path, force=True)
    assert path.read_bytes() == before


def test_members_are_adults_who_joined_after_their_aeo_was_constituted(demo_db):
    rows = demo_db.execute(
        "SELECT m.joined_on, m.birth_date, o.constituted_on FROM members m "
        "JOIN organizations o ON o.id = m.organization_id"
    ).fetchall()
    assert all(joined >= constituted for joined, _, constituted in rows)
    assert all(int(joined[:4]) - int(birth[:4]) >= 18 for joined, birth, _ in rows)


def test_published_lists_are_approved_and_the_call_takes_cusco_s(demo_db):
    approved = demo_db.execute(
        "SELECT name FROM prioritizations WHERE status = 'aprobado' ORDER BY name"
    ).fetchall()
    assert len(approved) == 3
    call = demo_db["calls"].get(1)
    source = demo_db["prioritizations"].get(call["prioritization_id"])
    assert source["status"] == "aprobado" and "Cusco" in source["name"]
    assert demo_db["call_chains"].count_where("call_id = 1") == 16


def test_apurimac_exercise_is_weighted_by_ahp(demo_db):
    from procompite.prioritization.exercises import load_exercise

    (exercise_id,) = demo_db.execute(
        "SELECT id FROM prioritizations WHERE weighting = 'ahp'"
    ).fetchone()
    exercise = load_exercise(demo_db, exercise_id)
    assert len(exercise.comparisons) == 6
    assert sum(c.weight for c in exercise.criteria) == pytest.approx(1)
    assert exercise.ranking().rows[0].chain.name in {"Fibra de camélidos", "Granos andinos"}


def test_registered_plans_keep_their_registration_date(demo_db):
    rows = demo_db.execute("SELECT status, registered_on FROM plans").fetchall()
    assert all((status == "borrador") == (registered is None) for status, registered in rows)
