"""The one way slow work leaves the UI thread: lanes, each the one owner of its resource.

A TaskRunner is one lane: a single worker thread that runs its operations one at
a time, in order. The window keeps one lane for the database (the only thread
that uses the service's SQLite connection) and one for printing (rendering,
previews and printers, with a connection of its own), so a slow printer never
delays a visitor's screens or commits. The result comes back to the UI thread
by a signal. Operations never touch a widget; failures go to one error handler.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, op: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[Exception], None]) -> None:
        super().__init__()
        self._runner, self._op, self._on_done, self._on_error = runner, op, on_done, on_error

    def run(self) -> None:
        try:
            result = self._op()
        except KioskError as exc:
            self._deliver(self._on_error, exc)
        except Exception as exc:  # a bug must reach the error handler, not kill the worker
            log.exception("background task failed")
            self._deliver(self._on_error, exc)
        else:
            self._deliver(self._on_done, result)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        """Hand the result to the UI thread, unless the window it was for is gone: a lane
        that finishes after the kiosk closed (a quit while printing still loads) has
        nobody left to tell, and that is no error."""
        try:
            self._runner.finished.emit(callback, value)
        except RuntimeError:
            log.debug("result dropped: its window closed while the task ran")


class TaskRunner(QObject):
    finished = Signal(object, object)

    def __init__(self, on_error: Callable[[Exception], None], parent: QObject | None = None) -> None:
        """With the window as `parent`, the lane goes when the window goes, and a result that
        arrives later is dropped by Qt instead of reaching widgets that no longer exist."""
        super().__init__(parent)
        self._on_error = on_error
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._pending = 0
        self.finished.connect(self._deliver)

    def run(self, op: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        """Run `op` on the worker, then `on_done(result)` or `on_error(exc)` on the UI thread."""
        self._pending += 1
        self._pool.start(_Job(self, op, on_done, on_error or self._on_error))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self) -> None:
        """Block until the lane is idle; for shutting down."""
        self._pool.waitForDone()

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        callback(value)
