"""Forgetting a visitor who walked away: a warning with a countdown, then back to welcome."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.language import Language
from ui.overlay import Overlay
from ui.widgets import button

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
             QEvent.Type.Wheel, QEvent.Type.TouchUpdate}


class IdleOverlay(Overlay):
    """Covers the screen while counting down; "Continue" gives the visitor their time back.
    It takes the focus, so Enter or a switch press answers it."""

    keep = Signal()

    def __init__(self, parent: QWidget, language: Language) -> None:
        self.continue_button = button("idle_continue", "primary")
        super().__init__(parent, "idle", [self.continue_button])
        self.countdown = self.text
        self.countdown.setObjectName("idle_countdown")
        self.language = language
        self.remaining = 0
        self.continue_button.clicked.connect(self.keep)
        language.changed.connect(lambda _c: self.retranslate())

    def show_countdown(self, seconds: int) -> None:
        self.remaining = seconds
        self.retranslate()
        self.open()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr("Are you still there?"))
        self.countdown.setText(tr("For your privacy, this screen starts over in {seconds} seconds.",
                                  seconds=self.remaining))
        self.continue_button.setText(tr("Continue"))


class IdleWatcher(QObject):
    """Watches every touch and key press of the application.

    `tick_ms` is the length of one second to the watcher: tests shorten it
    rather than wait a real minute.
    """

    expired = Signal()

    def __init__(self, overlay: IdleOverlay, timeout_s: int, warning_s: int, tick_ms: int = 1000) -> None:
        super().__init__(overlay)
        self.overlay = overlay
        self.warning_s = warning_s
        self.tick_ms = tick_ms
        self.enabled = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(timeout_s * tick_ms)
        self._idle.timeout.connect(self.warn)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._count_down)
        overlay.keep.connect(self.poke)

    def set_times(self, timeout_s: int, warning_s: int) -> None:
        """New idle settings (the console, the central service) apply from the next touch."""
        self._idle.setInterval(timeout_s * self.tick_ms)
        self.warning_s = warning_s

    def set_enabled(self, enabled: bool) -> None:
        """Only screens holding a visitor's data need the watch; welcome does not."""
        self.enabled = enabled
        self.poke()

    def poke(self) -> None:
        self._tick.stop()
        self.overlay.close_()
        if self.enabled:
            self._idle.start()
        else:
            self._idle.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and self.enabled and not self.overlay.isVisible():
            self._idle.start()
        return False

    def warn(self) -> None:
        """Start the countdown now (the idle timer calls this; so does the screenshot tour)."""
        self.overlay.show_countdown(self.warning_s)
        self._tick.start()

    def _count_down(self) -> None:
        self.overlay.remaining -= 1
        if self.overlay.remaining <= 0:
            self._tick.stop()
            self.overlay.close_()
            self.expired.emit()
        else:
            self.overlay.retranslate()
