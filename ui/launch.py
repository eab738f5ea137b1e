"""Starting the kiosk on a screen, and the screenshot tour that walks every screen offscreen."""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.demo import ensure_site_and_notice, load_demo_hosts
from kiosk.service import KioskService, open_service
from printing.service import BadgePrinting
from ui.theme import stylesheet
from ui.window import BadgeIssuer, KioskWindow


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reception kiosk")
    app.setStyleSheet(stylesheet())
    return app


def build_window(service: KioskService, badges: BadgeIssuer | None = None,
                 tick_ms: int = 1000) -> KioskWindow:
    """The window with its printer, idle watch and badge scanner installed on the application."""
    window = KioskWindow(service, badges or BadgePrinting(service.db, service.config, service.clock),
                         tick_ms=tick_ms)
    app = QApplication.instance()
    app.installEventFilter(window.idle)
    app.installEventFilter(window.scanner)
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
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    code = app.exec()
    window.tasks.wait()
    return code
