"""The door as the staff and self-service screens see it: one event, one door, one kiosk.

Every method runs on the database lane and returns plain results; the screens
only show them. The screens never decide whether a ticket passes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk import attendees, checkin, events
from kiosk.attendees import Attendee
from kiosk.checkin import CheckinResult, Direction, Door
from kiosk.company_key import load_company_key
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import ConfigError
from kiosk.other_doors import OtherDoors
from kiosk.importers import ImportReport, import_attendees
from kiosk.records import audit
from kiosk.service import KioskService
from kiosk.visits import Registration
from kiosk.walk_in import register_walk_in



@dataclass(frozen=True)
class Counts:
    inside: int
    expected: int
    by_door: dict[str, int]

    def after_pass(self, door: str, step: int) -> Counts:
        """The count one pass later (+1 in, -1 out), shown until the next exact count."""
        return Counts(self.inside + step, self.expected,
                      {**self.by_door, door: self.by_door.get(door, 0) + step})


def current_event(service: KioskService) -> events.Event | None:
    """The event whose check-in is open now, else the next one to open, else the latest."""
    now = service.clock.now()
    with storage_errors():
        summaries = [s.event for s in events.list_events(service.db)]
    open_now = [e for e in summaries if e.valid_at(now)]
    upcoming = sorted((e for e in summaries if e.checkin_opens_at > now), key=lambda e: e.checkin_opens_at)
    return (open_now or upcoming or summaries[-1:] or [None])[0]


def syncs_with_others(service: KioskService) -> bool:
    """An enrolled kiosk shares its events with other doors (a damaged key still means enrolled)."""
    if service.data_dir is None:
        return False
    try:
        return load_company_key(service.data_dir) is not None
    except ConfigError:
        return True


def save_event_settings(service: KioskService, base: events.Event | None,
                        texts: dict[str, str], actor: str) -> events.Event:
    """A new event, or an event's changed settings, from the staff screen; audited."""
    now = service.clock.now()
    event = events.event_with(base, events.settings_from_text(texts, service.config.zone))
    with write_transaction(service.db):
        events.save_event(service.db, event, now)
        audit(service.db, actor, "event.created" if base is None else "event.changed",
              [f"event:{event.id}"], now)
    return event


class EventDoor:
    def __init__(self, service: KioskService, event: events.Event, door: str = "main",
                 other_doors: OtherDoors | None = None) -> None:
        self.service, self.event = service, event
        self.door = Door(service.config.kiosk_id, door)
        self.other_doors = other_doors or OtherDoors()
        self._expected: int | None = None

    def now(self) -> datetime:
        return self.service.clock.now()

    def scan(self, code: str, *, override_by: str | None = None,
             direction: Direction = Direction.ENTRY) -> CheckinResult:
        now = self.now()
        checkin.auto_check_out(self.service.db, self.event, now, self.door.kiosk_id)
        return checkin.check_in(self.service.db, self.event, code, now,
                                replace(self.door, direction=direction), override_by=override_by,
                                others_known=self.other_doors.known(now))

    def check_in_attendee(self, attendee_id: str, *, override_by: str | None = None,
                          direction: Direction = Direction.ENTRY) -> CheckinResult:
        now = self.now()
        return checkin.check_in(self.service.db, self.event, "", now,
                                replace(self.door, direction=direction), attendee_id=attendee_id,
                                override_by=override_by, others_known=self.other_doors.known(now))

    def search(self, query: str) -> list[Attendee]:
        return attendees.search(self.service.db, self.event.id, query)

    def find(self, code: str) -> Attendee | None:
        """The attendee of a ticket, without checking them in (self-service looks first)."""
        found = attendees.by_code(self.service.db, self.event.id, code.strip())
        return found[0] if len(found) == 1 else None

    def find_by_id(self, attendee_id: str) -> Attendee:
        return attendees.get(self.service.db, attendee_id)

    def expected(self) -> int:
        """Counted once per door: the list changes only by an import or a walk-in, while
        counting 50,000 people on every scan would hold up the next guest's answer."""
        if self._expected is None:
            self._expected = events.expected_counts(self.service.db, self.event.id).get(self.event.id, 0)
        return self._expected

    def counts(self) -> Counts:
        return Counts(checkin.inside_count(self.service.db, self.event.id), self.expected(),
                      checkin.inside_by_door(self.service.db, self.event.id))

    def who_is_in(self) -> list[checkin.Inside]:
        return checkin.who_is_in(self.service.db, self.event.id)

    def import_list(self, data: bytes, overrides: list[str], actor: str) -> ImportReport:
        """A list chosen and mapped on the staff screen, imported like `attendees import`."""
        report = import_attendees(self.service.db, self.event.id, data, self.now(), actor,
                                  overrides=overrides)
        self._expected = None
        return report

    def walk_in(self, registration: Registration, actor: str) -> CheckinResult:
        """A walk-in (notice read, consent answered) joins the list and is checked in at once."""
        attendee = register_walk_in(self.service, self.event.id, registration, actor)
        self._expected = None
        return self.check_in_attendee(attendee.id)

    def correct_name(self, attendee_id: str, given: str, family: str) -> Attendee:
        return attendees.correct_name(self.service.db, attendee_id, given, family, self.now(),
                                      f"attendee:{attendee_id}")

    def undo(self, checkin_id: str, supervisor: str) -> None:
        checkin.undo(self.service.db, checkin_id, self.now(), supervisor)

    def printed_before(self, code: str) -> bool:
        from kiosk.printlog import was_printed

        return was_printed(self.service.db, code)
