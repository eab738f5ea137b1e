"""Exit and re-entry at the door, and the optional sound with each answer."""
from __future__ import annotations

import time
import wave
from dataclasses import replace

import pytest

from kiosk import events
from kiosk.checkin import CheckinResult, Result
from kiosk.events import DoorMode
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.test_event_ui import door, open_staff, printed, printed_text, scan_keys  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS, tap
from ui.event_sound import TONES, make_wav, wav_path
from ui.screens.event_door import style_of


@pytest.fixture
def with_exits(service, event, clock):  # noqa: F811
    return events.save_event(service.db, replace(event, door_mode=DoorMode.ENTRY_EXIT), clock.now())


def rescan(qtbot, screen, code: str) -> None:  # noqa: ANN001
    screen.scanner._last_code = ""  # a new guest, not the scanner repeating itself
    scan_keys(qtbot, screen.door_page, code)


def test_staff_scan_a_guest_out_and_back_in_without_a_second_badge(qtbot, with_exits, door, service,  # noqa: F811
                                                                   cups):
    open_staff(qtbot, door)
    since = time.time()
    page, panel = door.door_page, door.door_page.result
    assert page.buttons["exit_mode"].isVisible() and page.buttons["exit_mode"].text() == "Scan people out"
    rescan(qtbot, door, "CODE-KARI")
    qtbot.waitUntil(lambda: panel.title.text() == "Checked in: Kari", timeout=WAIT_MS)
    tap(qtbot, page.buttons["exit_mode"])
    assert (panel.title.text(), page.buttons["exit_mode"].text()) == ("Ready to scan people out",
                                                                     "Scan people in")
    rescan(qtbot, door, "CODE-KARI")
    qtbot.waitUntil(lambda: panel.title.text() == "Checked out: Kari", timeout=WAIT_MS)
    assert (panel.look, panel.detail.text()) == ("ok", "Goodbye, Kari Nordmann!")
    qtbot.waitUntil(lambda: page.count.text().startswith("Inside 0 of 3"), timeout=WAIT_MS)
    rescan(qtbot, door, "CODE-BJORN")  # never came in
    qtbot.waitUntil(lambda: panel.title.text() == "Not checked in", timeout=WAIT_MS)
    assert panel.look == "warn"
    tap(qtbot, page.buttons["exit_mode"])
    rescan(qtbot, door, "CODE-KARI")  # re-entry
    qtbot.waitUntil(lambda: panel.title.text() == "Checked in: Kari", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.count.text().startswith("Inside 1 of 3"), timeout=WAIT_MS)
    ways = [(r["direction"], r["result"]) for r in service.db.query(
        "SELECT direction, result FROM checkins ORDER BY rowid")]
    assert ways == [("entry", "ok"), ("exit", "ok"), ("exit", "not_checked_in"), ("entry", "ok")]
    qtbot.waitUntil(lambda: not door.print_lane.busy, timeout=30_000)
    assert printed(service, "CODE-KARI") == [("printed", False)], "one badge, not one per entry"
    printed_text(cups, "CODE-KARI", since)


def test_an_entry_only_event_has_no_exit_switch(qtbot, door):  # noqa: F811
    open_staff(qtbot, door)
    assert not door.door_page.buttons["exit_mode"].isVisible()


@pytest.fixture
def with_sound(service, event, clock):  # noqa: F811
    return events.save_event(service.db, replace(event, result_sound=True), clock.now())


def test_each_answer_asks_for_its_sound_when_the_event_wants_sounds(qtbot, with_sound, door):  # noqa: F811
    open_staff(qtbot, door)
    asked: list[str] = []
    door.sound.requested.connect(asked.append)
    panel = door.door_page.result
    for code, title in (("CODE-KARI", "Checked in: Kari"), ("CODE-KARI", "Already checked in"),
                        ("NO-SUCH-CODE", "Unknown ticket")):
        rescan(qtbot, door, code)
        qtbot.waitUntil(lambda t=title: panel.title.text() == t, timeout=WAIT_MS)
    assert asked == ["ok", "already_checked_in", "unknown"]


def test_no_sound_unless_the_event_asks(qtbot, door):  # noqa: F811
    open_staff(qtbot, door)
    asked: list[str] = []
    door.sound.requested.connect(asked.append)
    rescan(qtbot, door, "CODE-KARI")
    qtbot.waitUntil(lambda: door.door_page.result.look == "ok", timeout=WAIT_MS)
    assert asked == []


@pytest.mark.parametrize("style", sorted(TONES))
def test_the_packaged_sounds_are_the_ones_the_kiosk_makes(style):
    assert wav_path(style).read_bytes() == make_wav(style)
    with wave.open(str(wav_path(style))) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 0.1 < seconds < 0.5, "short enough not to hold up the next guest"


@pytest.mark.parametrize("code", list(Result))
def test_every_result_code_has_a_sound(code):
    """Each answer's colour has its own sound, so no code is ever silent when sounds are on."""
    assert style_of(CheckinResult("id", code)) in TONES
    assert style_of(CheckinResult("id", Result.OK, warning=True)) == "warn"
