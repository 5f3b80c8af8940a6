"""Inicio: the call's figures equal what the database holds, the window opens on them, each
figure opens the list behind it, and a file without calls shows the step to create one."""

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt

from procompite.common.money import format_soles
from procompite.lifecycle.copying import copy_call
from procompite.lists.dashboard import dashboard, dashboard_calls, latest_call
from procompite.plans.summary import shared_member_alerts
from procompite.storage.database import open_database
from tests.report_helpers import issue_ready

CALL = 1
EARLIER = 2  # the demo's 2025 call, closed
IN_EVALUATION = "('admitido', 'en_evaluacion', 'evaluado', 'observado')"


def scalar(db, sql: str, *params) -> int:
    return db.execute(sql, params).fetchone()[0]


def database_counts(db, call_id: int = CALL) -> dict[str, int]:
    """The figures counted plainly, one query each (the demo's plans are all in round 1)."""
    assert scalar(db, "SELECT count(*) FROM evaluations WHERE round > 1") == 0
    quorum = scalar(db, "SELECT quorum FROM calls WHERE id = ?", call_id)
    return {
        "organizations": scalar(
            db,
            "SELECT count(DISTINCT organization_id) FROM plans "
            "WHERE call_id = ? AND status <> 'retirado'",
            call_id,
        ),
        "drafts": scalar(
            db, "SELECT count(*) FROM plans WHERE call_id = ? AND status = 'borrador'", call_id
        ),
        "presented": scalar(
            db,
            "SELECT count(*) FROM plans WHERE call_id = ? "
            "AND status NOT IN ('borrador', 'retirado')",
            call_id,
        ),
        "admitted": scalar(
            db,
            f"SELECT count(*) FROM plans WHERE call_id = ? AND status IN {IN_EVALUATION}",
            call_id,
        ),
        "scored": scalar(
            db,
            f"SELECT count(*) FROM plans p WHERE p.call_id = ? AND p.status IN {IN_EVALUATION} "
            "AND (SELECT count(*) FROM evaluations e WHERE e.plan_id = p.id "
            "     AND e.status = 'enviada') >= ?",
            call_id,
            quorum,
        ),
        "decided": scalar(
            db,
            "SELECT count(*) FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id "
            "WHERE p.call_id = ?",
            call_id,
        ),
        "dictamenes": scalar(
            db,
            "SELECT count(*) FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
            "WHERE p.call_id = ? AND d.status = 'emitido'",
            call_id,
        ),
    }


def next_years_call(db) -> int:
    """The demo's call copied for 2027, in preparation."""
    return copy_call(db, CALL, 2027, actor="GRDE")


def test_the_figures_are_the_databases_counts(demo_db):
    figures = dashboard(demo_db, CALL, date(2026, 12, 3))
    counts = database_counts(demo_db)
    assert {key: getattr(figures, key) for key in counts} == counts
    assert counts == {
        "organizations": 24,
        "drafts": 1,
        "presented": 23,
        "admitted": 19,
        "scored": 12,
        "decided": 12,
        "dictamenes": 0,
    }
    assert figures.stage == "evaluacion" and figures.quorum == 3
    assert figures.pending_review == 4 and figures.inadmissible == 0


def test_each_members_sheets_are_theirs_sent_of_the_plans_without_conflict(demo_db):
    figures = dashboard(demo_db, CALL)
    admitted = database_counts(demo_db)["admitted"]
    for member in figures.committee:
        sent = scalar(
            demo_db,
            "SELECT count(*) FROM evaluations WHERE committee_member_id = ? AND status = 'enviada'",
            member.id,
        )
        conflicts = scalar(
            demo_db,
            "SELECT count(*) FROM conflict_declarations "
            "WHERE committee_member_id = ? AND has_conflict = 1",
            member.id,
        )
        assert (member.sent, member.assigned) == (sent, admitted - conflicts)
    assert figures.committee[0].role == "Presidencia"
    assert len(figures.committee) == 5


def test_the_budget_and_each_pool_are_split_into_assigned_and_left(demo_db):
    figures = dashboard(demo_db, CALL)
    winners = dict(
        demo_db.execute(
            "SELECT c.code, sum(a.amount_cents) FROM plan_allocations a "
            "JOIN plans p ON p.id = a.plan_id JOIN call_categories c ON c.id = p.category_id "
            "WHERE a.outcome = 'ganador' AND p.call_id = ? GROUP BY 1",
            [CALL],
        ).fetchall()
    )
    budgets = dict(
        demo_db.execute(
            "SELECT code, budget_cents FROM call_categories WHERE call_id = ?", [CALL]
        ).fetchall()
    )
    assert {p.code: (p.budget_cents, p.assigned_cents) for p in figures.pools} == {
        code: (budgets[code], winners[code]) for code in budgets
    }
    assert figures.budget.budget_cents == scalar(
        demo_db, "SELECT budget_cents FROM calls WHERE id = ?", CALL
    )
    assert figures.budget.assigned_cents == sum(winners.values())
    assert figures.budget.left_cents == figures.budget.budget_cents - sum(winners.values())


def test_the_warnings_name_shared_socios_missing_documents_and_plans_below_quorum(demo_db):
    figures = dashboard(demo_db, CALL)
    (shared,) = figures.shared_members
    assert shared.organizations == ("AEO Aproval Layo", "AEO Túpac Amaru")
    alerted = {key[0] for key in shared_member_alerts(demo_db)}
    names = dict(demo_db.execute("SELECT id, name FROM organizations").fetchall())
    assert {names[i] for i in alerted} == set(shared.organizations)
    missing = dict(
        demo_db.execute(
            "SELECT p.code, count(*) FROM plans p JOIN call_documents d "
            "ON d.call_id = p.call_id AND d.required = 1 "
            "WHERE p.call_id = ? AND p.status NOT IN ('borrador', 'retirado') AND NOT EXISTS ("
            "  SELECT 1 FROM plan_documents pd WHERE pd.plan_id = p.id "
            "  AND pd.document_id = d.id AND pd.present = 1) GROUP BY p.code",
            [CALL],
        ).fetchall()
    )
    assert figures.missing_documents == missing == {"PN-2026-017": 2, "PN-2026-018": 1}
    undecided = dict(
        demo_db.execute(
            f"SELECT p.code, (SELECT count(*) FROM evaluations e WHERE e.plan_id = p.id "
            f"AND e.status = 'enviada') FROM plans p WHERE p.status IN {IN_EVALUATION} "
            "AND p.call_id = ? AND NOT EXISTS (SELECT 1 FROM plan_verdicts v "
            "WHERE v.plan_id = p.id)",
            [CALL],
        ).fetchall()
    )
    assert figures.below_quorum == {code: n for code, n in undecided.items() if n < 3}
    assert len(figures.below_quorum) == 7


def test_a_call_not_yet_scoring_has_no_plans_below_quorum(demo_db):
    demo_db.execute("UPDATE calls SET status = 'abierta' WHERE id = ?", [CALL])
    assert dashboard(demo_db, CALL).below_quorum == {}


def test_issued_dictamenes_are_counted(demo_db):
    numbers = issue_ready(demo_db)
    assert numbers
    assert dashboard(demo_db, CALL).dictamenes == len(numbers)
    assert database_counts(demo_db)["dictamenes"] == len(numbers)


@pytest.mark.parametrize(
    ("today", "current", "left", "coming", "to_next"),
    [
        (
            date(2026, 10, 10),
            "Evaluación técnica por el comité",
            51,
            "Publicación de resultados",
            55,
        ),
        (date(2026, 11, 30), "Evaluación técnica por el comité", 0, "Publicación de resultados", 4),
        (date(2026, 12, 3), None, None, "Publicación de resultados", 1),
        (date(2026, 1, 15), None, None, "Convocatoria y difusión", 46),
        (date(2027, 1, 5), None, None, None, None),
    ],
)
def test_days_left_come_from_the_schedule_stage_that_contains_today(
    demo_db, today, current, left, coming, to_next
):
    figures = dashboard(demo_db, CALL, today)
    assert (figures.current_step.name if figures.current_step else None) == current
    assert figures.days_left == left
    assert (figures.coming_step.name if figures.coming_step else None) == coming
    assert figures.days_to_next == to_next
    assert figures.last_day == date(2026, 12, 18)


def test_the_latest_call_comes_first(demo_db):
    newer = next_years_call(demo_db)
    assert latest_call(demo_db) == newer
    assert [call_id for call_id, _name in dashboard_calls(demo_db)] == [newer, CALL, EARLIER]
    figures = dashboard(demo_db, newer)
    assert (figures.presented, figures.admitted, figures.committee) == (0, 0, [])
    assert figures.stage == "preparacion"


def test_the_figures_stay_fast_on_the_demo(demo_db):
    import time

    started = time.perf_counter()
    dashboard(demo_db, CALL)
    assert time.perf_counter() - started < 0.5


# The window ---------------------------------------------------------------------------


@pytest.fixture
def home(qtbot, window):
    qtbot.waitExposed(window)
    page = window.pages["Inicio"]
    qtbot.waitUntil(lambda: "Revisando lo que falta" not in page.stage.text())
    return page


def test_the_window_opens_on_inicio_with_the_demo_figures(qtbot, window, home, demo_path):
    assert window.navigation.item(0).text() == "Inicio"
    assert window.stack.currentWidget() is home
    db = open_database(demo_path)
    counts = database_counts(db)
    db.close()
    for key in ("organizations", "presented", "admitted", "scored", "decided", "dictamenes"):
        assert home.tiles[key].value.text() == str(counts[key]), key
    assert home.tiles["presented"].detail.text() == "1 en borrador"
    assert home.call.isVisibleTo(home) and not home.call_name.isVisibleTo(home)
    assert home.call.currentText() == "PROCOMPITE 2026 — Gobierno Regional Cusco"
    assert home.call_id == CALL, "Inicio opens on the current call, not the earlier one"
    assert "Etapa actual: En evaluación" in home.stage.text()
    assert "Para pasar a «Resultados publicados» falta" in home.stage.text()
    assert "PN-2026-006" in home.stage.text()
    rows = home.committee.count()
    assert rows == 5
    assert home.committee.itemAt(0).widget().count.text() == "16 de 19"
    alerts = [home.alerts.itemAt(i).widget().text() for i in range(home.alerts.count())]
    assert len(alerts) == 3
    assert "Marina Rojas Chura (DNI 71601294)" in alerts[0]
    assert "PN-2026-017 (faltan 2), PN-2026-018 (falta 1)" in alerts[1]
    assert "quórum de 3" in alerts[2]
    (series,) = home.chart.series()
    assigned, left = series.barSets()
    assert [assigned.at(i) for i in range(3)] == pytest.approx([478.394, 286.399, 764.793])
    assert [left.at(i) for i in range(3)] == pytest.approx([121.606, 13.601, 135.207])
    assert format_soles(76479300) in home.pool_lines.text()


@pytest.mark.parametrize(
    ("tile", "target"),
    [
        ("organizations", "Agentes económicos"),
        ("presented", "Planes de negocio"),
        ("admitted", "Planes de negocio"),
        ("scored", "Evaluación"),
        ("decided", "Evaluación"),
        ("dictamenes", "Reportes"),
        ("schedule", "Convocatorias"),
    ],
)
def test_clicking_a_figure_opens_its_list(qtbot, window, home, tile, target):
    qtbot.mouseClick(home.tiles[tile], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages[target]
    assert window.navigation.currentItem().text() == target


def test_the_committee_the_budget_and_each_warning_open_their_lists(qtbot, window, home):
    qtbot.mouseClick(home.committee.itemAt(2).widget(), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["Evaluación"]
    window.show_page("Inicio")
    qtbot.mouseClick(home.budget, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["Evaluación"]
    targets = []
    for label in [home.alerts.itemAt(i).widget() for i in range(home.alerts.count())] + [
        home.stage
    ]:
        window.show_page("Inicio")
        (link,) = re.findall(r'href="([^"]+)"', label.text())
        label.linkActivated.emit(link)
        targets.append(window.navigation.currentItem().text())
    assert targets == ["Agentes económicos", "Planes de negocio", "Evaluación", "Convocatorias"]


def test_with_several_calls_the_latest_is_shown_and_a_combo_chooses(qtbot, open_window, demo_path):
    db = open_database(demo_path)
    newer = next_years_call(db)
    db.close()
    window = open_window(demo_path)
    home = window.pages["Inicio"]
    assert home.call.isVisibleTo(home) and not home.call_name.isVisibleTo(home)
    assert home.call.currentData() == newer
    assert home.tiles["presented"].value.text() == "0"
    assert "Etapa actual: En preparación" in home.stage.text()
    home.call.setCurrentIndex(home.call.findData(CALL))
    assert home.figures.call_id == CALL
    assert home.tiles["presented"].value.text() == "23"
    window.reload()
    assert home.call.currentData() == CALL


def test_an_empty_file_shows_the_step_to_create_the_first_call(qtbot, open_window, tmp_path):
    path = tmp_path / "vacia.db"
    open_database(path).close()
    window = open_window(path)
    qtbot.waitExposed(window)
    page = window.pages["Inicio"]
    assert window.stack.currentWidget() is page
    assert page.empty.isVisible() and not page.body.isVisible()
    assert "aún no tiene convocatorias" in page.empty.message.text()
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["Convocatorias"]
