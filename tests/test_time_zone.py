"""The site's time zone decides "today" and every time a person reads; storage stays in UTC."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk.clock import ManualClock, shown_time
from kiosk.service import KioskService
from main import main
from tests.fixtures.visitors import registration

OSLO = ZoneInfo("Europe/Oslo")


def sign_in_at(service: KioskService, clock: ManualClock, local: datetime, given: str):  # noqa: ANN201
    clock.set(local.replace(tzinfo=OSLO).astimezone(timezone.utc))
    return service.register_visit(registration(service, given_name=given, family_name="Lie"))


def test_a_visitor_from_half_past_midnight_is_one_of_todays(service: KioskService,
                                                          clock: ManualClock) -> None:
    late = sign_in_at(service, clock, datetime(2026, 11, 24, 23, 30), "Yesterday")
    early = sign_in_at(service, clock, datetime(2026, 11, 25, 0, 30), "Early")
    assert early.signed_in_at.astimezone(timezone.utc).date().day == 24, "still the 24th in UTC"
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=OSLO))
    found = [m.visit_id for m in service.find_on_site("lie")]
    assert found == [early.id], "today is cut at Oslo's midnight, not at UTC's"
    assert late.id not in found


def test_todays_badge_numbers_start_at_local_midnight(service: KioskService, clock: ManualClock) -> None:
    sign_in_at(service, clock, datetime(2026, 11, 24, 23, 30), "Yesterday")
    first = sign_in_at(service, clock, datetime(2026, 11, 25, 0, 30), "First")
    second = sign_in_at(service, clock, datetime(2026, 11, 25, 8, 0), "Second")
    assert (first.badge_number, second.badge_number) == (1, 2)


@pytest.mark.parametrize("zone, expected", [
    ("Europe/Oslo", "2026-11-25 00:30+01:00"),
    ("America/New_York", "2026-11-24 18:30-05:00"),
])
def test_a_time_is_shown_in_the_sites_zone(zone: str, expected: str) -> None:
    assert shown_time(datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc), ZoneInfo(zone)) == expected


def test_the_reprint_queue_lists_local_times(capsys, service: KioskService, clock: ManualClock,
                                             data_dir) -> None:  # noqa: ANN001
    visit = sign_in_at(service, clock, datetime(2026, 11, 25, 0, 30), "Early")
    service.queue_badge(visit.badge_token, "no paper")
    assert main(["--data-dir", str(data_dir), "reprint"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-25 00:30+01:00" in out and "+00:00" not in out
