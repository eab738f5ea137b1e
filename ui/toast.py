"""A short message over the screen that leaves the person at the kiosk where they were.

A badge scanned while someone else fills in the form is answered here: the
scanned visitor reads that they are signed out, and the form stays as it was.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.errors import Message
from ui.language import Language
from ui.widgets import label

#: Long enough to read two short sentences, short enough not to hide the form for long.
TOAST_SECONDS = 4
_WIDTH = 720


class Toast(QFrame):
    """Sits at the top of the window without taking focus or blocking touches below it."""

    def __init__(self, parent: QWidget, language: Language, tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setProperty("role", "toast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language = language
        self._message: Message | None = None
        self.text = label("toast_text", "body", self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.text)
        self.setFixedWidth(_WIDTH)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TOAST_SECONDS * tick_ms)
        self._timer.timeout.connect(self.dismiss)
        language.changed.connect(lambda _code: self._retranslate())
        self.hide()

    def show_message(self, message: Message) -> None:
        self._message = message
        self._retranslate()
        self.adjustSize()
        parent = self.parentWidget()
        self.move((parent.width() - self.width()) // 2, 96)
        self.raise_()
        self.show()
        self._timer.start()

    def dismiss(self) -> None:
        self._timer.stop()
        self._message = None
        self.text.clear()
        self.hide()

    def _retranslate(self) -> None:
        if self._message is not None:
            self.text.setText(self.language.message(self._message))
