"""Shared fixtures: a kiosk in a fresh data folder with a clock that only moves when told."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from kiosk.clock import ManualClock  # noqa: E402
from kiosk.config import Printing  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.service import KioskService, open_service  # noqa: E402

pytest_plugins = ["tests.cups_fixtures", "tests.sync_fixtures"]

#: A Wednesday morning in Oslo.
START = datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def service(data_dir: Path, clock: ManualClock) -> KioskService:
    """A kiosk as it is on first start: demo site, example notice and demo hosts."""
    kiosk = open_service(data_dir, clock)
    ensure_site_and_notice(kiosk)
    load_demo_hosts(kiosk)
    yield kiosk
    kiosk.db.close()


@pytest.fixture
def make_window(qtbot, service: KioskService, cups):
    """Build kiosk windows on the test kiosk, idle watch and scanner on the application.

    Badges go to the test printer that works (a test may name another one in the
    settings first); never to the machine's default printer. `tick_ms` is how long a
    second lasts to the idle watch, so a test can see a minute of idleness pass in a
    fraction of one.
    """
    from PySide6.QtWidgets import QApplication

    from ui.launch import application, build_window

    if not service.config.printing.printer:
        service.config = replace(service.config, printing=Printing(printer=cups.ok))
    application()
    built = []

    def make(tick_ms: int = 1000):
        kiosk_window = build_window(service, tick_ms=tick_ms)
        qtbot.addWidget(kiosk_window)
        kiosk_window.show()
        qtbot.waitExposed(kiosk_window)
        built.append(kiosk_window)
        return kiosk_window

    yield make
    for kiosk_window in built:
        kiosk_window.finish_work()
        QApplication.instance().removeEventFilter(kiosk_window.idle)
        QApplication.instance().removeEventFilter(kiosk_window.scanner)


@pytest.fixture
def window(make_window):
    """The kiosk window as it starts: a second lasts a second."""
    return make_window()
