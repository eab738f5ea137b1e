"""The door in staff mode: scan or search, a result readable from two metres, the live count.

The result stays until the next scan and the screen is ready for that scan at
once: checking in runs on the database lane, the badge on the print lane.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.access import Role
from kiosk.attendees import Attendee
from kiosk.checkin import UNSURE_WARNING, CheckinResult, Result
from kiosk.errors import N_
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, clear_results, label, line_edit, scrolling

UNSURE_OK = "ok_unsure"
#: Look of each answer: (style, icon). Text and icon carry the meaning, colour only helps.
LOOKS: dict[str, tuple[str, str]] = {
    "ready": ("ready", "▣"), Result.OK: ("ok", "✔"), Result.ALREADY_CHECKED_IN: ("warn", "⚠"),
    Result.NOT_CHECKED_IN: ("warn", "⚠"), Result.UNSURE: ("bad", "?"),
    #: Let in while other doors have not reported (the event allows it with a warning).
    UNSURE_OK: ("warn", "?"),
}
REFUSED = ("bad", "✖")
#: How long the search waits after a keystroke: longer than a scanner's gap between keys,
#: so a scan typed into the field never sets off a search, short enough for a person.
SEARCH_PAUSE_MS = 120
COLOURS = {"ready": ("#FFFFFF", "#1C1B1A"), "ok": ("#1E6B3A", "#FFFFFF"),
           "warn": ("#F2B705", "#1C1B1A"), "bad": ("#B3261E", "#FFFFFF")}
TITLES: dict[str, str] = {
    Result.OK: N_("Checked in"), Result.ALREADY_CHECKED_IN: N_("Already checked in"),
    Result.UNKNOWN: N_("Unknown ticket"), Result.NOT_VALID_NOW: N_("Not valid now"),
    Result.REVOKED: N_("Cancelled ticket"), Result.AMBIGUOUS: N_("Several tickets"),
    Result.NOT_CHECKED_IN: N_("Not checked in"), Result.UNSURE: N_("Not sure"),
}
CHECKED_OUT = N_("Checked out")


def look_of(result: CheckinResult) -> str:
    """Which look an answer gets: its code, or amber for an ok given while unsure."""
    return UNSURE_OK if result.ok and result.warning else result.result


def style_of(result: CheckinResult) -> str:
    """The colour of an answer (ok, warn or bad), which its sound follows too."""
    return LOOKS.get(look_of(result), REFUSED)[0]


class ResultPanel(QFrame):
    """Icon, title and detail, large; the background colour follows the answer."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("event_result")
        self.icon = QLabel()
        self.icon.setObjectName("event_result_icon")
        self.title = QLabel()
        self.title.setObjectName("event_result_title")
        self.detail = QLabel()
        self.detail.setObjectName("event_result_detail")
        self.detail.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 16, 32, 16)
        row.addWidget(self.icon)
        row.addLayout(text, 1)
        self.look = ""
        self.show_look("ready", "", "")

    def show_look(self, look: str, title: str, detail: str) -> None:
        """A new style sheet only when the colour changes: restyling is the costly part of a
        repaint, and one guest after another mostly gets the same colour."""
        style, icon = LOOKS.get(look, REFUSED)
        if style != self.look:
            self._restyle(style)
        self.look = style
        self.icon.setText(icon)
        self.title.setText(title)
        self.detail.setText(detail)

    def _restyle(self, style: str) -> None:
        background, foreground = COLOURS[style]
        self.setStyleSheet(f"QFrame#event_result {{ background: {background}; border-radius: 16px; }}"
                           f"QLabel {{ color: {foreground}; background: transparent; }}"
                           "QLabel#event_result_icon { font-size: 96px; }"
                           "QLabel#event_result_title { font-size: 56px; font-weight: bold; }"
                           "QLabel#event_result_detail { font-size: 30px; }")


class EventDoorScreen(Screen):
    name = "event_door"
    search_changed = Signal(str)
    attendee_chosen = Signal(str)
    walk_in = Signal()
    who_is_in = Signal()
    self_service = Signal()
    undo = Signal()
    override = Signal()
    reprint = Signal()
    settings = Signal()
    import_list = Signal()
    leave = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.role: Role | None = None
        self.heading = label("event_door_heading", "title")
        self.count = label("event_door_count", "subtitle")
        self.result = ResultPanel()
        self.search = line_edit("event_search")
        self.results = QVBoxLayout()
        self.warning = label("event_door_warning", "body")
        self.buttons = {name: button(f"event_{name}") for name in (
            "walk_in", "who_is_in", "self_service", "exit_mode", "undo", "override", "reprint",
            "settings", "import_list", "leave")}
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.count)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.result)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(scrolling(self.results, "event_door_results"), 1)
        self.layout_.addWidget(self.warning)
        grid = QGridLayout()  # two rows of five: the screen keeps its height, words still fit
        for number, widget in enumerate(self.buttons.values()):
            grid.addWidget(widget, number // 5, number % 5)
        self.layout_.addLayout(grid)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textEdited.connect(lambda _text: self._search_pause.start())
        for name, signal in (("walk_in", self.walk_in), ("who_is_in", self.who_is_in),
                             ("self_service", self.self_service), ("undo", self.undo),
                             ("override", self.override), ("reprint", self.reprint),
                             ("settings", self.settings), ("import_list", self.import_list),
                             ("leave", self.leave)):
            self.buttons[name].clicked.connect(signal)
        self.buttons["exit_mode"].clicked.connect(lambda: self.set_leaving(not self.leaving))
        self.last: CheckinResult | None = None
        #: Scanning people out (an event with exits): the door's way, switched by staff.
        self.leaving = False
        self.retranslate()

    def retranslate(self) -> None:
        texts = {"walk_in": N_("Walk-in"), "who_is_in": N_("Who is in"),
                 "self_service": N_("Self-service"),
                 "exit_mode": N_("Scan people in") if self.leaving else N_("Scan people out"),
                 "undo": N_("Undo last"), "override": N_("Let in anyway"),
                 "reprint": N_("Reprint badge"), "settings": N_("Event settings"),
                 "import_list": N_("Import a list"), "leave": N_("Leave")}
        for name, text in texts.items():
            self.buttons[name].setText(self.language.tr(text))
        self.search.setPlaceholderText(self.language.tr(N_("Search by name, company or e-mail")))
        if self.result.look == "ready":
            self._show_ready()

    def _show_ready(self) -> None:
        ready = N_("Ready to scan people out") if self.leaving else N_("Ready to scan")
        self.result.show_look("ready", self.language.tr(ready), "")

    def set_leaving(self, leaving: bool) -> None:
        """Switch the door between scanning people in and out; the next scan goes that way."""
        self.leaving = leaving
        self.last = None
        self._show_ready()
        self.retranslate()
        self._enable_supervisor_actions()

    def open_for(self, event_name: str, role: Role, *, exits: bool = False) -> None:
        self.role = role
        self.heading.setText(event_name)
        self.buttons["exit_mode"].setVisible(exits)
        if not exits and self.leaving:
            self.set_leaving(False)
        supervisor = role.allows(Role.SUPERVISOR)
        for name in ("undo", "override", "reprint", "settings", "import_list"):
            self.buttons[name].setVisible(supervisor)
        self._enable_supervisor_actions()

    def _enable_supervisor_actions(self) -> None:
        last = self.last
        self.buttons["undo"].setEnabled(bool(last and last.ok))
        self.buttons["override"].setEnabled(bool(last and last.attendee and not last.ok))
        self.buttons["reprint"].setEnabled(bool(last and last.attendee))

    def show_result(self, result: CheckinResult, detail: str, *, leaving: bool = False) -> None:
        self.last = result
        self.result.setVisible(True)
        attendee = result.attendee
        title = self.language.tr(CHECKED_OUT if result.ok and leaving else TITLES[result.result])
        if result.ok and attendee:
            title = f"{title}: {attendee.name.goes_by}"
        self.result.show_look(look_of(result), title, detail)
        self.warning.setText(self.language.tr(UNSURE_WARNING) if result.warning else "")
        self._enable_supervisor_actions()

    def show_problem(self, text: str) -> None:
        self.result.setVisible(True)
        self.result.show_look("problem", text, "")

    def show_count(self, inside: int, expected: int, by_door: dict[str, int]) -> None:
        doors = ", ".join(f"{door}: {n}" for door, n in by_door.items())
        text = self.language.tr(N_("Inside {inside} of {expected}"), inside=inside, expected=expected)
        self.count.setText(f"{text}\n{doors}" if doors else text)

    def show_matches(self, query: str, matches: list[Attendee]) -> None:
        if query != self.search.text():
            return
        clear_results(self.results)
        self.result.setVisible(not matches)  # the list needs the room while someone searches
        for number, attendee in enumerate(matches):
            choice = button(f"event_match_{number}")
            parts = [attendee.name.full, attendee.company, attendee.ticket_type]
            choice.setText(" · ".join(p for p in parts if p))
            choice.clicked.connect(lambda _c=False, a=attendee.id: self._chosen(a))
            self.results.addWidget(choice)

    def _chosen(self, attendee_id: str) -> None:
        self.search.setText("")
        clear_results(self.results)
        self.result.setVisible(True)
        self.attendee_chosen.emit(attendee_id)

    def show_notice(self, text: str) -> None:
        self.warning.setText(text)

    def clear(self) -> None:
        self.last = None
        self.search.setText("")
        clear_results(self.results)
        self.warning.setText("")
        self.set_leaving(False)
