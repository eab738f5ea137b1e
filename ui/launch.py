"""Starting the kiosk on a screen, and the screenshot tour that walks every screen offscreen."""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from kiosk.demo import ensure_site_and_notice, load_demo_hosts
from kiosk.i18n import Translator
from kiosk.service import KioskService, open_service
from kiosk.visits import Visit
from ui.console import install_console, start_housekeeping
from ui.theme import stylesheet
from ui.window import BadgeIssuer, KioskWindow, PrintResult

if TYPE_CHECKING:
    from printing.service import BadgePrinting


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


def build_window(service: KioskService, badges: BadgeIssuer | None = None,
                 tick_ms: int = 1000) -> KioskWindow:
    """The window with its printer, idle watch and badge scanner installed on the application."""
    if badges is None:
        deferred = DeferredPrinting(service)
        window = KioskWindow(service, deferred, tick_ms=tick_ms)
        window.print_lane.run(deferred.load, lambda _printing: None)
    else:
        window = KioskWindow(service, badges, tick_ms=tick_ms)
    app = QApplication.instance()
    app.installEventFilter(window.idle)
    app.installEventFilter(window.scanner)
    install_console(window)
    return window


def screenshot_tour(out: Path) -> int:
    """See ui.tour; imported late so a normal start does not pay for it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.tour import screenshot_tour as tour

    return tour(out)


def run_kiosk(data_dir: Path, *, windowed: bool, language: str | None) -> int:
    """Open the data folder (a fresh one gets the example notice, a demo site and hosts) and run."""
    if "QT_IM_MODULE" not in os.environ and not windowed:
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    service = open_service(data_dir)
    if language in service.config.languages:
        service.config = replace(service.config, default_language=language)
    ensure_site_and_notice(service)
    load_demo_hosts(service)
    app = application()
    window = build_window(service)
    start_housekeeping(window)
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    code = app.exec()
    window.finish_work()
    return code
