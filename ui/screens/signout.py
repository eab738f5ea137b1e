"""Signing out: scan the badge, or find yourself by name among today's visitors still here."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.errors import N_
from kiosk.matching import query_terms
from kiosk.visits import OnSiteMatch
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, clear_results, footer, label, line_edit, wipe

#: Results sit in two columns, so that the longest list fits a 1280×800 screen.
RESULT_COLUMNS = 2


class SignOutScreen(Screen):
    name = "sign_out"
    query = Signal(str)
    chosen = Signal(str)
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self._hint = N_("Type at least three letters of your name.")
        self.title = label("sign_out_title", "title")
        self.scan_hint = label("sign_out_scan_hint", "subtitle")
        self.search = line_edit("sign_out_search")
        self.hint = label("sign_out_hint", "hint")
        self.results = QGridLayout()
        self.results.setSpacing(16)
        for column in range(RESULT_COLUMNS):
            self.results.setColumnStretch(column, 1)
        self.back_button = button("sign_out_back")
        row = footer(self.back_button)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.scan_hint)
        self.layout_.addSpacing(16)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(self.hint)
        self.layout_.addLayout(self.results)
        self.layout_.addStretch(1)
        self.layout_.addLayout(row)
        self.search.textEdited.connect(self._edited)
        self.back_button.clicked.connect(self.back)
        self.retranslate()

    def show_matches(self, query: str, matches: list[OnSiteMatch]) -> None:
        if query != self.search.text():
            return
        clear_results(self.results)
        for index, match in enumerate(matches):
            choice = button(f"sign_out_result_{index}", "result")
            choice.setText(f"{match.goes_by}  ·  {match.company}" if match.company else match.goes_by)
            choice.clicked.connect(lambda _=False, m=match: self.chosen.emit(m.visit_id))
            self.results.addWidget(choice, *divmod(index, RESULT_COLUMNS))
        self._hint = "" if matches else N_("No one on site today by that name. Try scanning your badge.")
        self.retranslate()

    def _edited(self, text: str) -> None:
        clear_results(self.results)
        if not query_terms(text):
            self._hint = N_("Type at least three letters of your name.")
            self.retranslate()
            return
        self.query.emit(text)

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Sign out"))
        self.scan_hint.setText(self.tr_("Hold the QR code on your badge to the scanner, or find your name below."))
        self.search.setPlaceholderText(self.tr_("Your name"))
        self.search.setAccessibleName(self.tr_("Your name"))
        self.hint.setText(self.tr_(self._hint) if self._hint else "")
        self.hint.setVisible(bool(self._hint))
        self.back_button.setText(self.tr_("Back"))

    def holds_data(self) -> bool:
        """A half-typed search for one's own name is no loss: start over without asking."""
        return False

    def main_button(self) -> QPushButton | None:
        """Enter signs out the one person the search found; with several, the visitor chooses."""
        found = [self.results.itemAt(i).widget() for i in range(self.results.count())]
        return found[0] if len(found) == 1 and not found[0].isHidden() else None

    def clear(self) -> None:
        wipe(self.search)
        clear_results(self.results)
        self._hint = N_("Type at least three letters of your name.")
        self.retranslate()
