"""Ticket scanners as they really behave: with or without Enter, sometimes twice per code.

A USB scanner types the code far faster than a person. A burst ends on Enter or
on a short pause (some scanners send no Enter); the same code again within
about two seconds is the scanner repeating itself, not a second guest. Whatever
the burst typed into a focused field is taken back out, so a scan never lands
as text in the search or a form.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from ui.scanner import first_receiver, remove_typed

#: A scanner types far faster than a person: a longer gap starts a new burst.
MAX_GAP_S = 0.08
#: No Enter: a burst this long silent has ended.
END_PAUSE_MS = 150
#: The same code again within this time is one scan.
REPEAT_S = 2.0
#: Shorter bursts are a person typing quickly, not a ticket.
MIN_CODE = 6


class TicketScanner(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._burst = ""
        self._last_key = 0.0
        self._last_code, self._last_code_at = "", -REPEAT_S
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(END_PAUSE_MS)
        self._pause.timeout.connect(self._end_burst)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Every event of the application passes here while the door is open: the cheap
        # type test first, since event.type() makes a Python enum each time (the door
        # bench's profile showed it as the UI thread's largest cost per guest).
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.isAutoRepeat() or not first_receiver(watched):
            return False
        now = self._clock()
        if now - self._last_key > MAX_GAP_S:
            self._burst = ""
        self._last_key = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._end_burst()
        if event.text() and event.text().isprintable():
            self._burst += event.text()
            self._pause.start()
        return False

    def _end_burst(self) -> bool:
        """Emit the burst as one scan when it is long enough; True when it was a scan."""
        self._pause.stop()
        code, self._burst = self._burst.strip(), ""
        if len(code) < MIN_CODE:
            return False
        remove_typed(code)
        now = self._clock()
        if code == self._last_code and now - self._last_code_at < REPEAT_S:
            return True  # the scanner sent it twice
        self._last_code, self._last_code_at = code, now
        self.scanned.emit(code)
        return True
