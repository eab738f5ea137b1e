"""The event commands as scripts use them: ids on stdout, counts, one line per rejected row, exit codes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def event_id(tmp_path: Path) -> str:
    made = run(tmp_path, "events", "create", "--name", "Fagdag", "--start", "2020-01-01T08:00",
               "--end", "2099-01-01T18:00")
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def test_create_prints_the_id_alone_and_list_shows_counts(tmp_path, event_id):
    assert len(event_id) == 36 and "\n" not in event_id
    listed = run(tmp_path, "events", "list")
    assert listed.stdout.splitlines() == [f"{event_id}\tFagdag\t2020-01-01 08:00\t2099-01-01 18:00\t0/0"]


def test_import_then_check_in_with_every_exit_status(tmp_path, event_id):
    listing = tmp_path / "list.csv"
    listing.write_text("First name;Last name;Barcode;Email\nKari;Nordmann;K-1;kari@example.com\n"
                       "Ola;Nordmann;K-2;not-mail\n;;K-3;\n", "utf-8")
    imported = run(tmp_path, "attendees", "import", "--event", event_id, str(listing))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines() == [
        "Imported 1, updated 0, rejected 2.",
        "Line 3: not-mail is not an e-mail address.",
        "Line 4: The row has no name."]
    ok = run(tmp_path, "checkin", "--event", event_id, "K-1")
    assert (ok.returncode, ok.stdout) == (0, "ok: Welcome, Kari Nordmann!\n")
    again = run(tmp_path, "--lang", "nb", "checkin", "--event", event_id, "K-1")
    assert again.returncode == 3 and again.stdout.startswith("already_checked_in: Allerede sjekket inn")
    assert run(tmp_path, "checkin", "--event", event_id, "K-9").returncode == 4
    assert run(tmp_path, "events", "list").stdout.strip().endswith("\t1/1")


def test_not_valid_now_exits_5(tmp_path):
    made = run(tmp_path, "events", "create", "--name", "Later", "--start", "2098-01-01T08:00",
               "--end", "2098-01-01T18:00")
    listing = tmp_path / "list.csv"
    listing.write_text("Name,Code\nKari Nordmann,K-1\n", "utf-8")
    run(tmp_path, "attendees", "import", "--event", made.stdout.strip(), str(listing))
    late = run(tmp_path, "checkin", "--event", made.stdout.strip(), "K-1")
    assert late.returncode == 5
    assert late.stdout.startswith("not_valid_now: This ticket is not valid now. Check-in is open 2098-01-01 06:00")


def test_import_of_nothing_exits_non_zero(tmp_path, event_id):
    listing = tmp_path / "list.csv"
    listing.write_text("Name,Code\n,K-1\n", "utf-8")
    result = run(tmp_path, "attendees", "import", "--event", event_id, str(listing))
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["Imported 0, updated 0, rejected 1.", "Line 2: The row has no name."]


@pytest.mark.parametrize("content, says", [
    (bytes(range(256)) * 8, "This is not a CSV or XLSX file."),
    ("Navn,E-post\r\n".encode("utf-16"),
     "The file has column headings (Navn, E-post) but no attendees under them."),
])
def test_a_file_without_attendees_exits_2_saying_why(tmp_path, event_id, content, says):
    (tmp_path / "list.dat").write_bytes(content)
    result = run(tmp_path, "attendees", "import", "--event", event_id, str(tmp_path / "list.dat"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(says) and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, says", [
    (["events", "create", "--name", "X", "--start", "soon", "--end", "2099-01-01"], "soon is not a date"),
    (["events", "create", "--name", "X", "--start", "2099-01-02", "--end", "2099-01-01"], "must end after"),
    (["events", "create", "--name", "X", "--start", "2026-03-29T02:30", "--end", "2026-03-29T09:00"],
     "2026-03-29 02:30 does not exist in Europe/Oslo: that night the clocks go forward from 02:00 to "
     "03:00. Choose 03:00 or later."),
    (["checkin", "--event", "nope", "K-1"], "no event with the id nope"),
    (["attendees", "import", "--event", "nope", "missing.csv"], "missing.csv cannot be read"),
])
def test_bad_input_exits_2_with_one_message_and_no_traceback(tmp_path, args, says):
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr


def test_map_option_and_bad_map(tmp_path, event_id):
    listing = tmp_path / "list.csv"
    listing.write_text("Deltaker,Kode\nKari Nordmann,K-1\n", "utf-8")
    bad = run(tmp_path, "attendees", "import", "--event", event_id, str(listing))
    assert bad.returncode == 2 and "No column holds a name" in bad.stderr
    good = run(tmp_path, "attendees", "import", "--event", event_id, str(listing),
               "--map", "Deltaker=full_name", "--map", "Kode=ticket_code")
    assert good.stdout.splitlines() == ["Imported 1, updated 0, rejected 0."]
    assert run(tmp_path, "checkin", "--event", event_id, "K-1").returncode == 0


def test_demo_loads_an_event_with_attendees(tmp_path):
    result = run(tmp_path, "demo", "--attendees", "30")
    assert result.returncode == 0, result.stderr
    assert "with 30 attendees" in result.stdout
    assert run(tmp_path, "events", "list").stdout.strip().endswith("\t0/30")
    assert run(tmp_path, "checkin", "--event", result.stdout.split()[-4], "DEMO0000007").returncode == 0


def lane_heard(tmp_path, when: str) -> None:  # noqa: ANN001
    """Record `when` as the sync lane's last successful round, as the lane does."""
    from kiosk.db import open_database, write_transaction
    from kiosk.other_doors import LAST_SUCCESS

    db = open_database(tmp_path / "kiosk.sqlite3")
    with write_transaction(db):
        db.execute("INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT (name) "
                   "DO UPDATE SET value = excluded.value", [LAST_SUCCESS, when])
    db.close()


def enrolled_door(tmp_path, policy: str, last_success: str) -> str:  # noqa: ANN001
    """An event with Kari (K-1) and Ola (K-2) on an enrolled kiosk whose sync lane last
    recorded `last_success`; the event's id."""
    from kiosk.company_key import save_company_key

    made = run(tmp_path, "events", "create", "--name", "Fagdag", "--start", "2020-01-01T08:00",
               "--end", "2099-01-01T18:00", "--offline-policy", policy)
    listing = tmp_path / "list.csv"
    listing.write_text("First name;Last name;Barcode\nKari;Nordmann;K-1\nOla;Nordmann;K-2\n", "utf-8")
    assert run(tmp_path, "attendees", "import", "--event", made.stdout.strip(),
               str(listing)).returncode == 0
    save_company_key(tmp_path, bytes(32))
    lane_heard(tmp_path, last_success)
    return made.stdout.strip()


@pytest.mark.parametrize("policy, status, says", [
    ("allow_with_warning", 0, "ok: Welcome, Kari Nordmann! Other doors have not reported yet: "
                              "check with them.\n"),
    ("refuse_when_unsure", 9, "unsure: Other doors have not reported yet. A supervisor must "
                              "decide.\n")])
def test_an_enrolled_kiosk_the_lane_has_not_heard_for_a_while_applies_the_policy(
        tmp_path, policy, status, says):
    """From the command line as at the screen: the last round the lane recorded was two
    minutes ago, so a ticket may have been used at another door meanwhile."""
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    event_id = enrolled_door(tmp_path, policy, (now - timedelta(minutes=2)).isoformat())
    answer = run(tmp_path, "checkin", "--event", event_id, "K-1")
    assert (answer.returncode, answer.stdout) == (status, says)
    lane_heard(tmp_path, datetime.now(timezone.utc).isoformat())  # just now: a sure door
    sure = run(tmp_path, "checkin", "--event", event_id, "K-2")
    assert (sure.returncode, sure.stdout) == (0, "ok: Welcome, Ola Nordmann!\n")


def test_a_damaged_last_round_entry_counts_as_not_heard(tmp_path):
    event_id = enrolled_door(tmp_path, "refuse_when_unsure", "not a time")
    answer = run(tmp_path, "checkin", "--event", event_id, "K-1")
    assert answer.returncode == 9 and answer.stdout.startswith("unsure:")
    assert "Traceback" not in answer.stderr
