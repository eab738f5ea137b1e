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


def shown_time(moment: datetime, zone: tzinfo) -> str:
    """A stored moment (UTC) as a person at the site reads it: local time, to the minute,
    with the offset, so no one mistakes it for UTC."""
    return moment.astimezone(zone).isoformat(sep=" ", timespec="minutes")
