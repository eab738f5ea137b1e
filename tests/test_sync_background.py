"""The kiosk syncs by itself: a visit made on the screens reaches the service with nobody
running `sync`, and a network that drops and comes back loses nothing."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.clock import SystemClock
from sync.enrollment import enroll_kiosk
from sync.runner import SyncRunner
from sync.settings import save_settings
from sync.status import sync_status
from tests.fault_proxy import FaultProxy
from tests.fixtures.visitors import registration
from tests.sync_fixtures import central_rows, enrolled_kiosk, wait_until
from tests.ui_helpers import WAIT_MS, fill_guest, open_details, tap


def test_a_visit_on_the_screens_reaches_the_service_without_anyone_syncing(
        qtbot, make_window, service, sqlite_central):
    # Reception pace: a round every 30 s; the visit must leave at once, woken by its commit.
    enroll_kiosk(service.data_dir, sqlite_central.url, sqlite_central.code("oslo-hq"))
    window = make_window()
    assert window.sync is not None, "an enrolled kiosk starts its sync lane"
    try:
        qtbot.waitUntil(lambda: window.sync.last is not None, timeout=WAIT_MS)
        open_details(qtbot, window, "en")
        fill_guest(qtbot, window, "Åse", "Kristiansen", email="ase@fjordbygg.no")
        tap(qtbot, window.details.next_button)
        qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
        tap(qtbot, window.consent.next_button)
        tap(qtbot, window.confirm.confirm_button)
        qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(central_rows(sqlite_central, "visit")) == 1, timeout=WAIT_MS)
        people = central_rows(sqlite_central, "person")
        assert [(p["payload"]["given_name"], p["site_id"]) for p in people] == \
            [("Åse", "oslo-hq")]
        assert "ase@fjordbygg.no" not in str(people)
        qtbot.waitUntil(lambda: window.sync.last.uploaded > 0, timeout=WAIT_MS)
    finally:
        window.sync.stop()
    assert not window.sync.runner._thread.is_alive()


def test_an_unenrolled_kiosk_runs_no_sync(make_window):
    assert make_window().sync is None


def test_offline_and_back_online_by_itself(sqlite_central, tmp_path):
    clock = SystemClock()
    folder = tmp_path / "k1"
    service, settings = enrolled_kiosk(sqlite_central, folder, "oslo-hq", clock, interval_s=0.3)
    proxy = FaultProxy(sqlite_central.port)
    save_settings(folder, replace(settings, server=proxy.url))
    runner = SyncRunner(folder, replace(settings, server=proxy.url), clock)
    proxy.mode = "drop"
    runner.start()
    try:
        # The network is down: visitors keep signing in, nothing is lost, the state says so.
        for number in range(3):
            service.register_visit(registration(service, given_name="Gjest",
                                                family_name=str(number)))
        wait_until(lambda: sync_status(service.db).failing)
        offline = sync_status(service.db).waiting
        assert offline > 0 and central_rows(sqlite_central) == []
        # It comes back: the backlog drains with nobody touching the kiosk.
        proxy.mode = "pass"
        wait_until(lambda: sync_status(service.db).waiting == 0, timeout=30)
        service.register_visit(registration(service, given_name="Gjest", family_name="etter"))
        wait_until(lambda: len(central_rows(sqlite_central, "visit")) == 4, timeout=10)
    finally:
        runner.stop()
        proxy.close()
    ids = [r["id"] for r in central_rows(sqlite_central)]
    assert len(ids) == offline // 3 * 4 == len(set(ids))
    assert not sync_status(service.db).failing


def test_central_settings_reach_the_running_kiosk(qtbot, make_window, service, sqlite_central):
    from tests.test_sync_settings import publish_settings

    enroll_kiosk(service.data_dir, sqlite_central.url, sqlite_central.code("oslo-hq"))
    window = make_window()
    try:
        qtbot.waitUntil(lambda: window.sync.last is not None, timeout=WAIT_MS)
        publish_settings(sqlite_central, "oslo-hq", {"auto_sign_out_at": "21:30"})
        window.sync.runner.wake()
        qtbot.waitUntil(lambda: service.config.auto_sign_out_at == "21:30", timeout=WAIT_MS)
        assert window.sync.last.settings_changed == ["auto_sign_out_at"]
    finally:
        window.sync.stop()


def test_a_broken_ca_file_is_reported_and_sync_resumes_once_it_is_fixed(sqlite_central,
                                                                         tmp_path):
    import certifi

    clock = SystemClock()
    folder = tmp_path / "k1"
    service, settings = enrolled_kiosk(sqlite_central, folder, "oslo-hq", clock, interval_s=0.3)
    ca_file = tmp_path / "company-ca.pem"
    ca_file.write_text("not a certificate\n")
    runner = SyncRunner(folder, replace(settings, ca_file=str(ca_file)), clock)
    runner.start()
    try:
        service.register_visit(registration(service, given_name="Gjest", family_name="CA"))
        wait_until(lambda: sync_status(service.db).failing)
        error = sync_status(service.db).last_error
        assert error is not None and error.params["path"] == str(ca_file)
        ca_file.write_bytes(Path(certifi.where()).read_bytes())  # the admin puts the right file
        wait_until(lambda: sync_status(service.db).waiting == 0, timeout=30)
    finally:
        runner.stop()
    assert len(central_rows(sqlite_central, "visit")) == 1
