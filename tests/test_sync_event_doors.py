"""Two doors of one event, each with its own sync runner: a ticket used at one is refused at
the other, and offline double use is kept and reported."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kiosk import attendees
from kiosk.checkin import Door, Result, check_in
from kiosk.clock import SystemClock
from kiosk.db import write_transaction
from kiosk.events import get_event, new_event, save_event
from sync.client import CentralClient
from sync.publish import publish_event
from sync.rounds import run_round
from sync.runner import SyncRunner
from tests.sync_fixtures import enrolled_kiosk, wait_until


def event_at_two_doors(central, tmp_path, count: int = 3):  # type: ignore[no-untyped-def]
    clock = SystemClock()
    doors = [enrolled_kiosk(central, tmp_path / name, "venue", clock, interval_s=0.3)
             for name in ("door-a", "door-b")]
    first = doors[0][0]
    now = clock.now()
    event = save_event(first.db, new_event("Kick-off", now - timedelta(hours=1),
                                           now + timedelta(hours=3)), now)
    with write_transaction(first.db):
        attendees.store(first.db, event.id, [attendees.AttendeeData(
            f"Gjest{n}", "Nordmann", ticket_code=f"T{n:04d}") for n in range(count)], now, "test")
    with CentralClient(central.url, central.admin_token()) as admin:
        assert publish_event(first.db, admin, "venue", event.id) == count + 1
    second, second_settings = doors[1]
    assert run_round(second.db, second_settings, now).downloaded == count + 1
    return doors, event.id


def test_a_ticket_used_at_one_door_is_refused_at_the_other(sqlite_central, tmp_path):
    doors, event_id = event_at_two_doors(sqlite_central, tmp_path)
    runners = [SyncRunner(tmp_path / name, settings) for name, (_s, settings)
               in zip(("door-a", "door-b"), doors)]
    for runner in runners:
        runner.start()
    try:
        (a, _), (b, _) = doors
        clock = SystemClock()
        event = get_event(a.db, event_id)
        first = check_in(a.db, event, "T0001", clock.now(), Door(a.config.kiosk_id, "north"))
        assert first.result is Result.OK
        runners[0].wake()
        wait_until(lambda: b.db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1)
        second = check_in(b.db, get_event(b.db, event_id), "T0001", clock.now(),
                          Door(b.config.kiosk_id, "south"))
        assert second.result is Result.ALREADY_CHECKED_IN
        assert second.previous and second.previous.door == "north"
        assert check_in(b.db, get_event(b.db, event_id), "T0002", clock.now(),
                        Door(b.config.kiosk_id, "south")).result is Result.OK
    finally:
        for runner in runners:
            runner.stop()


def test_offline_double_use_is_kept_and_reported(sqlite_central, tmp_path):
    doors, event_id = event_at_two_doors(sqlite_central, tmp_path)
    clock = SystemClock()
    # The network is down: each door checks the same ticket in on its own.
    for service, _settings in doors:
        result = check_in(service.db, get_event(service.db, event_id), "T0000", clock.now(),
                          Door(service.config.kiosk_id, service.config.kiosk_id))
        assert result.result is Result.OK
    offline = [replace(settings, server="http://127.0.0.1:9") for _s, settings in doors]
    for (service, _), settings in zip(doors, offline):
        assert not run_round(service.db, settings, clock.now()).ok
    # Back online, by itself: the next rounds go through.
    for service, settings in doors:
        assert run_round(service.db, settings, clock.now()).ok
    for service, settings in doors:
        run_round(service.db, settings, clock.now())
        kept = service.db.execute("SELECT count(*) FROM checkins WHERE result = 'ok'").fetchone()[0]
        assert kept == 2
    report = sqlite_central.job("conflicts", "--event", event_id)
    assert "checked in 2 times" in report
    assert all(s.config.kiosk_id in report for s, _ in doors)
    assert report.count("scanned") == 2 and report.count("received") == 2
