"""Retention: records go when the notice says, with their copies, audited, and leave no trace on disk."""
from __future__ import annotations

import json
from dataclasses import replace
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk import audit, retention
from kiosk.retention import auto_sign_out, purge, purge_due, uncovered_settings
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]
GIVEN, FAMILY = "Qwzyxjöl", "Tracemark"
PLATE = "ZX98765"


def count(service, sql: str, *params) -> int:
    return service.db.execute(sql, params).fetchone()[0]


def visit(service, **typed):
    return service.register_visit(registration(service, **typed))


def test_every_retention_setting_in_the_registry_has_a_rule():
    assert uncovered_settings() == set()


def test_a_purged_visit_leaves_no_trace_in_any_file(service, clock, data_dir):
    old = visit(service, given_name=GIVEN, family_name=FAMILY, email="qwzyxjol@example.no", car_reg=PLATE,
                company="Tracecorp Unik")
    service.sign_out(old.id, "badge")
    clock.advance(days=91)
    kept = visit(service, given_name="Kari", family_name="Nordmann")
    report = purge(service.db, service.config, clock.now(), "admin:test")
    assert report.counts["visits"] == 1
    assert count(service, "SELECT count(*) FROM visits WHERE id = ?", old.id) == 0
    assert count(service, "SELECT count(*) FROM visits WHERE id = ?", kept.id) == 1
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files), "the WAL is searched as well"
    for path in files:
        raw = path.read_bytes().lower()
        for trace in (GIVEN, FAMILY, "qwzyxj", "tracemark", "tracecorp", PLATE, "qwzyxjol@example.no", old.badge_token):
            assert trace.lower().encode("utf-8") not in raw, f"{trace!r} is still in {path.name}"


def test_car_registrations_go_after_seven_days_from_visits_kept_longer(service, clock):
    old = visit(service, car_reg="AB 12345")
    clock.advance(days=6)
    recent = visit(service, car_reg="CD 67890")
    clock.advance(days=2)
    report = purge(service.db, service.config, clock.now(), "admin:test")
    assert report.counts["car_registrations"] == 1 and report.counts["visits"] == 0
    rows = {r["id"]: r for r in service.db.query("SELECT id, car_reg_display, car_reg_normalized "
                                                 "FROM visits")}
    assert rows[old.id]["car_reg_display"] is None and rows[old.id]["car_reg_normalized"] is None
    assert rows[recent.id]["car_reg_display"] == "CD 67890"


def test_dry_run_counts_and_changes_nothing(service, clock):
    for _ in range(3):
        visit(service, car_reg="AB 12345")
    clock.advance(days=100)
    before = "\n".join(service.db.conn.iterdump())
    report = purge(service.db, service.config, clock.now(), "admin:test", dry_run=True)
    assert report.dry_run and report.counts["visits"] == 3 and report.counts["car_registrations"] == 3
    assert "\n".join(service.db.conn.iterdump()) == before


def test_the_purge_is_audited_with_its_counts_and_the_chain_holds(service, clock):
    visit(service)
    clock.advance(days=91)
    purge(service.db, service.config, clock.now(), "admin:test")
    [refs] = [json.loads(r[0]) for r in service.db.execute(
        "SELECT record_refs FROM audit_log WHERE action = 'retention.purged'")]
    assert "visits:1" in refs and "car_registrations:0" in refs
    assert audit.verify(service.db) is None


def test_settings_change_the_days(service, clock):
    from dataclasses import replace

    visit(service)
    clock.advance(days=20)
    shorter = replace(service.config, retention=replace(service.config.retention, visits_days=14))
    assert purge(service.db, shorter, clock.now(), "admin:test").counts["visits"] == 1


def test_the_consent_history_outlives_the_person(service, clock):
    from kiosk.marketing import Decision

    visit(service, email="samtykke@example.no", decision=Decision.REFUSED)
    clock.advance(days=91)
    purge(service.db, service.config, clock.now(), "admin:test")
    assert count(service, "SELECT count(*) FROM people") == 0
    assert count(service, "SELECT count(*) FROM consent_events") == 1
    assert count(service, "SELECT count(*) FROM suppressions") == 1


def test_outbox_copies_go_with_the_visit_and_stale_rows_after_thirty_days(service, clock):
    old = visit(service)
    clock.advance(days=31)
    report = purge(service.db, service.config, clock.now(), "admin:test")
    assert report.counts["outbox"] >= 1
    clock.advance(days=60)
    purge(service.db, service.config, clock.now(), "admin:test")
    assert count(service, "SELECT count(*) FROM outbox WHERE record_id = ?", old.id) == 0


def test_audit_entries_go_after_a_year(service, clock):
    visit(service)
    clock.advance(days=366)
    report = purge(service.db, service.config, clock.now(), "admin:test")
    assert report.counts["audit_log"] >= 1
    assert audit.verify(service.db) is None


def test_the_purge_runs_daily(service, clock):
    assert purge_due(service.db, clock.now())
    assert retention.housekeeping(service.db, service.config, clock.now()) is not None
    clock.advance(hours=23)
    assert retention.housekeeping(service.db, service.config, clock.now()) is None
    clock.advance(hours=1)
    assert purge_due(service.db, clock.now())


def test_visitors_still_in_are_signed_out_at_the_sites_time(service, clock):
    # 08:30 UTC is 09:30 in Oslo; the site signs out at 23:00 local time (22:00 UTC).
    early = visit(service)
    clock.advance(hours=13)  # 21:30 UTC: before the time
    assert auto_sign_out(service.db, service.config, clock.now()) == 0
    clock.advance(hours=1)  # 22:30 UTC: after it
    late = visit(service)
    assert auto_sign_out(service.db, service.config, clock.now()) == 1
    rows = {r["id"]: r for r in service.db.query("SELECT * FROM visits")}
    assert rows[early.id]["sign_out_method"] == "automatic"
    assert rows[early.id]["signed_out_at"] == datetime(2026, 11, 25, 22, 0, tzinfo=timezone.utc).isoformat()
    assert rows[late.id]["signed_out_at"] is None


def test_the_kiosk_off_at_sign_out_time_catches_up_next_morning(service, clock):
    early = visit(service)
    clock.advance(days=1)
    assert auto_sign_out(service.db, service.config, clock.now()) == 1
    out = service.db.execute("SELECT signed_out_at FROM visits WHERE id = ?", [early.id]).fetchone()[0]
    assert datetime.fromisoformat(out) == datetime(2026, 11, 25, 22, 0, tzinfo=timezone.utc)


def test_a_bad_sign_out_time_is_refused(data_dir):
    from kiosk.config import load_config
    from kiosk.errors import ConfigError

    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text('auto_sign_out_at = "25:99"\n', "utf-8")
    with pytest.raises(ConfigError):
        load_config(data_dir)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_purge_command(service, clock, data_dir):
    visit(service, car_reg="AB 12345")
    visit(service)
    # The command runs on the wall clock: put the visits far in the past.
    past = (datetime.now(timezone.utc) - timedelta(days=400)).isoformat()
    service.db.execute("UPDATE visits SET signed_in_at = ?", [past])
    service.db.conn.commit()
    dry = run(data_dir, "purge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would remove:" in dry.stdout and "visits: 2" in dry.stdout
    assert count(service, "SELECT count(*) FROM visits") == 2
    done = run(data_dir, "purge")
    assert done.returncode == 0, done.stderr
    assert "Removed:" in done.stdout and "visits: 2" in done.stdout and "car registrations: 1" in done.stdout
    assert count(service, "SELECT count(*) FROM visits") == 0


def _vm_steps(service, operation) -> int:
    """SQLite's own count of the work an operation does: its virtual machine steps, by thousands."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    service.db.conn.set_progress_handler(step, 1000)
    try:
        operation()
    finally:
        service.db.conn.set_progress_handler(None, 0)
    return steps[0]


def _purge_an_ended_event_beside(service, clock, checked_in: int) -> int:
    """Work of purging an ended event of 200 attendees while a running event has `checked_in`."""
    from kiosk.event_demo import load_demo_event

    now = clock.now()
    ended = load_demo_event(service.db, 200, now - timedelta(days=800))
    running = load_demo_event(service.db, checked_in, now)
    with service.db.conn:
        service.db.conn.execute(
            "INSERT INTO checkins (id, event_id, attendee_id, kiosk_id, door, direction, scanned_at, "
            "result) SELECT 'c-' || id, event_id, id, 'k', 'main', 'entry', ?, 'ok' FROM attendees "
            "WHERE event_id = ?", [now.isoformat(), running.id])
    steps = _vm_steps(service, lambda: purge(service.db, service.config, now, "admin:test"))
    assert count(service, "SELECT count(*) FROM attendees WHERE event_id = ?", ended.id) == 0
    assert count(service, "SELECT count(*) FROM checkins WHERE event_id = ?", running.id) == checked_in
    return steps


def test_purging_an_ended_event_does_not_grow_with_another_events_check_ins(service, clock):
    """Each deleted attendee's check-ins are looked up by index, not by reading every event's
    check-ins: with a busy event beside it, that scan took minutes and held the database."""
    few = _purge_an_ended_event_beside(service, clock, 100)
    clock.advance(days=1)
    many = _purge_an_ended_event_beside(service, clock, 2_000)
    assert many < 2 * few + 50, (few, many)


def test_a_walk_in_goes_with_the_events_list_and_keeps_the_consent_history(service, clock):
    """30 days after the event, as its list does, not 90 days after the visitor rule; a visitor
    at reception meanwhile is kept by the visitor rule."""
    from kiosk import events
    from kiosk.marketing import Decision
    from kiosk.walk_in import register_walk_in

    now = clock.now()
    meetup = events.save_event(service.db, events.new_event(
        "Frokostmøte", now, now + timedelta(hours=2)), now)
    walk_in = register_walk_in(service, meetup.id, registration(
        service, given_name="Siv", family_name="Gåsvatn", email="siv@example.no",
        decision=Decision.REFUSED), "steward:door")
    register_walk_in(service, meetup.id, registration(
        service, given_name="Ola", family_name="Besøker"), "steward:door")
    visit(service, given_name="Ola", family_name="Besøker")
    visitor = service.db.execute("SELECT person_id FROM visits").fetchone()[0]
    clock.advance(days=31)
    assert count(service, "SELECT count(*) FROM people") == 3
    history = service.db.execute("SELECT * FROM consent_events ORDER BY id").fetchall()
    assert history
    # Unsent copies wait longer than the event's list here, so those that go, go with it.
    service.config = replace(service.config, retention=replace(service.config.retention,
                                                               outbox_days=60))
    purge(service.db, service.config, clock.now(), "admin:test")
    assert count(service, "SELECT count(*) FROM attendees WHERE id = ?", walk_in.id) == 0
    assert [r[0] for r in service.db.execute("SELECT id FROM people")] == [visitor]
    assert count(service, "SELECT count(*) FROM outbox WHERE kind = 'person'") == 1
    assert service.db.execute("SELECT * FROM consent_events ORDER BY id").fetchall() == history
    assert count(service, "SELECT count(*) FROM suppressions") == 1
