"""The offline policy at the door: unsure only on an enrolled kiosk that has not heard
from the central service lately, and then amber (let in, with a warning) or red (refused)."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk import events
from kiosk.checkin import Result
from kiosk.clock import ManualClock
from kiosk.door import EventDoor
from kiosk.other_doors import FRESH_FOR, OtherDoors
from kiosk.events import OfflinePolicy
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.test_event_ui import door, open_staff, scan_keys  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS


def test_a_kiosk_that_does_not_sync_has_no_other_doors_to_wait_for(clock: ManualClock):
    assert OtherDoors().known(clock.now())


def test_an_enrolled_kiosk_is_sure_only_while_it_hears_from_the_service(clock: ManualClock):
    others = OtherDoors(syncs=True)
    assert not others.known(clock.now()), "nothing downloaded yet"
    others.heard(clock.now())
    assert others.known(clock.now())
    clock.advance(seconds=FRESH_FOR.total_seconds() + 1)
    assert not others.known(clock.now())


@pytest.mark.parametrize("policy, expected, warning", [
    (OfflinePolicy.ALLOW_WITH_WARNING, Result.OK, True),
    (OfflinePolicy.REFUSE_WHEN_UNSURE, Result.UNSURE, False),
])
def test_the_door_asks_the_sync_lane_feed(service, event, clock, policy, expected, warning):  # noqa: F811
    ruled = events.save_event(service.db, replace(event, offline_policy=policy), clock.now())
    others = OtherDoors(syncs=True)
    unsure = EventDoor(service, ruled, other_doors=others).scan("CODE-KARI")
    assert (unsure.result, unsure.warning) == (expected, warning)
    others.heard(clock.now() - timedelta(seconds=1))
    sure = EventDoor(service, ruled, other_doors=others).scan("CODE-BJORN")
    assert (sure.result, sure.warning) == (Result.OK, False)


@pytest.fixture
def refusing(service, event, clock):  # noqa: F811
    return events.save_event(service.db, replace(event, offline_policy=OfflinePolicy.REFUSE_WHEN_UNSURE),
                             clock.now())


def test_refuse_when_unsure_shows_red_with_a_question_mark(qtbot, refusing, door):  # noqa: F811
    door.other_doors.syncs = True
    open_staff(qtbot, door)
    scan_keys(qtbot, door.door_page, "CODE-KARI")
    panel = door.door_page.result
    qtbot.waitUntil(lambda: panel.title.text() == "Not sure", timeout=WAIT_MS)
    assert (panel.look, panel.icon.text()) == ("bad", "?")
    assert panel.detail.text() == "Other doors have not reported yet. A supervisor must decide."


def test_allow_with_warning_shows_amber_and_the_warning(qtbot, door):  # noqa: F811
    door.other_doors.syncs = True
    open_staff(qtbot, door)
    scan_keys(qtbot, door.door_page, "CODE-KARI")
    panel = door.door_page.result
    qtbot.waitUntil(lambda: panel.title.text() == "Checked in: Kari", timeout=WAIT_MS)
    assert (panel.look, panel.icon.text()) == ("warn", "?")
    assert door.door_page.warning.text() == "Other doors have not reported yet: check with them."
    door.other_doors.heard(door.door.now())
    door.scanner._last_code = ""
    scan_keys(qtbot, door.door_page, "CODE-BJORN")
    qtbot.waitUntil(lambda: panel.title.text() == "Checked in: Bjørn", timeout=WAIT_MS)
    assert (panel.look, panel.icon.text(), door.door_page.warning.text()) == ("ok", "✔", "")


def test_the_sync_lane_feeds_the_door(window, data_dir, clock):
    """An enrolled kiosk's sync lane makes the door unsure until a round succeeds."""
    from sync.rounds import RoundResult
    from sync.runner import SyncRunner
    from sync.settings import SyncSettings
    from ui.launch import SyncLane

    others = window.other_doors
    assert others.known(clock.now()), "not enrolled: no other doors"
    lane = SyncLane(window, SyncRunner(data_dir, SyncSettings("http://127.0.0.1:9", "t", "s", "k")))
    assert not others.known(clock.now())
    lane.round_done.emit(RoundResult())
    assert others.known(clock.now())
    clock.advance(seconds=FRESH_FOR.total_seconds() + 1)
    assert not others.known(clock.now())
