"""A bad network and a crashing service lose nothing and store nothing twice."""
from __future__ import annotations

import signal
from dataclasses import replace

import pytest

from sync import outbox
from sync.rounds import run_round
from sync.status import sync_status
from tests.fault_proxy import FaultProxy
from tests.fixtures.visitors import registration
from tests.sync_fixtures import central_rows, enrolled_kiosk


BROKE_OFF = ("The connection to the central service {server} broke off before its answer came; "
             "the kiosk sends again later, and nothing is stored twice.")


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(outbox, "BATCH", 7)


def queue_visits(service, count: int) -> int:  # type: ignore[no-untyped-def]
    for number in range(count):
        service.register_visit(registration(service, given_name="Gjest", family_name=str(number)))
    return int(service.db.execute("SELECT count(*) FROM outbox").fetchone()[0])


def stored_once(central, expected: int) -> None:  # type: ignore[no-untyped-def]
    ids = [r["id"] for r in central_rows(central)]
    assert len(ids) == expected and len(set(ids)) == expected


def test_drops_delays_and_half_answers_end_with_every_record_stored_once(
        sqlite_central, tmp_path, clock, small_batches):
    service, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    queued = queue_visits(service, 8)
    proxy = FaultProxy(sqlite_central.port)
    via_proxy = replace(settings, server=proxy.url)
    try:
        proxy.mode = "drop"
        dropped = run_round(service.db, via_proxy, clock.now())
        assert not dropped.ok and dropped.uploaded == 0
        assert dropped.error is not None and dropped.error.text == BROKE_OFF
        assert sync_status(service.db).waiting == queued
        assert sync_status(service.db).failing

        proxy.mode = "half"  # the service stores the first batch; the kiosk never hears so
        cut = run_round(service.db, via_proxy, clock.now())
        assert not cut.ok and cut.uploaded == 0
        assert cut.error is not None and cut.error.text == BROKE_OFF
        assert len(central_rows(sqlite_central)) == 7

        proxy.mode = "delay"
        slow = run_round(service.db, via_proxy, clock.now(), force=True)
        assert slow.ok and slow.uploaded == queued
    finally:
        proxy.close()
    stored_once(sqlite_central, queued)
    status = sync_status(service.db)
    assert status.waiting == 0 and not status.failing and status.last_success == clock.now()


def test_the_service_killed_mid_batch_and_restarted(central, tmp_path, clock, small_batches):
    service, settings = enrolled_kiosk(central, tmp_path / "k1", "oslo-hq", clock)
    queued = queue_visits(service, 10)
    proxy = FaultProxy(central.port)
    via_proxy = replace(settings, server=proxy.url)
    batches = {"seen": 0}

    def kill_on_third_batch() -> None:
        batches["seen"] += 1
        if batches["seen"] == 3:
            central.process.send_signal(signal.SIGKILL)
        else:
            proxy.on_request = kill_on_third_batch

    proxy.mode, proxy.on_request = "hook", kill_on_third_batch
    try:
        crashed = run_round(service.db, via_proxy, clock.now())
        assert not crashed.ok
        central.process.wait(10)
        central.stop()
        central.start(port=central.port)
        proxy.mode = "pass"
        again = run_round(service.db, via_proxy, clock.now(), force=True)
        assert again.ok, again.error
    finally:
        proxy.close()
    stored_once(central, queued)
    assert sync_status(service.db).waiting == 0


def test_a_central_file_deleted_under_the_service_stores_nothing_until_restored(
        sqlite_central, tmp_path, clock):
    service, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    queue_visits(service, 1)
    assert run_round(service.db, settings, clock.now()).ok
    first = len(central_rows(sqlite_central))
    files = sorted(sqlite_central.data_dir.glob("central.sqlite3*"))
    kept = {path: path.read_bytes() for path in files}
    for path in files:  # an admin's clean-up gone wrong
        path.unlink()

    queue_visits(service, 1)
    waiting = sync_status(service.db).waiting
    refused = run_round(service.db, settings, clock.now(), force=True)
    assert not refused.ok and sync_status(service.db).waiting == waiting > 0
    sqlite_central.process.terminate()
    log = sqlite_central.process.communicate(timeout=20)[1]
    assert "was deleted or replaced while the service ran" in log

    sqlite_central.stop()
    for path, content in kept.items():
        path.write_bytes(content)
    sqlite_central.start(port=sqlite_central.port)
    assert run_round(service.db, settings, clock.now(), force=True).ok
    assert sync_status(service.db).waiting == 0
    stored_once(sqlite_central, first + waiting)


@pytest.mark.parametrize("address, words", [
    # The documentation prefix (RFC 3849) is routed nowhere.
    ("http://[2001:db8::1]:9", "This kiosk has no network route to {server}"),
    ("https://127.0.0.1:{port}", "{server} does not answer as its address says"),
])
def test_a_network_fault_is_said_in_the_kiosks_words(sqlite_central, address, words):
    """Said in words the translation carries whole, not with the library's English inside."""
    from kiosk.i18n import Translator
    from sync.client import CentralClient, Unavailable

    server = address.format(port=sqlite_central.port)
    with pytest.raises(Unavailable) as refused, CentralClient(server, "token") as kiosk:
        kiosk.get("/v1/whoami")
    assert refused.value.message.text.startswith(words)
    said = Translator("nb").message(refused.value.message)
    assert server in said and "Errno" not in said and "SSL" not in said
