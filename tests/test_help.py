"""The shipped help: a page per screen, F1 on each screen, the quick guide, links that resolve."""

from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from ui.widgets.help_viewer import (
    HELP_DIR,
    INDEX,
    QUICK_GUIDE,
    SCREEN_PAGES,
    HelpViewer,
    help_file,
    screen_help,
)

HELP_PAGES = sorted(HELP_DIR.glob("*.html"))
# A viewer already open is raised on F1; the offscreen platform of the tests cannot raise.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


class PageParser(HTMLParser):
    """The links, anchors and language of one help page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self.language = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("a", "link") and values.get("href"):
            self.links.append(values["href"])
        for key in ("id", "name"):
            if tag != "meta" and values.get(key):
                self.anchors.add(values[key])
        if tag == "html":
            self.language = values.get("lang", "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def window(qtbot, open_window, demo_path):
    window = open_window(demo_path)
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def press_f1(qtbot, window) -> HelpViewer:
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_viewer is not None and window.help_viewer.isVisible())
    return window.help_viewer


def test_every_screen_of_the_window_has_its_own_help_page(window):
    for name, page in window.pages.items():
        assert page.title in SCREEN_PAGES, f"{name}: «{page.title}» no tiene página de ayuda"
        path = screen_help(page.title)
        assert path.name == SCREEN_PAGES[page.title]
        assert path.is_file()
        text = path.read_text(encoding="utf-8")
        assert "<h1>" in text and len(text) > 1500


def test_f1_opens_the_help_of_the_screen_on_view(qtbot, window):
    for name, page in window.pages.items():
        window.show_page(name)
        viewer = press_f1(qtbot, window)
        assert viewer.source_file() == help_file(SCREEN_PAGES[page.title])
        assert viewer.browser.documentTitle() == parsed(viewer.source_file()).title
        assert viewer.browser.documentTitle() in viewer.windowTitle()
    assert len(window.findChildren(HelpViewer)) == 1


def test_a_screen_without_a_page_of_its_own_opens_the_index(qtbot, window, monkeypatch):
    page = window.show_page("Reportes")
    monkeypatch.setattr(page, "title", "Una pantalla nueva")
    viewer = press_f1(qtbot, window)
    assert viewer.source_file() == help_file(INDEX)
    assert screen_help("") == help_file(INDEX)


def test_the_help_menu_opens_the_screen_help_and_the_quick_guide(qtbot, window):
    (menu_action,) = [a for a in window.menuBar().actions() if a.text().replace("&", "") == "Ayuda"]
    actions = [a for a in menu_action.menu().actions() if a.text()]
    assert [a.text().replace("&", "") for a in actions] == [
        "Ayuda de esta pantalla",
        "Guía rápida",
        "Acerca de PROCOMPITE…",
    ]
    assert actions[0].shortcut().toString() == "F1"
    window.show_page("Convocatorias")
    actions[0].trigger()
    assert window.help_viewer.source_file() == help_file("convocatorias.html")
    actions[1].trigger()
    viewer = window.help_viewer
    assert viewer.isVisible()
    assert viewer.source_file() == help_file(QUICK_GUIDE)
    assert "Guía rápida" in viewer.windowTitle()


def test_the_quick_guide_links_to_every_screen_page():
    links = {link.partition("#")[0] for link in parsed(help_file(QUICK_GUIDE)).links}
    assert set(SCREEN_PAGES.values()) - {"inicio.html"} <= links


@pytest.mark.parametrize("page", HELP_PAGES, ids=lambda path: path.name)
def test_links_between_help_pages_resolve_to_files_and_anchors(page):
    for link in parsed(page).links:
        assert "://" not in link and not link.startswith("/"), f"{page.name}: {link} no es local"
        name, _, anchor = link.partition("#")
        target = HELP_DIR / name if name else page
        assert target.is_file(), f"{page.name}: {link} no existe"
        if anchor:
            assert anchor in parsed(target).anchors, f"{page.name}: {link} no tiene ese ancla"


def test_every_help_page_is_spanish_and_reachable_from_the_index():
    seen, pending = set(), [INDEX]
    while pending:
        name = pending.pop()
        if name in seen or not name.endswith(".html"):
            continue
        seen.add(name)
        pending += [link.partition("#")[0] or name for link in parsed(help_file(name)).links]
    assert seen == {path.name for path in HELP_PAGES}
    for path in HELP_PAGES:
        page = parsed(path)
        assert page.language == "es" and page.title, path.name
        assert 'charset="utf-8"' in path.read_text(encoding="utf-8")


def test_the_legal_references_are_cited():
    text = " ".join(unescape(help_file("base-legal.html").read_text(encoding="utf-8")).split())
    for reference in (
        "Ley N.° 29337",
        "Ley N.° 31502",
        "001-2021-PRODUCE",
        "TUO de la Ley N.° 27444",
        "004-2019-JUS",
        "artículo 218",
        "15 días hábiles",
    ):
        assert reference in text, reference


def test_the_viewer_buttons_are_spanish_and_move_through_the_history(qtbot):
    viewer = HelpViewer()
    qtbot.addWidget(viewer)
    assert [button.text() for button in viewer.buttons()] == [
        "Atrás",
        "Adelante",
        "Índice",
        "Guía rápida",
        "Cerrar",
    ]
    viewer.show_file(help_file("planes.html"))
    assert not viewer.back_button.isEnabled()
    qtbot.mouseClick(viewer.index_button, Qt.MouseButton.LeftButton)
    assert viewer.source_file() == help_file(INDEX)
    assert viewer.back_button.isEnabled()
    qtbot.mouseClick(viewer.back_button, Qt.MouseButton.LeftButton)
    assert viewer.source_file() == help_file("planes.html")
    qtbot.mouseClick(viewer.forward_button, Qt.MouseButton.LeftButton)
    assert viewer.source_file() == help_file(INDEX)
    qtbot.mouseClick(viewer.close_button, Qt.MouseButton.LeftButton)
    assert not viewer.isVisible()


def _link_position(viewer: HelpViewer, href: str) -> int:
    block = viewer.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref() == href:
                return fragment.position() + 1
            fragments += 1
        block = block.next()
    raise AssertionError(f"no hay un enlace a {href}")


def test_clicking_a_link_in_the_viewer_opens_that_page(qtbot):
    viewer = HelpViewer()
    qtbot.addWidget(viewer)
    viewer.resize(1000, 700)
    viewer.show_file(help_file(INDEX))
    qtbot.waitExposed(viewer)
    cursor = QTextCursor(viewer.browser.document())
    cursor.setPosition(_link_position(viewer, "convocatorias.html"))
    viewer.browser.setTextCursor(cursor)
    viewer.browser.ensureCursorVisible()
    point = viewer.browser.cursorRect(cursor).center()
    qtbot.mouseClick(viewer.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert viewer.source_file() == help_file("convocatorias.html")
    assert viewer.browser.documentTitle() == "Convocatorias"
