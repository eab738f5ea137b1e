"""The kiosk window: screens in a stack, driven by the sign-in flow of kiosk.flow.

The window maps the flow's steps to screens, turns taps into service calls on
the lane that owns the resource (the database worker, or the print lane) and
results into screens; the rules and the order of the steps live in kiosk/.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import KioskConfig
from kiosk.db import DatabaseFault
from kiosk.errors import KioskError, Message, N_, ValidationError
from kiosk.flow import SignInFlow, Step
from kiosk.i18n import Translator
from kiosk.consent import ConsentWording
from kiosk.marketing import Decision
from kiosk.notices import Notice
from kiosk.other_doors import OtherDoors
from kiosk.printlog import ASK_RECEPTION
from kiosk.service import KioskService
from kiosk.validation import CleanDetails, VisitorDetails
from kiosk.visits import Visit
from ui import tokens
from ui.header import Header
from ui.idle import IdleOverlay, IdleWatcher
from ui.language import Language
from ui.preview import BadgePreview
from ui.scanner import ScannerListener
from ui.screens.base import Screen
from ui.screens.confirm import ConfirmScreen
from ui.screens.consent import ConsentScreen
from ui.screens.details import DetailsScreen
from ui.screens.done import PREVIEW_BOX, DoneScreen
from ui.screens.goodbye import GoodbyeScreen
from ui.screens.notice import NoticeScreen
from ui.screens.signout import SignOutScreen
from ui.screens.welcome import WelcomeScreen
from ui.tasks import TaskRunner
from ui.toast import Toast
from ui.widgets import label

if TYPE_CHECKING:
    from ui.screens.event import EventScreen

log = logging.getLogger(__name__)

UNEXPECTED = Message(N_("Something went wrong. Please ask reception for help."))
#: Seconds the last screen of a visit stays up before the kiosk is ready for the next person.
DONE_SECONDS = 30
GOODBYE_SECONDS = 10
SCANNED_OUT = Message(N_("{name} is signed out. Goodbye!"))


class BadgeIssuer(Protocol):
    """What the window needs from printing: the printed PDF and a word for the visitor."""

    def issue(self, visit: Visit, translate: Translator) -> PrintResult: ...


class PrintResult(Protocol):
    printed: bool
    pdf: bytes
    message: Message | None


def load_date_formats(languages: tuple[str, ...]) -> None:
    """Read babel's locale data from disk (about 30 ms for the first language) on a lane,
    so that the first notice's date does not make the UI thread wait for it. babel itself
    loads here too, off the start."""
    from babel.dates import format_date

    for code in languages:
        format_date(date(2026, 1, 1), "long", locale=code)


class KioskWindow(QWidget):
    def __init__(self, service: KioskService, badges: BadgeIssuer, *, tick_ms: int = 1000) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        self.service, self.badges, self.tick_ms = service, badges, tick_ms
        config = service.config
        self.language = Language(config.default_language)
        #: The database lane: the one owner of the service's SQLite connection.
        self.tasks = TaskRunner(self._failed, self)
        #: The print lane: rendering, previews and printers, so a slow printer never holds
        #: up the next visitor's screens or commits.
        self.print_lane = TaskRunner(self._failed, self)
        self.flow: SignInFlow | None = None
        #: The visit the done screen welcomes; a badge result for any other is not shown there.
        self.welcomed: Visit | None = None
        self.preview = BadgePreview()
        self._error: Message | None = None

        self.header = Header(self.language, config.languages, config.site_name)
        self.banner = label("error_banner", "banner")
        self.banner.hide()
        self.stack = QStackedWidget()
        self.welcome = WelcomeScreen(self.language, config.site_name)
        self.notice = NoticeScreen(self.language)
        self.details = DetailsScreen(self.language, service.field_problem)
        self.consent = ConsentScreen(self.language)
        self.confirm = ConfirmScreen(self.language)
        self.done = DoneScreen(self.language)
        self.sign_out = SignOutScreen(self.language)
        self.goodbye = GoodbyeScreen(self.language)
        self._event_screen: EventScreen | None = None
        #: Fed by the sync lane, read by the event door's offline policy.
        self.other_doors = OtherDoors()
        self.screens: list[Screen] = [self.welcome, self.notice, self.details, self.consent,
                                      self.confirm, self.done, self.sign_out, self.goodbye]
        for screen in self.screens:
            self.stack.addWidget(screen)
        self.step_screens: dict[str, Screen] = {
            Step.NOTICE: self.notice, Step.DETAILS: self.details, Step.CONSENT: self.consent,
            Step.CONFIRM: self.confirm, Step.DONE: self.done}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.idle = IdleWatcher(IdleOverlay(self, self.language), config.idle_timeout_s,
                                config.idle_warning_s, tick_ms)
        self.scanner = ScannerListener(self)
        self.toast = Toast(self, self.language, tick_ms)
        self._auto_home = QTimer(self)
        self._auto_home.setSingleShot(True)
        self._auto_home.timeout.connect(self.start_over)
        self._connect()
        self.tasks.run(lambda: load_date_formats(config.languages), lambda _none: None)
        self.resize(*tokens.WINDOW_SIZE)
        self.go(self.welcome)

    @property
    def event_screen(self) -> EventScreen:
        """The event screens, built when first opened: most kiosks never run an event, and the
        start should not pay for the door, the camera and the self-service screens."""
        if self._event_screen is None:
            from ui.event_badges import AttendeeBadges
            from ui.screens.event import EventScreen

            screen = EventScreen(self.language, self.service, self.tasks, self.print_lane,
                                 AttendeeBadges(self.service), self.other_doors)
            screen.back.connect(self.start_over)
            self.stack.addWidget(screen)
            self.screens.append(screen)
            self._event_screen = screen
        return self._event_screen

    # Navigation ---------------------------------------------------------------------------

    def go(self, screen: Screen) -> None:
        self._auto_home.stop()
        self._set_error(None)
        self.stack.setCurrentWidget(screen)
        self.header.home_button.setVisible(screen is not self.welcome)
        self.idle.set_enabled(screen is not self.welcome)
        screen.entered()

    def finish_work(self) -> None:
        """Let both lanes finish what they hold; for shutting down."""
        self.tasks.wait()
        self.print_lane.wait()

    def current(self) -> Screen:
        return self.stack.currentWidget()

    def use_config(self, config: KioskConfig) -> None:
        """Settings changed while the kiosk runs (on the console, or by the central service)
        hold from now on, without a restart; the language chosen at the start stays."""
        self.service.config = replace(config, default_language=self.service.config.default_language)
        self.idle.set_times(config.idle_timeout_s, config.idle_warning_s)

    def start_over(self) -> None:
        """Forget the visitor: every screen cleared, the default language back, welcome shown."""
        self.flow = None
        self.welcomed = None
        self.toast.dismiss()
        for screen in self.screens:
            screen.clear()
        self.language.set(self.service.config.default_language)
        self.go(self.welcome)

    def _go_later(self, seconds: int) -> None:
        self._auto_home.start(seconds * self.tick_ms)

    # Wiring -------------------------------------------------------------------------------------

    def _connect(self) -> None:
        self.header.home.connect(self.start_over)
        self.header.ask_before_start_over(lambda: self.current().holds_data())
        self.idle.expired.connect(self.start_over)
        self.scanner.scanned.connect(self._badge_scanned)
        self.language.changed.connect(self._language_changed)
        self.welcome.register.connect(self._open_notice)
        self.welcome.sign_out.connect(lambda: self.go(self.sign_out))
        self.welcome.event_chosen.connect(lambda: self.go(self.event_screen))
        for screen in (self.notice, self.details, self.consent, self.confirm):
            screen.back.connect(self._back)
        self.notice.accepted.connect(self._notice_accepted)
        self.details.host_query.connect(self._search_hosts)
        self.details.submitted.connect(self._details_submitted)
        self.consent.decided.connect(self._consent_decided)
        self.confirm.confirmed.connect(self._register)
        self.done.finished.connect(self.start_over)
        self.sign_out.back.connect(self.start_over)
        self.sign_out.query.connect(self._search_on_site)
        self.sign_out.chosen.connect(self._sign_out_visit)
        self.goodbye.finished.connect(self.start_over)

    # Sign-in: the flow decides, the window shows ----------------------------------------------

    def _show_step(self, step: str) -> None:
        self.go(self.step_screens[step])

    def _back(self) -> None:
        step = self.flow.back() if self.flow else None
        if step is None:
            self.start_over()
        else:
            self._show_step(step)

    def _open_notice(self) -> None:
        self.flow = SignInFlow(self.language.code)
        self.notice.clear()
        self._show_step(self.flow.step)
        self._load_notice()

    def _load_notice(self) -> None:
        language = self.language.code
        self.tasks.run(lambda: self.service.notice(language), self._notice_loaded)

    def _notice_loaded(self, notice: Notice) -> None:
        if notice.language == self.language.code:
            self.notice.show_notice(notice)

    def _notice_accepted(self) -> None:
        self._show_step(self.flow.notice_read(self.notice.notice))
        self.details.show_field("given_name")

    def _search_hosts(self, query: str) -> None:
        self.tasks.run(lambda: self.service.search_hosts(query),
                       lambda matches: self.details.show_host_matches(query, matches))

    def _details_submitted(self, details: VisitorDetails) -> None:
        try:
            clean = self.service.validate(details)
        except ValidationError as exc:
            self.details.show_problems(exc.errors)
            return
        self.details.show_problems({})
        host_name = self.details.host.name if self.details.host else ""
        flow, language = self.flow, self.language.code

        def ask() -> tuple[bool, ConsentWording | None]:
            return self.service.is_suppressed(clean), self.service.marketing_wording(language)

        self.tasks.run(ask, lambda known: self._marketing_known(flow, clean, host_name, *known))

    def _marketing_known(self, flow: SignInFlow, clean: CleanDetails, host_name: str,
                         suppressed: bool, wording: ConsentWording | None) -> None:
        if flow is not self.flow or flow.step != "details":
            # The person left, or tapped Next twice and the first answer already moved on.
            return
        step = flow.details_given(clean, host_name, suppressed=suppressed, wording=wording)
        if wording is not None:
            self.consent.show_wording(wording.text)
        self._show_summary_if(step)
        self._show_step(step)

    def _consent_decided(self, decision: Decision) -> None:
        step = self.flow.consent_decided(decision)
        self._show_summary_if(step)
        self._show_step(step)

    def _load_wording(self) -> None:
        """The person changed language on the question: ask it in the installed words of that one."""
        flow, language = self.flow, self.language.code
        self.tasks.run(lambda: self.service.marketing_wording(language),
                       lambda wording: self._wording_loaded(flow, wording))

    def _wording_loaded(self, flow: SignInFlow, wording: ConsentWording | None) -> None:
        if flow is self.flow and wording is not None and self.current() is self.consent:
            flow.wording_shown(wording)
            self.consent.show_wording(wording.text)

    def _show_summary_if(self, step: str) -> None:
        if step == Step.CONFIRM:
            draft = self.flow.draft
            self.confirm.show_summary(draft.details, draft.host_name, draft.consent)

    def _register(self) -> None:
        flow = self.flow
        flow.language_chosen(self.language.code)
        registration = flow.confirmed()
        self.tasks.run(lambda: self.service.register_visit(registration),
                       lambda visit: self._registered(flow, visit), self._register_failed)

    def _register_failed(self, error: Exception) -> None:
        self.confirm.set_busy(False)
        self._failed(error)

    def _registered(self, flow: SignInFlow, visit: Visit) -> None:
        """Stored: welcome the visitor even if the screen moved on meanwhile, since the badge is theirs."""
        if flow is self.flow:
            flow.stored()
        self.flow = None
        self.welcomed = visit
        self.done.show_visit(visit)
        self.go(self.done)
        self._issue_badge(visit)
        self._go_later(DONE_SECONDS)

    def _issue_badge(self, visit: Visit) -> None:
        """Print on the print lane; whatever goes wrong there, the badge waits for reception."""
        translator = Translator(visit.language)

        def issue() -> tuple[QImage, Message | None]:
            outcome = self.badges.issue(visit, translator)
            try:
                image = self.preview.image(outcome.pdf, PREVIEW_BOX)
            except Exception:  # the badge is printed (or queued); a preview is only a picture
                log.exception("badge preview failed")
                image = QImage()
            return image, outcome.message

        self.print_lane.run(issue, lambda result: self._badge_issued(visit, *result),
                            lambda error: self._badge_failed(visit, error))

    def _badge_issued(self, visit: Visit, image: QImage, message: Message | None) -> None:
        if self.welcomed is visit:
            self.done.show_badge(image, message)

    def _badge_failed(self, visit: Visit, error: Exception) -> None:
        """The issuer itself failed: queue the badge for a reprint and send the visitor to reception."""
        reason = f"{type(error).__name__}: {error}"
        self.tasks.run(lambda: self.service.queue_badge(visit.badge_token, reason), lambda _r: None,
                       lambda error: log.error("badge of visit %s not queued for reprint: %s",
                                               visit.id, error))
        if self.welcomed is visit:
            self.done.show_badge(QImage(), Message(ASK_RECEPTION))

    # Sign-out ----------------------------------------------------------------------------------

    def _search_on_site(self, query: str) -> None:
        self.tasks.run(lambda: self.service.find_on_site(query),
                       lambda matches: self.sign_out.show_matches(query, matches))

    def _sign_out_visit(self, visit_id: str) -> None:
        self.tasks.run(lambda: self.service.sign_out(visit_id, "search"), self._signed_out,
                       self._sign_out_failed)

    def _badge_scanned(self, token: str) -> None:
        """A scan signs its visitor out. Someone else may be filling in the form meanwhile:
        then the scanned visitor reads a short message over it, and the form stays."""
        if self.flow is not None:
            self.tasks.run(lambda: self.service.sign_out_by_token(token), self._scanned_out_aside,
                           lambda error: self._scan_failed_aside(error))
            return
        self.start_over()
        self.tasks.run(lambda: self.service.sign_out_by_token(token), self._scanned_out,
                       self._sign_out_failed)

    def _scanned_out_aside(self, visit: Visit) -> None:
        self.toast.show_message(Message(SCANNED_OUT.text, {"name": visit.name.goes_by}))

    def _scan_failed_aside(self, error: Exception) -> None:
        self.toast.show_message(error.message if isinstance(error, KioskError) else UNEXPECTED)

    def _scanned_out(self, visit: Visit) -> None:
        """A scan carries no language choice: say goodbye in the one the visitor signed in with."""
        if visit.language in self.service.config.languages:
            self.language.set(visit.language)
        self._signed_out(visit)

    def _signed_out(self, visit: Visit) -> None:
        self.sign_out.clear()
        self.goodbye.show_goodbye(visit.name)
        self.go(self.goodbye)
        self._go_later(GOODBYE_SECONDS)

    def _sign_out_failed(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            self._failed(error)
            return
        self.goodbye.show_problem(error.message)
        self.go(self.goodbye)
        self._go_later(GOODBYE_SECONDS)

    # Errors and language ----------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DatabaseFault):
            self.service.note_fault(error)
        self._set_error(error.message if isinstance(error, KioskError) else UNEXPECTED)

    def _set_error(self, message: Message | None) -> None:
        self._error = message
        self.banner.setText(self.language.message(message) if message else "")
        self.banner.setVisible(message is not None)

    def _language_changed(self, code: str) -> None:
        if self.flow is not None:
            self.flow.language_chosen(code)
        self._set_error(self._error)
        if self.current() is self.notice:
            self._load_notice()
        elif self.current() is self.consent:
            self._load_wording()
