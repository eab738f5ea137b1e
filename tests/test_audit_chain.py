"""The audit log is hash-chained: editing or removing an entry shows, and `audit verify` says where."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk import audit
from kiosk.config import DATABASE_NAME
from kiosk.db import open_database, write_transaction
from kiosk.records import audit as record
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def logged(service, clock):
    """A kiosk with ten audit entries, a minute apart."""
    for n in range(10):
        with write_transaction(service.db):
            record(service.db, "admin:test", "test.step", [f"step:{n}"], clock.now())
        clock.advance(minutes=1)
    return service


def ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM audit_log ORDER BY id")]


def test_a_whole_chain_verifies(logged):
    assert audit.verify(logged.db) is None
    rows = list(logged.db.query("SELECT prev_hash, entry_hash FROM audit_log ORDER BY id"))
    assert rows[0]["prev_hash"] == audit.GENESIS
    assert all(b["prev_hash"] == a["entry_hash"] for a, b in zip(rows, rows[1:]))


def test_an_edited_entry_is_named(logged):
    victim = ids(logged.db)[4]
    logged.db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE id = ?", [victim])
    broken = audit.verify(logged.db)
    assert broken.entry_id == victim
    assert broken.message.text == "Audit entry {id} was changed after it was written."


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(logged):
    victim = ids(logged.db)[4]
    row = logged.db.execute("SELECT id, actor, action, occurred_at, record_refs, prev_hash "
                            "FROM audit_log WHERE id = ?", [victim]).fetchone()
    forged = audit.entry_hash(row[0], row[1], "nothing.happened", row[3], row[4], row[5])
    logged.db.execute("UPDATE audit_log SET action = 'nothing.happened', entry_hash = ? WHERE id = ?",
                      [forged, victim])
    assert audit.verify(logged.db).entry_id == victim + 1


def test_a_removed_entry_is_named(logged):
    victim = ids(logged.db)[3]
    logged.db.execute("DELETE FROM audit_log WHERE id = ?", [victim])
    broken = audit.verify(logged.db)
    assert broken.entry_id == victim + 1
    assert broken.message.params == {"id": victim + 1, "first": victim, "last": victim}


def test_a_removed_tail_is_named(logged):
    last = ids(logged.db)[-1]
    logged.db.execute("DELETE FROM audit_log WHERE id >= ?", [last - 1])
    broken = audit.verify(logged.db)
    assert broken.message.params == {"first": last - 1, "last": last}


def test_a_removed_first_entry_is_named(logged):
    logged.db.execute("DELETE FROM audit_log WHERE id = ?", [ids(logged.db)[0]])
    assert audit.verify(logged.db).entry_id == ids(logged.db)[0]


def test_retention_moves_the_anchor_and_the_rest_verifies(logged, clock):
    cutoff = clock.now() - timedelta(minutes=5)
    with write_transaction(logged.db):
        assert audit.forget_before(logged.db, cutoff) == 5
    assert len(ids(logged.db)) == 5
    assert audit.verify(logged.db) is None
    with write_transaction(logged.db):
        record(logged.db, "admin:test", "test.after", [], clock.now())
    assert audit.verify(logged.db) is None


def test_entries_reference_people_and_never_copy_them(service):
    visit = service.register_visit(registration(service, given_name="Ingrid", family_name="Særnavn-Audit",
                                                email="ingrid@example.no"))
    rows = [json.loads(r[0]) for r in service.db.execute("SELECT record_refs FROM audit_log")]
    text = json.dumps(rows, ensure_ascii=False)
    assert f"visit:{visit.id}" in text
    assert "Særnavn" not in text and "ingrid@" not in text
    assert audit.verify(service.db) is None


def test_an_older_database_gets_its_entries_chained(tmp_path):
    """Entries written before the chain existed are chained by the migration."""
    import sqlite3

    from sqlite_utils import Database

    from kiosk.migrations import MIGRATIONS

    path = tmp_path / DATABASE_NAME
    db = Database(sqlite3.connect(path), execute_plugins=False)
    MIGRATIONS.apply(db, stop_before="0006_admin_audit_chain")
    for n in range(3):
        db.execute("INSERT INTO audit_log (actor, action, occurred_at, record_refs) "
                   "VALUES ('kiosk:x', 'old', ?, '[]')", [f"2026-01-0{n + 1}T00:00:00+00:00"])
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    assert audit.verify(upgraded) is None
    assert upgraded.execute("SELECT count(*) FROM audit_log WHERE entry_hash IS NULL").fetchone()[0] == 0
    upgraded.close()


def verify_cli(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "audit", "verify"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_audit_verify_command(logged, data_dir):
    count = len(ids(logged.db))
    whole = verify_cli(data_dir)
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.strip() == f"The audit log is whole: {count} entries."
    victim = ids(logged.db)[2]
    logged.db.execute("UPDATE audit_log SET record_refs = '[]' WHERE id = ?", [victim])
    logged.db.conn.commit()
    broken = verify_cli(data_dir)
    assert broken.returncode == 1
    assert broken.stdout.strip() == f"Audit entry {victim} was changed after it was written."


def _cut_tail_and_rewrite_head(db, keep_to: int) -> None:
    """What someone with write access to the file would do to hide the last entries."""
    db.execute("DELETE FROM audit_log WHERE id > ?", [keep_to])
    last_hash = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [keep_to]).fetchone()[0]
    db.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [keep_to, last_hash])


def test_a_tail_cut_with_the_head_rewritten_is_caught_by_the_witness(logged, data_dir):
    assert audit.verify_witnessed(logged.db, data_dir) is None
    assert (data_dir / audit.WITNESS_NAME).stat().st_mode & 0o777 == 0o600
    last = ids(logged.db)[-1]
    _cut_tail_and_rewrite_head(logged.db, last - 2)
    assert audit.verify(logged.db) is None, "inside the file the chain looks whole"
    broken = audit.verify_witnessed(logged.db, data_dir)
    assert broken.entry_id == last
    assert broken.message.params == {"id": last}


def test_an_entry_the_witness_saw_that_was_rewritten_is_caught(logged, data_dir):
    assert audit.verify_witnessed(logged.db, data_dir) is None
    last = ids(logged.db)[-1]
    logged.db.execute("UPDATE audit_log SET entry_hash = ? WHERE id = ?", ["f" * 64, last])
    logged.db.execute("UPDATE audit_head SET last_hash = ? WHERE id = 1", ["f" * 64])
    assert audit.verify_witnessed(logged.db, data_dir).entry_id == last


def test_new_entries_and_retention_keep_the_witness_happy(logged, data_dir, clock):
    assert audit.verify_witnessed(logged.db, data_dir) is None
    with write_transaction(logged.db):
        audit.append(logged.db, "admin:cli", "export.visits", ["rows:3"], clock.now())
    assert audit.verify_witnessed(logged.db, data_dir) is None
    clock.advance(days=400)
    with write_transaction(logged.db):
        audit.forget_before(logged.db, clock.now())
        audit.append(logged.db, "admin:cli", "purge", ["visits:0"], clock.now())
    assert audit.verify_witnessed(logged.db, data_dir) is None


def test_a_damaged_witness_is_reported_not_a_traceback(logged, data_dir):
    (data_dir / audit.WITNESS_NAME).write_text("{not json", "utf-8")
    broken = audit.verify_witnessed(logged.db, data_dir)
    assert audit.WITNESS_NAME in broken.message.params["path"]


def test_audit_verify_command_holds_the_log_to_its_witness(logged, data_dir):
    assert verify_cli(data_dir).returncode == 0
    _cut_tail_and_rewrite_head(logged.db, ids(logged.db)[-1] - 1)
    logged.db.conn.commit()
    broken = verify_cli(data_dir)
    assert broken.returncode == 1
    assert "seen whole at the last check, was removed" in broken.stdout


def test_the_kiosks_own_check_walks_only_what_came_since_and_catches_a_cut(logged, data_dir,
                                                                           clock):
    """Between two daily `audit verify` runs, entries are added and someone cuts the newest
    ones with the head rewritten: the kiosk's check a few minutes later says so."""
    assert audit.check_since_witness(logged.db, data_dir) is None, "the first check is whole"
    seen = json.loads((data_dir / audit.WITNESS_NAME).read_text("utf-8"))
    with write_transaction(logged.db):
        for number in range(3):
            audit.append(logged.db, "admin:console", "export.visits", [f"rows:{number}"],
                         clock.now())
    assert audit.check_since_witness(logged.db, data_dir) is None
    moved = json.loads((data_dir / audit.WITNESS_NAME).read_text("utf-8"))
    assert moved["last_id"] == seen["last_id"] + 3
    with write_transaction(logged.db):
        audit.append(logged.db, "admin:console", "rights.erase", ["person:1"], clock.now())
    _cut_tail_and_rewrite_head(logged.db, moved["last_id"] - 1)
    assert audit.verify(logged.db) is None, "inside the file the chain looks whole"
    broken = audit.check_since_witness(logged.db, data_dir)
    assert broken is not None and broken.entry_id == moved["last_id"]


def test_the_kiosks_own_check_catches_an_entry_changed_since_the_witness(logged, data_dir, clock):
    assert audit.check_since_witness(logged.db, data_dir) is None
    with write_transaction(logged.db):
        added = audit.append(logged.db, "admin:console", "export.visits", ["rows:1"], clock.now())
        audit.append(logged.db, "admin:console", "export.visits", ["rows:2"], clock.now())
    logged.db.execute("UPDATE audit_log SET action = 'nothing' WHERE id = ?", [added])
    broken = audit.check_since_witness(logged.db, data_dir)
    assert broken is not None and broken.entry_id == added
