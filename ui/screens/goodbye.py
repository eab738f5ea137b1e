"""The last word of a visit: goodbye by the name the visitor goes by, or why the sign-out did not happen."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from kiosk.errors import Message
from kiosk.names import PersonName
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, label


class GoodbyeScreen(Screen):
    name = "goodbye"
    finished = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self._name = ""
        self._problem: Message | None = None
        self.title = label("goodbye_title", "success")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = label("goodbye_text", "subtitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish_button = button("goodbye_finish", "primary")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.text)
        self.layout_.addSpacing(32)
        self.layout_.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.finish_button.clicked.connect(self.finished)
        self.retranslate()

    def show_goodbye(self, name: PersonName) -> None:
        self._name, self._problem = name.goes_by, None
        self.retranslate()

    def show_problem(self, problem: Message) -> None:
        self._name, self._problem = "", problem
        self.retranslate()

    def retranslate(self) -> None:
        if self._problem:
            self.title.setText(self.tr_("Not signed out"))
            self.text.setText(self.language.message(self._problem))
        else:
            self.title.setText(self.tr_("Goodbye, {name}!", name=self._name))
            self.text.setText(self.tr_("You are signed out. Please leave your badge at reception. Thank you for visiting."))
        self.finish_button.setText(self.tr_("Done"))

    def clear(self) -> None:
        self._name, self._problem = "", None
        self.retranslate()
