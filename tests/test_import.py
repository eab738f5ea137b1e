"""Attendee lists as real tools write them: every format, encoding, separator and quirk."""
from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kiosk import attendees, events
from kiosk.errors import ValidationError
from kiosk.i18n import Translator
from kiosk.importers import import_attendees
from kiosk.service import KioskService
from kiosk.validation import field_problem

EVENTBRITE_HEADER = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
                     "Ticket Type", "Attendee #", "Barcode #", "Buyer Last Name", "Buyer First Name",
                     "Buyer Email", "Attendee Status", "Company", "Job Title"]
PRETIX_HEADER = ["Order code", "Attendee name", "Attendee name: Title", "Attendee name: Given name",
                 "Attendee name: Family name", "Product", "Price", "Checked in", "Checked out",
                 "Automatically checked in", "Secret", "E-mail", "Company", "Voucher code",
                 "Order date", "Requires special attention", "Comment", "Seat ID", "Seat name",
                 "Seat zone", "Seat row", "Seat number"]
EN = Translator("en")


def eventbrite_row(order: str, given: str, family: str, email: str, number: str, barcode: str,
                   company: str = "", status: str = "Attending") -> list[str]:
    return [order, "2026-10-01 10:00:00+02:00", given, family, email, "1", "General Admission",
            number, barcode, "Buyer", "Some", "buyer@example.com", status, company, ""]


def pretix_row(order: str, name: str, given: str, family: str, secret: str, email: str,
               company: str = "") -> list[str]:
    return [order, name, "", given, family, "Conference ticket", "250.00", "", "", "No", secret,
            email, company, "", "2026-10-01", "No", "", "", "", "", "", ""]


def write_csv(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8",
              line_end: str = "\r\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def event_id(service: KioskService) -> str:
    now = service.clock.now()
    return events.save_event(service.db, events.new_event("Fagdag", now, now + timedelta(hours=5)),
                             now).id


def run(service: KioskService, event_id: str, data: bytes, **kw):
    return import_attendees(service.db, event_id, data, service.clock.now(), "admin:test", **kw)


def stored(service: KioskService, event_id: str) -> list[tuple[str, str, str, str]]:
    return [(r["given_name"], r["family_name"], r["company"], r["ticket_code"]) for r in service.db.query(
        "SELECT * FROM attendees WHERE event_id = ? ORDER BY given_name", [event_id])]


def reasons(report) -> list[tuple[int, str]]:
    return [(r.line, EN.message(r.reason)) for r in report.rejected]


EVENTBRITE = [EVENTBRITE_HEADER,
              eventbrite_row("1001", "Åse", "Ødegård", "ase@example.no", "1", "111222333001", "Fjord AS"),
              eventbrite_row("1001", "Jörg", "Müller", "jorg@example.de", "2", "111222333002"),
              eventbrite_row("1002", "Refund", "Ed", "r@example.com", "1", "111222333003",
                             status="Not Attending")]


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False),
                                           ("utf-16", True), ("utf-16-le", False),
                                           ("utf-16-be", False)])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_eventbrite_report_in_any_encoding_and_separator(service, event_id, encoding, bom, delimiter):
    data = write_csv(EVENTBRITE, delimiter, encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    report = run(service, event_id, data)
    assert (report.format, report.imported, report.updated) == ("eventbrite", 2, 0)
    assert reasons(report) == [(4, "The ticket is cancelled.")]
    assert stored(service, event_id) == [("Jörg", "Müller", "", "111222333002"),
                                         ("Åse", "Ødegård", "Fjord AS", "111222333001")]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_pretix_check_in_list_comma_or_semicolon(service, event_id, delimiter):
    rows = [PRETIX_HEADER,
            pretix_row("ABC12", "Nagy Erzsébet", "Erzsébet", "Nagy", "s3cr3t1", "nagy@example.hu"),
            pretix_row("ABC12", "王芳", "芳", "王", "s3cr3t2", "")]
    report = run(service, event_id, write_csv(rows, delimiter))
    assert (report.format, report.imported, report.rejected) == ("pretix", 2, [])
    assert stored(service, event_id) == [("Erzsébet", "Nagy", "", "s3cr3t1"), ("芳", "王", "", "s3cr3t2")]
    [wang] = attendees.by_code(service.db, event_id, "s3cr3t2")
    assert (wang.name.full, wang.name.family_first) == ("王芳", True)


def test_pretix_without_secrets_gets_kiosk_codes_that_survive_a_reimport(service, event_id):
    header = [h for h in PRETIX_HEADER if h != "Secret"]
    rows = [header] + [[c for i, c in enumerate(r) if PRETIX_HEADER[i] != "Secret"] for r in (
        pretix_row("ABC12", "Kari Nordmann", "Kari", "Nordmann", "", "kari@example.com"),
        pretix_row("ABC12", "Ola Nordmann", "Ola", "Nordmann", "", "ola@example.com"))]
    run(service, event_id, write_csv(rows))
    codes = [c for *_, c in stored(service, event_id)]
    assert all(c.startswith("T") for c in codes) and len(set(codes)) == 2
    again = run(service, event_id, write_csv(rows))
    assert (again.imported, again.updated) == (0, 2)
    assert [c for *_, c in stored(service, event_id)] == codes


def test_reimport_updates_and_never_duplicates(service, event_id):
    run(service, event_id, write_csv(EVENTBRITE))
    changed = [EVENTBRITE_HEADER, eventbrite_row("1001", "Åse", "Ødegård-Berg", "ase@example.no", "1",
                                                 "111222333001", "Fjord AS")]
    report = run(service, event_id, write_csv(changed))
    assert (report.imported, report.updated) == (0, 1)
    assert ("Åse", "Ødegård-Berg", "Fjord AS", "111222333001") in stored(service, event_id)
    assert len(stored(service, event_id)) == 2


def found(service: KioskService, event_id: str, query: str) -> list[str]:
    return [a.name.full for a in attendees.search(service.db, event_id, query)]


def test_imported_names_are_found_and_a_changed_name_is_found_by_its_new_spelling(service, event_id):
    run(service, event_id, write_csv(EVENTBRITE))
    assert found(service, event_id, "odegard") == ["Åse Ødegård"]
    assert found(service, event_id, "mueller") == ["Jörg Müller"]
    renamed = [EVENTBRITE_HEADER, eventbrite_row("1001", "Åse", "Lie", "ase@example.no", "1",
                                                 "111222333001", "Fjord AS")]
    run(service, event_id, write_csv(renamed))
    assert found(service, event_id, "odegard") == []
    assert found(service, event_id, "lie") == ["Åse Lie"]
    walk_in = attendees.add_walk_in(service.db, event_id, attendees.AttendeeData("Siv", "Strand"),
                                    service.clock.now(), "admin:test")
    assert found(service, event_id, "strand") == [walk_in.name.full], "one at a time still indexed"


def test_a_reimport_leaves_unchanged_attendees_as_they_were(service, event_id):
    run(service, event_id, write_csv(EVENTBRITE))
    before = list(service.db.query("SELECT * FROM attendees ORDER BY rowid"))
    service.clock.advance(minutes=5)
    changed = [EVENTBRITE_HEADER, EVENTBRITE[1],
               eventbrite_row("1001", "Jörg", "Müller", "jorg@example.de", "2", "111222333002", "Vik AS")]
    report = run(service, event_id, write_csv(changed))
    assert (report.imported, report.updated) == (0, 2)
    after = {r["ticket_code"]: r for r in service.db.query("SELECT * FROM attendees")}
    ase, jorg = before
    assert after[ase["ticket_code"]] == ase, "the same row again is not written"
    assert after[jorg["ticket_code"]]["company"] == "Vik AS"
    assert after[jorg["ticket_code"]]["updated_at"] > jorg["updated_at"]
    assert found(service, event_id, "vik") == ["Jörg Müller"]


def test_a_failed_import_leaves_the_search_index_and_its_trigger_as_they_were(service, event_id,
                                                                              monkeypatch):
    run(service, event_id, write_csv(EVENTBRITE[:2]))
    schema = service.db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()

    def dies(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("kiosk.importers.audit", dies)
    with pytest.raises(RuntimeError):
        run(service, event_id, write_csv(EVENTBRITE))
    assert service.db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert found(service, event_id, "muller") == []
    assert found(service, event_id, "odegard") == ["Åse Ødegård"]


QUIRKY = (b'Name;E-post;Firma;Billettkode\r\n'
          b'"Kari\r\nNordmann";kari@example.com;"Fjord; Bygg";K-1\r\n'
          b'\r\n'
          b'"Kari\r\nNordmann";kari@example.com;"Fjord; Bygg";K-1\r\n'
          b'Ola Nordmann;ola@example\r\n'
          b';;;K-3\r\n'
          b'=HYPERLINK("http://evil.example");;;K-4\r\n'
          b'@SUM(A1);not-an-email;;K-5\r\n'
          b'Per Person;per@example.com;Vik AS;K-6;extra;cells\r\n')


def test_generic_file_with_every_quirk(service, event_id):
    report = run(service, event_id, QUIRKY)
    assert report.format == "generic"
    assert reasons(report) == [(5, "The same ticket as line 2."),
                               (7, "ola@example is not an e-mail address."),
                               (8, "The row has no name."),
                               (10, "not-an-email is not an e-mail address.")]
    assert stored(service, event_id) == [
        ("=HYPERLINK(\"http://evil.example\")", "", "", "K-4"),
        ("Kari Nordmann", "", "Fjord; Bygg", "K-1"), ("Per Person", "", "Vik AS", "K-6")]


def test_short_row_without_a_name_is_reported_as_cut_short(service, event_id):
    data = b"Code,Company,First name\nK-1,Fjord,Kari\nK-2,Vik\n"
    report = run(service, event_id, data)
    assert (report.imported, reasons(report)) == (1, [(3, "The row is cut short: 2 of 3 columns.")])


def test_headers_in_other_languages(service, event_id):
    data = "Förnamn;Efternamn;Företag;Biljettkod\nSven;Svensson;AB;S1\n".encode()
    assert run(service, event_id, data).imported == 1
    data = "Etunimi,Sukunimi,Yritys,Lippukoodi\nMatti,Meikäläinen,Oy,F1\n".encode()
    assert run(service, event_id, data).imported == 1
    data = "Vorname\tNachname\tUnternehmen\tTicketcode\nJörg\tMüller\tGmbH\tD1\n".encode()
    assert run(service, event_id, data).imported == 1
    assert len(stored(service, event_id)) == 3


def test_map_overrides_the_guess(service, event_id):
    data = b"Deltaker,Kode,Org\nKari Nordmann,K-1,Fjord\n"
    with pytest.raises(ValidationError) as refused:
        run(service, event_id, data)
    assert "No column holds a name" in EN.message(refused.value.message)
    report = run(service, event_id, data, overrides=["Deltaker=full_name", "kode=ticket_code",
                                                     "ORG=company"])
    assert report.imported == 1
    assert stored(service, event_id) == [("Kari Nordmann", "", "Fjord", "K-1")]


@pytest.mark.parametrize("pair", ["Deltaker", "Deltaker=shoe_size", "=full_name", "Nope=full_name"])
def test_bad_map_is_refused_with_a_message(service, event_id, pair):
    with pytest.raises(ValidationError):
        run(service, event_id, b"Deltaker,Kode\nKari,K-1\n", overrides=[pair])


def test_xlsx_with_numbers_and_formulas(service, event_id, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Fornavn", "Etternavn", "Firma", "Strekkode"])
    sheet.append(["Kari", "Nordmann", "=1+1", 1234567890123])
    sheet.append([None, None, None, None])
    sheet.append(["Ola", None, "Vik AS", "B-2"])
    out = io.BytesIO()
    book.save(out)
    report = run(service, event_id, out.getvalue())
    assert (report.imported, report.rejected) == (2, [])
    assert stored(service, event_id) == [("Kari", "Nordmann", "=1+1", "1234567890123"),
                                         ("Ola", "", "Vik AS", "B-2")]


def test_a_broken_spreadsheet_is_refused(service, event_id):
    with pytest.raises(ValidationError):
        run(service, event_id, b"PK\x03\x04 this is not a zip")


def test_an_import_is_all_or_nothing(service, event_id, monkeypatch):
    def dies(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("kiosk.importers.audit", dies)  # fails after the attendees were written
    with pytest.raises(RuntimeError):
        run(service, event_id, write_csv(EVENTBRITE))
    assert stored(service, event_id) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_random_bytes_never_crash(service, event_id, data):
    try:
        report = run(service, event_id, data)
    except ValidationError as refused:
        assert EN.message(refused.message)
        return
    assert all(r.line >= 2 and EN.message(r.reason) for r in report.rejected)


#: Text as people type it; control characters have their own test below.
_CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=12)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=6), max_size=12),
       delimiter=st.sampled_from([",", ";", "\t"]), line_end=st.sampled_from(["\n", "\r\n"]))
def test_every_row_of_a_random_csv_is_imported_or_reported(service, event_id, rows, delimiter, line_end):
    header = ["Name", "E-mail", "Company", "Code"]
    service.db.execute("DELETE FROM attendees")
    data = write_csv([header, *rows], delimiter, line_end=line_end)
    data_rows = [r for r in csv.reader(io.StringIO(data.decode(), newline=""), delimiter=delimiter)][1:]
    non_empty = [r for r in data_rows if any(c.strip() for c in r)]
    if not non_empty:
        with pytest.raises(ValidationError, match="column headings"):
            run(service, event_id, data)
        return
    report = run(service, event_id, data)
    assert report.imported + report.updated + len(report.rejected) == len(non_empty)


def refusal(service, event_id, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        run(service, event_id, data)
    return EN.message(refused.value.message)


NOT_A_LIST = "This is not a CSV or XLSX file."


@pytest.mark.parametrize("data", [
    random.Random(7).randbytes(2000),
    b"\xff\xfe" + random.Random(8).randbytes(2000),  # "UTF-16" by its first bytes only
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Fornavn,Etternavn",  # Excel 97-2003 .xls
    b"%PDF-1.7\n" + random.Random(9).randbytes(3000),
], ids=["random", "random-utf16-bom", "xls", "pdf"])
def test_a_file_that_is_not_a_list_is_told_so(service, event_id, data):
    assert refusal(service, event_id, data).startswith(NOT_A_LIST)
    assert stored(service, event_id) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("tail", ["", "\r\n", "\r\n;;\r\n\r\n"])
def test_a_file_with_headings_only_says_it_has_no_attendees(service, event_id, encoding, tail):
    data = f"Fornavn;Etternavn;E-post{tail}".encode(encoding)
    assert refusal(service, event_id, data) == (
        "The file has column headings (Fornavn, Etternavn, E-post) but no attendees under them.")


def test_a_row_with_a_control_character_is_refused_as_the_visitor_form_refuses_it(service, event_id):
    data = "Name,Company,Code\nKari\x07 Nordmann,,K-1\nOla,Vik\x00\x1b AS,K-2\nPer,,K-3\n".encode()
    report = run(service, event_id, data)
    form = EN.message(field_problem("given_name", "Kari\x07", "NO"))
    assert form == "Contains characters that cannot be used here."
    assert (report.imported, reasons(report)) == (1, [(2, form), (3, form)])
    assert stored(service, event_id) == [("Per", "", "", "K-3")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_CELL,
       control=st.characters(whitelist_categories=("Cc",)).filter(lambda c: not c.isspace()))
def test_no_name_with_a_control_character_is_stored(service, event_id, name, control):
    service.db.execute("DELETE FROM attendees")
    data = write_csv([["Name", "Code"], [name + control + name, "K-1"], ["Ola", "K-2"]])
    report = run(service, event_id, data)
    assert [r.line for r in report.rejected] == [2]
    assert [row[0] for row in stored(service, event_id)] == ["Ola"]
