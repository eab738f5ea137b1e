"""The admin console: hooked into the kiosk window by `install_console`, nothing else to change there."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import audit, retention
from kiosk.errors import KioskError, Message, N_
from kiosk.i18n import Translator
from kiosk.service import AUDIT_BREAK
from ui.console.console import ConsoleScreen, HotCorner, shortcut

log = logging.getLogger(__name__)

#: How often the kiosk looks whether visitors must be signed out or a purge is due.
HOUSEKEEPING_S = 300
PRINTED = N_("The evacuation list was printed on {printer}.")
NOT_PRINTED = N_("The evacuation list could not be printed: {reason}. It is shown here.")
REPRINTED = N_("The badge was printed again on {printer}.")
NOT_REPRINTED = N_("The badge could not be printed; it stays in the queue.")


class _Touches(QObject):
    """Every touch, click or key while the console is open keeps it unlocked."""

    def __init__(self, console: ConsoleScreen) -> None:
        super().__init__(console)
        self.console = console

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                            QEvent.Type.KeyPress):
            self.console.touched()
        return False


def print_on_kiosk_printer(window) -> Message:  # type: ignore[no-untyped-def]
    """A function printing an A4 PDF on the site's report printer, else the badge printers."""
    def send_pdf(pdf: bytes) -> Message:
        from printing.cups import Cups
        from printing.service import job_title, report_printers, send

        cups = Cups()
        printed, attempts = send(cups, pdf, job_title("evacuation"),
                                 report_printers(window.service.config, cups),
                                 (("media", "A4"),))
        if printed is not None:
            return Message(PRINTED, {"printer": printed.printer})
        reason = attempts[-1].reason if attempts else "no printer"
        return Message(NOT_PRINTED, {"reason": reason})
    return send_pdf


def reprint_on_print_lane(window):  # type: ignore[no-untyped-def]
    """Reprint a queued badge on the print lane, so a slow printer never holds up the screens."""
    def reprint(token: str, on_done, force: bool = False) -> None:  # type: ignore[no-untyped-def]
        translate = window.language.translator

        def work() -> tuple[Message, str]:
            try:
                outcome = window.badges.load().reprint(token, translate, "admin:console", force=force)
            except KioskError as exc:
                return exc.message, exc.code
            if outcome.printed:
                return Message(REPRINTED, {"printer": outcome.printer}), "printed"
            return Message(NOT_REPRINTED), "not_printed"

        window.print_lane.run(work, on_done)
    return reprint


def install_console(window) -> None:  # type: ignore[no-untyped-def]
    """Hook the console into a kiosk window: the hot corner and the keys open it. The console
    itself (charts and all) is built on first use, so the kiosk's start does not pay for it."""
    def build() -> ConsoleScreen:
        console = ConsoleScreen(window.service, window.language, window.tasks.run,
                                print_on_kiosk_printer(window), reprint_on_print_lane(window),
                                window.tick_ms, sync=window.sync)
        window.stack.addWidget(console)
        console.closed.connect(window.start_over)
        console.settings.changed.connect(window.use_config)
        QApplication.instance().installEventFilter(_Touches(console))
        return console

    def open_console() -> None:
        if window.console is None:
            window.console = build()
        window.idle.set_enabled(False)
        window.header.home_button.hide()
        window.stack.setCurrentWidget(window.console)
        window.console.open_pinpad()

    window.console = None
    window.open_console = open_console
    window.console_corner = HotCorner(window, open_console, window.tick_ms)
    QApplication.instance().installEventFilter(window.console_corner)
    window.console_keys = shortcut(window, open_console)


def start_housekeeping(window) -> QTimer:  # type: ignore[no-untyped-def]
    """At start and every few minutes, on the database lane: automatic sign-outs, the
    retention purge once a day, and the audit log's entries since its last check."""
    service = window.service

    def housekeeping() -> None:
        window.tasks.run(lambda: retention.housekeeping(service.db, service.config,
                                                        service.clock.now()), lambda _r: None)
        if service.data_dir is not None:
            window.tasks.run(lambda: audit.check_since_witness(service.db, service.data_dir),
                             found_break)

    def found_break(broken: audit.Break | None) -> None:
        if broken is not None:
            log.error("audit log: %s", Translator("en").message(broken.message))
            service.note(AUDIT_BREAK, broken.message)

    timer = QTimer(window)
    timer.setInterval(HOUSEKEEPING_S * window.tick_ms)
    timer.timeout.connect(housekeeping)
    timer.start()
    housekeeping()
    return timer
