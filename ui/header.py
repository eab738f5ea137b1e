"""The bar on every screen: a way back to the start, where you are, and the language.

"Start over" sits at the far left, away from the language buttons at the right, so that a
finger reaching for a language never wipes a form; and when the screen holds what a visitor
entered, it asks first.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.i18n import LANGUAGES
from ui import tokens
from ui.language import Language
from ui.overlay import Overlay
from ui.widgets import button, label


class StartOverOverlay(Overlay):
    """"Start over?" Keeping the details is the first, focused answer."""

    confirmed = Signal()

    def __init__(self, parent: QWidget, language: Language) -> None:
        self.keep_button = button("start_over_keep", "primary")
        self.erase_button = button("start_over_confirm")
        super().__init__(parent, "start_over", [self.keep_button, self.erase_button])
        self.language = language
        self.keep_button.clicked.connect(self.close_)
        self.erase_button.clicked.connect(self._erase)
        language.changed.connect(lambda _c: self.retranslate())
        self.retranslate()

    def _erase(self) -> None:
        self.close_()
        self.confirmed.emit()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr("Start over?"))
        self.text.setText(tr("What you have entered will be erased."))
        self.keep_button.setText(tr("No, continue"))
        self.erase_button.setText(tr("Yes, start over"))


class Header(QFrame):
    home = Signal()

    def __init__(self, language: Language, languages: tuple[str, ...], site_name: str) -> None:
        super().__init__()
        self.setObjectName("header")
        self.setProperty("role", "header")
        self.language = language
        self._holds_data: Callable[[], bool] = lambda: False
        self._question: StartOverOverlay | None = None
        self.site = label("header_site", "subtitle")
        self.site.setText(site_name)
        self.home_button = button("header_home")
        self.home_button.installEventFilter(self)
        self.group = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self.home_button)
        row.addSpacing(tokens.SPACING)
        row.addWidget(self.site)
        row.addStretch(1)
        row.addSpacing(tokens.DANGER_GAP)
        for code in languages:
            choice = button(f"language_{code}", "language")
            choice.setText(LANGUAGES[code])
            choice.setCheckable(True)
            choice.setChecked(code == language.code)
            choice.clicked.connect(lambda _=False, c=code: language.set(c))
            self.group.addButton(choice)
            self.language_buttons[code] = choice
            row.addWidget(choice)
        self.home_button.clicked.connect(self._home_tapped)
        language.changed.connect(self._language_changed)
        self._language_changed(language.code)

    def ask_before_start_over(self, holds_data: Callable[[], bool]) -> None:
        """`holds_data` says whether the current screen holds what a visitor entered."""
        self._holds_data = holds_data

    def question(self) -> StartOverOverlay:
        """The "start over?" overlay, made on first use over the whole window."""
        if self._question is None:
            self._question = StartOverOverlay(self.window(), self.language)
            self._question.confirmed.connect(self.home)
        return self._question

    def _home_tapped(self) -> None:
        if self._holds_data():
            self.question().open()
        else:
            self.home.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """When "Start over" goes (the kiosk went back to welcome on its own), so does its question."""
        if watched is self.home_button and event.type() == QEvent.Type.Hide and self._question:
            self._question.close_()
        return False

    def _language_changed(self, code: str) -> None:
        if code in self.language_buttons:
            self.language_buttons[code].setChecked(True)
        self.home_button.setText(self.language.tr("Start over"))
