"""The kiosk window: screens in a stack, and the flow that moves a visitor between them.

The window turns taps into service calls on the worker and results into screens;
the rules live in the services.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError, Message, N_, ValidationError
from kiosk.i18n import Translator
from kiosk.marketing import ConsentShown, Decision
from kiosk.notices import Notice
from kiosk.service import KioskService
from kiosk.validation import CleanDetails, VisitorDetails
from kiosk.visits import NoticeShown, Registration, Visit
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
from ui.screens.event import EventScreen
from ui.screens.goodbye import GoodbyeScreen
from ui.screens.notice import NoticeScreen
from ui.screens.signout import SignOutScreen
from ui.screens.welcome import WelcomeScreen
from ui.tasks import TaskRunner
from ui.widgets import label

UNEXPECTED = Message(N_("Something went wrong. Please ask reception for help."))
#: Seconds the last screen of a visit stays up before the kiosk is ready for the next person.
DONE_SECONDS = 30
GOODBYE_SECONDS = 10


class BadgeIssuer(Protocol):
    """What the window needs from printing: the printed PDF and a word for the visitor."""

    def issue(self, visit: Visit, translate: Translator) -> PrintResult: ...


class PrintResult(Protocol):
    printed: bool
    pdf: bytes
    message: Message | None


@dataclass
class _Draft:
    """The visitor being registered; dropped whole when the kiosk starts over."""

    notice: Notice | None = None
    details: CleanDetails | None = None
    host_name: str = ""
    consent: ConsentShown | None = None


class KioskWindow(QWidget):
    def __init__(self, service: KioskService, badges: BadgeIssuer, *, tick_ms: int = 1000) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        self.service, self.badges, self.tick_ms = service, badges, tick_ms
        config = service.config
        self.language = Language(config.default_language)
        self.tasks = TaskRunner(self._failed)
        self.draft = _Draft()
        self.preview = BadgePreview()
        self._error: Message | None = None

        self.header = Header(self.language, config.languages, config.site_name)
        self.banner = label("error_banner", "banner")
        self.banner.hide()
        self.stack = QStackedWidget()
        self.welcome = WelcomeScreen(self.language, config.site_name)
        self.notice = NoticeScreen(self.language)
        self.details = DetailsScreen(self.language, service.field_problem)
        self.consent = ConsentScreen(self.language, config.company_name)
        self.confirm = ConfirmScreen(self.language)
        self.done = DoneScreen(self.language)
        self.sign_out = SignOutScreen(self.language)
        self.goodbye = GoodbyeScreen(self.language)
        self.event_screen = EventScreen(self.language)
        self.screens: list[Screen] = [self.welcome, self.notice, self.details, self.consent,
                                      self.confirm, self.done, self.sign_out, self.goodbye, self.event_screen]
        for screen in self.screens:
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.idle = IdleWatcher(IdleOverlay(self, self.language), config.idle_timeout_s,
                                config.idle_warning_s, tick_ms)
        self.scanner = ScannerListener(self)
        self._auto_home = QTimer(self)
        self._auto_home.setSingleShot(True)
        self._auto_home.timeout.connect(self.start_over)
        self._connect()
        self.resize(*tokens.WINDOW_SIZE)
        self.go(self.welcome)

    # Navigation ---------------------------------------------------------------------------

    def go(self, screen: Screen) -> None:
        self._auto_home.stop()
        self._set_error(None)
        self.stack.setCurrentWidget(screen)
        self.header.home_button.setVisible(screen is not self.welcome)
        self.idle.set_enabled(screen is not self.welcome)
        screen.entered()

    def current(self) -> Screen:
        return self.stack.currentWidget()

    def start_over(self) -> None:
        """Forget the visitor: every screen cleared, the default language back, welcome shown."""
        self.draft = _Draft()
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
        self.notice.back.connect(self.start_over)
        self.notice.accepted.connect(self._notice_accepted)
        self.details.back.connect(lambda: self.go(self.notice))
        self.details.host_query.connect(self._search_hosts)
        self.details.submitted.connect(self._details_submitted)
        self.consent.back.connect(lambda: self.go(self.details))
        self.consent.decided.connect(self._consent_decided)
        self.confirm.back.connect(lambda: self.go(self.details))
        self.confirm.confirmed.connect(self._register)
        self.done.finished.connect(self.start_over)
        self.sign_out.back.connect(self.start_over)
        self.sign_out.query.connect(self._search_on_site)
        self.sign_out.chosen.connect(self._sign_out_visit)
        self.goodbye.finished.connect(self.start_over)
        self.event_screen.back.connect(self.start_over)

    # Sign-in ---------------------------------------------------------------------------------

    def _open_notice(self) -> None:
        self.notice.clear()
        self.go(self.notice)
        self._load_notice()

    def _load_notice(self) -> None:
        language = self.language.code
        self.tasks.run(lambda: self.service.notice(language), self._notice_loaded)

    def _notice_loaded(self, notice: Notice) -> None:
        if notice.language == self.language.code:
            self.notice.show_notice(notice)

    def _notice_accepted(self) -> None:
        self.draft.notice = self.notice.notice
        self.go(self.details)
        self.details.fields["full_name"].edit.setFocus()

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
        self.draft.details = clean
        self.draft.host_name = self.details.host.name if self.details.host else ""
        self.tasks.run(lambda: self.service.is_suppressed(clean), self._suppression_known)

    def _suppression_known(self, suppressed: bool) -> None:
        if suppressed:
            self._consent_decided(ConsentShown(Decision.NOT_ASKED, ""))
        else:
            self.go(self.consent)

    def _consent_decided(self, consent: ConsentShown) -> None:
        self.draft.consent = consent
        self.confirm.show_summary(self.draft.details, self.draft.host_name, consent)
        self.go(self.confirm)

    def _register(self) -> None:
        draft, language = self.draft, self.language.code
        registration = Registration(draft.details, language,
                                    NoticeShown(draft.notice.version, draft.notice.text_hash),
                                    draft.consent)
        self.tasks.run(lambda: self.service.register_visit(registration), self._registered,
                       self._register_failed)

    def _register_failed(self, error: Exception) -> None:
        self.confirm.set_busy(False)
        self._failed(error)

    def _registered(self, visit: Visit) -> None:
        self.draft = _Draft()
        self.done.show_visit(visit)
        self.go(self.done)
        translator = Translator(visit.language)

        def issue() -> tuple[QImage, Message | None]:
            outcome = self.badges.issue(visit, translator)
            return self.preview.image(outcome.pdf, PREVIEW_BOX), outcome.message

        self.tasks.run(issue, self._badge_issued)
        self._go_later(DONE_SECONDS)

    def _badge_issued(self, result: tuple[QImage, Message | None]) -> None:
        self.done.show_badge(*result)

    # Sign-out ----------------------------------------------------------------------------------

    def _search_on_site(self, query: str) -> None:
        self.tasks.run(lambda: self.service.find_on_site(query),
                       lambda matches: self.sign_out.show_matches(query, matches))

    def _sign_out_visit(self, visit_id: str) -> None:
        self.tasks.run(lambda: self.service.sign_out(visit_id, "search"), self._signed_out,
                       self._sign_out_failed)

    def _badge_scanned(self, token: str) -> None:
        self.start_over()
        self.tasks.run(lambda: self.service.sign_out_by_token(token), self._scanned_out,
                       self._sign_out_failed)

    def _scanned_out(self, visit: Visit) -> None:
        """A scan carries no language choice: say goodbye in the one the visitor signed in with."""
        if visit.language in self.service.config.languages:
            self.language.set(visit.language)
        self._signed_out(visit)

    def _signed_out(self, visit: Visit) -> None:
        self.sign_out.clear()
        self.goodbye.show_goodbye(visit.first_name)
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
        self._set_error(error.message if isinstance(error, KioskError) else UNEXPECTED)

    def _set_error(self, message: Message | None) -> None:
        self._error = message
        self.banner.setText(self.language.message(message) if message else "")
        self.banner.setVisible(message is not None)

    def _language_changed(self, _code: str) -> None:
        self._set_error(self._error)
        if self.current() is self.notice:
            self._load_notice()
