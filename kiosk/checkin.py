"""Check-in at the door: one scan, one answer with a stable code, one durable record.

The codes follow pretix's check-in API, so that screens, exports and sync speak
of the same thing. Every scan is recorded with a UUID made on the kiosk (sync
stores it exactly once). A person counts once however many tickets, lists or
doors they pass: the count follows the person key, not the ticket.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from sqlite_utils import Database

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import KioskError, Message, N_
from kiosk.events import DoorMode, Event, OfflinePolicy
from kiosk.ids import new_id
from kiosk.records import audit, enqueue

#: A supervisor may take back a check-in made by mistake within this time.
UNDO_WINDOW = timedelta(minutes=15)
AUTO_DOOR = "auto"


class Result(StrEnum):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    NOT_VALID_NOW = "not_valid_now"
    REVOKED = "revoked"
    AMBIGUOUS = "ambiguous"
    NOT_CHECKED_IN = "not_checked_in"  # an exit scan for someone who is not inside
    UNSURE = "unsure"  # other doors' check-ins have not arrived and the event refuses then


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


#: What each answer says to the person at the door (and to a script).
RESULT_TEXTS: dict[Result, str] = {
    Result.OK: N_("Welcome, {name}!"),
    Result.ALREADY_CHECKED_IN: N_("Already checked in at {time} at door {door}."),
    Result.UNKNOWN: N_("This ticket is not known for this event."),
    Result.NOT_VALID_NOW: N_("This ticket is not valid now. Check-in is open {opens} to {closes}."),
    Result.REVOKED: N_("This ticket has been cancelled."),
    Result.AMBIGUOUS: N_("This code belongs to several tickets. Search by name instead."),
    Result.NOT_CHECKED_IN: N_("{name} is not checked in."),
    Result.UNSURE: N_("Other doors have not reported yet. A supervisor must decide."),
}
#: Said beside an answer let in under `allow_with_warning` while other doors are unheard.
UNSURE_WARNING = N_("Other doors have not reported yet: check with them.")
#: Exit status of `kiosk checkin` for each answer.
EXIT_STATUS: dict[Result, int] = {Result.OK: 0, Result.ALREADY_CHECKED_IN: 3, Result.UNKNOWN: 4,
                                  Result.NOT_VALID_NOW: 5, Result.REVOKED: 6, Result.AMBIGUOUS: 7,
                                  Result.NOT_CHECKED_IN: 8, Result.UNSURE: 9}


@dataclass(frozen=True)
class Door:
    """Where a scan happens: which kiosk, which door, which way people go through it."""

    kiosk_id: str
    door: str = "main"
    direction: Direction = Direction.ENTRY


@dataclass(frozen=True)
class Previous:
    scanned_at: datetime
    door: str


@dataclass(frozen=True)
class CheckinResult:
    id: str
    result: Result
    attendee: Attendee | None = None
    previous: Previous | None = None
    warning: bool = False  # allowed although other doors' check-ins may be missing
    returning: bool = False  # back in after an exit: their badge was printed the first time

    @property
    def ok(self) -> bool:
        return self.result is Result.OK


def _last_pass(db: Database, event_id: str, key: str) -> tuple[str, Previous] | None:
    rows = list(db.query(
        "SELECT direction, scanned_at, door FROM checkins WHERE event_id = ? AND person_key = ? "
        "AND result = 'ok' AND undone_at IS NULL ORDER BY scanned_at DESC, rowid DESC LIMIT 1",
        [event_id, key]))
    if not rows:
        return None
    return rows[0]["direction"], Previous(datetime.fromisoformat(rows[0]["scanned_at"]), rows[0]["door"])


def _decide(db: Database, event: Event, found: list[Attendee], now: datetime, door: Door,
            override: bool, others_known: bool) -> tuple[Result, Previous | None, bool]:
    if not found:
        return Result.UNKNOWN, None, False
    if len(found) > 1:
        return Result.AMBIGUOUS, None, False
    attendee = found[0]
    if attendee.status == attendees.REVOKED:
        return Result.REVOKED, None, False
    if not event.valid_at(now) and not override:
        return Result.NOT_VALID_NOW, None, False
    last = _last_pass(db, event.id, attendee.person_key)
    inside = last is not None and last[0] == Direction.ENTRY
    previous = last[1] if last else None
    if door.direction is Direction.EXIT:
        return (Result.OK if inside else Result.NOT_CHECKED_IN), previous, False
    if inside and not override:
        return Result.ALREADY_CHECKED_IN, previous, False
    if not others_known and not override:
        if event.offline_policy is OfflinePolicy.REFUSE_WHEN_UNSURE:
            return Result.UNSURE, previous, False
        return Result.OK, previous, True
    return Result.OK, previous, False


def check_in(db: Database, event: Event, code: str, now: datetime, door: Door, *,
             attendee_id: str | None = None, override_by: str | None = None,
             others_known: bool = True) -> CheckinResult:
    """Answer one scan (or a pick from the name search, by `attendee_id`) and record it.

    `override_by` names the supervisor who lets a refused ticket in. `others_known`
    is False while check-ins from other doors may be missing; the event's offline
    policy then decides.
    """
    if door.direction is Direction.EXIT and event.door_mode is DoorMode.ENTRY:
        raise KioskError(Message(N_("This event has no exit scanning.")), code="no_exit")
    with write_transaction(db):
        found = [attendees.get(db, attendee_id)] if attendee_id else attendees.by_code(db, event.id, code.strip())
        result, previous, warning = _decide(db, event, found, now, door, bool(override_by), others_known)
        attendee = found[0] if len(found) == 1 else None
        row = {"id": new_id(), "event_id": event.id,
               "attendee_id": attendee.id if attendee else None,
               "person_key": attendee.person_key if attendee and result is Result.OK else None,
               "kiosk_id": door.kiosk_id, "door": door.door, "direction": str(door.direction),
               "scanned_at": now.astimezone(timezone.utc).isoformat(), "received_at": None, "result": str(result),
               "overridden_by": override_by if result is Result.OK else None,
               "undone_at": None, "undone_by": None}
        db.execute(f"INSERT INTO checkins ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                   list(row.values()))
        enqueue(db, "checkin", "checkins", row, ("id", "event_id", "kiosk_id", "door", "direction",
                                                  "result"), now)
        if override_by and result is Result.OK:
            audit(db, override_by, "checkin.override", [f"checkin:{row['id']}"], now)
    returning = result is Result.OK and door.direction is Direction.ENTRY and previous is not None
    return CheckinResult(str(row["id"]), result, attendee,
                         previous if result is not Result.OK else None, warning, returning)


def undo(db: Database, checkin_id: str, now: datetime, supervisor: str) -> None:
    """Take back a check-in made by mistake: only an ok one, only within 15 minutes; audited."""
    with write_transaction(db):
        rows = list(db.query("SELECT scanned_at, result, undone_at FROM checkins WHERE id = ?",
                             [checkin_id]))
        if not rows or rows[0]["result"] != Result.OK or rows[0]["undone_at"]:
            raise KioskError(Message(N_("There is no check-in to undo.")), code="not_undoable")
        if now - datetime.fromisoformat(rows[0]["scanned_at"]) > UNDO_WINDOW:
            raise KioskError(Message(N_("A check-in can only be undone within {minutes} minutes."),
                                     {"minutes": int(UNDO_WINDOW.total_seconds() // 60)}),
                             code="too_late")
        db.execute("UPDATE checkins SET undone_at = ?, undone_by = ? WHERE id = ?",
                   [now.isoformat(), supervisor, checkin_id])
        audit(db, supervisor, "checkin.undone", [f"checkin:{checkin_id}"], now)


def last_passes(events: int = 1) -> str:
    """Each person's last pass at `events` events (one `?` each), one row per event and person
    (rowid breaks a tie between two passes in the same microsecond)."""
    return ("SELECT event_id, person_key, attendee_id, door, direction, scanned_at, "
            "max(scanned_at || printf('#%012d', rowid)) AS last "
            f"FROM checkins WHERE event_id IN ({', '.join('?' * events)}) AND result = 'ok' "
            "AND undone_at IS NULL GROUP BY event_id, person_key")


_LAST_PASSES = last_passes()


def inside_count(db: Database, event_id: str) -> int:
    """How many people are inside: each person once, whatever tickets or doors they used."""
    with storage_errors():
        return int(next(db.query(f"SELECT count(*) AS n FROM ({_LAST_PASSES}) WHERE direction = 'entry'",
                                 [event_id]))["n"])


def inside_by_door(db: Database, event_id: str) -> dict[str, int]:
    """How many of those inside came in through each door."""
    with storage_errors():
        return {r["door"]: r["n"] for r in db.query(
            f"SELECT door, count(*) AS n FROM ({_LAST_PASSES}) WHERE direction = 'entry' "
            "GROUP BY door ORDER BY door", [event_id])}


@dataclass(frozen=True)
class Inside:
    attendee: Attendee
    since: datetime
    door: str


def who_is_in(db: Database, event_id: str) -> list[Inside]:
    """Everyone inside, most recent first: the evacuation list."""
    with storage_errors():
        rows = list(db.query(f"SELECT attendee_id, door, scanned_at FROM ({_LAST_PASSES}) "
                             "WHERE direction = 'entry' ORDER BY scanned_at DESC", [event_id]))
    return [Inside(attendees.get(db, r["attendee_id"]), datetime.fromisoformat(r["scanned_at"]),
                   r["door"]) for r in rows]


def auto_check_out(db: Database, event: Event, now: datetime, kiosk_id: str) -> int:
    """At the event's check-out time, everyone still inside is checked out; returns how many."""
    if event.auto_checkout_at is None or now < event.auto_checkout_at:
        return 0
    moment = event.auto_checkout_at.astimezone(timezone.utc).isoformat()  # stored times are UTC
    with write_transaction(db):
        inside = list(db.query(f"SELECT person_key, attendee_id FROM ({_LAST_PASSES}) "
                               "WHERE direction = 'entry' AND scanned_at < ?", [event.id, moment]))
        for person in inside:
            db.execute("INSERT INTO checkins (id, event_id, attendee_id, person_key, kiosk_id, door, "
                       "direction, scanned_at, result) VALUES (?, ?, ?, ?, ?, ?, 'exit', ?, 'ok')",
                       [new_id(), event.id, person["attendee_id"], person["person_key"],
                        kiosk_id, AUTO_DOOR, moment])
        if inside:
            audit(db, f"kiosk:{kiosk_id}", "checkin.auto_check_out", [f"event:{event.id}"], now)
    return len(inside)


def last_checkin_id(db: Database, attendee_id: str) -> str | None:
    """The newest ok check-in of an attendee that can still be undone."""
    with storage_errors():
        rows = list(db.query("SELECT id FROM checkins WHERE attendee_id = ? AND result = 'ok' "
                             "AND direction = 'entry' AND undone_at IS NULL "
                             "ORDER BY scanned_at DESC LIMIT 1", [attendee_id]))
    return rows[0]["id"] if rows else None
