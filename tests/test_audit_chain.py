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


def test_verify_keeps_the_head_outside_and_catches_a_cut_tail_with_a_rewritten_head(logged, data_dir):
    assert verify_cli(data_dir).returncode == 0
    anchor_file = data_dir / audit.ANCHOR_NAME
    assert anchor_file.stat().st_mode & 0o777 == 0o600
    last = ids(logged.db)[-1]
    new_last, new_hash = logged.db.execute(
        "SELECT id, entry_hash FROM audit_log WHERE id = ?", [last - 2]).fetchone()
    logged.db.execute("DELETE FROM audit_log WHERE id > ?", [new_last])
    logged.db.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", [new_last, new_hash])
    logged.db.conn.commit()
    assert audit.verify(logged.db) is None
    broken = verify_cli(data_dir)
    assert broken.returncode == 1
    assert broken.stdout.strip() == (
        f"Audit entry {last}, the last one at the previous check, was removed or changed.")
