"""The console's sync page shows what an admin needs when the network is down: the server, the
site, the records waiting and the last error, and that visitors are not affected."""
from __future__ import annotations

from dataclasses import replace

from kiosk.access import Role, access_for
from kiosk.i18n import Translator
from kiosk.other_doors import LAST_SUCCESS
from sync.enrollment import enroll_kiosk
from sync.settings import save_settings
from PySide6.QtCore import Qt

from sync.status import sync_status
from tests.fault_proxy import FaultProxy
from tests.fixtures.visitors import registration
from tests.sync_fixtures import central_rows
from tests.test_admin_console import PIN, type_pin
from ui.console.sync_page import FAILING, NOT_ENROLLED, SYNCING, WORKING, SyncPage

DEAD = "http://127.0.0.1:9"


def sync_page(qtbot, window) -> SyncPage:  # type: ignore[no-untyped-def]
    window.console_keys.activated.emit()
    console = window.console
    type_pin(qtbot, console, PIN)
    qtbot.waitUntil(lambda: console.stack.currentIndex() == 1)
    page = next(p for p in console.pages if isinstance(p, SyncPage))
    console.tabs.setCurrentWidget(page)
    return page


def failing(qtbot, make_window, service, central, server: str):  # type: ignore[no-untyped-def]
    """An enrolled kiosk that syncs to `server` (down), a visitor's records waiting, and the
    console's sync page once it says so."""
    access_for(service).set_pin(Role.ADMIN, PIN)
    settings = enroll_kiosk(service.data_dir, central.url, central.code("oslo-hq"))
    save_settings(service.data_dir, replace(settings, server=server))
    service.register_visit(registration(service, given_name="Åse", family_name="Ødegård"))
    window = make_window()
    qtbot.waitUntil(lambda: window.sync.last is not None, timeout=10_000)
    page = sync_page(qtbot, window)
    qtbot.waitUntil(lambda: page.status.text() == Translator("nb")(FAILING))
    return window, page


def test_the_sync_page_shows_a_failing_service_and_what_waits(qtbot, make_window, service,
                                                              sqlite_central):
    window, page = failing(qtbot, make_window, service, sqlite_central, DEAD)
    waiting = service.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    nb = Translator("nb")
    try:
        assert page.values["server"].text() == DEAD
        assert page.values["site"].text() == "oslo-hq"
        assert page.values["kiosk"].text() == service.config.kiosk_id
        assert page.values["waiting"].text() == str(waiting)
        assert "Ingenting svarer på http://127.0.0.1:9" in page.values["last_error"].text()
        assert page.values["last_success"].text() == nb("never")
        window.header.language_buttons["en"].click()
        assert page.captions["waiting"].text() == "Records waiting"
        assert page.status.text().startswith("Sync is failing.")
        assert "Nothing answers at http://127.0.0.1:9" in page.values["last_error"].text()
    finally:
        window.sync.stop()


def test_a_damaged_sync_record_reads_as_never(qtbot, make_window, service, sqlite_central):
    """A last success written by hand or cut short on a full disk is not a time: the page
    says never, as for a kiosk that has not synced yet, rather than failing to open."""
    with service.db.conn:
        service.db.execute("INSERT INTO sync_state (name, value) VALUES (?, ?)",
                           [LAST_SUCCESS, "yesterday"])
    window, page = failing(qtbot, make_window, service, sqlite_central, DEAD)
    try:
        assert page.values["last_success"].text() == Translator("nb")("never")
        assert sync_status(service.db).last_success is None
    finally:
        window.sync.stop()


def test_an_unenrolled_kiosk_says_so(qtbot, make_window, service):
    access_for(service).set_pin(Role.ADMIN, PIN)
    page = sync_page(qtbot, make_window())
    qtbot.waitUntil(lambda: page.status.text() == Translator("nb")(NOT_ENROLLED))
    assert page.values["server"].text() == "—"


def test_sync_now_sends_the_backlog_when_the_network_is_back(qtbot, make_window, service,
                                                               sqlite_central):
    """Reception's pace is one round in 30 s, longer after a failure: the admin who has just
    fixed the network does not wait for it."""
    proxy = FaultProxy(sqlite_central.port)
    proxy.mode = "drop"
    window, page = failing(qtbot, make_window, service, sqlite_central, proxy.url)
    nb = Translator("nb")
    try:
        assert central_rows(sqlite_central) == []
        proxy.mode = "pass"
        assert page.sync_now.isVisible() and page.sync_now.text() == "Synkroniser nå"
        qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
        assert page.status.text() == nb(SYNCING) and not page.sync_now.isEnabled()
        qtbot.waitUntil(lambda: page.status.text() == nb(WORKING), timeout=10_000)
        assert page.values["waiting"].text() == "0"
        assert page.values["last_success"].text() != nb("never")
        assert page.sync_now.isEnabled()
        assert len(central_rows(sqlite_central, "visit")) == 1
        assert sync_status(service.db).waiting == 0
    finally:
        window.sync.stop()
        proxy.close()


def test_an_unenrolled_kiosk_has_no_sync_now(qtbot, make_window, service):
    access_for(service).set_pin(Role.ADMIN, PIN)
    page = sync_page(qtbot, make_window())
    assert not page.sync_now.isVisible()
