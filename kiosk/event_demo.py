"""A demo event with synthetic attendees, for trying the door and for the benchmarks."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlite_utils import Database

from kiosk import attendees, events
from kiosk.attendees import AttendeeData
from kiosk.db import write_transaction
from kiosk.demo import _COMPANIES, _FIRST, _LAST

DEMO_EVENT_NAME = "Demo: Nordic Tech Day"
_TICKETS = ("Standard", "VIP", "Speaker", "Student")


def demo_attendee(number: int, rng: random.Random) -> AttendeeData:
    given, family = rng.choice(_FIRST), rng.choice(_LAST)
    return AttendeeData(given, family, rng.choice(_COMPANIES),
                        f"{given.lower()}.{family.lower()}{number}@example.com".encode("ascii", "ignore").decode(),
                        rng.choice(_TICKETS), f"DEMO{number:07d}", f"O{number // 3:06d}",
                        str(number % 3 + 1))


def load_demo_event(db: Database, count: int, now: datetime, seed: int = 11) -> events.Event:
    """An event running now, with `count` attendees whose codes are DEMO0000001 onwards."""
    event = events.save_event(db, events.new_event(DEMO_EVENT_NAME, now - timedelta(hours=1),
                                                   now + timedelta(hours=8), venue="Oslo"), now)
    rng = random.Random(seed)
    with write_transaction(db):
        attendees.store(db, event.id, (demo_attendee(n, rng) for n in range(1, count + 1)), now, "demo")
    return event
