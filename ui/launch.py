"""Starting the kiosk on a screen, and the screenshot tour that walks every screen offscreen."""
from __future__ import annotations

import logging
import os
import signal
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.company_setup import own_notice_problem
from kiosk.config import load_config
from kiosk.db import fault
from kiosk.demo import ensure_site_and_notice, load_demo_hosts
from kiosk.errors import KioskError
from kiosk.faults import BAD_INPUT, for_admin
from kiosk.i18n import LANGUAGES, Translator
from kiosk.service import KioskService, open_service
from kiosk.visits import Visit
from ui.console import install_console, start_housekeeping
from kiosk.heap import settle
from ui.screens.outofservice import OutOfServiceScreen
from ui.theme import stylesheet
from ui.window import BadgeIssuer, KioskWindow, PrintResult

if TYPE_CHECKING:
    from printing.service import BadgePrinting
    from sync.rounds import RoundResult
    from sync.runner import SyncRunner

log = logging.getLogger(__name__)
#: How often the interpreter wakes to see SIGINT or SIGTERM while Qt waits for events.
SIGNAL_POLL_MS = 200


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reception kiosk")
    app.setStyleSheet(stylesheet())
    return app


class DeferredPrinting:
    """Printing with its weight loaded on the print lane after the welcome screen is up.

    reportlab, the fonts and the QR encoder take about a fifth of a second to load
    and the warm-up longer; a kiosk should greet first and load them while the
    visitor reads, on the print lane so the notice does not wait for them. Printing
    uses a database connection of its own, opened on that lane: the service's
    connection belongs to the database lane alone.
    """

    def __init__(self, service: KioskService) -> None:
        self._service = service
        self._printing: BadgePrinting | None = None

    def load(self) -> BadgePrinting:
        if self._printing is None:
            from printing.service import BadgePrinting

            printing = BadgePrinting(self._service.database_path, self._service.config,
                                     self._service.clock)
            printing.warm_up()
            self._printing = printing
        return self._printing

    def issue(self, visit: Visit, translate: Translator) -> PrintResult:
        return self.load().issue(visit, translate)


class SyncLane(QObject):
    """The sync runner of an enrolled kiosk, on its own thread, tied to the window.

    The runner wakes after every commit that queued records and otherwise keeps its own
    pace; its round results come back here on the UI thread by a signal, and downloaded
    settings are re-read on the database lane, never on the UI thread.
    """

    round_done = Signal(object)

    def __init__(self, window: KioskWindow, runner: SyncRunner) -> None:
        super().__init__(window)
        self.window, self.runner = window, runner
        runner.on_round = self.round_done.emit
        self.round_done.connect(self._after_round)
        self.last: RoundResult | None = None
        # The event door's offline policy asks whether other doors' check-ins are here.
        window.other_doors.syncs = True

    def _after_round(self, result: RoundResult) -> None:
        self.last = result
        if result.ok:
            self.window.other_doors.heard(self.window.service.clock.now())
        if result.settings_changed:
            service = self.window.service
            self.window.tasks.run(lambda: load_config(service.data_dir), self._reload)

    def _reload(self, config: Any) -> None:
        self.window.use_config(config)

    def sync_now(self) -> None:
        self.runner.sync_now()

    def stop(self) -> None:
        self.runner.stop()


def start_sync(window: KioskWindow) -> SyncLane | None:
    """Start background sync when the kiosk is enrolled; httpx loads only then."""
    data_dir = window.service.data_dir
    if data_dir is None:
        return None
    from sync.settings import load_settings

    try:
        settings = load_settings(data_dir)
    except KioskError as exc:  # the kiosk serves visitors without sync; the admin reads why
        log.error("%s", Translator("en").message(exc.message))
        return None
    if settings is None:
        return None
    from sync.runner import SyncRunner

    lane = SyncLane(window, SyncRunner(data_dir, settings, window.service.clock))
    lane.runner.start()
    QApplication.instance().aboutToQuit.connect(lane.stop)
    return lane


def build_window(service: KioskService, badges: BadgeIssuer | None = None,
                 tick_ms: int = 1000) -> KioskWindow:
    """The window with its printer, idle watch and badge scanner installed on the application."""
    if badges is None:
        deferred = DeferredPrinting(service)
        window = KioskWindow(service, deferred, tick_ms=tick_ms)
        # From the event loop, i.e. once the window is shown: the load then shares the
        # processor with the visitor's first taps rather than with the start.
        QTimer.singleShot(0, window, lambda: window.print_lane.run(deferred.load, lambda _p: None))
    else:
        window = KioskWindow(service, badges, tick_ms=tick_ms)
    window.welcome.show_demo(not service.config.configured)
    app = QApplication.instance()
    app.installEventFilter(window.idle)
    app.installEventFilter(window.scanner)
    install_console(window)
    window.sync = start_sync(window)
    return window


def screenshot_tour(out: Path) -> int:
    """See ui.tour; imported late so a normal start does not pay for it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.tour import screenshot_tour as tour

    return tour(out)


def start_service(data_dir: Path, language: str | None) -> KioskService:
    """Open the data folder; a demo kiosk gets the example notice, a demo site and hosts, and a
    configured one must have a notice of its own."""
    service = open_service(data_dir)
    if language in service.config.languages:
        service.config = replace(service.config, default_language=language)
    ensure_site_and_notice(service)
    if service.config.configured:
        problem = own_notice_problem(service)
        if problem:
            raise KioskError(problem, code="no_own_notice")
    load_demo_hosts(service)
    return service


class Stopper:
    """SIGINT and SIGTERM (systemd's stop) end the event loop like closing the window does.

    Installed before the data folder is opened, so a stop that comes while the kiosk is
    still starting is kept and honoured. Python runs a signal handler only between
    bytecodes, and none run while Qt waits for events; a timer wakes the interpreter often
    enough to see a signal at once.
    """

    def __init__(self) -> None:
        self.requested = False
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._stop)

    def _stop(self, *_: object) -> None:
        self.requested = True
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def run(self, app: QApplication) -> int:
        """The event loop, unless a stop already came."""
        if self.requested:
            return 0
        wake = QTimer(app)
        wake.timeout.connect(lambda: None)
        wake.start(SIGNAL_POLL_MS)
        code = app.exec()
        wake.stop()
        return code


def _show(widget: QWidget, windowed: bool) -> None:
    if windowed:
        widget.show()
    else:
        widget.showFullScreen()


def out_of_service(stopper: Stopper, message: str, language: str | None, windowed: bool) -> int:
    """The admin's reason to the log, a word for the visitor on screen, until stopped; exit 2."""
    log.error("%s", message)
    languages = tuple(code for code in dict.fromkeys([language, *LANGUAGES]) if code)
    app = application()
    screen = OutOfServiceScreen(languages)
    _show(screen, windowed)
    stopper.run(app)
    return BAD_INPUT


def run_kiosk(data_dir: Path, *, windowed: bool, language: str | None) -> int:
    """Open the data folder and run until the window closes or the kiosk is stopped; a fault
    at start shows the out-of-service screen instead."""
    if "QT_IM_MODULE" not in os.environ and not windowed:
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    stopper = Stopper()
    try:
        service = start_service(data_dir, language)
    except KioskError as exc:
        error = exc
    except sqlite3.DatabaseError as exc:
        error = fault(exc)
    else:
        app = application()
        window = build_window(service)
        start_housekeeping(window)
        _show(window, windowed)
        settle()
        code = stopper.run(app)
        if window.sync:
            window.sync.stop()  # the round in flight finishes; its writes are transactions
        window.finish_work()  # work in flight finishes before the database closes
        service.db.close()
        return code
    return out_of_service(stopper, Translator(language or "en").message(for_admin(error, data_dir)),
                          language, windowed)
