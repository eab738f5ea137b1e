"""The on-site and evacuation lists count attendees inside today's events, each person once."""
from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk import events
from kiosk.attendees import AttendeeData
from kiosk.checkin import Direction, Door, check_in
from kiosk.i18n import Translator
from kiosk.matching import query_terms
from kiosk.on_site import evacuation_groups, on_site
from kiosk.service import KioskService
from main import main
from printing.documents import evacuation_pdf
from tests.event_fixtures import BJORN, KARI, add, event  # noqa: F401 - the fixture
from tests.fixtures.visitors import registration

DOOR = Door("kiosk-1", "north")


def scan(service: KioskService, an_event: events.Event, code: str, door: Door = DOOR) -> None:
    """One pass a second after the one before, so the list's order is the order of passes."""
    service.clock.advance(seconds=1)
    assert check_in(service.db, an_event, code, service.clock.now(), door).ok


def test_attendees_inside_follow_the_visitors(service: KioskService, event: events.Event) -> None:
    service.register_visit(registration(service, given_name="Åse", family_name="Nygård"))
    scan(service, event, "CODE-KARI")
    scan(service, event, "CODE-BJORN")
    people = on_site(service.db, service.config, now=service.clock.now())
    assert [(p.kind, p.given_name, p.event) for p in people] == [
        ("visitor", "Åse", ""), ("attendee", "Kari", "Fagdag"), ("attendee", "Bjørn", "Fagdag")]
    assert all(p.visit_id == "" and p.badge_token == "" for p in people[1:])


def test_a_person_on_two_lists_at_two_doors_counts_once(service: KioskService,
                                                        event: events.Event) -> None:
    now = service.clock.now()
    second = events.save_event(service.db, events.new_event(
        "Kveldsmøte", now - timedelta(minutes=10), now + timedelta(hours=3)), now)
    add(service, second, replace(KARI, ticket_code="EVENING-KARI"))
    scan(service, event, "CODE-KARI")
    service.clock.advance(minutes=5)
    scan(service, second, "EVENING-KARI", Door("kiosk-2", "south"))
    people = on_site(service.db, service.config, now=service.clock.now())
    assert [(p.given_name, p.event) for p in people] == [("Kari", "Kveldsmøte")]


def test_checked_out_and_undone_attendees_are_not_on_site(service: KioskService,
                                                          event: events.Event) -> None:
    event = events.save_event(service.db, replace(event, door_mode=events.DoorMode.ENTRY_EXIT),
                              service.clock.now())
    scan(service, event, "CODE-KARI")
    service.clock.advance(minutes=1)
    scan(service, event, "CODE-KARI", Door("kiosk-1", "north", Direction.EXIT))
    assert on_site(service.db, service.config, now=service.clock.now()) == []


def test_yesterdays_event_and_a_site_without_attendees(service: KioskService,
                                                       event: events.Event) -> None:
    scan(service, event, "CODE-KARI")
    tomorrow = service.clock.now() + timedelta(days=1)
    assert on_site(service.db, service.config, now=tomorrow) == []
    visitors_only = replace(service.config, on_site_attendees=False)
    assert on_site(service.db, visitors_only, now=service.clock.now()) == []


@pytest.mark.parametrize("query, found", [("bjoern", ["Bjørn"]), ("nordm", ["Kari"]), ("xyz", [])])
def test_search_matches_attendees_as_the_sign_out_screen(service: KioskService, event: events.Event,
                                                         query: str, found: list[str]) -> None:
    scan(service, event, "CODE-KARI")
    scan(service, event, "CODE-BJORN")
    people = on_site(service.db, service.config, query_terms(query), service.clock.now())
    assert [p.given_name for p in people] == found


def test_evacuation_list_groups_attendees_by_event(service: KioskService, event: events.Event,
                                                   tmp_path: Path) -> None:
    service.register_visit(registration(service, given_name="Åse", family_name="Nygård"))
    scan(service, event, "CODE-KARI")
    nb = Translator("nb")
    people = on_site(service.db, service.config, now=service.clock.now())
    assert [(title, len(group)) for title, group in evacuation_groups(people, nb)] == [
        ("Arrangement: Fagdag", 1), ("Ingrid Bakken", 1)]
    pdf = tmp_path / "evacuation.pdf"
    pdf.write_bytes(evacuation_pdf(people, "Oslo HQ", "28.11.2026 09:00", nb))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Evakueringsliste: 2 personer på stedet" in text
    assert "Arrangement: Fagdag (1)" in text and "Kari Nordmann" in text
    assert "Ingrid Bakken (1)" in text and "Åse Nygård" in text


def test_on_site_command_lists_attendees_checked_in_today(capsys, data_dir: Path) -> None:
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    assert main(["--data-dir", str(data_dir), "events", "create", "--name", "Fagdag",
                 "--start", (now - timedelta(hours=1)).isoformat(),
                 "--end", (now + timedelta(hours=2)).isoformat()]) == 0
    event_id = capsys.readouterr().out.strip()
    sheet = data_dir / "list.csv"
    sheet.write_text("First name,Last name,Barcode\nKari,Nordmann,CODE-KARI\n", "utf-8")
    assert main(["--data-dir", str(data_dir), "attendees", "import", "--event", event_id,
                 str(sheet)]) == 0
    assert main(["--data-dir", str(data_dir), "checkin", "--event", event_id, "CODE-KARI"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "on-site", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["event"], row["given_name"], row["family_name"]) == (
        "attendee", "Fagdag", "Kari", "Nordmann")
    assert row["visit_id"] == row["badge_token"] == row["plate"] == ""
