"""Keyboard and habits: Ctrl+F filters the list on view, F5 refills the screen, and Archivo
lists the files opened recently."""


def test_ctrl_f_puts_the_cursor_in_the_filter_of_the_list_on_view(qtbot, window):
    page = window.show_page("Planes de negocio")
    window.activateWindow()
    window.focus_filter()
    assert page.list.filter_edit.hasFocus() or window.focusWidget() is page.list.filter_edit


def test_f5_and_the_view_menu_refill_the_screen(qtbot, window, demo_db):
    page = window.show_page("Agentes económicos")
    before = page.list.model.rowCount()
    demo_db.execute("DELETE FROM plans WHERE status = 'borrador'")  # every AEO has a plan
    demo_db["organizations"].delete_where("id NOT IN (SELECT organization_id FROM plans)")
    refresh = next(
        a for a in window.findChildren(type(window.screen_help_action)) if a.text() == "&Actualizar"
    )
    assert refresh.shortcut().toString() == "F5"
    refresh.trigger()
    qtbot.waitUntil(lambda: page.list.model.rowCount() < before, timeout=5_000)


def test_the_files_opened_recently_are_offered(qtbot, window, demo_path):
    window._fill_recent()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert any(str(demo_path) in text for text in texts)


def test_ctrl_p_without_a_document_on_view_says_where_to_open_one(qtbot, window):
    window.show_page("Planes de negocio")
    window.print_shown()
    assert "Vista previa" in window.statusBar().currentMessage()
