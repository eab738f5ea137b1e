"""The supervisor's event pages through the real widgets: settings (new and changed) and a
list imported by touch with the column mapping confirmed on screen."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kiosk import events
from kiosk.access import Role, access_for
from kiosk.errors import ValidationError
from kiosk.events import DoorMode
from kiosk.import_files import IMPORTS, import_folders, list_files
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.test_event_ui import STEWARD_PIN, SUPERVISOR_PIN, door, open_staff, open_with  # noqa: F401
from tests.ui_helpers import WAIT_MS, enter_text, tap


def audit_actions(service) -> list[str]:  # noqa: ANN001
    return [r["action"] for r in service.db.query("SELECT action FROM audit_log ORDER BY id")]


def test_a_steward_sees_no_settings_or_import(qtbot, door):  # noqa: F811
    open_staff(qtbot, door, STEWARD_PIN)
    assert not door.door_page.buttons["settings"].isVisible()
    assert not door.door_page.buttons["import_list"].isVisible()


def test_supervisor_changes_the_door_mode_and_sound(qtbot, door, service, event):  # noqa: F811
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["settings"])
    page = door.settings_page
    assert door.page() is page and page.fields["name"].text() == "Fagdag"
    assert page.fields["starts_at"].text() == "2026-11-25 09:00"  # site time, as typed
    enter_text(qtbot, page.fields["venue"], " Bergen")
    page.door_mode.setCurrentIndex(page.door_mode.findData("entry_exit"))
    page.sound.setChecked(True)
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: door.page() is door.door_page, timeout=WAIT_MS)
    assert door.door_page.buttons["exit_mode"].isVisible()
    saved = events.get_event(service.db, event.id)
    assert (saved.venue, saved.door_mode, saved.result_sound) == ("Oslo Bergen", DoorMode.ENTRY_EXIT, True)
    assert saved.starts_at == event.starts_at, "unchanged times stay the same moment"
    assert audit_actions(service)[-1] == "event.changed"


def test_bad_settings_are_named_and_nothing_is_saved(qtbot, door, service, event):  # noqa: F811
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["settings"])
    page = door.settings_page
    page.fields["ends_at"].setText("2026-11-25 08:00")
    page.fields["checkin_opens_at"].setText("tomorrow")
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert "tomorrow is not a date and time" in page.message.text()
    assert door.page() is page
    assert events.get_event(service.db, event.id) == event


def test_a_start_the_clocks_skip_is_refused_on_the_settings_screen(qtbot, door, service, event):  # noqa: F811
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["settings"])
    page = door.settings_page
    page.fields["starts_at"].setText("2026-03-29 02:30")
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert page.message.text() == ("Starts: 2026-03-29 02:30 does not exist in Europe/Oslo: that night "
                                   "the clocks go forward from 02:00 to 03:00. Choose 03:00 or later.")
    assert events.get_event(service.db, event.id) == event


def test_without_an_event_a_supervisor_creates_one(qtbot, window, service):
    access_for(service).set_pin(Role.SUPERVISOR, SUPERVISOR_PIN)
    screen = window.event_screen
    tap(qtbot, window.header.language_buttons["en"])
    tap(qtbot, window.welcome.event_button)
    qtbot.waitUntil(lambda: screen.pin_page.pin.isVisible(), timeout=WAIT_MS)
    assert screen.door is None and "A supervisor can create one" in screen.pin_page.text.text()
    open_with(qtbot, screen, SUPERVISOR_PIN)
    page = screen.settings_page
    qtbot.waitUntil(lambda: screen.page() is page, timeout=WAIT_MS)
    assert page.title.text() == "New event"
    for key, text in (("name", "Vårfest"), ("starts_at", "2026-11-25 18:00"),
                      ("ends_at", "2026-11-25 23:00")):
        enter_text(qtbot, page.fields[key], text)
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: screen.page() is screen.door_page or page.message.text() != "", timeout=WAIT_MS)
    assert page.message.text() == ""
    assert screen.door_page.heading.text() == "Vårfest"
    [summary] = events.list_events(service.db)
    assert summary.event.checkin_opens_at.astimezone(service.config.zone).hour == 16
    assert audit_actions(service)[-1] == "event.created"


LIST = ("Fornavn;Etternavn;Firma;Billettkode;Merknad\r\n"
        "Astrid;Lindgren;Vimmerby AB;A-1;vegetar\r\n"
        "Tove;Jansson;;A-2;\r\n"
        ";;Tomt AS;A-3;\r\n")


def test_supervisor_imports_a_list_by_touch_confirming_the_columns(qtbot, door, service, data_dir):  # noqa: F811
    (data_dir / IMPORTS).mkdir(exist_ok=True)
    (data_dir / IMPORTS / "deltakere.csv").write_bytes(LIST.encode("cp1252"))
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["import_list"])
    page = door.import_page
    qtbot.waitUntil(lambda: page.items.count() == 1, timeout=WAIT_MS)
    choice = page.items.itemAt(0).widget()
    assert choice.text().startswith("deltakere.csv")
    qtbot.waitUntil(choice.isVisible, timeout=WAIT_MS)
    tap(qtbot, choice)
    qtbot.waitUntil(lambda: page.stage == "mapping", timeout=WAIT_MS)
    assert [box.currentData() for box in page.boxes] == [
        "given_name", "family_name", "company", "ticket_code", "ignore"], "the guess, shown"
    assert page.boxes[2].currentText() == "Company"
    page.boxes[2].setCurrentIndex(page.boxes[2].findData("ignore"))  # the supervisor corrects one
    tap(qtbot, page.import_button)
    qtbot.waitUntil(lambda: page.stage == "report", timeout=WAIT_MS)
    assert page.text.text() == "Imported 2, updated 0, rejected 1."
    rejected = page.items.itemAt(0).widget().text()
    assert rejected == "Line 4: The row has no name."
    stored = {r["ticket_code"]: r["company"] for r in service.db.query(
        "SELECT ticket_code, company FROM attendees WHERE ticket_code LIKE 'A-%'")}
    assert stored == {"A-1": "", "A-2": ""}, "the ignored column was not imported"
    qtbot.waitUntil(lambda: door.door_page.count.text().startswith("Inside 0 of 5"), timeout=WAIT_MS)


def choose_the_only_list(qtbot, door, data_dir: Path, content: bytes):  # noqa: ANN001, ANN201, F811
    """The supervisor opens the import page and taps the one file in imports/."""
    (data_dir / IMPORTS).mkdir(exist_ok=True)
    (data_dir / IMPORTS / "deltakere.csv").write_bytes(content)
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["import_list"])
    page = door.import_page
    qtbot.waitUntil(lambda: page.items.count() == 1, timeout=WAIT_MS)
    choice = page.items.itemAt(0).widget()
    qtbot.waitUntil(choice.isVisible, timeout=WAIT_MS)
    tap(qtbot, choice)
    return page


def test_a_file_that_is_not_a_list_is_told_on_the_import_screen(qtbot, door, service, data_dir):  # noqa: F811
    page = choose_the_only_list(qtbot, door, data_dir, random.Random(3).randbytes(2000))
    qtbot.waitUntil(lambda: page.text.text().startswith("This is not a CSV or XLSX file."), timeout=WAIT_MS)
    assert page.stage == "files" and not page.import_button.isVisible()
    assert service.db.execute("SELECT count(*) FROM attendees WHERE ticket_code LIKE 'A-%'").fetchone() == (0,)


def test_a_list_with_headings_only_is_told_on_the_import_screen(qtbot, door, data_dir):  # noqa: F811
    page = choose_the_only_list(qtbot, door, data_dir, LIST.splitlines()[0].encode("utf-8-sig"))
    qtbot.waitUntil(lambda: "no attendees" in page.text.text(), timeout=WAIT_MS)
    assert page.text.text() == ("The file has column headings (Fornavn, Etternavn, Firma, Billettkode, "
                                "Merknad) but no attendees under them.")


def test_lists_are_found_in_imports_and_on_usb_sticks(tmp_path: Path):
    stick = tmp_path / "media" / "kiosk" / "USB"
    stick.mkdir(parents=True)
    (stick / "gjester.xlsx").write_bytes(b"x")
    (stick / "notes.pdf").write_bytes(b"x")
    folders = import_folders(tmp_path / "data", (tmp_path / "media", tmp_path / "absent"))
    assert folders == [tmp_path / "data" / IMPORTS, stick]
    (tmp_path / "data" / IMPORTS / "liste.CSV").write_bytes(b"x")
    assert {p.name for p in list_files(folders)} == {"gjester.xlsx", "liste.CSV"}


def test_clearing_a_required_setting_is_refused_and_the_form_kept(qtbot, door, service, event):  # noqa: F811
    """Issue 7: an emptied name, start or end was saved as "unchanged"; now each is named,
    marked, nothing is stored, and every other field keeps what the supervisor typed."""
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["settings"])
    page = door.settings_page
    for key in ("name", "starts_at", "ends_at"):
        page.fields[key].selectAll()
        qtbot.keyClick(page.fields[key], "\b")
    page.fields["ends_at"].setText("   ")
    enter_text(qtbot, page.fields["venue"], " Bergen")
    page.door_mode.setCurrentIndex(page.door_mode.findData("entry_exit"))
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert page.message.text().splitlines() == [
        "Name: This is needed.", "Starts: This is needed.", "Ends: This is needed."]
    assert [key for key, field in page.fields.items() if field.property("invalid")] == [
        "name", "starts_at", "ends_at"]
    assert door.page() is page
    assert events.get_event(service.db, event.id) == event
    assert page.fields["venue"].text() == "Oslo Bergen"
    assert page.fields["checkin_opens_at"].text() != ""
    assert page.door_mode.currentData() == "entry_exit"
    enter_text(qtbot, page.fields["name"], "Fagdag 2")
    page.fields["starts_at"].setText("2026-11-25 09:00")
    page.fields["ends_at"].setText("2026-11-25 17:00")
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: door.page() is door.door_page, timeout=WAIT_MS)
    assert events.get_event(service.db, event.id).name == "Fagdag 2"
    tap(qtbot, door.door_page.buttons["settings"])
    assert page.fields["name"].text() == "Fagdag 2" and page.message.text() == ""
    assert not any(field.property("invalid") for field in page.fields.values())


def test_an_emptied_name_on_the_command_line_is_refused_too(service, event):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        events.settings_from_text({"name": " ", "venue": None, "ends_at": ""}, service.config.zone)
    assert set(refused.value.errors) == {"name", "ends_at"}
