"""An event on the test kiosk and ways to fill its list, shared by the event tests."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk import attendees, events
from kiosk.attendees import AttendeeData
from kiosk.db import write_transaction
from kiosk.service import KioskService

KARI = AttendeeData("Kari", "Nordmann", "Fjord Bygg AS", "kari@example.com", "VIP", "CODE-KARI",
                    "O1", "1")
BJORN = AttendeeData("Bjørn", "Dæhlie", "Nordlys Data", "bjorn@example.com", "Standard",
                     "CODE-BJORN", "O2", "1")
WANG = AttendeeData("芳", "王", "", "", "Standard", "CODE-WANG", "O3", "1")


def add(service: KioskService, event: events.Event, *people: AttendeeData) -> None:
    with write_transaction(service.db):
        attendees.store(service.db, event.id, people, service.clock.now(), "test")


@pytest.fixture
def event(service: KioskService) -> events.Event:
    """An event that started half an hour ago, with Kari, Bjørn and 王芳 on its list."""
    now = service.clock.now()
    created = events.save_event(service.db, events.new_event(
        "Fagdag", now - timedelta(minutes=30), now + timedelta(hours=6), venue="Oslo"), now)
    add(service, created, KARI, BJORN, WANG)
    return created
