"""Check-in at the door: each answer with its stable code, nobody counted twice, undo and check-out."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk import attendees, checkin, events
from kiosk.checkin import Direction, Door, Result
from kiosk.clock import ManualClock
from kiosk.errors import KioskError
from kiosk.service import KioskService
from tests.event_fixtures import KARI, add, event  # noqa: F401 - fixture

FRONT = Door("kiosk-a", "front")
SIDE = Door("kiosk-b", "side")


def scan(service: KioskService, ev: events.Event, code: str, door: Door = FRONT, **kw) -> checkin.CheckinResult:
    return checkin.check_in(service.db, ev, code, service.clock.now(), door, **kw)


def test_ok_names_the_attendee_and_ticket(service, event):
    result = scan(service, event, "CODE-KARI")
    assert result.result is Result.OK
    assert (result.attendee.name.full, result.attendee.ticket_type) == ("Kari Nordmann", "VIP")
    assert checkin.inside_count(service.db, event.id) == 1


def test_second_scan_is_already_checked_in_with_when_and_where(service, event, clock: ManualClock):
    first_at = clock.now()
    scan(service, event, "CODE-KARI")
    clock.advance(minutes=5)
    again = scan(service, event, "CODE-KARI", SIDE)
    assert again.result is Result.ALREADY_CHECKED_IN
    assert (again.previous.scanned_at, again.previous.door) == (first_at, "front")
    assert checkin.inside_count(service.db, event.id) == 1


def test_unknown_code(service, event):
    assert scan(service, event, "NOPE").result is Result.UNKNOWN
    assert checkin.inside_count(service.db, event.id) == 0


def test_not_valid_before_the_window_opens(service, event, clock: ManualClock):
    early = replace(event, checkin_opens_at=clock.now() + timedelta(hours=1))
    assert scan(service, early, "CODE-KARI").result is Result.NOT_VALID_NOW
    overridden = scan(service, early, "CODE-KARI", override_by="supervisor:1")
    assert overridden.result is Result.OK
    assert [r["action"] for r in service.db.query("SELECT action FROM audit_log")][-1] == "checkin.override"


def test_revoked_ticket(service, event):
    service.db.execute("UPDATE attendees SET status = 'revoked' WHERE ticket_code = 'CODE-KARI'")
    assert scan(service, event, "CODE-KARI").result is Result.REVOKED


def test_an_order_code_with_several_tickets_is_ambiguous_and_with_one_finds_it(service, event):
    add(service, event, attendees.AttendeeData("Ola", "Nordmann", order_code="O1",
                                               attendee_number="2", ticket_code="CODE-OLA"))
    assert scan(service, event, "O1").result is Result.AMBIGUOUS
    assert scan(service, event, "O2").attendee.name.given == "Bjørn"


def test_one_person_on_two_lists_counts_once(service, event):
    add(service, event, replace(KARI, ticket_code="OTHER-LIST-KARI", order_code="X9"))
    assert scan(service, event, "CODE-KARI").result is Result.OK
    assert scan(service, event, "OTHER-LIST-KARI", SIDE).result is Result.ALREADY_CHECKED_IN
    assert checkin.inside_count(service.db, event.id) == 1
    assert checkin.inside_by_door(service.db, event.id) == {"front": 1}
    listed = [attendees.get(service.db, r["id"]) for r in
              service.db.query("SELECT id FROM attendees WHERE event_id = ?", [event.id])]
    assert events.list_events(service.db)[0].expected == len({a.person_key for a in listed}) == 3


def test_every_scan_is_recorded_once_with_a_kiosk_made_uuid(service, event):
    results = [scan(service, event, code) for code in ("CODE-KARI", "CODE-KARI", "NOPE")]
    stored = {r["id"]: r["result"] for r in service.db.query("SELECT id, result FROM checkins")}
    assert stored == {r.id: str(r.result) for r in results}
    outbox = [r["record_id"] for r in service.db.query("SELECT record_id FROM outbox WHERE kind = 'checkin'")]
    assert outbox == [r.id for r in results]


def test_exit_and_reentry(service, event):
    both = events.save_event(service.db, replace(event, door_mode=events.DoorMode.ENTRY_EXIT),
                             service.clock.now())
    out = Door("kiosk-a", "front", Direction.EXIT)
    assert scan(service, both, "CODE-KARI", out).result is Result.NOT_CHECKED_IN
    assert scan(service, both, "CODE-KARI").ok
    assert scan(service, both, "CODE-KARI", out).ok
    assert checkin.inside_count(service.db, both.id) == 0
    assert scan(service, both, "CODE-KARI").ok
    assert checkin.inside_count(service.db, both.id) == 1


def test_exit_scan_is_refused_for_an_entry_only_event(service, event):
    with pytest.raises(KioskError) as refused:
        scan(service, event, "CODE-KARI", Door("kiosk-a", "front", Direction.EXIT))
    assert refused.value.code == "no_exit"


def test_undo_within_fifteen_minutes_is_audited(service, event, clock: ManualClock):
    done = scan(service, event, "CODE-KARI")
    clock.advance(minutes=14)
    checkin.undo(service.db, done.id, clock.now(), "supervisor:1")
    assert checkin.inside_count(service.db, event.id) == 0
    assert scan(service, event, "CODE-KARI").ok
    audit = [(r["actor"], r["action"]) for r in service.db.query("SELECT * FROM audit_log")]
    assert ("supervisor:1", "checkin.undone") in audit
    with pytest.raises(KioskError) as twice:
        checkin.undo(service.db, done.id, clock.now(), "supervisor:1")
    assert twice.value.code == "not_undoable"


def test_undo_after_fifteen_minutes_is_refused(service, event, clock: ManualClock):
    done = scan(service, event, "CODE-KARI")
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(KioskError) as late:
        checkin.undo(service.db, done.id, clock.now(), "supervisor:1")
    assert late.value.code == "too_late"
    assert checkin.inside_count(service.db, event.id) == 1


def test_automatic_check_out_at_the_set_time(service, event, clock: ManualClock):
    timed = events.save_event(service.db, replace(event, auto_checkout_at=clock.now() + timedelta(hours=1)),
                              clock.now())
    scan(service, timed, "CODE-KARI")
    scan(service, timed, "CODE-BJORN")
    assert checkin.auto_check_out(service.db, timed, clock.now(), "kiosk-a") == 0
    clock.advance(hours=2)
    assert checkin.auto_check_out(service.db, timed, clock.now(), "kiosk-a") == 2
    assert checkin.inside_count(service.db, timed.id) == 0
    assert checkin.auto_check_out(service.db, timed, clock.now(), "kiosk-a") == 0


@pytest.mark.parametrize("policy, expected, warning", [
    (events.OfflinePolicy.ALLOW_WITH_WARNING, Result.OK, True),
    (events.OfflinePolicy.REFUSE_WHEN_UNSURE, Result.UNSURE, False),
])
def test_offline_policy_decides_while_other_doors_are_unknown(service, event, policy, expected, warning):
    ruled = events.save_event(service.db, replace(event, offline_policy=policy), service.clock.now())
    result = scan(service, ruled, "CODE-KARI", others_known=False)
    assert (result.result, result.warning) == (expected, warning)


def test_who_is_in_lists_each_person_once(service, event, clock: ManualClock):
    scan(service, event, "CODE-KARI")
    clock.advance(minutes=1)
    scan(service, event, "CODE-WANG", SIDE)
    inside = checkin.who_is_in(service.db, event.id)
    assert [(i.attendee.name.full, i.door) for i in inside] == [("王芳", "side"), ("Kari Nordmann", "front")]
