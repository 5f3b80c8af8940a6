"""The main window on the demo database, driven with real events."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from ui.app import create_window
from ui.main_window import LAST_DATABASE_KEY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def window(qtbot, open_window, demo_path):
    window = open_window(demo_path)
    qtbot.waitExposed(window)
    return window


def test_title_says_it_is_demo_data(window):
    assert "DATOS DE DEMOSTRACIÓN" in window.windowTitle()
    assert window.demo_banner.isVisible()


def test_aeo_list_shows_the_demo_organisations(window):
    page = window.show_page("Agentes económicos")
    assert page.list.proxy.rowCount() == 30
    assert page.list.count_label.text() == "30 registros"


def test_typing_in_the_filter_narrows_the_list(qtbot, window):
    page = window.show_page("Agentes económicos")
    qtbot.keyClicks(page.list.filter_edit, "lacteos canas")
    names = {record.name for record in page.list.visible_records()}
    assert names == {"AEO Aproval Layo", "AEO Túpac Amaru", "AEO Micaela Bastidas"}
    assert page.list.count_label.text() == "3 de 30 registros"
    page.list.filter_edit.clear()
    assert page.list.proxy.rowCount() == 30


def test_sorting_by_members_puts_the_largest_first(qtbot, window):
    page = window.show_page("Agentes económicos")
    column = [c.header for c in page.list.model.columns].index("Socios")
    page.list.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    records = page.list.visible_records()
    assert records[0].members == max(record.members for record in records)


def test_plans_and_calls_screens_list_their_records(window):
    plans = window.show_page("Planes de negocio")
    assert plans.list.proxy.rowCount() == 32
    assert any(r.total_cents > 0 for r in plans.list.visible_records())
    assert plans.list.visible_records()[0].code == "PN-2026-001", "the current call's first"
    calls = window.show_page("Convocatorias")
    assert calls.calls.proxy.rowCount() == 2
    assert calls.call_id == 1, "the current call is the one shown"
    assert calls.categories.proxy.rowCount() == 2
    assert calls.committee.proxy.rowCount() == 5


def test_a_screen_fills_when_first_shown_and_again_after_the_data_changes(window):
    plans = window.pages["Planes de negocio"]
    assert plans.list.proxy.rowCount() == 0
    window.show_page("Planes de negocio")
    assert plans.list.proxy.rowCount() == 32
    window.show_page("Agentes económicos")
    window.db.execute("DELETE FROM plans WHERE status = 'borrador'")
    window.reload()
    window.show_page("Planes de negocio")
    assert plans.list.proxy.rowCount() == 31


def test_navigation_changes_the_screen(qtbot, window):
    item = window.navigation.item(window.list_position("Priorización"))
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is window.pages["Priorización"]
    assert window.pages["Priorización"].chains.proxy.rowCount() == 27


def test_file_menu_offers_files_import_export_and_quit(window):
    (menu_action,) = [a for a in window.menuBar().actions() if "Archivo" in a.text()]
    texts = [
        a.text().replace("&", "")
        for a in menu_action.menu().actions()
        if a.text() and a.isVisible()
    ]
    assert texts == [
        "Nuevo…",
        "Abrir…",
        "Abrir demo",
        "Abiertos recientemente",
        "Importar desde Excel o CSV…",
        "Exportar a Excel…",
        "Guardar plantilla de AEO…",
        "Guardar plantilla de planes…",
        "Crear paquete de evaluación…",
        "Importar evaluaciones de un paquete…",
        "Hacer un respaldo ahora",
        "Restaurar respaldo…",
        "Salir",
    ]


def test_the_last_database_is_remembered(window, settings, demo_path):
    assert settings.value(LAST_DATABASE_KEY) == str(demo_path)


def _main(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_first_start_builds_and_opens_the_demo_in_the_user_data_folder(tmp_path):
    home = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "datos"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = _main("--screenshot", str(tmp_path / "primera.png"), **home)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "datos" / "procompite" / "demo.db").exists()
    assert (tmp_path / "primera.png").exists()


def test_screenshot_command_writes_a_png(tmp_path, demo_path):
    out = tmp_path / "ventana.png"
    result = _main("--db", str(demo_path), "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_file_that_is_not_a_database_exits_with_a_spanish_message(tmp_path):
    path = tmp_path / "carta.db"
    path.write_text("Señores del comité: …", encoding="utf-8")
    result = _main("--db", str(path), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "no es una base de datos de PROCOMPITE" in result.stderr
    assert path.read_text(encoding="utf-8") == "Señores del comité: …"


def test_opening_a_damaged_file_from_the_menu_shows_a_spanish_dialog(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "ui.main_window.QMessageBox.critical", lambda parent, title, text: shown.append(text)
    )
    bad = tmp_path / "roto.db"
    bad.write_bytes(b"\x00\x01basura")
    assert not window.open_path(bad)
    assert "no es una base de datos de PROCOMPITE" in shown[0]
    assert window.path.name == "demo.db"
    assert bad.read_bytes() == b"\x00\x01basura"


def test_new_database_starts_empty_with_the_schema(window, tmp_path):
    path = tmp_path / "concurso-2027.db"
    assert window.open_path(path, create=True)
    assert "DATOS DE DEMOSTRACIÓN" not in window.windowTitle()
    assert window.pages["Agentes económicos"].list.proxy.rowCount() == 0
    assert not window.demo_banner.isVisible()


def test_a_remembered_database_that_went_bad_falls_back_to_the_demo(tmp_path, qtbot):
    settings = QSettings(str(tmp_path / "ajustes.ini"), QSettings.Format.IniFormat)
    broken = tmp_path / "dañada.db"
    broken.write_text("ya no es una base de datos", encoding="utf-8")
    settings.setValue(LAST_DATABASE_KEY, str(broken))
    env = {"XDG_DATA_HOME": str(tmp_path / "datos")}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        window = create_window(None, settings)
    qtbot.addWidget(window)
    assert "No se pudo abrir la última base de datos" in window.startup_warning
    assert window.path.name == "demo.db"
    assert broken.read_text(encoding="utf-8") == "ya no es una base de datos"


def test_new_buttons_open_the_forms(qtbot, window):
    from ui.plans.plan_dialog import PlanDialog
    from ui.registry.organization_dialog import OrganizationDialog

    page = window.show_page("Agentes económicos")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    (dialog,) = page.findChildren(OrganizationDialog)
    assert dialog.isVisible()
    dialog.reject()
    plans = window.show_page("Planes de negocio")
    plans.list.table.selectRow(0)
    qtbot.mouseClick(plans.edit_button, Qt.MouseButton.LeftButton)
    (plan_dialog,) = plans.findChildren(PlanDialog)
    assert plan_dialog.code.text() == plans.list.visible_records()[0].code
    plan_dialog.reject()


def test_the_window_remembers_its_size_and_the_splitters_the_user_moved(
    qtbot, open_window, demo_path, settings
):
    window = open_window(demo_path)
    window.resize(760, 560)
    splitter = window.show_page("Convocatorias").splitter
    qtbot.waitExposed(window)
    total = sum(splitter.sizes())
    splitter.setSizes([total - 220, 220])
    moved = splitter.sizes()
    splitter.splitterMoved.emit(moved[0], 1)
    window.close()

    again = open_window(demo_path)
    qtbot.waitExposed(again)
    assert again.height() == 560
    assert again.show_page("Convocatorias").splitter.sizes() == moved
