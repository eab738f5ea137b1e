"""Visit and attendance figures that identify no one: any count under 5 is suppressed.

The notice allows statistics only where nobody can be identified; a "1" in a
cell for "interview, Tuesday" points at one person. Suppressed cells are None
and show as "<5".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from datetime import date, datetime, time, timedelta, timezone

from sqlite_utils import Database

from kiosk.config import KioskConfig
from kiosk.db import storage_errors
from kiosk.exports import Dataset, write

MIN_COUNT = 5
SUPPRESSED = "<5"


def shown(count: int) -> int | None:
    """The count, or None when it is small enough to point at a person."""
    return count if count >= MIN_COUNT else None


def label(count: int | None) -> str:
    return SUPPRESSED if count is None else str(count)


@dataclass(frozen=True)
class Figures:
    """Counts by (period, site, visitor type), by local hour, and per event (came of expected)."""

    per_day: dict[tuple[date, str, str], int | None]
    per_week: dict[tuple[str, str, str], int | None]
    per_hour: dict[int, int | None]
    events: list[tuple[str, int | None, int | None]]


def figures(db: Database, config: KioskConfig, start: date, end: date) -> Figures:
    """Figures for the site's days from start to end, both included."""
    low = datetime.combine(start, time(), config.zone).astimezone(timezone.utc).isoformat()
    high = datetime.combine(end + timedelta(days=1), time(), config.zone).astimezone(timezone.utc).isoformat()
    days: Counter = Counter()
    weeks: Counter = Counter()
    hours: Counter = Counter()
    with storage_errors():
        for signed_in, site, kind in db.execute(
                "SELECT signed_in_at, site_id, visitor_type FROM visits "
                "WHERE signed_in_at >= ? AND signed_in_at < ?", [low, high]):
            local = datetime.fromisoformat(signed_in).astimezone(config.zone)
            year, week, _ = local.isocalendar()
            days[(local.date(), site, kind)] += 1
            weeks[(f"{year}-W{week:02d}", site, kind)] += 1
            hours[local.hour] += 1
        events = db.execute(
            "SELECT e.name, (SELECT count(*) FROM attendees a WHERE a.event_id = e.id), "
            "(SELECT count(DISTINCT c.attendee_id) FROM checkins c WHERE c.event_id = e.id "
            "AND c.result = 'ok' AND c.undone_at IS NULL) FROM events e "
            "WHERE e.starts_at < ? AND e.ends_at >= ? ORDER BY e.starts_at", [high, low]).fetchall()
    return Figures({k: shown(v) for k, v in sorted(days.items())},
                   {k: shown(v) for k, v in sorted(weeks.items())},
                   {h: shown(hours[h]) for h in sorted(hours)},
                   [(name, shown(expected), shown(came)) for name, expected, came in events])


def notice_versions(db: Database) -> list[tuple[str, int | None]]:
    """How many visits saw each notice version, suppressed like every other figure."""
    with storage_errors():
        rows = db.execute("SELECT notice_version, count(*) FROM visits GROUP BY notice_version "
                          "ORDER BY notice_version").fetchall()
    return [(version, shown(count)) for version, count in rows]


#: The columns of an exported statistics table: which figure, its period (or the event's
#: name), and the count as shown ("<5" when suppressed); `of` is an event's expected count.
COLUMNS = ("figure", "period", "site", "visitor_type", "count", "of")


def table(figures: Figures) -> Iterator[dict[str, Any]]:
    """Every figure as a row, each count already suppressed as the screen shows it."""
    for (day, site, kind), count in figures.per_day.items():
        yield dict(zip(COLUMNS, ("visits_per_day", day.isoformat(), site, kind, label(count), "")))
    for (week, site, kind), count in figures.per_week.items():
        yield dict(zip(COLUMNS, ("visits_per_week", week, site, kind, label(count), "")))
    for hour, count in figures.per_hour.items():
        yield dict(zip(COLUMNS, ("arrivals_by_hour", f"{hour:02d}:00", "", "", label(count), "")))
    for name, expected, came in figures.events:
        yield dict(zip(COLUMNS, ("event_attendance", name, "", "", label(came), label(expected))))


def export(db: Database, config: KioskConfig, now: datetime, actor: str, start: date, end: date,
           fmt: str, out: Path, semicolon: bool = False) -> int:
    """The figures as a file, through the exports' writers and audit; returns the row count."""
    dataset = Dataset("stats", COLUMNS, "", "")
    return write(db, now, actor, dataset, table(figures(db, config, start, end)),
                 [f"from:{start.isoformat()}", f"to:{end.isoformat()}"], fmt, out, semicolon)
