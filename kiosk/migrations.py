"""Ordered, named schema changes; each runs in one transaction together with its record."""
from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("kiosk")


@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    db.execute("""
        CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE hosts (
            id TEXT PRIMARY KEY,
            site_id TEXT NOT NULL REFERENCES sites(id),
            name TEXT NOT NULL,
            email TEXT,
            phone TEXT,
            department TEXT,
            active INTEGER NOT NULL DEFAULT 1)""")
    db.execute("CREATE INDEX hosts_name ON hosts(name COLLATE NOCASE)")
    db.execute("""
        CREATE TABLE people (
            id TEXT PRIMARY KEY,
            full_name TEXT NOT NULL,
            company TEXT,
            title TEXT,
            email TEXT,
            phone TEXT,
            language TEXT NOT NULL,
            created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL,
            language TEXT NOT NULL,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            updated_on TEXT NOT NULL,
            installed_at TEXT NOT NULL,
            UNIQUE (version, language))""")
    db.execute("""
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            site_id TEXT NOT NULL REFERENCES sites(id),
            kiosk_id TEXT NOT NULL,
            host_id TEXT REFERENCES hosts(id),
            visitor_type TEXT NOT NULL,
            car_reg_display TEXT,
            car_reg_normalized TEXT,
            badge_token TEXT NOT NULL UNIQUE,
            badge_number INTEGER NOT NULL,
            notice_version TEXT NOT NULL,
            notice_hash TEXT NOT NULL,
            language TEXT NOT NULL,
            signed_in_at TEXT NOT NULL,
            signed_out_at TEXT,
            sign_out_method TEXT)""")
    db.execute("CREATE INDEX visits_on_site ON visits(site_id, signed_out_at, signed_in_at)")
    db.execute("CREATE INDEX visits_plate ON visits(car_reg_normalized)")
    db.execute("""
        CREATE TABLE consent_events (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('given', 'refused', 'withdrawn')),
            occurred_at TEXT NOT NULL,
            received_at TEXT,
            kiosk_id TEXT NOT NULL,
            method TEXT NOT NULL,
            language TEXT NOT NULL,
            notice_version TEXT NOT NULL,
            notice_hash TEXT NOT NULL,
            wording TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE suppressions (
            key_hash TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            created_on TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            record_refs TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0)""")
    db.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)")


@MIGRATIONS(name="0002_print_log")
def print_log(db: Database) -> None:
    # One row per attempt to print a badge, so reception can see what came out where,
    # and which badges were printed twice.
    db.execute("""
        CREATE TABLE print_log (
            id INTEGER PRIMARY KEY,
            badge_token TEXT NOT NULL,
            printer TEXT,
            occurred_at TEXT NOT NULL,
            result TEXT NOT NULL CHECK (result IN ('printed', 'failed')),
            reason TEXT,
            reprint INTEGER NOT NULL DEFAULT 0)""")
    db.execute("CREATE INDEX print_log_token ON print_log(badge_token)")
    db.execute("""
        CREATE TABLE reprint_queue (
            badge_token TEXT PRIMARY KEY,
            badge_format TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            reason TEXT NOT NULL)""")


@MIGRATIONS(name="0007_sync")
def sync_state(db: Database) -> None:
    # Each outbox row gets the UUID the central service stores it under, so a retry
    # after any failure is answered "duplicate" instead of stored twice; and a time
    # before which it is not tried again (backoff), with the last reason it failed.
    db.execute("ALTER TABLE outbox ADD COLUMN uuid TEXT")
    db.execute("ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT")
    db.execute("ALTER TABLE outbox ADD COLUMN last_error TEXT")
    for (row_id,) in db.execute("SELECT id FROM outbox").fetchall():
        db.execute("UPDATE outbox SET uuid = ? WHERE id = ?", [str(uuid.uuid4()), row_id])
    db.execute("CREATE UNIQUE INDEX outbox_uuid ON outbox(uuid)")
    db.execute("CREATE INDEX outbox_due ON outbox(next_attempt_at)")
    # The download cursor, the last success and the last error, for the next round
    # and for the admin console.
    db.execute("CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # Settings the company publishes centrally for this site.
    db.execute("CREATE TABLE central_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
