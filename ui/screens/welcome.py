"""The first screen: three large choices."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout

from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, label


class WelcomeScreen(Screen):
    name = "welcome"
    register = Signal()
    sign_out = Signal()
    event_chosen = Signal()

    def __init__(self, language: Language, site_name: str) -> None:
        super().__init__(language)
        self._site_name = site_name
        self.title = label("welcome_title", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = label("welcome_subtitle", "subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.register_button = button("welcome_register", "tile")
        self.register_button.setProperty("primary", True)
        self.sign_out_button = button("welcome_sign_out", "tile")
        self.event_button = button("welcome_event", "tile")
        self.hint = label("welcome_scan_hint", "hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_mark = label("welcome_demo", "demo")
        self.demo_mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_mark.hide()
        tiles = QHBoxLayout()
        tiles.setSpacing(24)
        for tile in (self.register_button, self.sign_out_button, self.event_button):
            tiles.addWidget(tile, 1)
        self.layout_.addWidget(self.demo_mark)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.subtitle)
        self.layout_.addSpacing(32)
        self.layout_.addLayout(tiles)
        self.layout_.addSpacing(16)
        self.layout_.addWidget(self.hint)
        self.layout_.addStretch(2)
        self.register_button.clicked.connect(self.register)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.event_button.clicked.connect(self.event_chosen)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Welcome to {site}", site=self._site_name))
        self.subtitle.setText(self.tr_("Choose your language above, then what you would like to do."))
        self.register_button.setText(self.tr_("Register visit"))
        self.sign_out_button.setText(self.tr_("Sign out"))
        self.event_button.setText(self.tr_("Event check-in"))
        self.hint.setText(self.tr_("Leaving? You can also scan the QR code on your badge."))
        self.demo_mark.setText(self.tr_("Demo: example notice and hosts. Not for real visitors."))

    def show_demo(self, demo: bool) -> None:
        """A demo kiosk says so, so that no one signs in for real on example data."""
        self.demo_mark.setVisible(demo)
