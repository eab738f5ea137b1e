"""What every screen shares: a name for screenshots, the language, and a way to forget the visitor."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import tokens
from ui.language import Language


class Screen(QWidget):
    #: Used in objectName and in screenshot file names.
    name = "screen"

    def __init__(self, language: Language) -> None:
        super().__init__()
        self.setObjectName(f"screen_{self.name}")
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
