"""What every screen shares: a name for screenshots, the language, a way to forget the visitor,
touch scrolling, and Enter for the main button."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui import tokens
from ui.language import Language
from ui.widgets import touch_scroll_all

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Screen(QWidget):
    #: Used in objectName and in screenshot file names.
    name = "screen"

    def __init__(self, language: Language) -> None:
        super().__init__()
        self.setObjectName(f"screen_{self.name}")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.language = language
        self.tr_ = language.tr
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 32, 48, 32)
        self.layout_.setSpacing(tokens.SPACING)
        language.changed.connect(lambda _code: self.retranslate())

    def retranslate(self) -> None:
        """Set every text from the current language."""

    def clear(self) -> None:
        """Forget whatever the visitor entered or was shown; called before returning to welcome."""

    def entered(self) -> None:
        """Called when the screen becomes the current one."""

    def holds_data(self) -> bool:
        """Whether starting over would throw away something the visitor typed here."""
        return any(edit.text() for edit in self.findChildren(QLineEdit))

    def main_button(self) -> QPushButton | None:
        """The button Enter presses: the screen's primary one that can be pressed now."""
        return next((b for b in self.findChildren(QPushButton)
                     if (b.property("role") == "primary" or b.property("primary"))
                     and b.isVisible() and b.isEnabled()), None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter that no focused control took (a text field passes it on) presses the main button."""
        main = self.main_button() if event.key() in _ENTER else None
        if main is not None:
            main.click()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Scrolling areas exist by now, whichever screen built them: let a finger drag them.
        The focus moves into the new screen, so that Enter reaches its main button and does not
        stay on a control of the screen before (or land on "Start over")."""
        touch_scroll_all(self)
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.setFocus(Qt.FocusReason.OtherFocusReason)
