"""Events and their attendee lists: settings checked, names kept whole, search as the foundation's."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk import attendees, events
from kiosk.attendees import AttendeeData
from kiosk.errors import NotFound, ValidationError
from kiosk.i18n import Translator
from kiosk.service import KioskService
from tests.event_fixtures import event  # noqa: F401 - fixture

OSLO = ZoneInfo("Europe/Oslo")


def test_new_event_opens_check_in_two_hours_before_the_start(service):
    now = service.clock.now()
    made = events.new_event("  Fagdag   2026 ", now, now + timedelta(hours=3))
    assert made.name == "Fagdag 2026"
    assert made.checkin_opens_at == now - timedelta(hours=2)
    assert made.checkin_closes_at == made.ends_at
    assert made.offline_policy is events.OfflinePolicy.ALLOW_WITH_WARNING


@pytest.mark.parametrize("name, hours, field", [("", 3, "name"), ("x" * 121, 3, "name"),
                                                ("Fagdag", 0, "end"), ("Fagdag", -1, "end")])
def test_event_settings_are_checked(service, name, hours, field):
    now = service.clock.now()
    with pytest.raises(ValidationError) as refused:
        events.new_event(name, now, now + timedelta(hours=hours))
    assert field in refused.value.errors


def test_a_time_without_offset_is_the_sites_local_time():
    moment = events.parse_moment("2026-07-01T09:00", OSLO, "start")
    assert moment.astimezone(timezone.utc).hour == 7
    with pytest.raises(ValidationError):
        events.parse_moment("next tuesday", OSLO, "start")


@pytest.mark.parametrize("typed", ["2026-03-29T02:00", "2026-03-29T02:30", "2026-03-29 02:59"])
def test_a_time_the_clocks_skip_is_refused_naming_the_first_time_after(typed):
    with pytest.raises(ValidationError) as refused:
        events.parse_moment(typed, OSLO, "starts_at")
    said = Translator("en").message(refused.value.errors["starts_at"])
    assert said == (f"2026-03-29 {typed[-5:]} does not exist in Europe/Oslo: that night the clocks go "
                    "forward from 02:00 to 03:00. Choose 03:00 or later.")
    assert Translator("nb").message(refused.value.errors["starts_at"]).startswith(
        f"2026-03-29 {typed[-5:]} finnes ikke i Europe/Oslo")


@pytest.mark.parametrize("typed, utc", [
    ("2026-03-29T01:59", "2026-03-29T00:59:00+00:00"), ("2026-03-29T03:00", "2026-03-29T01:00:00+00:00"),
    ("2026-10-25T02:30", "2026-10-25T00:30:00+00:00"),  # happens twice: the first, still summer time
    ("2026-10-25T03:00", "2026-10-25T02:00:00+00:00"),
])
def test_times_around_the_clock_changes_are_the_instants_a_clock_at_the_site_shows(typed, utc):
    assert events.parse_moment(typed, OSLO, "starts_at").astimezone(timezone.utc).isoformat() == utc


def test_the_gap_is_found_in_any_zone():
    with pytest.raises(ValidationError, match="from 02:00 to 02:30. Choose 02:30 or later"):
        events.parse_moment("2026-10-04T02:15", ZoneInfo("Australia/Lord_Howe"), "starts_at")


def test_settings_are_stored_and_edited(service, event):
    edited = replace(event, venue="Bergen", door_mode=events.DoorMode.ENTRY_EXIT,
                     offline_policy=events.OfflinePolicy.REFUSE_WHEN_UNSURE,
                     auto_checkout_at=event.ends_at)
    events.save_event(service.db, edited, service.clock.now())
    assert events.get_event(service.db, event.id) == edited
    assert [s.event.id for s in events.list_events(service.db)] == [event.id]


def test_unknown_event(service):
    with pytest.raises(NotFound):
        events.get_event(service.db, "nope")


@pytest.mark.parametrize("query, found", [
    ("bjorn", ["Bjørn Dæhlie"]), ("bjoern", ["Bjørn Dæhlie"]), ("daehlie", ["Bjørn Dæhlie"]),
    ("nordlys", ["Bjørn Dæhlie"]), ("kari@exa", ["Kari Nordmann"]), ("芳", ["王芳"]), ("王", ["王芳"]),
    ("KARI nord", ["Kari Nordmann"]), ("zz", []),
])
def test_search_by_name_company_and_email(service, event, query, found):
    assert [a.name.full for a in attendees.search(service.db, event.id, query)] == found


def test_one_name_column_is_stored_whole(service, event):
    walk_in = attendees.add_walk_in(service.db, event.id, AttendeeData("Nagy Erzsébet"),
                                    service.clock.now(), "steward")
    assert (walk_in.name.given, walk_in.name.family, walk_in.name.goes_by) == (
        "Nagy Erzsébet", "", "Nagy Erzsébet")
    assert walk_in.ticket_code.startswith("T") and len(walk_in.ticket_code) == 17


def test_name_correction_is_audited_and_searchable(service, event):
    [kari] = attendees.search(service.db, event.id, "kari")
    fixed = attendees.correct_name(service.db, kari.id, "Kari-Anne", "Nordmann", service.clock.now(),
                                   f"attendee:{kari.id}")
    assert fixed.name.full == "Kari-Anne Nordmann"
    assert [a.id for a in attendees.search(service.db, event.id, "anne")] == [kari.id]
    assert [r["action"] for r in service.db.query("SELECT action FROM audit_log")][-1] == \
        "attendee.name_corrected"
    with pytest.raises(ValidationError):
        attendees.correct_name(service.db, kari.id, " ", "", service.clock.now(), "x")


def test_purge_removes_an_event_thirty_days_after_it_ended(service, event, clock):
    from kiosk import checkin
    from kiosk.retention import purge

    checkin.check_in(service.db, event, "CODE-KARI", clock.now(), checkin.Door("kiosk-a"))
    clock.advance(days=29)
    purge(service.db, service.config, clock.now(), "admin:test")
    assert [s.event.id for s in events.list_events(service.db)] == [event.id]
    clock.advance(days=2)
    purge(service.db, service.config, clock.now(), "admin:test")
    assert events.list_events(service.db) == []
    assert [r["n"] for r in service.db.query(
        "SELECT (SELECT count(*) FROM attendees) + (SELECT count(*) FROM checkins) "
        "+ (SELECT count(*) FROM outbox WHERE kind = 'checkin') AS n")] == [0]
