"""Telling whoever listens that new outbox rows were committed, so sync can send them at once.

The domain cannot call sync (sync sits above it), so it offers a signal instead:
`enqueue` marks the thread's open transaction, and `write_transaction` calls the
listeners once that transaction has committed. A rolled-back transaction tells
nobody, and a listener is told after the rows are visible to other connections,
so the sync lane that wakes finds them.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
Listener = Callable[[], None]

_listeners: list[Listener] = []
_lock = threading.Lock()
_pending = threading.local()


def subscribe(listener: Listener) -> None:
    """Call `listener` (on the committing thread; it must only wake something) after each commit
    that queued outbox rows."""
    with _lock:
        _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def queued() -> None:
    """An outbox row was written in this thread's open transaction."""
    _pending.flag = True


def discard() -> None:
    """The transaction was rolled back: its rows are gone, nobody needs waking."""
    _pending.flag = False


def committed() -> None:
    """The thread's transaction committed; wake the listeners when it queued rows."""
    if not getattr(_pending, "flag", False):
        return
    _pending.flag = False
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener()
        except Exception:  # a listener's bug must not fail a visit that is already stored
            log.exception("outbox listener failed")
