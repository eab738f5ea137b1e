"""A question over the whole window: the idle warning and "start over?" share its shape.

It takes the keyboard focus when it appears (a switch or screen-reader user lands on its
safe answer, and Enter gives that answer) and gives it back when it goes.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.widgets import label


class Overlay(QFrame):
    """A dimmed cover with a dialog box: a title, a text and a row of buttons. The first
    button is the safe answer; it gets the focus, and Escape presses it."""

    def __init__(self, parent: QWidget, name: str, buttons: list[QPushButton]) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_overlay")
        self.setProperty("role", "overlay")
        self.buttons = buttons
        self._focus_before: QWidget | None = None
        box = QFrame(self)
        box.setObjectName(f"{name}_dialog")
        box.setProperty("role", "dialog")
        box.setFixedWidth(640)
        self.title = label(f"{name}_title", "title")
        self.text = label(f"{name}_text", "subtitle")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 40, 40, 40)
        inner.setSpacing(24)
        inner.addWidget(self.title)
        inner.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(24)
        for button in buttons:
            row.addWidget(button, 1)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def open(self) -> None:
        """Cover the window and take the focus."""
        focused = QApplication.focusWidget()
        if focused is not None and not self.isAncestorOf(focused):
            self._focus_before = focused
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.buttons[0].setFocus(Qt.FocusReason.PopupFocusReason)
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(self.text.text())

    def close_(self) -> None:
        """Uncover the window and hand the focus back where it was."""
        was_open = self.isVisible()
        self.hide()
        before, self._focus_before = self._focus_before, None
        if was_open and before is not None and isValid(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.buttons[0].click()
        else:
            super().keyPressEvent(event)
