"""Whether the check-ins made at other doors of an event have reached this kiosk.

Its own small module: the window makes one at start (cheaply, before any event
screen exists) for the sync lane to feed, and the event door reads it.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from kiosk.clock import recorded_moment
from kiosk.company_key import KEY_NAME

#: The name under which the sync lane records its last successful round in `sync_state`.
LAST_SUCCESS = "last_success"
#: Without a successful download for this long, check-ins made at other doors may be missing.
FRESH_FOR = timedelta(seconds=60)


class OtherDoors:
    """Whether the check-ins made at other doors have reached this kiosk.

    The decision lives here, the knowledge comes from the sync lane: it calls `heard`
    with the time of each successful download (the window wires it; kiosk/ never
    imports sync/). A kiosk that does not sync has no other doors to wait for; one
    that does is unsure until it has heard from the service within `fresh_for`.
    A plain attribute written by one thread and read by another needs no lock here.
    """

    def __init__(self, syncs: bool = False, fresh_for: timedelta = FRESH_FOR) -> None:
        self.syncs, self.fresh_for = syncs, fresh_for
        self._last: datetime | None = None

    def heard(self, moment: datetime) -> None:
        """The sync lane downloaded the other doors' check-ins at this moment."""
        self.syncs, self._last = True, moment

    def known(self, now: datetime) -> bool:
        if not self.syncs:
            return True
        return self._last is not None and now - self._last <= self.fresh_for


def as_recorded(db: Database, data_dir: Path | None) -> OtherDoors:
    """What the kiosk's files know, for a command that runs without the sync lane: enrolled
    (the company key is in the data folder) and when the lane last succeeded."""
    doors = OtherDoors(syncs=data_dir is not None and (data_dir / KEY_NAME).exists())
    row = db.execute("SELECT value FROM sync_state WHERE name = ?", [LAST_SUCCESS]).fetchone()
    heard = recorded_moment(row[0]) if row and doors.syncs else None
    if heard is not None:  # a damaged entry: as if never heard, so the event's policy decides
        doors.heard(heard)
    return doors
