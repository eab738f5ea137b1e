"""The sync runner: rounds on a thread of their own, with a SQLite connection of their own.

The visitor's screens and the database worker never wait for it: the runner
opens its own connection (WAL lets it read while the worker writes, and its
short write transactions wait on the busy timeout, not the other way round). When
a round fails the next waits longer, doubling with jitter, and a success brings
the normal pace back by itself: no one has to switch "offline mode" on or off.
"""
from __future__ import annotations

import logging
import random
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk import outbox_signal
from kiosk.clock import Clock, SystemClock
from kiosk.config import DATABASE_NAME
from kiosk.db import open_database
from kiosk.errors import KioskError
from sync.client import CentralClient
from sync.rounds import RoundResult, run_round
from sync.settings import SyncSettings

log = logging.getLogger(__name__)
#: Seconds between rounds while an event's check-in is open on this kiosk, so a ticket used
#: at another door is known here within about two seconds.
EVENT_DOOR_INTERVAL_S = 1.0


def pause_after(failures: int, interval_s: float, rng: random.Random) -> float:
    """The normal interval, or after failures a doubling wait (at most 60 s) with jitter."""
    if failures == 0:
        return interval_s
    ceiling = min(max(60.0, interval_s), interval_s * 2 ** failures)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def door_open(db: Database, now: datetime) -> bool:
    """Whether check-in to one of the kiosk's events is open now: the kiosk is an event door."""
    try:
        rows = db.execute("SELECT checkin_opens_at, checkin_closes_at FROM events").fetchall()
    except sqlite3.Error:  # a busy or damaged file: the reception pace until the next round
        return False
    return any(datetime.fromisoformat(opens) <= now <= datetime.fromisoformat(closes)
               for opens, closes in rows)


def pace(db: Database, settings: SyncSettings, now: datetime) -> float:
    """About every second at an open event door, else the enrolled (reception) interval."""
    if door_open(db, now):
        return min(settings.interval_s, EVENT_DOOR_INTERVAL_S)
    return settings.interval_s


class SyncRunner:
    """Sync on a thread of its own: rounds at the kiosk's pace, and one at once after each
    commit that queued records (`outbox_signal`), so a visit leaves while the visitor walks."""

    def __init__(self, data_dir: Path, settings: SyncSettings, clock: Clock | None = None,
                 on_round: Callable[[RoundResult], None] | None = None) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.clock = clock or SystemClock()
        self.on_round = on_round
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._now = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        outbox_signal.subscribe(self.wake)
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run a round now (after a check-in at an event door, say) instead of at the next tick."""
        self._wake.set()

    def sync_now(self) -> None:
        """An admin's "sync now": a round at once that sends even the records whose retry
        is not due yet, say right after the network came back."""
        self._now.set()
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the round in flight (its writes are transactions) and stop."""
        outbox_signal.unsubscribe(self.wake)
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        db = open_database(self.data_dir / DATABASE_NAME, migrate=False)
        # One client for every round: its kept-alive connection spares a TCP (and TLS)
        # handshake per round, which is most of a round with nothing new.
        client: CentralClient | None = None
        rng = random.Random()
        failures = 0
        try:
            while not self._stop.is_set():
                client = client or self._client()
                force = self._now.is_set()
                self._now.clear()
                try:
                    result = run_round(db, self.settings, self.clock.now(), rng, force,
                                       client=client, data_dir=self.data_dir)
                except Exception:  # a bug must not end background sync for good
                    log.exception("sync round failed")
                    result = RoundResult(failed=1)
                    failures += 1
                else:
                    failures = 0 if result.ok else failures + 1
                if self.on_round:
                    self.on_round(result)
                interval = pace(db, self.settings, self.clock.now())
                self._wake.wait(pause_after(failures, interval, rng))
                self._wake.clear()
        finally:
            if client is not None:
                client.close()
            db.close()

    def _client(self) -> CentralClient | None:
        """None while the CA file cannot be used: the round then meets the same fault and
        records it for the console, and a later round tries again once it is fixed."""
        try:
            return CentralClient(self.settings.server, self.settings.token, self.settings.ca_file)
        except KioskError:
            return None
