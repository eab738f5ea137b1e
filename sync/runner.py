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
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.clock import Clock, SystemClock
from kiosk.config import DATABASE_NAME
from kiosk.db import open_database
from sync.client import CentralClient
from sync.rounds import RoundResult, run_round
from sync.settings import SyncSettings

log = logging.getLogger(__name__)


def pause_after(failures: int, interval_s: float, rng: random.Random) -> float:
    """The normal interval, or after failures a doubling wait (at most 60 s) with jitter."""
    if failures == 0:
        return interval_s
    ceiling = min(max(60.0, interval_s), interval_s * 2 ** failures)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class SyncRunner:
    def __init__(self, data_dir: Path, settings: SyncSettings, clock: Clock | None = None,
                 on_round: Callable[[RoundResult], None] | None = None) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.clock = clock or SystemClock()
        self.on_round = on_round
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run a round now (after a check-in at an event door, say) instead of at the next tick."""
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the round in flight (its writes are transactions) and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        db = open_database(self.data_dir / DATABASE_NAME, migrate=False)
        # One client for every round: its kept-alive connection spares a TCP (and TLS)
        # handshake per round, which is most of a round with nothing new.
        client = CentralClient(self.settings.server, self.settings.token, self.settings.ca_file)
        rng = random.Random()
        failures = 0
        try:
            while not self._stop.is_set():
                try:
                    result = run_round(db, self.settings, self.clock.now(), rng, client=client)
                except Exception:  # a bug must not end background sync for good
                    log.exception("sync round failed")
                    result = RoundResult(failed=1)
                    failures += 1
                else:
                    failures = 0 if result.ok else failures + 1
                if self.on_round:
                    self.on_round(result)
                self._wake.wait(pause_after(failures, self.settings.interval_s, rng))
                self._wake.clear()
        finally:
            client.close()
            db.close()
