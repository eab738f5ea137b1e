"""A venue laptop's service forwards to the company's central service: a check-in at a door
reaches the centre exactly once, also after the centre was down a while, and what the centre
publishes or erases reaches the doors through the venue."""
from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk import attendees
from kiosk.checkin import Door, Result, check_in
from kiosk.clock import SystemClock
from kiosk.company_key import load_company_key
from kiosk.db import write_transaction
from kiosk.events import get_event, new_event, save_event
from sync.client import CentralClient
from sync.publish import publish_event
from sync.rounds import run_round
from tests.sync_fixtures import Central, central_rows, cli, enrolled_kiosk, wait_until


@pytest.fixture
def centre_and_venue(tmp_path: Path, central_db: str | None):  # type: ignore[no-untyped-def]
    centre = Central(tmp_path / "centre", central_db).start()
    with CentralClient(centre.url) as client:
        token = client.enroll(centre.code("venue"), "venue-laptop")["token"]
    venue = Central(tmp_path / "venue", None, extra=(
        "--forward-to", centre.url, "--forward-token", token, "--forward-interval", "0.3")).start()
    yield centre, venue
    venue.stop()
    centre.stop()


def company_key(service: Central) -> str | None:
    from sqlalchemy import create_engine, select

    from sync.access import SUPPRESSION_KEY
    from sync.tables import company

    engine = create_engine(service.engine_url())
    try:
        with engine.connect() as conn:
            return conn.execute(select(company.c.value)
                                .where(company.c.name == SUPPRESSION_KEY)).scalar()
    finally:
        engine.dispose()


def checkins(service: Central) -> list[str]:
    return [r["id"] for r in central_rows(service, "checkin")]


def test_a_checkin_at_a_door_reaches_the_centre_once_also_after_it_was_down(
        centre_and_venue, tmp_path):
    centre, venue = centre_and_venue
    clock = SystemClock()
    now = clock.now()
    # The venue takes the company's suppression key before its doors enroll, so what they
    # suppress matches every other kiosk's entries.
    wait_until(lambda: company_key(venue) is not None, timeout=15)
    assert company_key(venue) == company_key(centre)
    door, door_settings = enrolled_kiosk(venue, tmp_path / "door-a", "venue", clock)
    assert load_company_key(tmp_path / "door-a") == bytes.fromhex(company_key(centre))
    other, other_settings = enrolled_kiosk(venue, tmp_path / "door-b", "venue", clock)
    event = save_event(door.db, new_event("Kick-off", now - timedelta(hours=1),
                                          now + timedelta(hours=3)), now)
    with write_transaction(door.db):
        attendees.store(door.db, event.id, [attendees.AttendeeData(
            f"Gjest{n}", "Nordmann", ticket_code=f"T{n:04d}") for n in range(3)], now, "test")
    # Published at the centre only: the venue pulls it down, and a door without it gets it.
    with CentralClient(centre.url, centre.admin_token()) as admin:
        assert publish_event(door.db, admin, "venue", event.id) == 4
    wait_until(lambda: run_round(other.db, other_settings, clock.now()).downloaded >= 4,
               timeout=15)
    assert other.db.execute("SELECT count(*) FROM attendees").fetchone()[0] == 3

    first = check_in(door.db, get_event(door.db, event.id), "T0000", clock.now(),
                     Door(door.config.kiosk_id, "north"))
    assert first.result is Result.OK
    assert run_round(door.db, door_settings, clock.now()).ok
    wait_until(lambda: len(checkins(centre)) == 1, timeout=15)

    centre.stop()  # the venue's internet is gone; the doors carry on with the laptop
    second = check_in(door.db, get_event(door.db, event.id), "T0001", clock.now(),
                      Door(door.config.kiosk_id, "north"))
    assert second.result is Result.OK
    assert run_round(door.db, door_settings, clock.now()).ok
    assert len(checkins(venue)) == 2
    time.sleep(2)  # a few forwarding rounds fail meanwhile
    centre.start(port=centre.port)
    wait_until(lambda: len(checkins(centre)) == 2, timeout=30)
    time.sleep(1)  # more rounds: nothing is sent twice
    ids = checkins(centre)
    assert sorted(ids) == sorted(checkins(venue)) and len(set(ids)) == 2
    assert {r["payload"]["kiosk_id"] for r in central_rows(centre, "checkin")} == \
        {door.config.kiosk_id}

    # An erasure made at the centre reaches the doors through the venue.
    person = central_rows(centre, "checkin")[0]["person_id"]
    with centre.admin() as admin:
        admin.post("/v1/admin/erasures", json={"person_id": person}).raise_for_status()
    wait_until(lambda: any(r["kind"] == "erasure" for r in central_rows(venue)), timeout=15)
    assert run_round(other.db, other_settings, clock.now()).ok
    assert other.db.execute("SELECT count(*) FROM attendees WHERE id = ?",
                            [person]).fetchone()[0] == 0


def test_forwarding_needs_a_token_and_a_proper_url(tmp_path):
    no_token = cli(tmp_path / "venue", "server", "--forward-to", "https://central.example.com",
                   check=False)
    assert no_token.returncode == 2 and "--forward-code" in no_token.stderr
    bad_url = cli(tmp_path / "venue", "server", "--forward-to", "ftp://x", "--forward-token", "t",
                  check=False)
    assert bad_url.returncode == 2 and "https://" in bad_url.stderr
    assert "Traceback" not in no_token.stderr + bad_url.stderr


def test_a_venue_trades_a_code_once_and_keeps_the_token(sqlite_central, tmp_path):
    """The venue's admin types the code the centre's admin read out; the next start of the
    laptop needs only --forward-to."""
    folder = tmp_path / "venue"
    venue = Central(folder, None, extra=("--forward-to", sqlite_central.url, "--forward-code",
                                         sqlite_central.code("venue"), "--forward-interval", "0.3"))
    venue.start()
    try:
        wait_until(lambda: company_key(venue) is not None, timeout=15)
    finally:
        venue.stop()
    assert company_key(venue) == company_key(sqlite_central)
    kept = folder / "forward.json"
    assert kept.stat().st_mode & 0o777 == 0o600
    token = json.loads(kept.read_text("utf-8"))["token"]
    with CentralClient(sqlite_central.url, token) as client:
        assert client.get("/v1/whoami")["site_id"] == "venue"

    # The next start: no code, the kept token; a door's check-in then reaches the centre.
    venue = Central(folder, None, extra=("--forward-to", sqlite_central.url,
                                         "--forward-interval", "0.3")).start()
    clock = SystemClock()
    try:
        door, settings = enrolled_kiosk(venue, tmp_path / "door", "venue", clock)
        event = save_event(door.db, new_event("Kick-off", clock.now() - timedelta(hours=1),
                                              clock.now() + timedelta(hours=3)), clock.now())
        with write_transaction(door.db):
            attendees.store(door.db, event.id, [attendees.AttendeeData(
                "Gjest", "Nordmann", ticket_code="T0001")], clock.now(), "test")
        with CentralClient(sqlite_central.url, sqlite_central.admin_token()) as admin:
            publish_event(door.db, admin, "venue", event.id)
        # The centre's publication reaches the venue, which then takes the door's check-ins.
        wait_until(lambda: run_round(door.db, settings, clock.now()).downloaded >= 2, timeout=15)
        check_in(door.db, get_event(door.db, event.id), "T0001", clock.now(),
                 Door(door.config.kiosk_id, "north"))
        assert run_round(door.db, settings, clock.now()).ok
        wait_until(lambda: len(checkins(sqlite_central)) == 1, timeout=15)
    finally:
        venue.stop()

    # A spent code is refused with a message, and nothing is kept from it.
    again = cli(tmp_path / "venue2", "server", "--forward-to", sqlite_central.url,
                "--forward-code", "AAAA-BBBB-CCCC-DDDD", check=False)
    assert again.returncode == 2 and "did not take the code" in again.stderr
    assert "Traceback" not in again.stderr
    assert not (tmp_path / "venue2" / "forward.json").exists()
