"""Time as a dependency, so tests and benchmarks can move it on purpose."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, always timezone-aware (UTC)."""


class SystemClock:
    """The wall clock of the machine."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to; tests use it instead of patching time."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self._now = moment


def recorded_moment(text: str | None) -> datetime | None:
    """A moment as the kiosk stored it, or None when there is none or it is damaged (not an
    ISO time with its offset): a damaged entry counts as never recorded, not as a crash."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
    return moment if moment is None or moment.tzinfo is not None else None


def shown_time(moment: datetime, zone: tzinfo) -> str:
    """A stored moment (UTC) as a person at the site reads it: local time, to the minute,
    with the offset, so no one mistakes it for UTC."""
    return moment.astimezone(zone).isoformat(sep=" ", timespec="minutes")
