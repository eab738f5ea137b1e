"""Event check-in: the PIN pad, the staff door, self-service, walk-ins and the list of who is in.

The screen holds its pages in a stack and drives them from the event's door
(kiosk/door.py) on the window's database lane; badges go to the print lane.
Without an event on this kiosk it says so, plainly.
"""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget

from kiosk.access import Attempt, Role, access_for
from kiosk.attendees import Attendee
from kiosk.checkin import RESULT_TEXTS, CheckinResult, Direction, Inside
from kiosk.door import Counts, EventDoor, current_event, save_event_settings, syncs_with_others
from kiosk.other_doors import OtherDoors
from kiosk.errors import ValidationError
from kiosk.import_files import Preview, import_folders, list_files, preview
from kiosk.importers import ImportReport
from kiosk.errors import KioskError, N_
from kiosk.events import DoorMode, Event
from kiosk.service import KioskService
from ui.camera import CameraDecoder
from ui.event_sound import ResultSound
from ui.event_scanner import TicketScanner
from kiosk.heap import Settling, settle
from ui.language import Language
from ui.screens.base import Screen
from ui.screens.event_door import EventDoorScreen, style_of
from ui.screens.event_self import SelfServiceScreen
from ui.screens.event_settings import EventSettingsPage, ImportPage
from ui.screens.event_walk_in import WalkIn
from ui.tasks import TaskRunner
from ui.widgets import button, footer, label, line_edit, scrolling

log = logging.getLogger(__name__)
ALREADY_PRINTED = N_("A badge was already printed for this ticket; this is a second one.")
#: The live count follows the scans at most this often: counting is the door's heaviest
#: query, and a guest's answer must never wait behind it.
COUNT_REFRESH_MS = 1000
NO_EVENT = N_("No event is open on this kiosk yet. Please ask reception for help.")
NO_EVENT_YET = N_("No event is open on this kiosk yet. A supervisor can create one with their PIN.")
SOMETHING_WRONG = N_("Something went wrong. Please ask reception for help.")
GOODBYE = N_("Goodbye, {name}!")


class _Page(Screen):
    """A page of the event screen: the same look and language as every screen."""


class PinPage(_Page):
    name = "event_pin"
    submitted = Signal(str)
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_title", "title")
        self.text = label("event_text", "subtitle")
        self.pin = line_edit("event_pin")
        self.pin.setEchoMode(self.pin.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.open_button = button("event_open", "primary")
        self.message = label("event_pin_message", "body")
        self.back_button = button("event_back")
        # Centred by their own alignment, not the layout's: a layout-aligned label gets its
        # one-line size hint and squeezes a wrapped text into a single line.
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(1)
        for widget in (self.title, self.text, self.pin, self.message):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(2)
        self.layout_.addLayout(footer(self.back_button, self.open_button))
        self.open_button.clicked.connect(lambda: self.submitted.emit(self.pin.text()))
        self.pin.returnPressed.connect(lambda: self.submitted.emit(self.pin.text()))
        self.back_button.clicked.connect(self.back)
        self.show_event(None)

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(self.event.name if self.event else tr("Event check-in"))
        if self.event:
            self.text.setText(tr(N_("Staff: enter your PIN.")))
        elif self.staff:
            self.text.setText(tr(NO_EVENT_YET))
        else:
            self.text.setText(tr(NO_EVENT))
        self.pin.setPlaceholderText(tr(N_("PIN")))
        self.open_button.setText(tr(N_("Open")))
        self.back_button.setText(tr("Back to start"))

    def show_event(self, event: Event | None, staff: bool = True) -> None:
        """Without an event a supervisor's PIN still opens the screens, to create one."""
        self.event, self.staff = event, staff
        for widget in (self.pin, self.open_button):
            widget.setVisible(event is not None or staff)
        self.retranslate()

    def clear(self) -> None:
        self.pin.setText("")
        self.message.setText("")


class InsidePage(_Page):
    name = "event_inside"
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_inside_title", "title")
        self.list = label("event_inside_list", "body")
        self.list.setTextFormat(Qt.TextFormat.PlainText)
        self.back_button = button("event_inside_back")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(scrolling(self.list, "event_inside_scroll"), 1)
        self.layout_.addLayout(footer(self.back_button))
        self.back_button.clicked.connect(self.back)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.language.tr(N_("Who is in")))
        self.back_button.setText(self.language.tr(N_("Back")))

    def show_inside(self, inside: list[Inside], local) -> None:  # noqa: ANN001 - a formatter
        self.list.setText("\n".join(f"{i.attendee.name.full} · {i.attendee.company} · {i.door} · "
                                    f"{local(i.since)}" for i in inside))

    def clear(self) -> None:
        self.list.setText("")


class EventScreen(Screen):
    name = "event"
    back = Signal()
    #: Emitted with the milliseconds from a scan to its result on screen (for the door bench).
    result_shown = Signal(float)
    #: A check-in was stored: the sync lane may send it (and hear other doors') now.
    recorded = Signal()

    def __init__(self, language: Language, service: KioskService | None = None,
                 tasks: TaskRunner | None = None, print_lane: TaskRunner | None = None,
                 badges: object | None = None, other_doors: OtherDoors | None = None) -> None:
        super().__init__(language)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.service, self.tasks, self.print_lane, self.badges = service, tasks, print_lane, badges
        self.door: EventDoor | None = None
        self.role: Role | None = None
        self.leaving_self_service = False
        self._settling = Settling()  # badges waiting for the printer stay out of full collections
        self.pages = QStackedWidget()
        self.pin_page = PinPage(language)
        self.door_page = EventDoorScreen(language)
        self.self_page = SelfServiceScreen(language)
        self.walk_in = WalkIn(language, tasks, lambda: self.door, lambda: f"staff:{self.role}")
        self.inside_page = InsidePage(language)
        self.settings_page = EventSettingsPage(language)
        self.import_page = ImportPage(language)
        self._preview: Preview | None = None
        self._counts: Counts | None = None
        for page in (self.pin_page, self.door_page, self.self_page, *self.walk_in.pages,
                     self.inside_page, self.settings_page, self.import_page):
            self.pages.addWidget(page)
        self.layout_.addWidget(self.pages)
        self.scanner = TicketScanner(self)
        self.camera = CameraDecoder(self)
        self.sound = ResultSound(self)
        #: Fed by the sync lane (`other_doors.heard(moment)` after each successful download).
        self.other_doors = other_doors or OtherDoors()
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_REFRESH_MS)
        self._count_timer.timeout.connect(self._refresh_count)
        self._connect()

    # Names kept for the window and the tour.
    @property
    def back_button(self):  # noqa: ANN201 - a QPushButton
        return self.pin_page.back_button

    @property
    def title(self):  # noqa: ANN201
        return self.pin_page.title

    @property
    def text(self):  # noqa: ANN201
        return self.pin_page.text

    def _connect(self) -> None:
        self.pin_page.back.connect(self._leave)
        self.pin_page.submitted.connect(self._pin_entered)
        door = self.door_page
        door.search_changed.connect(lambda q: self._search(q, door))
        door.attendee_chosen.connect(lambda a: self._check_in(
            lambda d, way: d.check_in_attendee(a, direction=way), way=self._way()))
        door.walk_in.connect(self.walk_in.start)
        door.who_is_in.connect(self._load_inside)
        door.self_service.connect(lambda: self._show(self.self_page))
        door.undo.connect(self._undo)
        door.override.connect(self._override)
        door.reprint.connect(self._reprint)
        door.leave.connect(self._leave)
        door.settings.connect(lambda: self._edit_event(self.door.event if self.door else None))
        door.import_list.connect(self._open_import)
        self.settings_page.saved.connect(self._save_event)
        self.settings_page.back.connect(self._settings_left)
        self.import_page.back.connect(self._import_back)
        self.import_page.file_chosen.connect(self._file_chosen)
        self.import_page.confirmed.connect(self._run_import)
        page = self.self_page
        page.search_changed.connect(lambda q: self._search(q, page))
        page.attendee_chosen.connect(self._self_chosen)
        page.correct.connect(self._correct)
        page.print_badge.connect(lambda a: self._check_in(lambda d, way: d.check_in_attendee(a)))
        page.staff.connect(self._staff_wanted)
        self.walk_in.page_wanted.connect(self._show)
        self.walk_in.left.connect(lambda: self._show(self.door_page))
        self.walk_in.checked_in.connect(self._walked_in)
        self.inside_page.back.connect(lambda: self._show(self.door_page))
        self.scanner.scanned.connect(self.scan)
        self.camera.decoded.connect(self.scan)

    # Pages ------------------------------------------------------------------------------------

    def _show(self, page: Screen) -> None:
        self.pages.setCurrentWidget(page)

    def page(self) -> Screen:
        return self.pages.currentWidget()

    def entered(self) -> None:
        """Find this kiosk's event, then ask for the staff PIN."""
        self.role = None
        self.leaving_self_service = False
        self._show(self.pin_page)
        QApplication.instance().installEventFilter(self.scanner)
        if self.service is None or self.tasks is None:
            self.pin_page.show_event(None, staff=False)
            return
        service = self.service
        self.tasks.run(lambda: (current_event(service), syncs_with_others(service)), self._event_found)

    def _event_found(self, found: tuple[Event | None, bool]) -> None:
        event, syncs = found
        self.other_doors.syncs = self.other_doors.syncs or syncs
        self.door = EventDoor(self.service, event, other_doors=self.other_doors) if event else None
        self._counts = None
        self.sound.enable(bool(event and event.result_sound))
        self.pin_page.show_event(event)

    def _leave(self) -> None:
        QApplication.instance().removeEventFilter(self.scanner)
        self.camera.stop()
        self.back.emit()

    def clear(self) -> None:
        QApplication.instance().removeEventFilter(self.scanner)
        self.role = None
        self.walk_in.clear()
        self._preview = None
        for page in (self.pin_page, self.door_page, self.self_page, self.inside_page,
                     self.settings_page, self.import_page):
            page.clear()

    # Access ---------------------------------------------------------------------------------------

    def _pin_entered(self, pin: str) -> None:
        if self.service is None or self.tasks is None:
            return
        service = self.service
        self.pin_page.pin.setText("")
        self.tasks.run(lambda: access_for(service).attempt(pin, Role.STEWARD), self._attempted)

    def _attempted(self, attempt: Attempt) -> None:
        if not attempt.granted:
            self.pin_page.message.setText(self.language.message(attempt.message))
            return
        self.pin_page.message.setText("")
        self.role = attempt.role
        if self.door is not None:
            self._open_door()
        elif attempt.role.allows(Role.SUPERVISOR):
            self._edit_event(None)  # no event yet: a supervisor creates the first one
        else:
            self.pin_page.message.setText(self.language.tr(NO_EVENT))

    def _open_door(self) -> None:
        self.door_page.open_for(self.door.event.name, self.role,
                                exits=self.door.event.door_mode is DoorMode.ENTRY_EXIT)
        self._show(self.door_page)
        self._refresh_count()
        settle()  # the door's screens and models are here for the day

    def _staff_wanted(self) -> None:
        """A staff PIN leaves self-service."""
        self.role = None
        self.pin_page.clear()
        self._show(self.pin_page)

    # Scans and check-ins ---------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A ticket from the scanner or the camera: on the door, check in; in self-service, look."""
        if self.door is None or self.page() is self.pin_page:
            return
        if self.page() is self.self_page:
            door = self.door
            self.tasks.run(lambda: door.find(code), self._self_found)
            return
        if self.page() is not self.door_page:
            self._show(self.door_page)
        started = time.perf_counter()
        self._check_in(lambda d, way: d.scan(code, direction=way), started, way=self._way())

    def _way(self) -> Direction:
        return Direction.EXIT if self.door_page.leaving else Direction.ENTRY

    def _check_in(self, op, started: float | None = None, *,  # noqa: ANN001 - op(door, way)
                  way: Direction = Direction.ENTRY) -> None:
        """Only the check-in itself runs before the answer; the count follows on its own."""
        door = self.door
        began = started if started is not None else time.perf_counter()
        self.tasks.run(lambda: op(door, way), lambda result: self._checked_in(result, began, way),
                       self._check_in_failed)

    def _checked_in(self, result: CheckinResult, began: float,
                    way: Direction = Direction.ENTRY) -> None:
        leaving = way is Direction.EXIT
        detail = self._describe(result, leaving)
        if self.page() is self.self_page:
            self.self_page.show_message(detail if not result.ok else self.language.tr(
                N_("You are checked in. Your badge is being printed.")))
        else:
            self.door_page.show_result(result, detail, leaving=leaving)
        self.result_shown.emit((time.perf_counter() - began) * 1000)
        self._settling.answered()
        self.sound.play(style_of(result), result.result)
        self.recorded.emit()
        if result.ok and result.attendee and not leaving and not result.returning:
            self._print(result.attendee)
        if result.ok and self._counts is not None:  # at once; the refresh below makes it exact
            self._show_counts(self._counts.after_pass(self.door.door.door, -1 if leaving else 1))
        if not self._count_timer.isActive():
            self._count_timer.start()

    def _check_in_failed(self, error: Exception) -> None:
        text = self._error_text(error)
        if self.page() is self.self_page:
            self.self_page.show_message(text)
        else:
            self.door_page.show_problem(text)

    def _describe(self, result: CheckinResult, leaving: bool = False) -> str:
        event = self.door.event
        params: dict[str, object] = {"opens": self._local(event.checkin_opens_at),
                                     "closes": self._local(event.checkin_closes_at)}
        if result.attendee:
            params["name"] = result.attendee.name.full
        if result.previous:
            params.update(time=self._local(result.previous.scanned_at), door=result.previous.door)
        text = self.language.tr(RESULT_TEXTS[result.result], **params)
        if result.ok and leaving:
            return self.language.tr(GOODBYE, **params)
        if result.ok and result.attendee and result.attendee.ticket_type:
            text = f"{result.attendee.name.full} · {result.attendee.ticket_type}"
        return text

    def _local(self, moment) -> str:  # noqa: ANN001 - a datetime
        return moment.astimezone(self.service.config.zone).strftime("%H:%M")

    def _refresh_count(self) -> None:
        door = self.door
        if door is not None:
            self.tasks.run(door.counts, self._show_counts)

    def _show_counts(self, counts: Counts) -> None:
        self._counts = counts
        self.door_page.show_count(counts.inside, counts.expected, counts.by_door)

    # Supervisor ---------------------------------------------------------------------------------

    def _supervisor(self) -> str | None:
        return f"staff:{self.role}" if self.role and self.role.allows(Role.SUPERVISOR) else None

    def _undo(self) -> None:
        last, who = self.door_page.last, self._supervisor()
        if not (last and last.ok and who):
            return
        door = self.door
        self.tasks.run(lambda: door.undo(last.id, who), self._undone, self._check_in_failed)

    def _undone(self, _nothing: None) -> None:
        self.door_page.last = None
        self.door_page.show_problem(self.language.tr(N_("Check-in undone.")))
        self._refresh_count()

    def _override(self) -> None:
        last, who = self.door_page.last, self._supervisor()
        if last and last.attendee and not last.ok and who:
            attendee_id = last.attendee.id
            self._check_in(lambda d, way: d.check_in_attendee(attendee_id, override_by=who))

    def _reprint(self) -> None:
        last = self.door_page.last
        if last and last.attendee and self._supervisor():
            attendee, door = last.attendee, self.door
            self.tasks.run(lambda: door.printed_before(attendee.ticket_code),
                           lambda before: self._reprint_checked(attendee, before))

    def _reprint_checked(self, attendee: Attendee, printed_before: bool) -> None:
        if printed_before:
            self.door_page.show_notice(self.language.tr(ALREADY_PRINTED))
        self._print(attendee, reprint=printed_before)

    def _print(self, attendee: Attendee, *, reprint: bool = False) -> None:
        if self.badges is None or self.print_lane is None:
            return
        badges, event, translate = self.badges, self.door.event, self.language.translator
        self.print_lane.run(lambda: badges.issue(attendee, event, translate, reprint=reprint),
                            lambda _outcome: None, lambda error: log.warning("badge: %s", error))

    # Search, self-service, walk-ins, who is in -------------------------------------------------

    def _search(self, query: str, page) -> None:  # noqa: ANN001 - a page with show_matches
        door = self.door
        if door is not None:
            self.tasks.run(lambda: door.search(query), lambda found: page.show_matches(query, found))

    def _self_chosen(self, attendee_id: str) -> None:
        door = self.door
        self.tasks.run(lambda: door.find_by_id(attendee_id), self._self_found)

    def _self_found(self, attendee: Attendee | None) -> None:
        if attendee is None:
            self.self_page.show_message(self.language.tr(RESULT_TEXTS["unknown"]))
            return
        self.self_page.show_attendee(attendee)
        self.self_page.show_message("")

    def _correct(self, attendee_id: str, given: str, family: str) -> None:
        door = self.door
        self.tasks.run(lambda: door.correct_name(attendee_id, given, family), self._corrected,
                       self._check_in_failed)

    def _corrected(self, attendee: Attendee) -> None:
        self.self_page.show_attendee(attendee)
        self.self_page.show_message(self.language.tr(N_("Your name is corrected.")))

    def _walked_in(self, result: CheckinResult) -> None:
        self._show(self.door_page)
        self._checked_in(result, time.perf_counter())

    # Event settings and imports (supervisor) ---------------------------------------------------

    def _edit_event(self, event: Event | None) -> None:
        if self._supervisor() is None and event is not None:
            return
        self.settings_page.show_event(event, lambda m: m.astimezone(self.service.config.zone))
        self._show(self.settings_page)

    def _settings_left(self) -> None:
        if self.door is not None:
            self._show(self.door_page)
        else:
            self.role = None
            self._show(self.pin_page)

    def _save_event(self, texts: dict[str, str]) -> None:
        service, base, actor = self.service, self.settings_page.event, f"staff:{self.role}"
        self.tasks.run(lambda: save_event_settings(service, base, texts, actor), self._event_saved,
                       self._event_not_saved)

    def _event_saved(self, event: Event) -> None:
        self._counts = None
        self.door = EventDoor(self.service, event, other_doors=self.other_doors)
        self.sound.enable(event.result_sound)
        self.pin_page.show_event(event)
        self._open_door()

    def _event_not_saved(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.settings_page.show_problems(error.errors)
        else:
            self.settings_page.message.setText(self._error_text(error))

    def _open_import(self) -> None:
        if self._supervisor() is None or self.door is None:
            return
        self.import_page.clear()
        self._show(self.import_page)
        data_dir = self.service.data_dir

        def look() -> tuple[list, list]:
            folders = import_folders(data_dir)
            return list_files(folders), folders

        self.tasks.run(look, lambda found: self.import_page.show_files(*found), self._import_failed)

    def _file_chosen(self, path) -> None:  # noqa: ANN001 - a Path
        self.tasks.run(lambda: preview(path), self._previewed, self._import_failed)

    def _previewed(self, shown: Preview) -> None:
        self._preview = shown
        self.import_page.show_preview(shown)

    def _run_import(self, fields: list[str]) -> None:
        shown, door, actor = self._preview, self.door, f"staff:{self.role}"
        if shown is None or door is None:
            return
        self.import_page.import_button.setEnabled(False)
        self.tasks.run(lambda: door.import_list(shown.data, shown.overrides(fields), actor),
                       self._imported, self._import_failed)

    def _imported(self, report: ImportReport) -> None:
        self._preview = None
        self.import_page.import_button.setEnabled(True)
        self.import_page.show_report(report)
        self._refresh_count()

    def _import_failed(self, error: Exception) -> None:
        self.import_page.import_button.setEnabled(True)
        self.import_page.show_problem(self._error_text(error))

    def _error_text(self, error: Exception) -> str:
        """A fault in the user's language: every problem of a check, or one message."""
        if isinstance(error, ValidationError):
            return "\n".join(self.language.message(m) for m in error.errors.values())
        if isinstance(error, KioskError):
            return self.language.message(error.message)
        return self.language.tr(SOMETHING_WRONG)

    def _import_back(self) -> None:
        """From the columns or the report back to the list of files; from there to the door."""
        if self.import_page.stage == "files":
            self._show(self.door_page)
        else:
            self._open_import()

    def _load_inside(self) -> None:
        door = self.door
        self.tasks.run(door.who_is_in, lambda inside: (
            self.inside_page.show_inside(inside, self._local), self._show(self.inside_page)))
