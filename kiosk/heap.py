"""Keeping Python's full garbage collections short, so that none shows as a stall.

A full collection walks every object the collector tracks. With the kiosk's screens,
Qt bindings and an event's door loaded that is over 100,000 objects and tens of
milliseconds, a visible stall every minute or so at a busy door. The central service
is alike: FastAPI, pydantic and SQLAlchemy leave over 150,000 objects, and a full
collection in the middle of fifty kiosks' uploads held them all up by some 50 ms.
What exists once a screen is up, or once the service listens, lives as long as the
process, so `settle()` moves it out of the collector's sight (`gc.freeze`): later
full collections walk only what came after. Freezing costs no pause of its own.

A door that answers faster than its printer prints also leaves work behind: each badge
waiting on the print lane holds its task, its closures and its attendee, thousands of
them when the queue is long. `Settling` settles that too, every so many answers. Those
objects are freed by their reference counts once printed, frozen or not. The newest
garbage is collected before each freeze, so little is frozen that only the collector
could have freed.
"""
from __future__ import annotations

import gc

#: Door answers between two settles: what a full collection walks stays a few thousand
#: objects, however long the print lane's queue grows.
SETTLE_EVERY = 200


def settle(collect_young: bool = False) -> None:
    """Call once a long-lived screen is up, or the service is ready: everything made so far
    stays for the process's life.

    With `collect_young`, the garbage among the newest objects is collected first (a pause
    of a few milliseconds), so that none of it is frozen."""
    if collect_young:
        gc.collect(1)
    gc.freeze()


class Settling:
    """Settles the heap every `every` answers of a screen that works at a pace."""

    def __init__(self, every: int = SETTLE_EVERY) -> None:
        self.every = every
        self._answers = 0

    def answered(self) -> None:
        self._answers += 1
        if self._answers % self.every == 0:
            settle(collect_young=True)
