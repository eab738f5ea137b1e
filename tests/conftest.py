"""Shared fixtures: a kiosk in a fresh data folder with a clock that only moves when told."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from kiosk.clock import ManualClock  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.service import KioskService, open_service  # noqa: E402

pytest_plugins = ["tests.cups_fixtures"]

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
def window(qtbot, service: KioskService):
    """The kiosk window on the test kiosk, with its idle watch and scanner on the application."""
    from PySide6.QtWidgets import QApplication

    from ui.launch import application, build_window

    application()
    kiosk_window = build_window(service)
    qtbot.addWidget(kiosk_window)
    kiosk_window.show()
    qtbot.waitExposed(kiosk_window)
    yield kiosk_window
    kiosk_window.tasks.wait()
    QApplication.instance().removeEventFilter(kiosk_window.idle)
    QApplication.instance().removeEventFilter(kiosk_window.scanner)
