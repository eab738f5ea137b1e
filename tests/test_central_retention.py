"""The centre keeps an event's check-ins and attendees as long as the kiosks do: counted from
the end of the event, not from the scan, so a long conference loses none while it runs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from kiosk.config import Retention
from sync.access import Caller
from sync.database import database_url, open_central
from sync.reports import purge
from sync.store import Incoming, share_event, store
from sync.tables import records

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
ADMIN = Caller("admin", None, None)
DOOR = Caller("kiosk", "venue", "door-1")


def days_ago(days: int) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def event(event_id: str, started: int, ended: int) -> Incoming:
    return Incoming(f"event-{event_id}", "event", days_ago(started),
                    {"id": event_id, "name": event_id, "starts_at": days_ago(started),
                     "ends_at": days_ago(ended)})


def checkin(number: int, event_id: str, scanned: int) -> Incoming:
    return Incoming(f"checkin-{number}", "checkin", days_ago(scanned),
                    {"id": f"checkin-{number}", "event_id": event_id, "attendee_id": f"a{number}",
                     "kiosk_id": "door-1", "result": "ok", "site_id": "venue"})


def test_checkins_count_from_the_end_of_their_event(tmp_path: Path):
    engine = open_central(database_url(tmp_path, None))
    with engine.begin() as conn:
        # A six-week course that ended ten days ago, and a meetup that ended forty days ago.
        store(conn, ADMIN, [event("course", started=45, ended=10),
                            event("meetup", started=41, ended=40)], NOW, site_id="venue")
        # Shared with the venue, but never published: its check-ins count from the scan.
        share_event(conn, "walk", ["venue"])
        outcomes = store(conn, DOOR, [checkin(1, "course", scanned=45),
                                      checkin(2, "course", scanned=11),
                                      checkin(3, "meetup", scanned=41),
                                      checkin(4, "walk", scanned=31),
                                      checkin(5, "walk", scanned=29)], NOW)
        assert {o.status for o in outcomes} == {"stored"}
    with engine.begin() as conn:
        removed = purge(conn, Retention(checkins_days=30), NOW, dry_run=False)
    assert removed["checkin"] == 2
    with engine.connect() as conn:
        left = sorted(r.id for r in conn.execute(
            select(records.c.id).where(records.c.kind == "checkin")))
    engine.dispose()
    assert left == ["checkin-1", "checkin-2", "checkin-5"]
