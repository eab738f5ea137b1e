"""Self-service: the attendee scans or searches, checks the badge's name, fixes its spelling, prints."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.attendees import Attendee
from kiosk.captions import CAPTIONS
from kiosk.errors import N_
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, clear_results, footer, label, line_edit, scrolling


class SelfServiceScreen(Screen):
    name = "event_self"
    search_changed = Signal(str)
    attendee_chosen = Signal(str)
    correct = Signal(str, str, str)  # attendee id, given, family
    print_badge = Signal(str)
    staff = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.attendee: Attendee | None = None
        self.title = label("event_self_title", "title")
        self.hint = label("event_self_hint", "subtitle")
        self.search = line_edit("event_self_search")
        self.results = QVBoxLayout()
        self.preview_name = label("event_self_preview_name", "title")
        self.preview_detail = label("event_self_preview_detail", "subtitle")
        self.given = line_edit("event_self_given")
        self.family = line_edit("event_self_family")
        self.save_button = button("event_self_save")
        self.print_button = button("event_self_print", "primary")
        self.message = label("event_self_message", "body")
        self.staff_button = button("event_self_staff")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(scrolling(self.results, "event_self_results"), 1)
        self.layout_.addWidget(self.preview_name)
        self.layout_.addWidget(self.preview_detail)
        names = QHBoxLayout()
        names.addWidget(self.given)
        names.addWidget(self.family)
        names.addWidget(self.save_button)
        self.layout_.addLayout(names)
        self.layout_.addWidget(self.message)
        self.layout_.addLayout(footer(self.staff_button, self.print_button))
        self.search.textEdited.connect(self.search_changed)
        self.save_button.clicked.connect(self._save)
        self.print_button.clicked.connect(
            lambda: self.attendee and self.print_badge.emit(self.attendee.id))
        self.staff_button.clicked.connect(self.staff)
        self.clear()
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr(N_("Welcome! Check in here")))
        self.hint.setText(tr(N_("Scan the QR code on your ticket, or search for your name.")))
        self.search.setPlaceholderText(tr(N_("Your name")))
        self.given.setPlaceholderText(tr(CAPTIONS["given_name"]))
        self.family.setPlaceholderText(tr(CAPTIONS["family_name"]))
        self.save_button.setText(tr(N_("Correct my name")))
        self.print_button.setText(tr(N_("Check in and print my badge")))
        self.staff_button.setText(tr(N_("Staff")))

    def show_matches(self, query: str, matches: list[Attendee]) -> None:
        if query != self.search.text():
            return
        clear_results(self.results)
        for number, attendee in enumerate(matches):
            choice = button(f"event_self_match_{number}")
            choice.setText(" · ".join(p for p in (attendee.name.full, attendee.company) if p))
            choice.clicked.connect(lambda _c=False, a=attendee.id: self.attendee_chosen.emit(a))
            self.results.addWidget(choice)

    def show_attendee(self, attendee: Attendee) -> None:
        """The badge as it will print: the name they go by, large, and the rest below."""
        self.attendee = attendee
        self.search.setText("")
        clear_results(self.results)
        self.preview_name.setText(attendee.name.goes_by)
        self.preview_detail.setText(" · ".join(p for p in (attendee.name.full, attendee.company) if p))
        self.given.setText(attendee.name.given)
        self.family.setText(attendee.name.family)
        for widget in (self.given, self.family, self.save_button, self.print_button):
            widget.setVisible(True)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _save(self) -> None:
        if self.attendee:
            self.correct.emit(self.attendee.id, self.given.text(), self.family.text())

    def clear(self) -> None:
        self.attendee = None
        for field in (self.search, self.given, self.family):
            field.setText("")
        clear_results(self.results)
        self.preview_name.setText("")
        self.preview_detail.setText("")
        self.message.setText("")
        for widget in (self.given, self.family, self.save_button, self.print_button):
            widget.setVisible(False)
