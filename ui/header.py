"""The bar on every screen: where you are, the language, and a way back to the start."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton

from kiosk.i18n import LANGUAGES
from ui.language import Language
from ui.widgets import button, label


class Header(QFrame):
    home = Signal()

    def __init__(self, language: Language, languages: tuple[str, ...], site_name: str) -> None:
        super().__init__()
        self.setObjectName("header")
        self.setProperty("role", "header")
        self.language = language
        self.site = label("header_site", "subtitle")
        self.site.setText(site_name)
        self.home_button = button("header_home")
        self.group = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self.site)
        row.addStretch(1)
        row.addWidget(self.home_button)
        for code in languages:
            choice = button(f"language_{code}", "language")
            choice.setText(LANGUAGES[code])
            choice.setCheckable(True)
            choice.setChecked(code == language.code)
            choice.clicked.connect(lambda _=False, c=code: language.set(c))
            self.group.addButton(choice)
            self.language_buttons[code] = choice
            row.addWidget(choice)
        self.home_button.clicked.connect(self.home)
        language.changed.connect(self._language_changed)
        self._language_changed(language.code)

    def _language_changed(self, code: str) -> None:
        if code in self.language_buttons:
            self.language_buttons[code].setChecked(True)
        self.home_button.setText(self.language.tr("Start over"))
