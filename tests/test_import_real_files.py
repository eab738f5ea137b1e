"""Attendee lists as real tools write them: Excel's "CSV UTF-8" and its Windows-1252 CSV,
spreadsheets with a title above the headings or merged heading cells, and a list of
50,000 rows with one bad row in the middle. Each imports, or names the line it stops at."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests.test_import import EN, event_id, reasons, run, stored  # noqa: F401 - fixture

HEADINGS = ["Fornavn", "Etternavn", "Firma", "E-post", "Billettkode"]
PEOPLE = [["Åse", "Ødegård", "Fjord Bygg AS", "ase@example.no", "A-1"],
          ["Bjørn", "Æsøy", "Sjø & Land", "bjorn@example.no", "A-2"]]
STORED = [("Bjørn", "Æsøy", "Sjø & Land", "A-2"), ("Åse", "Ødegård", "Fjord Bygg AS", "A-1")]


def excel_csv(rows: list[list[str]], encoding: str) -> bytes:
    """What Excel's Save as writes on a Norwegian Windows: semicolons, CRLF, a BOM for UTF-8."""
    text = "".join(";".join(row) + "\r\n" for row in rows)
    return ("\ufeff" if encoding == "utf-8" else "").encode("utf-8") + text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_excel_csv_in_utf8_with_bom_or_windows_1252(service, event_id, encoding):  # noqa: F811
    report = run(service, event_id, excel_csv([HEADINGS, *PEOPLE], encoding))
    assert (report.imported, report.rejected) == (2, [])
    assert stored(service, event_id) == STORED


def workbook(rows: list[list[object]], merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_an_empty_first_row(service, event_id):  # noqa: F811
    report = run(service, event_id, workbook([[], HEADINGS, *PEOPLE]))
    assert (report.imported, report.rejected) == (2, [])
    assert stored(service, event_id) == STORED


def test_xlsx_with_a_merged_title_above_the_headings(service, event_id):  # noqa: F811
    data = workbook([["Deltakere, Fagdag 2026"], HEADINGS, *PEOPLE,
                     ["Kari", "", "", "", "A-3"]], merge="A1:E1")
    report = run(service, event_id, data)
    assert (report.imported, report.rejected) == (3, [])
    assert stored(service, event_id)[0] == ("Bjørn", "Æsøy", "Sjø & Land", "A-2")


def test_excel_csv_of_a_sheet_with_a_title_row(service, event_id):  # noqa: F811
    data = excel_csv([["Deltakere, Fagdag 2026", "", "", "", ""], ["", "", "", "", ""], HEADINGS,
                      *PEOPLE], "utf-8")
    report = run(service, event_id, data)
    assert (report.imported, report.rejected) == (2, [])


def test_xlsx_with_merged_heading_cells_over_two_heading_rows(service, event_id):  # noqa: F811
    data = workbook([["Deltaker", None, None, "Kontakt", "Billett"], HEADINGS, *PEOPLE],
                    merge="A1:C1")
    report = run(service, event_id, data)
    assert (report.imported, report.rejected) == (2, [])
    assert stored(service, event_id) == STORED


ROWS = 50_000


def big_list(bad: str) -> bytes:
    lines = [",".join(HEADINGS)]
    lines += [f"Person{i},Etter{i},Firma,p{i}@example.no,T-{i}" for i in range(ROWS)]
    lines[ROWS // 2] = bad
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_fifty_thousand_rows_with_one_bad_e_mail_in_the_middle(service, event_id):  # noqa: F811
    report = run(service, event_id, big_list("Kari,Nordmann,Firma,kari@,T-bad"))
    assert report.imported == ROWS - 1
    assert reasons(report) == [(ROWS // 2 + 1, "kari@ is not an e-mail address.")]


def test_fifty_thousand_rows_with_an_unclosed_quote_in_the_middle(service, event_id):  # noqa: F811
    report = run(service, event_id, big_list('Kari,"Nordmann,Firma,kari@example.no,T-bad'))
    assert report.imported == ROWS // 2 - 1, "the rows before the broken one are imported"
    [(line, reason)] = reasons(report)
    assert line == ROWS // 2 + 1
    assert reason.startswith(f"A quote opened on line {ROWS // 2 + 1} is never closed")


def test_an_unclosed_quote_near_the_end_is_named_too(service, event_id):  # noqa: F811
    data = excel_csv([HEADINGS, *PEOPLE, ["Kari", '"Nordmann', "", "", "A-3"], ["Ola", "Vik", "", "", "A-4"]],
                     "utf-8")
    report = run(service, event_id, data)
    assert report.imported == 2
    assert reasons(report) == [(4, "A quote opened on line 4 is never closed, so the rows after it were "
                                   "not read. Add the closing quote (\") and import the file again.")]


def test_a_cell_with_line_breaks_in_the_last_row_is_one_cell(service, event_id):  # noqa: F811
    data = excel_csv([["Navn", "Merknad"], ["Kari", '"Vegetar,\r\nallergisk mot nøtter"']], "utf-8")
    assert run(service, event_id, data).imported == 1
