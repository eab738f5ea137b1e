"""Exports opened back as reception would open them, cell by cell: nothing runs, nothing is lost."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from kiosk import audit
from kiosk.errors import StorageError, ValidationError
from kiosk.exports import ExportFilter, export, neutralise
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Åse Ødegård", "Łukasz Żółć", "Дмитрий Иванов", "Γιώργος Παπαδόπουλος", "محمد عبدالله",
         "שרה לוי", "王芳", "山田 太郎", "김민준", "अनन्या शर्मा", "สมชาย ใจดี", "Nguyễn Thị Hương"]
COMPANIES = ['=HYPERLINK("http://evil.example","click")', "+47 22 00 00 00", "-2+3", "@SUM(A1:A9)",
             "\tTabbed AS", "\rReturn AS", "Vanlig AS"]
TODAY = date(2026, 11, 25)
DAY = ExportFilter(TODAY, TODAY)


@pytest.fixture
def visits(service):
    made = []
    for n, name in enumerate(NAMES):
        company = COMPANIES[n % len(COMPANIES)]
        plate = "ав 12345" if n == 0 else ""
        made.append(service.register_visit(registration(service, given_name=name, family_name="",
                                                         company=company, car_reg=plate)))
    return made


def expected_company(n: int) -> str:
    typed = COMPANIES[n % len(COMPANIES)].strip()
    return typed if typed == "Vanlig AS" else "'" + typed


def stored_companies(service) -> list[str]:
    return [r[0] for r in service.db.execute(
        "SELECT p.company FROM visits v JOIN people p ON p.id = v.person_id ORDER BY v.rowid")]


@pytest.mark.parametrize("typed, shown", [("=1+1", "'=1+1"), ("+47", "'+47"), ("-5", "'-5"),
                                          ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                          ("a=b", "a=b"), ("", "")])
def test_formula_starts_are_neutralised(typed, shown):
    assert neutralise(typed) == shown


def test_csv_opens_back_with_bom_names_and_no_formula(service, visits, tmp_path):
    out = tmp_path / "visits.csv"
    assert export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY,
                  "csv", out) == len(NAMES)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["full_name"] for r in table] == NAMES
    companies = stored_companies(service)
    for row, company in zip(table, companies):
        assert row["company"] == neutralise(company)
        assert not row["company"].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert table[0]["car_registration"] == "ав 12345"  # as typed
    assert table[0]["signed_in_at"] == "2026-11-25T09:30:00+01:00"  # the site's time


def test_names_come_in_the_persons_order(service, tmp_path):
    service.register_visit(registration(service, given_name="Erzsébet", family_name="Nagy",
                                        family_first=True))
    out = tmp_path / "v.json"
    export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY, "json", out)
    [item] = json.loads(out.read_text("utf-8"))
    assert (item["full_name"], item["given_name"], item["family_name"]) == ("Nagy Erzsébet",
                                                                           "Erzsébet", "Nagy")


def test_semicolon_csv_for_nordic_excel(service, visits, tmp_path):
    out = tmp_path / "visits.csv"
    export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY, "csv", out,
           semicolon=True)
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("visit_id;signed_in_at;signed_out_at;full_name")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[3] for r in table[1:]] == NAMES and table[0][3] == "full_name"


def test_xlsx_cells_are_strings_or_dates_never_formulas(service, visits, tmp_path):
    out = tmp_path / "visits.xlsx"
    export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY, "xlsx", out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    data = list(sheet.iter_rows(min_row=2))
    assert len(data) == len(NAMES)
    for cells in data:
        for cell in cells:
            assert cell.data_type in ("s", "inlineStr", "d", "n")
            assert cell.data_type != "n" or cell.is_date
    with zipfile.ZipFile(out) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in book.read(n) and b"<f " not in book.read(n) for n in sheets)
    by_column = [dict(zip(header, (c.value for c in cells))) for cells in data]
    assert [r["full_name"] for r in by_column] == NAMES
    assert [r["company"] for r in by_column] == [neutralise(c) for c in stored_companies(service)]
    assert by_column[0]["signed_in_at"] == datetime(2026, 11, 25, 9, 30)
    assert by_column[0]["car_registration"] == "ав 12345"


def test_json_keeps_values_as_typed(service, visits, tmp_path):
    out = tmp_path / "visits.json"
    export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY, "json", out)
    items = json.loads(out.read_text("utf-8"))
    assert [i["full_name"] for i in items] == NAMES
    assert items[0]["signed_in_at"] == "2026-11-25T09:30:00+01:00"


def test_dates_filter_by_the_sites_days(service, clock, tmp_path):
    service.register_visit(registration(service, given_name="Tirsdag", family_name="Besøk"))
    clock.advance(days=1)
    service.register_visit(registration(service, given_name="Onsdag", family_name="Besøk"))
    out = tmp_path / "one.csv"
    count = export(service.db, service.config, clock.now(), "admin:test", "visits",
                   ExportFilter(TODAY + timedelta(days=1), TODAY + timedelta(days=1)), "csv", out)
    assert count == 1 and "Onsdag" in out.read_text("utf-8-sig")
    assert export(service.db, service.config, clock.now(), "admin:test", "visits",
                  ExportFilter(TODAY, TODAY, kind="contractor"), "csv", out) == 0


def test_every_export_is_audited_with_its_filter_and_count(service, visits, tmp_path):
    export(service.db, service.config, service.clock.now(), "admin:test", "consents",
           ExportFilter(TODAY, TODAY, kind="given"), "json", tmp_path / "c.json")
    [row] = service.db.execute("SELECT actor, record_refs FROM audit_log "
                               "WHERE action = 'export.consents'").fetchall()
    assert row[0] == "admin:test"
    assert json.loads(row[1]) == ["format:json", "from:2026-11-25", "to:2026-11-25", "type:given",
                                  "rows:0"]
    assert audit.verify(service.db) is None


def test_the_audit_log_exports(service, visits, tmp_path):
    out = tmp_path / "audit.csv"
    count = export(service.db, service.config, service.clock.now(), "admin:test", "audit", DAY,
                   "csv", out)
    table = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert count == len(table) >= len(NAMES)
    assert {r["action"] for r in table} == {"visit.registered"}


def test_end_before_start_is_refused(service, tmp_path):
    with pytest.raises(ValidationError):
        export(service.db, service.config, service.clock.now(), "admin:test", "visits",
               ExportFilter(TODAY, TODAY - timedelta(days=1)), "csv", tmp_path / "x.csv")


def test_an_unwritable_target_leaves_nothing(service, visits, tmp_path):
    with pytest.raises(StorageError) as caught:
        export(service.db, service.config, service.clock.now(), "admin:test", "visits", DAY, "csv",
               tmp_path / "missing" / "x.csv")
    assert "missing" in str(caught.value)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_export_command(service, visits, data_dir, tmp_path):
    # The site's day, not UTC's: from 23:00 UTC it is already tomorrow in Oslo.
    today = datetime.now(ZoneInfo(service.config.timezone)).date().isoformat()
    service.db.execute("UPDATE visits SET signed_in_at = ?",
                       [datetime.now(timezone.utc).isoformat()])
    service.db.conn.commit()
    out = tmp_path / "v.xlsx"
    done = run(data_dir, "export", "visits", "--from", today, "--to", today, "--format", "xlsx",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Exported {len(NAMES)} rows to {out}."
    assert openpyxl.load_workbook(out).active.max_row == len(NAMES) + 1


@pytest.mark.parametrize("args", [
    ["export", "visits", "--from", "yesterday", "--to", "2026-01-01", "--format", "csv", "--out", "x"],
    ["export", "visits", "--from", "2026-02-01", "--to", "2026-01-01", "--format", "csv", "--out", "x"],
    ["export", "visits", "--from", "2026-01-01", "--to", "2026-01-02", "--format", "ods", "--out", "x"],
    ["export", "nothing", "--from", "2026-01-01", "--to", "2026-01-02", "--format", "csv", "--out", "x"],
    ["export", "visits", "--from", "0001-01-01", "--to", "9999-12-31", "--format", "csv", "--out", "x"],
    ["stats", "--from", "0001-01-01", "--to", "2026-01-01"],
])
def test_export_command_refuses_bad_input(tmp_path, args):
    done = run(tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr.strip() and "Traceback" not in done.stderr


def test_checkins_export(service, event, tmp_path):
    from kiosk import checkin
    from kiosk.checkin import Door

    checkin.check_in(service.db, event, "CODE-KARI", service.clock.now(), Door("kiosk-a", "front"))
    checkin.check_in(service.db, event, "NO-SUCH-CODE", service.clock.now(), Door("kiosk-a", "front"))
    out = tmp_path / "checkins.csv"
    count = export(service.db, service.config, service.clock.now(), "admin:test", "checkins", DAY,
                   "csv", out)
    table = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert count == 2 and {r["result"] for r in table} == {"ok", "unknown"}
    ok = next(r for r in table if r["result"] == "ok")
    assert (ok["full_name"], ok["door"], ok["event"]) == ("Kari Nordmann", "front", event.id)
    assert export(service.db, service.config, service.clock.now(), "admin:test", "checkins",
                  ExportFilter(TODAY, TODAY, event=event.id, kind="unknown"), "csv", out) == 1
