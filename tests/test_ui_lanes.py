"""Printing has a lane of its own: a failing or slow printer never costs a badge or the next visitor.

The issuers here stand in for printing's, to make it fail or hang on purpose;
the window, the service and the database are the real ones.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import printlog
from kiosk.errors import Message
from kiosk.i18n import Translator
from kiosk.printlog import ASK_RECEPTION
from kiosk.visits import Visit
from tests.ui_helpers import WAIT_MS, fill_guest, open_details, tap
from ui.screens.done import PRINTED

#: How long a test lets a hung printer hang before it gives up on the window.
RELEASE_S = 30


@dataclass(frozen=True)
class Printed:
    printed: bool = True
    pdf: bytes = b""
    message: Message | None = None


class FailingIssuer:
    """An issuer with a bug: it raises instead of returning an outcome."""

    def issue(self, visit: Visit, translate: Translator) -> Printed:
        raise RuntimeError("the label driver crashed")


class HangingIssuer:
    """A printer that takes as long as the test says; it remembers whom it printed for."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.printed: list[str] = []

    def issue(self, visit: Visit, translate: Translator) -> Printed:
        self.started.set()
        self.release.wait(RELEASE_S)
        self.printed.append(visit.name.full)
        return Printed()


@pytest.fixture
def window_with(qtbot, service):
    from ui.launch import application, build_window

    application()
    built = []

    def make(issuer):  # noqa: ANN001, ANN202
        window = build_window(service, issuer)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        built.append(window)
        return window

    yield make
    for window in built:
        if isinstance(window.badges, HangingIssuer):
            window.badges.release.set()
        window.finish_work()
        QApplication.instance().removeEventFilter(window.idle)
        QApplication.instance().removeEventFilter(window.scanner)


def sign_in(qtbot, window, given: str, family: str, language: str = "en") -> None:  # noqa: ANN001
    open_details(qtbot, window, language)
    fill_guest(qtbot, window, given, family)
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)


def test_an_issuer_that_raises_queues_the_badge_and_sends_the_visitor_to_reception(
        qtbot, window_with, service):
    window = window_with(FailingIssuer())
    sign_in(qtbot, window, "Pia", "Holm", "nb")
    expected = Translator("nb")(ASK_RECEPTION)
    qtbot.waitUntil(lambda: window.done.status.text() == expected, timeout=WAIT_MS)
    token = service.db.execute("SELECT badge_token FROM visits").fetchone()[0]
    qtbot.waitUntil(lambda: printlog.queued(service.db) != [], timeout=WAIT_MS)
    queued = printlog.queued(service.db)
    assert [badge.badge_token for badge in queued] == [token]
    assert "the label driver crashed" in queued[0].reason
    assert not window.banner.isVisible(), "the visitor reads one plain sentence, not an error"


def test_a_hanging_printer_does_not_hold_up_the_next_visitor(qtbot, window_with, service):
    issuer = HangingIssuer()
    window = window_with(issuer)
    sign_in(qtbot, window, "Pia", "Holm")
    assert issuer.started.wait(RELEASE_S), "the first badge went to the printer"
    tap(qtbot, window.done.finish_button)

    sign_in(qtbot, window, "Jonas", "Berg")
    assert window.done.title.text() == "Welcome, Jonas!"
    names = [r[0] for r in service.db.execute("SELECT given_name || ' ' || family_name FROM people ORDER BY created_at")]
    assert sorted(names) == ["Jonas Berg", "Pia Holm"], "both visits are stored while the printer hangs"
    assert issuer.printed == []

    issuer.release.set()
    qtbot.waitUntil(lambda: issuer.printed == ["Pia Holm", "Jonas Berg"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.done.status.text() == PRINTED.text, timeout=WAIT_MS)
    assert window.done.title.text() == "Welcome, Jonas!", "Pia's result never lands on Jonas's screen"


def test_the_notice_does_not_wait_for_the_print_lane(qtbot, window_with):
    """Printing's warm-up runs on the print lane; the first visitor's notice comes from the database
    lane meanwhile."""
    window = window_with(HangingIssuer())
    warming = threading.Event()
    window.print_lane.run(lambda: warming.wait(RELEASE_S), lambda _r: None)
    try:
        tap(qtbot, window.welcome.register_button)
        qtbot.waitUntil(lambda: window.notice.accept_button.isEnabled(), timeout=WAIT_MS)
        assert window.print_lane.busy, "the print lane was still warming up"
    finally:
        warming.set()


def test_a_task_that_outlives_its_window_ends_quietly(qtbot, caplog):
    """Quitting while printing still loads: the lane's late result has nobody to go to."""
    from shiboken6 import delete

    from ui.tasks import TaskRunner

    caplog.set_level("DEBUG", logger="ui.tasks")
    release = threading.Event()
    runner = TaskRunner(lambda error: None)
    pool = runner._pool
    runner.run(release.wait, lambda _result: None)
    delete(runner)
    release.set()
    pool.waitForDone()
    assert "result dropped" in caplog.text
    assert all(record.levelname != "ERROR" for record in caplog.records)
