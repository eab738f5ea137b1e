"""The admin console behind the PIN: opened by a long press in a corner or a key sequence.

A visitor taps buttons; nobody holds the top-left corner for three seconds by
chance. The console checks the PIN on the database lane (argon2 takes tens of
milliseconds and the backoff lives in the database), and locks itself after
two minutes without a touch, so a console left open at the desk closes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from kiosk.access import Attempt, Role, access_for
from kiosk.errors import KioskError, Message, N_
from kiosk.service import KioskService
from ui.console.pinpad import PinPad
from ui.language import Language
from ui.widgets import button, label

if TYPE_CHECKING:  # the pages load with the first console, not at the kiosk's start
    from ui.console.pages import Reprint
    from ui.launch import SyncLane

LOCK_AFTER_S = 120
LONG_PRESS_S = 3
CORNER_PX = 80
OPEN_KEYS = "Ctrl+Alt+A"
CHECKING = Message(N_("Checking…"))


class ConsoleScreen(QWidget):
    """PIN pad, then the console's pages in tabs; `closed` when locked or left."""

    closed = Signal()

    def __init__(self, service: KioskService, language: Language,
                 run: Callable[[Callable[[], Any], Callable[[Any], None]], None],
                 print_pdf: Callable[[bytes], Message],
                 reprint: Reprint, tick_ms: int = 1000, sync: SyncLane | None = None) -> None:
        super().__init__()
        self.setObjectName("console")
        self.service, self.language, self.run = service, language, run
        self.pinpad = PinPad(language)
        self.pinpad.entered.connect(self._check_pin)
        self.pinpad.cancelled.connect(self.lock)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("console_tabs")
        # The pages (and the exports, rights and statistics behind them) load with the first
        # console, so the kiosk's start does not pay for them.
        from ui.console.pages import (EvacuationPage, ExportsPage, OnSitePage, Page, RecordPage,
                                      ReprintPage, RetentionPage, RightsPage, StatsPage)
        from ui.console.audit_page import AuditPage
        from ui.console.settings_page import SettingsPage
        from ui.console.sync_page import SyncPage

        args = (language, service, self._run_guarded)
        self.settings = SettingsPage(*args)
        self.pages: list[Page] = [OnSitePage(*args), EvacuationPage(*args, print_pdf=print_pdf),
                                  ReprintPage(*args, reprint=reprint), ExportsPage(*args),
                                  RightsPage(*args), RetentionPage(*args),
                                  StatsPage(*args), RecordPage(*args), self.settings,
                                  SyncPage(*args, lane=sync), AuditPage(*args)]
        for page in self.pages:
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(lambda index: self.pages[index].refresh())
        self.leave = button("console_lock", "secondary")
        self.leave.clicked.connect(self.lock)
        self.fault = label("console_fault", "error")
        self.fault.hide()
        inside = QWidget()
        inside_layout = QVBoxLayout(inside)
        inside_layout.addWidget(self.fault)
        inside_layout.addWidget(self.tabs, 1)
        inside_layout.addWidget(self.leave)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pinpad)
        self.stack.addWidget(inside)
        QVBoxLayout(self).addWidget(self.stack)
        self.role: Role | None = None
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(LOCK_AFTER_S * tick_ms)
        self.idle.timeout.connect(self.lock)
        language.changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        for index, page in enumerate(self.pages):
            self.tabs.setTabText(index, self.language.tr(page.title))
            if hasattr(page, "retranslate"):
                page.retranslate()
        self.leave.setText(self.language.tr("Lock the console"))
        self._show_fault()

    def _show_fault(self) -> None:
        """The last problem the kiosk met by itself, in full, for the admin who unlocked."""
        last = self.service.last_fault
        self.fault.setVisible(last is not None)
        if last is not None:
            self.fault.setText(self.language.tr(
                last.text, time=last.at.astimezone(self.service.config.zone).strftime("%d.%m %H:%M"),
                reason=self.language.message(last.reason)))

    def _run_guarded(self, op: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Run a page's work on the database lane; a domain error becomes the page's message."""
        def safe() -> Any:
            try:
                return ("ok", op())
            except KioskError as exc:
                return ("error", exc.message)

        def done(result: tuple[str, Any]) -> None:
            kind, value = result
            if kind == "ok":
                on_done(value)
            else:
                page = self.tabs.currentWidget()
                page.status.setText(self.language.message(value))

        self.run(safe, done)

    # Getting in and out ------------------------------------------------------------------

    def open_pinpad(self) -> None:
        self.role = None
        self.pinpad.reset()
        self.stack.setCurrentWidget(self.pinpad)
        self.idle.start()

    def _check_pin(self, pin: str) -> None:
        self.pinpad.show_message(CHECKING)
        service = self.service
        self.run(lambda: access_for(service).attempt(pin, Role.ADMIN), self._checked)

    def _checked(self, attempt: Attempt) -> None:
        if not attempt.granted:
            self.pinpad.show_message(attempt.message)
            return
        self.role = attempt.role
        self.pinpad.reset()
        self.stack.setCurrentIndex(1)
        self.tabs.setCurrentIndex(0)
        self._show_fault()
        self.pages[0].refresh()
        self.idle.start()

    def lock(self) -> None:
        """Back to the visitors' screens; nothing of the console stays on screen."""
        self.idle.stop()
        self.role = None
        self.pinpad.reset()
        self.stack.setCurrentWidget(self.pinpad)
        self.closed.emit()

    def touched(self) -> None:
        if self.isVisible():
            self.idle.start()


class HotCorner(QObject):
    """Opens the console on a long press in the window's top-left corner."""

    def __init__(self, window: QWidget, open_console: Callable[[], None], tick_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(LONG_PRESS_S * tick_ms)
        self.hold.timeout.connect(open_console)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            point = event.position() if hasattr(event, "position") else event.points()[0].position()
            local = self.window.mapFromGlobal(event.globalPosition().toPoint()) \
                if hasattr(event, "globalPosition") else point.toPoint()
            if 0 <= local.x() < CORNER_PX and 0 <= local.y() < CORNER_PX:
                self.hold.start()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
            self.hold.stop()
        return False


def shortcut(window: QWidget, open_console: Callable[[], None]) -> QShortcut:
    keys = QShortcut(QKeySequence(OPEN_KEYS), window)
    keys.activated.connect(open_console)
    return keys
