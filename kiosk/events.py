"""Events: when they run, when a ticket is valid at the door, and how the door works.

An event's settings decide the door's behaviour, so that every kiosk at the
same event answers a scan the same way: the check-in window, entry only or
entry and exit, what to do while other doors' check-ins have not arrived (the
offline policy), and when everyone still inside is checked out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from kiosk.db import storage_errors, write_transaction
from kiosk.errors import Message, N_, NotFound, ValidationError
from kiosk.ids import new_id
from kiosk.text import text_problem

#: Doors usually open before the programme starts; a ticket is valid from then.
DEFAULT_DOORS_OPEN = timedelta(hours=2)
MAX_NAME = 120


class DoorMode(StrEnum):
    ENTRY = "entry"  # one check-in per person
    ENTRY_EXIT = "entry_exit"  # people may leave and come back; the count follows them


class OfflinePolicy(StrEnum):
    """What a door does while check-ins from other doors may not have arrived yet."""

    ALLOW_WITH_WARNING = "allow_with_warning"
    REFUSE_WHEN_UNSURE = "refuse_when_unsure"


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    checkin_opens_at: datetime
    checkin_closes_at: datetime
    badge_format: str | None = None
    door_mode: DoorMode = DoorMode.ENTRY
    offline_policy: OfflinePolicy = OfflinePolicy.ALLOW_WITH_WARNING
    auto_checkout_at: datetime | None = None
    result_sound: bool = False  # a short sound with each answer at the door

    def valid_at(self, moment: datetime) -> bool:
        """Whether a ticket may pass the door at this moment."""
        return self.checkin_opens_at <= moment <= self.checkin_closes_at


@dataclass(frozen=True)
class EventSummary:
    event: Event
    checked_in: int
    expected: int


def parse_moment(text: str, zone: ZoneInfo, what: str) -> datetime:
    """An ISO 8601 date and time; without an offset it is the site's local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError({what: Message(
            N_("{value} is not a date and time such as 2026-05-04T09:00."),
            {"value": text})}) from None
    return moment if moment.tzinfo else local_moment(moment, zone, what)


def local_moment(wall: datetime, zone: ZoneInfo, what: str) -> datetime:
    """The instant a clock at the site shows `wall`. A time that happens twice (the autumn
    night the clocks go back) is its first occurrence; a time the clocks skip (the spring
    night they go forward) is refused, because any instant chosen for it would be a guess."""
    moment = wall.replace(tzinfo=zone, fold=0)
    if moment.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) == wall:
        return moment
    start, end = _clocks_forward(wall, zone)
    raise ValidationError({what: Message(
        N_("{date} {time} does not exist in {zone}: that night the clocks go forward from "
           "{start} to {end}. Choose {end} or later."),
        {"date": wall.date().isoformat(), "time": wall.strftime("%H:%M"), "zone": zone.key,
         "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")})})


def _clocks_forward(wall: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local times either side of the gap that `wall` falls in: the clock reads `start`
    just before the change and `end` just after (02:00 and 03:00 in Europe/Oslo)."""
    before = wall.replace(tzinfo=zone, fold=0).utcoffset() or timedelta()
    after = wall.replace(tzinfo=zone, fold=1).utcoffset() or timedelta()
    low = (wall - after).replace(tzinfo=timezone.utc)  # still on the old offset
    high = (wall - before).replace(tzinfo=timezone.utc)  # already on the new one
    while high - low > timedelta(minutes=1):  # zones change their clocks on whole minutes
        middle = low + (high - low) // 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    change = high.replace(second=0, microsecond=0)
    return (change + before).replace(tzinfo=None), (change + after).replace(tzinfo=None)


MOMENTS = ("starts_at", "ends_at", "checkin_opens_at", "checkin_closes_at", "auto_checkout_at")
#: Settings that may be emptied: an empty text clears them.
OPTIONAL = {"auto_checkout_at": None, "badge_format": None, "venue": ""}
#: Settings every event has: emptying one is refused, never taken as "unchanged".
REQUIRED = ("name", "starts_at", "ends_at")
NEEDED = N_("This is needed.")
SOUND_ON, SOUND_OFF = "on", "off"


def settings_from_text(texts: Mapping[str, str | None], zone: ZoneInfo) -> dict[str, object]:
    """Event settings as typed on the command line or the staff screen, parsed in the site's
    time zone. A missing setting (None) stays as it is, or takes its default on a new event;
    an empty one clears it where it may be empty, is refused where the event needs it (a
    cleared name must not be saved as the old one), and is missing otherwise."""
    settings: dict[str, object] = {}
    errors: dict[str, Message] = {}
    for key, raw in texts.items():
        text = (raw or "").strip()
        if raw is None:
            continue
        if not text:
            if key in REQUIRED:
                errors[key] = Message(NEEDED)
            elif key in OPTIONAL:
                settings[key] = OPTIONAL[key]
            continue
        try:
            settings[key] = _setting(key, text, zone)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return settings


def _setting(key: str, text: str, zone: ZoneInfo) -> object:
    if key in MOMENTS:
        return parse_moment(text, zone, key)
    if key == "door_mode":
        return _choice(DoorMode, key, text)
    if key == "offline_policy":
        return _choice(OfflinePolicy, key, text)
    if key == "result_sound":
        return text == SOUND_ON
    return text


def _choice(kind: type[StrEnum], key: str, text: str) -> StrEnum:
    try:
        return kind(text)
    except ValueError:
        raise ValidationError({key: Message(N_("{value} is not one of {choices}."), {
            "value": text, "choices": ", ".join(kind)})}) from None


def event_with(base: Event | None, settings: dict[str, object]) -> Event:
    """A new event from its settings (name, start and end needed), or `base` changed by them."""
    if base is not None:
        return _check(replace(base, **settings))  # type: ignore[arg-type]
    fields = dict(settings)
    missing = {key: Message(NEEDED) for key in REQUIRED if not fields.get(key)}
    if missing:
        raise ValidationError(missing)
    name, start, end = fields.pop("name"), fields.pop("starts_at"), fields.pop("ends_at")
    return new_event(str(name), start, end, **fields)  # type: ignore[arg-type]


def _check(event: Event) -> Event:
    errors: dict[str, Message] = {}
    name = " ".join(event.name.split())
    if not name:
        errors["name"] = Message(N_("The event needs a name."))
    elif problem := text_problem(name, MAX_NAME):
        errors["name"] = problem  # too long, or characters the visitor form refuses too
    venue = " ".join(event.venue.split())
    if problem := text_problem(venue, MAX_NAME):
        errors["venue"] = problem
    if event.ends_at <= event.starts_at:
        errors["end"] = Message(N_("The event must end after it starts."))
    if event.checkin_closes_at <= event.checkin_opens_at:
        errors["checkin_window"] = Message(N_("Check-in must close after it opens."))
    if errors:
        raise ValidationError(errors)
    return replace(event, name=name, venue=venue)


def new_event(name: str, starts_at: datetime, ends_at: datetime, *, venue: str = "",
              **settings: object) -> Event:
    """An event with the usual door settings: open two hours before, valid until the end."""
    fields: dict[str, object] = {"checkin_opens_at": starts_at - DEFAULT_DOORS_OPEN,
                                 "checkin_closes_at": ends_at}
    fields.update(settings)
    return _check(Event(new_id(), name, venue, starts_at, ends_at, **fields))  # type: ignore[arg-type]


def _row(event: Event, now: datetime) -> dict[str, object]:
    return {"id": event.id, "name": event.name, "venue": event.venue,
            "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
            "checkin_opens_at": event.checkin_opens_at.isoformat(),
            "checkin_closes_at": event.checkin_closes_at.isoformat(),
            "badge_format": event.badge_format, "door_mode": str(event.door_mode),
            "offline_policy": str(event.offline_policy),
            "auto_checkout_at": event.auto_checkout_at.isoformat() if event.auto_checkout_at else None,
            "result_sound": int(event.result_sound),
            "created_at": now.isoformat()}


def save_event(db: Database, event: Event, now: datetime) -> Event:
    """Store a new event or its changed settings."""
    event = _check(event)
    row = _row(event, now)
    with write_transaction(db):
        columns = ", ".join(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c not in ("id", "created_at"))
        db.execute(f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(row))}) "
                   f"ON CONFLICT (id) DO UPDATE SET {updates}", list(row.values()))
    return event


def _event(row: dict) -> Event:
    when = datetime.fromisoformat
    return Event(row["id"], row["name"], row["venue"], when(row["starts_at"]), when(row["ends_at"]),
                 when(row["checkin_opens_at"]), when(row["checkin_closes_at"]), row["badge_format"],
                 DoorMode(row["door_mode"]), OfflinePolicy(row["offline_policy"]),
                 when(row["auto_checkout_at"]) if row["auto_checkout_at"] else None,
                 bool(row["result_sound"]))


def get_event(db: Database, event_id: str) -> Event:
    with storage_errors():
        rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise NotFound(Message(N_("There is no event with the id {id}."), {"id": event_id}),
                       code="unknown_event")
    return _event(rows[0])


def expected_counts(db: Database, event_id: str | None = None) -> dict[str, int]:
    """How many people each event expects: each person once, however many valid tickets."""
    where, params = ("AND event_id = ? ", [event_id]) if event_id else ("", [])
    with storage_errors():
        return {r["event_id"]: r["n"] for r in db.query(
            "SELECT event_id, count(DISTINCT person_key) AS n FROM attendees "
            f"WHERE status = 'valid' {where}GROUP BY event_id", params)}


def list_events(db: Database) -> list[EventSummary]:
    """Every event, soonest first, with how many are inside against how many are expected."""
    from kiosk.checkin import inside_count  # the count rule lives with check-in

    with storage_errors():
        rows = list(db.query("SELECT * FROM events ORDER BY starts_at, name"))
        expected = expected_counts(db)
        return [EventSummary(_event(r), inside_count(db, r["id"]), expected.get(r["id"], 0))
                for r in rows]
