"""The AEO form, filled and saved with real key presses."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from procompite.registry.organizations import load_organization
from ui.registry.organization_dialog import OrganizationDialog

TODAY = date(2026, 11, 23)


def _dialog(qtbot, db, settings, organization_id=None) -> OrganizationDialog:
    dialog = OrganizationDialog(db, settings, organization_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_register_an_aeo_with_pasted_padron(qtbot, demo_db, settings, type_text):
    dialog = _dialog(qtbot, demo_db, settings)
    type_text(dialog.fields["name"], "Asociación de Productores de Tarwi Ccorca")
    type_text(dialog.fields["ruc"], "20131312955")
    dialog.legal_form.setCurrentIndex(dialog.legal_form.findData("Asociación"))
    qtbot.keyClicks(dialog.constituted_on, "02/05/2019")
    qtbot.keyClicks(dialog.annual_sales, "S/ 45,000.50")
    QApplication.clipboard().setText(
        "41234567\tRosa\tQuispe Huamán\tF\t01/03/1999\tpresidente\t02/05/2019\n"
        "42345678\tJuan\tMamani Condori\tM\t15/08/1970\tsocio\t02/05/2019\n"
    )
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    assert "2 socios" in dialog.figures.text()
    assert "mujeres 50.0 %" in dialog.figures.text()
    assert "jóvenes (< 30 años) 50.0 %" in dialog.figures.text()
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    record, members = load_organization(demo_db, saved.args[0])
    assert record["annual_sales_cents"] == 4_500_050
    assert [m["first_names"] for m in members] == ["Rosa", "Juan"]


def test_wrong_ruc_and_short_dni_are_shown_and_nothing_is_saved(
    qtbot, demo_db, settings, type_text
):
    before = demo_db["organizations"].count
    dialog = _dialog(qtbot, demo_db, settings)
    type_text(dialog.fields["name"], "AEO de prueba")
    type_text(dialog.fields["ruc"], "20131312954")
    dialog.legal_form.setCurrentIndex(dialog.legal_form.findData("Asociación"))
    qtbot.keyClicks(dialog.constituted_on, "01/01/2030")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.padron.grid.setData(dialog.padron.grid.index(0, 0), "4123456")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = dialog.problems.text()
    assert "dígito verificador" in text
    assert "en el futuro" in text
    assert "Socio 1, DNI" in text and "8 dígitos" in text
    assert dialog.isVisible()
    assert demo_db["organizations"].count == before


def test_shared_member_is_flagged_with_both_names(qtbot, demo_db, settings):
    organization_id = demo_db.execute(
        "SELECT id FROM organizations WHERE name = 'AEO Aproval Layo'"
    ).fetchone()[0]
    dialog = _dialog(qtbot, demo_db, settings, organization_id)
    assert dialog.flags.isVisible()
    assert "AEO Túpac Amaru" in dialog.flags.text()


def test_editing_keeps_the_padron_and_updates_a_field(qtbot, demo_db, settings, type_text):
    organization_id = demo_db.execute("SELECT min(id) FROM organizations").fetchone()[0]
    _, members_before = load_organization(demo_db, organization_id)
    dialog = _dialog(qtbot, demo_db, settings, organization_id)
    dialog.fields["phone"].clear()
    type_text(dialog.fields["phone"], "984123456")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    record, members = load_organization(demo_db, organization_id)
    assert record["phone"] == "984123456"
    assert members == members_before
