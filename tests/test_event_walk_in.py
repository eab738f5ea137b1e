"""A walk-in at the door goes the visitor's way: the same privacy notice, the same marketing
question in the installed words, stored as a person with a consent event naming that wording."""
from __future__ import annotations

import time

import pytest

from kiosk import consent, marketing, notices
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.test_event_ui import door, open_staff, printed_text  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS, enter_text, tap


def rows(service, sql: str, *params) -> list[dict]:  # noqa: ANN001
    return list(service.db.query(sql, params))


def fill(qtbot, form, **values: str) -> None:  # noqa: ANN001
    for name, text in values.items():
        enter_text(qtbot, form.fields[name], text)


def to_the_form(qtbot, door) -> None:  # noqa: ANN001
    open_staff(qtbot, door)
    tap(qtbot, door.door_page.buttons["walk_in"])
    notice_page = door.walk_in.notice_page
    qtbot.waitUntil(lambda: door.page() is notice_page and notice_page.notice is not None,
                    timeout=WAIT_MS)
    tap(qtbot, notice_page.accept_button)
    assert door.page() is door.walk_in.form_page


@pytest.mark.parametrize("tick, decision", [(True, "given"), (False, "refused")])
def test_walk_in_reads_the_notice_answers_the_question_and_is_checked_in(
        qtbot, door, service, cups, tick, decision):  # noqa: F811
    since = time.time()
    to_the_form(qtbot, door)
    shown_notice = door.walk_in.notice_page.notice
    assert shown_notice == notices.current_notice(service.db, "en")
    fill(qtbot, door.walk_in.form_page, given_name="Erzsébet", family_name="Nagy",
         company="Duna Kft", email="erzsebet@example.hu")
    tap(qtbot, door.walk_in.form_page.done_button)
    page = door.walk_in.consent_page
    qtbot.waitUntil(lambda: door.page() is page, timeout=WAIT_MS)
    wording = consent.current_wording(service.db, marketing.PURPOSE, "en")
    assert page.choice.text() == wording.text, "the question in the installed words, as visitors see it"
    page.choice.setChecked(tick)
    tap(qtbot, page.next_button)
    panel = door.door_page.result
    qtbot.waitUntil(lambda: panel.title.text() == "Checked in: Erzsébet", timeout=WAIT_MS)
    [person] = rows(service, "SELECT id, given_name, family_name, company, email FROM people "
                             "WHERE email = 'erzsebet@example.hu'")
    assert (person["given_name"], person["family_name"], person["company"]) == ("Erzsébet", "Nagy", "Duna Kft")
    [event_row] = rows(service, "SELECT * FROM consent_events WHERE person_id = ?", person["id"])
    assert (event_row["decision"], event_row["wording_id"], event_row["wording"]) == (
        decision, wording.id, wording.text)
    assert (event_row["notice_version"], event_row["notice_hash"]) == (shown_notice.version,
                                                                       shown_notice.text_hash)
    [attendee] = rows(service, "SELECT ticket_code, source FROM attendees WHERE source = 'walk_in'")
    assert "Duna Kft" in printed_text(cups, attendee["ticket_code"], since)  # found by its QR
    [audited] = rows(service, "SELECT record_refs FROM audit_log WHERE action = 'attendee.walk_in'")
    assert f"person:{person['id']}" in audited["record_refs"]


def test_a_walk_in_who_said_no_before_is_not_asked_again(qtbot, door, service):  # noqa: F811
    marketing.suppress(service.db, service.suppression_secret, "ola@example.no", "", service.clock.now())
    to_the_form(qtbot, door)
    fill(qtbot, door.walk_in.form_page, given_name="Ola", email="ola@example.no")
    tap(qtbot, door.walk_in.form_page.done_button)
    qtbot.waitUntil(lambda: door.door_page.result.title.text() == "Checked in: Ola", timeout=WAIT_MS)
    assert rows(service, "SELECT * FROM consent_events WHERE person_id IN "
                         "(SELECT id FROM people WHERE email = 'ola@example.no')") == []


def test_the_form_checks_like_the_visitor_form_and_back_leads_to_the_door(qtbot, door, service):  # noqa: F811
    to_the_form(qtbot, door)
    form = door.walk_in.form_page
    fill(qtbot, form, given_name="Kim", email="not-an-address")
    tap(qtbot, form.done_button)
    assert form.message.text() != "" and door.page() is form
    assert rows(service, "SELECT * FROM attendees WHERE source = 'walk_in'") == []
    tap(qtbot, form.back_button)
    assert door.page() is door.walk_in.notice_page
    tap(qtbot, door.walk_in.notice_page.back_button)
    assert door.page() is door.door_page
