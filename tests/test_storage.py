"""Storage: durable settings, ordered migrations, and sign-ins stored whole or not at all."""
from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.db import open_database
from kiosk.matching import register_functions
from kiosk.errors import StorageError
from kiosk.marketing import Decision
from kiosk.migrations import MIGRATIONS
from kiosk.service import KioskService
from tests.fixtures.visitors import counts, registration

NOTHING = {"people": 0, "visits": 0, "consent_events": 0, "suppressions": 0, "audit_log": 0,
           "outbox": 0}


@pytest.fixture
def fresh_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "fresh.sqlite3")
    yield db
    db.close()


def pragma(db: Database, name: str) -> object:
    return db.execute(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.parametrize("name, expected", [
    ("journal_mode", "wal"),
    ("synchronous", 2),  # FULL
    ("foreign_keys", 1),
])
def test_fresh_database_is_durable(fresh_db: Database, name: str, expected: object) -> None:
    assert pragma(fresh_db, name) == expected


def test_wal_stays_after_reopening(tmp_path: Path) -> None:
    open_database(tmp_path / "k.sqlite3").close()
    with sqlite3.connect(tmp_path / "k.sqlite3") as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_recorded_by_name_in_order(fresh_db: Database) -> None:
    declared = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
    recorded = [row["name"] for row in fresh_db.query(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'kiosk' ORDER BY id")]
    assert declared[0] == "0001_initial"
    assert recorded == declared
    assert MIGRATIONS.pending(fresh_db) == []


def test_opening_twice_applies_nothing_again(tmp_path: Path) -> None:
    open_database(tmp_path / "k.sqlite3").close()
    db = open_database(tmp_path / "k.sqlite3")
    names = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(MIGRATIONS.applied(db))


def test_failing_migration_leaves_neither_changes_nor_record() -> None:
    db = Database(memory=True)
    throwaway = Migrations("throwaway")

    @throwaway(name="0001_good")
    def good(db: Database) -> None:
        db.execute("CREATE TABLE good (id INTEGER PRIMARY KEY)")

    @throwaway(name="0002_bad")
    def bad(db: Database) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO good (id) VALUES (1)")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        throwaway.apply(db)
    assert [m.name for m in throwaway.applied(db)] == ["0001_good"]
    assert [m.name for m in throwaway.pending(db)] == ["0002_bad"]
    assert not db["half_done"].exists()
    assert db["good"].count == 0


@pytest.fixture
def visitor(service: KioskService):
    reg = registration(service, email="kari@example.com", decision=Decision.REFUSED)
    service.is_suppressed(reg.details)  # makes the suppression key, so only the sign-in writes
    return reg


@pytest.mark.parametrize("lock", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_locked_database_refuses_and_writes_nothing(service: KioskService, data_dir: Path,
                                                    visitor, lock: str) -> None:
    service.db.execute("PRAGMA busy_timeout = 100")  # the kiosk waits 2 s; the test need not
    other = sqlite3.connect(data_dir / "kiosk.sqlite3", isolation_level=None)
    other.execute(lock)
    try:
        with pytest.raises(StorageError) as caught:
            service.register_visit(visitor)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert caught.value.code == "locked"
    assert counts(service) == NOTHING


def test_kiosk_can_save_again_once_the_lock_is_gone(service: KioskService, data_dir: Path,
                                                    visitor) -> None:
    service.db.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(data_dir / "kiosk.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StorageError):
        service.register_visit(visitor)
    other.execute("ROLLBACK")
    other.close()
    service.register_visit(visitor)
    assert counts(service)["visits"] == 1


def read_only_by_pragma(service: KioskService, path: Path) -> KioskService:
    service.db.execute("PRAGMA query_only = ON")
    return service


def read_only_by_uri(service: KioskService, path: Path) -> KioskService:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    register_functions(conn)
    return KioskService(Database(conn, execute_plugins=False), service.config, service.clock)


@pytest.mark.parametrize("make_read_only", [read_only_by_pragma, read_only_by_uri])
def test_read_only_database_refuses_and_writes_nothing(service: KioskService, data_dir: Path,
                                                       visitor, make_read_only) -> None:
    kiosk = make_read_only(service, data_dir / "kiosk.sqlite3")
    with pytest.raises(StorageError) as caught:
        kiosk.register_visit(visitor)
    assert caught.value.code == "readonly"
    assert "reception" in str(caught.value)
    service.db.execute("PRAGMA query_only = OFF")
    assert counts(service) == NOTHING


class OddDecision(StrEnum):
    MAYBE = "maybe"  # not one the consent table's CHECK allows


def fail_on_consent(service: KioskService, monkeypatch: pytest.MonkeyPatch) -> dict:
    return {"decision": OddDecision.MAYBE}


def fail_on_badge_token(service: KioskService, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setattr("kiosk.visits.new_badge_token", lambda: "VSAMETOKEN")
    service.register_visit(registration(service, given_name="First", family_name="Visitor"))
    return {"decision": Decision.GIVEN}


def fail_on_audit(service: KioskService, monkeypatch: pytest.MonkeyPatch) -> dict:
    # The audit entry is the last write of a sign-in: everything else is in by then.
    service.db.execute("CREATE TEMP TRIGGER audit_down BEFORE INSERT ON main.audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END")
    return {"decision": Decision.REFUSED}


@pytest.mark.parametrize("break_it", [fail_on_consent, fail_on_badge_token, fail_on_audit])
def test_failure_midway_stores_nothing(service: KioskService, monkeypatch: pytest.MonkeyPatch,
                                       break_it) -> None:
    choice = break_it(service, monkeypatch)
    before = counts(service)
    reg = registration(service, given_name="Ola", family_name="Nordmann", email="ola@example.com",
                       phone="912 34 567", **choice)
    with pytest.raises(StorageError):
        service.register_visit(reg)
    assert counts(service) == before
    assert not service.db.execute("SELECT 1 FROM people WHERE given_name = 'Ola'").fetchall()
    assert not service.db.conn.in_transaction
