"""The door as the staff and self-service screens see it: one event, one door, one kiosk.

Every method runs on the database lane and returns plain results; the screens
only show them. The screens never decide whether a ticket passes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk import attendees, checkin, events
from kiosk.attendees import Attendee, AttendeeData
from kiosk.checkin import CheckinResult, Door
from kiosk.db import storage_errors
from kiosk.service import KioskService


@dataclass(frozen=True)
class Counts:
    inside: int
    expected: int
    by_door: dict[str, int]


def current_event(service: KioskService) -> events.Event | None:
    """The event whose check-in is open now, else the next one to open, else the latest."""
    now = service.clock.now()
    with storage_errors():
        summaries = [s.event for s in events.list_events(service.db)]
    open_now = [e for e in summaries if e.valid_at(now)]
    upcoming = sorted((e for e in summaries if e.checkin_opens_at > now), key=lambda e: e.checkin_opens_at)
    return (open_now or upcoming or summaries[-1:] or [None])[0]


class EventDoor:
    def __init__(self, service: KioskService, event: events.Event, door: str = "main") -> None:
        self.service, self.event = service, event
        self.door = Door(service.config.kiosk_id, door)

    def now(self) -> datetime:
        return self.service.clock.now()

    def scan(self, code: str, *, override_by: str | None = None) -> CheckinResult:
        checkin.auto_check_out(self.service.db, self.event, self.now(), self.door.kiosk_id)
        return checkin.check_in(self.service.db, self.event, code, self.now(), self.door,
                                override_by=override_by)

    def check_in_attendee(self, attendee_id: str, *, override_by: str | None = None) -> CheckinResult:
        return checkin.check_in(self.service.db, self.event, "", self.now(), self.door,
                                attendee_id=attendee_id, override_by=override_by)

    def search(self, query: str) -> list[Attendee]:
        return attendees.search(self.service.db, self.event.id, query)

    def find(self, code: str) -> Attendee | None:
        """The attendee of a ticket, without checking them in (self-service looks first)."""
        found = attendees.by_code(self.service.db, self.event.id, code.strip())
        return found[0] if len(found) == 1 else None

    def find_by_id(self, attendee_id: str) -> Attendee:
        return attendees.get(self.service.db, attendee_id)

    def counts(self) -> Counts:
        expected = next((s.expected for s in events.list_events(self.service.db)
                         if s.event.id == self.event.id), 0)
        return Counts(checkin.inside_count(self.service.db, self.event.id), expected,
                      checkin.inside_by_door(self.service.db, self.event.id))

    def who_is_in(self) -> list[checkin.Inside]:
        return checkin.who_is_in(self.service.db, self.event.id)

    def walk_in(self, data: AttendeeData, actor: str) -> CheckinResult:
        """A walk-in joins the list and is checked in at once."""
        attendee = attendees.add_walk_in(self.service.db, self.event.id, data, self.now(), actor)
        return self.check_in_attendee(attendee.id)

    def correct_name(self, attendee_id: str, given: str, family: str) -> Attendee:
        return attendees.correct_name(self.service.db, attendee_id, given, family, self.now(),
                                      f"attendee:{attendee_id}")

    def undo(self, checkin_id: str, supervisor: str) -> None:
        checkin.undo(self.service.db, checkin_id, self.now(), supervisor)

    def printed_before(self, code: str) -> bool:
        from kiosk.printlog import was_printed

        return was_printed(self.service.db, code)
