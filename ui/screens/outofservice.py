"""What a visitor sees when the kiosk cannot work: a plain word to go to reception.

The admin's reason (which file, what to do) goes to the log, never to this
screen: a visitor can do nothing about a damaged database, and need not read one.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.errors import N_
from kiosk.i18n import Translator
from ui import tokens
from ui.widgets import label

TITLE = N_("This kiosk is out of service")
ASK = N_("Please ask reception to sign you in.")


class OutOfServiceScreen(QWidget):
    """The message in every language the kiosk offers, the default first, since no one can
    choose a language on a kiosk that is not working."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        super().__init__()
        self.setObjectName("screen_out_of_service")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(tokens.SPACING)
        layout.addStretch(1)
        self.texts = []
        for code in languages:
            translate = Translator(code)
            title = label(f"out_of_service_title_{code}", "title")
            title.setText(translate(TITLE))
            ask = label(f"out_of_service_ask_{code}", "subtitle")
            ask.setText(translate(ASK))
            for widget in (title, ask):
                widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(widget)
                self.texts.append(widget.text())
            layout.addSpacing(32)
        layout.addStretch(1)
        self.resize(*tokens.WINDOW_SIZE)
