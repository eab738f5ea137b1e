"""The visitor's language as a Qt object: switching it makes every screen retranslate at once."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk.errors import Message
from kiosk.i18n import Translator


class Language(QObject):
    changed = Signal(str)

    def __init__(self, code: str) -> None:
        super().__init__()
        self._translator = Translator(code)

    @property
    def code(self) -> str:
        return self._translator.language

    def set(self, code: str) -> None:
        if code == self.code:
            return
        self._translator = Translator(code)
        QLocale.setDefault(QLocale(code))
        self.changed.emit(code)

    def tr(self, text: str, **params: Any) -> str:
        return self._translator(text, **params)

    def message(self, message: Message) -> str:
        return self._translator.message(message)

    @property
    def translator(self) -> Translator:
        return self._translator
