"""Who is on site now: the list reception reads at the desk and the fire warden at the door.

It matches names as the sign-out screen does (kiosk.matching), but it is not cut at
today or at a handful of results: a visitor who never signed out is still on the list.
Where the site wants it (`on_site_attendees`), attendees checked in at today's events are
on it too, each person once however many lists or doors they passed: the fire warden's
count must not be doubled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlite_utils import Database

from kiosk.config import KioskConfig
from kiosk.checkin import last_passes
from kiosk.db import storage_errors
from kiosk.i18n import Translator
from kiosk.matching import sql_condition


@dataclass(frozen=True)
class OnSiteVisit:
    visit_id: str
    given_name: str
    family_name: str
    family_first: bool
    company: str
    host: str
    signed_in_at: datetime
    plate: str
    plate_normalized: str
    badge_token: str
    #: "visitor", or "attendee" with the event's name; an attendee has no visit or badge token.
    kind: str = "visitor"
    event: str = ""


def on_site(db: Database, config: KioskConfig, terms: list[str] | None = None,
            now: datetime | None = None) -> list[OnSiteVisit]:
    """Visits at this site not signed out, earliest first, then (when the site wants them and
    `now` says which day it is) attendees inside today's events; `terms` (from `query_terms`)
    narrow the list to matching names. Times are in the site's time zone."""
    people = _visitors(db, config, terms)
    if config.on_site_attendees and now is not None:
        people += _attendees(db, config, terms, now)
    return people


def _visitors(db: Database, config: KioskConfig, terms: list[str] | None) -> list[OnSiteVisit]:
    condition, params = sql_condition("p.name_keys", terms) if terms else ("1", [])
    with storage_errors():
        rows = db.execute(
            "SELECT v.id, p.given_name, p.family_name, p.family_first, p.company, h.name, "
            "v.signed_in_at, v.car_reg_display, v.car_reg_normalized, v.badge_token "
            "FROM visits v JOIN people p ON p.id = v.person_id LEFT JOIN hosts h ON h.id = v.host_id "
            f"WHERE v.site_id = ? AND v.signed_out_at IS NULL AND {condition} "
            "ORDER BY v.signed_in_at", [config.site_id, *params]).fetchall()
    return [OnSiteVisit(r[0], r[1], r[2], bool(r[3]), r[4] or "", r[5] or "",
                        datetime.fromisoformat(r[6]).astimezone(config.zone), r[7] or "",
                        r[8] or "", r[9]) for r in rows]


def _todays_events(db: Database, config: KioskConfig, now: datetime) -> list[str]:
    """Events that run at some time of the site's today (events are few: filtered here,
    because each stores its times with its own offset)."""
    start = datetime.combine(now.astimezone(config.zone).date(), time(), config.zone)
    end = start + timedelta(days=1)
    with storage_errors():
        rows = db.execute("SELECT id, starts_at, ends_at FROM events").fetchall()
    return [r[0] for r in rows
            if datetime.fromisoformat(r[1]) < end and datetime.fromisoformat(r[2]) >= start]


def _attendees(db: Database, config: KioskConfig, terms: list[str] | None,
               now: datetime) -> list[OnSiteVisit]:
    events = _todays_events(db, config, now)
    if not events:
        return []
    condition, params = sql_condition("a.name_keys", terms) if terms else ("1", [])
    with storage_errors():
        rows = db.execute(
            "SELECT l.person_key, a.given_name, a.family_name, a.family_first, a.company, e.name, "
            f"l.scanned_at FROM ({last_passes(len(events))}) l "
            "JOIN attendees a ON a.id = l.attendee_id JOIN events e ON e.id = l.event_id "
            f"WHERE l.direction = 'entry' AND {condition} ORDER BY l.scanned_at DESC",
            [*events, *params]).fetchall()
    latest: dict[str, OnSiteVisit] = {}
    for r in rows:
        latest.setdefault(r[0], OnSiteVisit(
            "", r[1], r[2], bool(r[3]), r[4] or "", "",
            datetime.fromisoformat(r[6]).astimezone(config.zone), "", "", "", "attendee", r[5]))
    return sorted(latest.values(), key=lambda person: person.signed_in_at)


def evacuation_groups(people: list[OnSiteVisit],
                      translate: Translator) -> list[tuple[str, list[OnSiteVisit]]]:
    """The roll call's groups, by title: visitors by host, attendees by event."""
    groups: dict[str, list[OnSiteVisit]] = {}
    for person in people:
        if person.kind == "attendee":
            title = translate("Event: {name}", name=person.event)
        else:
            title = person.host or translate("No host")
        groups.setdefault(title, []).append(person)
    return sorted(groups.items())
