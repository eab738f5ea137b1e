"""A USB badge scanner types the token and Enter into whatever has focus; catch it on any screen."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from kiosk.badge_tokens import TOKEN_LENGTH, is_badge_token

#: A scanner types far faster than a person: a longer pause starts a new burst.
MAX_GAP_S = 0.08


class ScannerListener(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._burst = ""
        self._last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat() or not first_receiver(watched):
            return False
        now = time.monotonic()
        if now - self._last > MAX_GAP_S:
            self._burst = ""
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            token = self._burst[-TOKEN_LENGTH:].upper()
            self._burst = ""
            if is_badge_token(token):
                remove_typed(token, fold_case=True)
                self.scanned.emit(token)
                return True
            return False
        self._burst += event.text()
        return False


def first_receiver(watched: QObject) -> bool:
    """A key event visits the window, the focused widget and its parents; count it once."""
    if not isinstance(watched, QWidget):
        return False
    return watched is (QApplication.focusWidget() or watched.window())


def remove_typed(code: str, *, fold_case: bool = False) -> None:
    """The scanner's keystrokes landed in a text field too; take them back out.
    Badge tokens are read in any letter case; ticket codes are taken as typed."""
    field = QApplication.focusWidget()
    typed = field.text() if isinstance(field, QLineEdit) else ""
    if (typed.upper() if fold_case else typed).endswith(code):
        field.setText(typed[: -len(code)])
