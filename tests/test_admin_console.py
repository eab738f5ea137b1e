"""The admin console through its real widgets: PIN, lock, on-site list, evacuation, exports, purge."""
from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from kiosk.access import Role, access_for
from tests.fixtures.visitors import registration

PIN = "480213"


@pytest.fixture
def console_window(make_window, service):
    access_for(service).set_pin(Role.ADMIN, PIN)
    service.register_visit(registration(service, given_name="Åse", family_name="Ødegård",
                                        company="Fjord AS", car_reg="EL 12345"))
    service.register_visit(registration(service, given_name="芳", family_name="王",
                                        host_id="demo-host-2"))
    return make_window(tick_ms=20)


def open_page(console, name: str):
    """The console's page with this objectName, brought to the front."""
    page = next(p for p in console.pages if p.objectName() == name)
    console.tabs.setCurrentWidget(page)
    return page


def type_pin(qtbot, console, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(console.pinpad.digits[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.pinpad.ok, Qt.MouseButton.LeftButton)


def open_console(qtbot, window):
    window.console_keys.activated.emit()
    console = window.console
    assert window.stack.currentWidget() is console
    assert console.stack.currentWidget() is console.pinpad
    return console


def test_wrong_pin_then_the_right_one(qtbot, console_window):
    console = open_console(qtbot, console_window)
    type_pin(qtbot, console, "111112")
    qtbot.waitUntil(lambda: console.pinpad.message.text() == "Feil PIN-kode.")
    assert console.pinpad.field.text() == ""
    type_pin(qtbot, console, PIN)
    qtbot.waitUntil(lambda: console.stack.currentIndex() == 1)
    assert console.role is Role.ADMIN


def test_long_press_in_the_corner_opens_the_pin_pad(qtbot, console_window):
    qtbot.mousePress(console_window, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: console_window.stack.currentWidget() is console_window.console,
                    timeout=2000)
    qtbot.mouseRelease(console_window, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def test_a_short_tap_in_the_corner_does_not(qtbot, console_window):
    corner = console_window.console_corner
    qtbot.mousePress(console_window, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert corner.hold.isActive()
    qtbot.mouseRelease(console_window, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not corner.hold.isActive() and console_window.console is None
    qtbot.mousePress(console_window, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert not corner.hold.isActive()
    qtbot.mouseRelease(console_window, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))


def unlocked(qtbot, window):
    console = open_console(qtbot, window)
    type_pin(qtbot, console, PIN)
    qtbot.waitUntil(lambda: console.stack.currentIndex() == 1)
    return console


def test_on_site_list_shows_host_time_and_plate_and_signs_out(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    page = console.pages[0]
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    rows = [[page.table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert rows[0][0] == "Åse Ødegård" and rows[0][1] == "Fjord AS" and rows[0][4] == "EL 12345"
    assert rows[0][3].endswith("09:30")
    assert rows[1][0] == "王芳"
    page.table.selectRow(0)
    qtbot.mouseClick(page.sign_out, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)


def test_on_site_list_shows_attendees_inside_and_leaves_their_check_out_to_the_door(
        qtbot, console_window, service):
    from datetime import timedelta

    from kiosk import events
    from kiosk.checkin import Door, check_in
    from tests.event_fixtures import KARI, add

    now = service.clock.now()
    event = events.save_event(service.db, events.new_event(
        "Fagdag", now - timedelta(hours=1), now + timedelta(hours=2)), now)
    add(service, event, KARI)
    assert check_in(service.db, event, "CODE-KARI", now, Door("kiosk-1")).ok
    console = unlocked(qtbot, console_window)
    page = console.pages[0]
    qtbot.waitUntil(lambda: page.table.rowCount() == 3)
    assert [page.table.item(2, c).text() for c in (0, 1, 2)] == [
        "Kari Nordmann", "Fjord Bygg AS", "Arrangement: Fagdag"]
    assert page.status.text() == "3 personer på stedet."
    page.table.selectRow(2)
    qtbot.mouseClick(page.sign_out, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Deltakere sjekkes ut ved døren til arrangementet."
    assert page.table.rowCount() == 3


def test_a_database_fault_the_visitor_met_is_explained_to_the_admin(qtbot, console_window,
                                                                     data_dir):
    import sqlite3

    from tests.ui_helpers import WAIT_MS, database_locked, tap, to_confirm

    window = console_window
    to_confirm(qtbot, window, "nb")
    with database_locked(data_dir):
        tap(qtbot, window.confirm.confirm_button)
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert "kiosk.sqlite3" not in window.banner.text()
    console = unlocked(qtbot, window)
    assert console.fault.isVisible()
    assert console.fault.text().startswith("Kl. ")
    assert "fikk ikke kiosken brukt databasen sin" in console.fault.text()
    assert str(data_dir / "kiosk.sqlite3") in console.fault.text()


def test_an_audit_log_cut_between_checks_is_shown_to_the_admin(qtbot, console_window, service,
                                                              data_dir):
    """The kiosk's housekeeping checks the entries since the last check by itself."""
    from kiosk import audit
    from tests.test_audit_chain import _cut_tail_and_rewrite_head
    from ui.console import start_housekeeping

    assert audit.check_since_witness(service.db, data_dir) is None
    last = service.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    _cut_tail_and_rewrite_head(service.db, last - 1)
    service.db.conn.commit()
    start_housekeeping(console_window)
    qtbot.waitUntil(lambda: service.last_fault is not None)
    console = unlocked(qtbot, console_window)
    assert console.fault.isVisible()
    assert "fant kiosken at revisjonsloggen er brutt" in console.fault.text()
    # The entry the last check saw is gone (or, once a new entry took its number, differs).
    assert f"revisjonsloggen er brutt: Revisjonsoppføring {last} " in console.fault.text()


def test_the_audit_page_lists_the_newest_entries_and_checks_the_chain(qtbot, console_window,
                                                                     service):
    """The admin reads who did what without a file, and checks the chain with one tap."""
    from tests.ui_helpers import tap

    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_audit")
    total = service.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    qtbot.waitUntil(lambda: page.table.rowCount() == total)
    newest = service.db.execute("SELECT actor, action FROM audit_log ORDER BY id DESC").fetchone()
    assert (page.table.item(0, 1).text(), page.table.item(0, 2).text()) == tuple(newest)
    assert "Åse" not in " ".join(page.table.item(r, 3).text() for r in range(total))
    assert page.status.text().startswith(f"De nyeste {total} av {total} oppføringene")
    tap(qtbot, page.check)
    qtbot.waitUntil(lambda: page.status.text().startswith("Revisjonsloggen er hel"))
    service.db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE id = 2")
    service.db.conn.commit()
    tap(qtbot, page.check)
    qtbot.waitUntil(lambda: page.status.text() == "Revisjonsoppføring 2 er endret etter at den "
                                                  "ble skrevet.")


def test_a_kiosk_without_faults_shows_the_admin_none(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    assert not console.fault.isVisible() and console.fault.text() == ""


def test_the_console_locks_after_two_minutes_without_a_touch(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    # a second lasts 20 ms here: two minutes are 2.4 s
    qtbot.waitUntil(lambda: console_window.stack.currentWidget() is console_window.welcome,
                    timeout=5000)
    assert console.role is None


def test_evacuation_list_shows_and_prints_grouped_by_host(qtbot, console_window, cups, service):
    from dataclasses import replace

    service.config = replace(service.config, printing=replace(service.config.printing,
                                                              printer=cups.ok))
    console = unlocked(qtbot, console_window)
    page = console.pages[1]
    console.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=30000)
    assert cups.ok in page.status.text()
    text = page.groups.toPlainText()
    assert "(1)" in text and "Åse Ødegård" in text and "王芳" in text
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(page.pdf)) as pdf:
        printed = pdf.pages[0].extract_text()
    assert "2" in printed and "Ødegård" in printed
    assert abs(pdf.pages[0].width - 595.3) < 1  # A4


def test_evacuation_goes_to_the_report_printer_not_the_label_printer(qtbot, console_window, cups,
                                                                      service):
    from dataclasses import replace

    service.config = replace(service.config, printing=replace(
        service.config.printing, printer=cups.stopped, report_printer=cups.ok))
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_evacuation")
    before = set(cups.output_dir.glob("*evacuation*.pdf"))
    qtbot.mouseClick(page.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=30000)
    assert cups.ok in page.status.text() and cups.stopped not in page.status.text()

    def new_files() -> set:
        return set(cups.output_dir.glob("*evacuation*.pdf")) - before

    qtbot.waitUntil(lambda: len(new_files()) == 1, timeout=30000)
    [printed] = new_files()
    qtbot.waitUntil(lambda: "EL 12345" in pdf_text(printed), timeout=30000)  # written whole
    assert "Evakueringsliste: 2 personer" in pdf_text(printed)


def pdf_text(path) -> str:  # noqa: ANN001
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_export_from_the_console(qtbot, console_window, tmp_path):
    console = unlocked(qtbot, console_window)
    page = console.pages[3]
    console.tabs.setCurrentWidget(page)
    assert [page.captions[key].text() for key in ("dataset", "format", "from", "to", "folder")] \
        == ["Hva som skal eksporteres", "Filformat", "Fra (dato)", "Til (dato)", "Mappe for eksporten"]
    assert [page.dataset.itemText(n) for n in range(page.dataset.count())] == [
        "Besøk", "Innsjekkinger på arrangementer", "Samtykkesvar", "Utskriftslogg", "Revisjonslogg"]
    page.dataset.setCurrentIndex(page.dataset.findData("visits"))
    page.format.setCurrentText("csv")
    out = export_visits_of_the_day(qtbot, page, tmp_path)
    names = [r["full_name"] for r in csv.DictReader(out.read_text("utf-8-sig").splitlines())]
    assert names == ["Åse Ødegård", "王芳"]


def export_visits_of_the_day(qtbot, page, folder):  # noqa: ANN001, ANN201
    """Export the fixture's day as the page is set up, into `folder`; the file written."""
    page.start.setDate(QDate(2026, 11, 25))
    page.end.setDate(QDate(2026, 11, 25))
    page.folder.setText(str(folder))
    qtbot.mouseClick(page.go, Qt.MouseButton.LeftButton)
    out = folder / "visits-2026-11-25-2026-11-25.csv"
    qtbot.waitUntil(out.exists)
    return out


def test_an_export_narrowed_to_one_type_in_nordic_csv(qtbot, console_window, service, tmp_path):
    """Reception's contractors of the week, for Excel set to Norwegian: semicolons, one type."""
    service.register_visit(registration(service, given_name="Per", family_name="Berg",
                                        visitor_type="delivery", company="Posten", host_id=None))
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_exports")
    qtbot.waitUntil(lambda: page.kind.count() == 3)
    assert [page.kind.itemText(n) for n in range(3)] == ["Alle typer", "Levering", "Gjest"]
    assert not page.event.isEnabled()
    page.format.setCurrentIndex(1)
    assert page.format.currentText() == "CSV med semikolon (Excel i Norden)"
    page.kind.setCurrentIndex(page.kind.findData("delivery"))
    out = export_visits_of_the_day(qtbot, page, tmp_path)
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert [(r["full_name"], r["visitor_type"], r["company"]) for r in rows] == \
        [("Per Berg", "delivery", "Posten")]
    page.dataset.setCurrentIndex(page.dataset.findData("checkins"))
    qtbot.waitUntil(lambda: page.kind.count() == 1)
    assert page.event.itemText(0) == "Alle arrangementer"


def test_purge_dry_run_from_the_console(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    page = console.pages[5]
    console.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.dry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.toPlainText().startswith("Ville fjernet:"))


def test_stats_and_record_pages(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    console.tabs.setCurrentWidget(console.pages[6])
    qtbot.waitUntil(lambda: console.pages[6].figures is not None)
    assert console.pages[6].view.chart() is not None


def test_stats_page_charts_each_figure_and_exports_them(qtbot, console_window, service,
                                                        monkeypatch, tmp_path):
    for _ in range(5):
        service.register_visit(registration(service, given_name="Per"))
    monkeypatch.setenv("HOME", str(tmp_path))
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_stats")
    qtbot.waitUntil(lambda: page.figures is not None)
    titles = []
    for index in range(page.kind.count()):
        page.kind.setCurrentIndex(index)
        titles.append(page.view.chart().title())
        bars = page.view.chart().series()[0].barSets()[0]
        if index < 3:  # 7 guests today: shown; the event chart has no events
            assert bars.sum() == 7
    assert titles == ["Besøk per dag (tall under 5 er utelatt)", "Besøk per uke (tall under 5 er utelatt)",
                      "Ankomster per time (tall under 5 er utelatt)",
                      "Oppmøte på arrangementer (tall under 5 er utelatt)"]
    page.format.setCurrentText("json")
    qtbot.mouseClick(page.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Eksporterte"))
    [written] = tmp_path.glob("stats-*.json")
    assert '"visits_per_day"' in written.read_text("utf-8")
    console.tabs.setCurrentWidget(console.pages[7])
    qtbot.waitUntil(lambda: "Behandlingsprotokoll" in console.pages[7].text.toPlainText())


def a_badge_in_the_reprint_queue(service, cups):
    """A visit whose badge no printer could print, on a kiosk whose printer works again."""
    from dataclasses import replace

    from kiosk import printlog

    service.config = replace(service.config, printing=replace(service.config.printing,
                                                              printer=cups.ok))
    access_for(service).set_pin(Role.ADMIN, PIN)
    visit = service.register_visit(registration(service))
    printlog.record_attempts(service.db, visit.badge_token, [("gone", False, "out of labels")],
                             service.clock.now(), reprint=False, badge_format="brother-dk11202")
    return visit


def test_reprint_queue_asks_first_then_prints(qtbot, make_window, service, cups):
    from kiosk import printlog

    visit = a_badge_in_the_reprint_queue(service, cups)
    window = make_window(tick_ms=1000)
    console = unlocked(qtbot, window)
    page = console.pages[2]
    console.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.queue.count() == 1)
    assert "out of labels" in page.queue.item(0).text()
    page.queue.setCurrentRow(0)
    qtbot.mouseClick(page.ask, Qt.MouseButton.LeftButton)
    assert page.confirm.isVisible() and not printlog.print_log(service.db, visit.badge_token)[-1].reprint
    qtbot.mouseClick(page.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.queue.count() == 0, timeout=30000)
    assert cups.ok in page.status.text()
    assert printlog.print_log(service.db, visit.badge_token)[-1].reprint


def test_reprint_for_a_visitor_who_left_needs_a_second_choice_and_is_audited(
        qtbot, make_window, service, cups):
    from kiosk import printlog

    visit = a_badge_in_the_reprint_queue(service, cups)
    service.sign_out(visit.id, "badge")
    console = unlocked(qtbot, make_window(tick_ms=1000))
    page = open_page(console, "console_reprint")
    qtbot.waitUntil(lambda: page.queue.count() == 1)
    page.queue.setCurrentRow(0)
    qtbot.mouseClick(page.ask, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.force.isVisible, timeout=30000)
    assert page.status.text().startswith("Denne besøkende har logget ut.")
    assert not printlog.print_log(service.db, visit.badge_token)[-1].reprint
    qtbot.mouseClick(page.force, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.queue.count() == 0, timeout=30000)
    assert cups.ok in page.status.text()
    assert printlog.print_log(service.db, visit.badge_token)[-1].reprint
    assert service.db.execute("SELECT actor FROM audit_log WHERE action LIKE '%after_sign_out'"
                              ).fetchone() == ("admin:console",)


def test_rights_request_from_the_console_find_access_correct_erase(qtbot, console_window,
                                                                    service, tmp_path):
    import json

    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_rights")
    assert not page.access.isEnabled(), "nothing to act on before someone is found"
    page.query.setText("odegard")
    qtbot.mouseClick(page.find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.found.count() == 1)
    assert page.found.item(0).text() == "Åse Ødegård · Fjord AS"
    assert page.status.text() == "Fant 1 oppføringer. Sjekk at de gjelder personen som spurte."

    page.folder.setText(str(tmp_path))
    qtbot.mouseClick(page.access, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Skrev "), timeout=20000)
    [written] = tmp_path.glob("access-*.json")
    assert any(item["value"] == "Ødegård" for item in json.loads(written.read_text("utf-8"))["items"])
    assert written.with_suffix(".pdf").read_bytes().startswith(b"%PDF")

    page.field.setCurrentIndex(page.field.findData("company"))
    page.value.setText("Fjord Bygg AS")
    qtbot.mouseClick(page.rectify, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Rettet.")
    assert page.found.item(0).text() == "Åse Ødegård · Fjord Bygg AS"

    qtbot.mouseClick(page.erase, Qt.MouseButton.LeftButton)
    assert page.confirm_erase.isVisible()
    qtbot.mouseClick(page.confirm_erase, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Slettet"))
    assert page.found.count() == 0 and not page.erase.isEnabled()
    assert service.db.execute("SELECT count(*) FROM people WHERE family_name = 'Ødegård'").fetchone() == (0,)
    qtbot.waitUntil(lambda: page.log.count() == 3)


def test_rights_search_for_nobody_says_so(qtbot, console_window):
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_rights")
    page.query.setText("nobody@example.no")
    qtbot.mouseClick(page.find, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "")
    assert "Ingen" in page.status.text() and page.found.count() == 0


def test_a_new_notice_version_is_checked_then_installed_from_the_console(
        qtbot, console_window, service, tmp_path):
    from tests.test_setup import notices

    folder = notices(tmp_path / "notices", version=2)
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_record")
    page.folder.setText(str(folder))
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.install.isVisible)
    assert page.status.text() == ("Klar til å installere: nb fjord-2 (2026-12-01), en fjord-2 "
                                  "(2026-12-01). Besøk beholder versjonen de så.")
    assert service.notice("nb").version != "fjord-2", "checking writes nothing"
    qtbot.mouseClick(page.install, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Installerte 2 erklæringer.")
    assert service.notice("nb").version == service.notice("en").version == "fjord-2"
    assert service.db.execute("SELECT actor FROM audit_log WHERE action = 'notice.installed'"
                              ).fetchone() == ("admin:console",)

    (folder / "notice.nb.md").write_text((folder / "notice.nb.md").read_text() + "\nchanged\n")
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fjord-2" in page.status.text() and "Klar" not in page.status.text())
    assert not page.install.isVisible()


def test_the_example_notice_is_refused_on_the_console(qtbot, console_window, tmp_path):
    from importlib import resources

    folder = tmp_path / "notices"
    folder.mkdir()
    for language in ("nb", "en"):
        (folder / f"notice.{language}.md").write_text(resources.files("kiosk.notices").joinpath(
            f"example.{language}.md").read_text("utf-8"), "utf-8")
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_record")
    page.folder.setText(str(folder))
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "")
    assert "notice.nb.md" in page.status.text() and not page.install.isVisible()


def test_a_notice_not_in_utf8_is_named_on_the_console(qtbot, console_window, tmp_path):
    from tests.test_setup import notices

    folder = notices(tmp_path / "notices", version=2)
    (folder / "notice.nb.md").write_bytes((folder / "notice.nb.md").read_text("utf-8").encode("utf-16"))
    console = unlocked(qtbot, console_window)
    page = open_page(console, "console_record")
    page.folder.setText(str(folder))
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "")
    assert page.status.text().startswith(f"{folder / 'notice.nb.md'} er ikke lagret som UTF-8-tekst.")
    assert not page.install.isVisible()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_console_fits_a_1280_screen(qtbot, console_window, language):
    """No page may need more width than the kiosk's screen: a drop-down as wide as its longest
    item once made every console page 1362 px wide, cut off at the right."""
    console = unlocked(qtbot, console_window)
    console_window.header.language_buttons[language].click()
    widest = max(console.pages, key=lambda page: page.minimumSizeHint().width())
    assert console_window.minimumSizeHint().width() <= 1280, widest.objectName()
