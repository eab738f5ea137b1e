"""Ordered, named schema changes; each runs in one transaction together with its record."""
from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.matching import register_functions

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


@MIGRATIONS(name="0003_names")
def names(db: Database) -> None:
    # Given and family name apart, in the person's order. An old full name goes whole into
    # given_name: splitting it at a space would turn "Nagy Erzsébet" into a wrong first name.
    for column, kind in (("given_name", "TEXT NOT NULL DEFAULT ''"),
                         ("family_name", "TEXT NOT NULL DEFAULT ''"),
                         ("family_first", "INTEGER NOT NULL DEFAULT 0"),
                         ("name_keys", "TEXT NOT NULL DEFAULT ''")):
        db.execute(f"ALTER TABLE people ADD COLUMN {column} {kind}")
    db.execute("UPDATE people SET given_name = full_name")
    db.execute("ALTER TABLE people DROP COLUMN full_name")
    db.execute("ALTER TABLE hosts ADD COLUMN name_keys TEXT NOT NULL DEFAULT ''")
    register_functions(db.conn)  # a connection not opened by kiosk.db may run this
    # Search keys follow the names, whatever writes them (sign-in, host import, rectification);
    # the functions are registered on every connection by kiosk.db.
    db.execute("""
        CREATE TRIGGER people_keys_insert AFTER INSERT ON people BEGIN
            UPDATE people SET name_keys = kiosk_person_keys(NEW.given_name, NEW.family_name,
                                                            NEW.family_first)
            WHERE id = NEW.id; END""")
    db.execute("""
        CREATE TRIGGER people_keys_update AFTER UPDATE OF given_name, family_name, family_first
        ON people BEGIN
            UPDATE people SET name_keys = kiosk_person_keys(NEW.given_name, NEW.family_name,
                                                            NEW.family_first)
            WHERE id = NEW.id; END""")
    db.execute("""
        CREATE TRIGGER hosts_keys_insert AFTER INSERT ON hosts BEGIN
            UPDATE hosts SET name_keys = kiosk_name_keys(NEW.name) WHERE id = NEW.id; END""")
    db.execute("""
        CREATE TRIGGER hosts_keys_update AFTER UPDATE OF name ON hosts BEGIN
            UPDATE hosts SET name_keys = kiosk_name_keys(NEW.name) WHERE id = NEW.id; END""")
    db.execute("UPDATE people SET name_keys = kiosk_person_keys(given_name, family_name, family_first)")
    db.execute("UPDATE hosts SET name_keys = kiosk_name_keys(name)")
    # Reception's desk registration records that the notice was handed over and marketing
    # was not asked: the decision "not_asked" joins the allowed ones (SQLite cannot alter a
    # CHECK, so the table is rebuilt with its rows).
    # The old table moves aside, so that the new one is created under its own name (a
    # renamed table's stored definition quotes the name, which later rebuilds read).
    db.execute("ALTER TABLE consent_events RENAME TO consent_events_old")
    db.execute("""
        CREATE TABLE consent_events (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL,
            decision TEXT NOT NULL
                CHECK (decision IN ('given', 'refused', 'withdrawn', 'not_asked')),
            occurred_at TEXT NOT NULL,
            received_at TEXT,
            kiosk_id TEXT NOT NULL,
            method TEXT NOT NULL,
            language TEXT NOT NULL,
            notice_version TEXT NOT NULL,
            notice_hash TEXT NOT NULL,
            wording TEXT NOT NULL)""")
    db.execute("INSERT INTO consent_events SELECT * FROM consent_events_old")
    db.execute("DROP TABLE consent_events_old")


@MIGRATIONS(name="0004_consent_wordings")
def consent_wordings(db: Database) -> None:
    # The exact words each consent question is asked with, per purpose, version and
    # language, kept with the notice they come from; a consent event names the one shown.
    db.execute("""
        CREATE TABLE consent_wordings (
            id TEXT PRIMARY KEY,
            purpose TEXT NOT NULL,
            version TEXT NOT NULL,
            language TEXT NOT NULL,
            notice_version TEXT NOT NULL,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            installed_at TEXT NOT NULL,
            UNIQUE (purpose, version, language))""")
    db.execute("ALTER TABLE consent_events ADD COLUMN wording_id TEXT REFERENCES consent_wordings(id)")


@MIGRATIONS(name="0005_events")
def events(db: Database) -> None:
    # Events, their attendee lists and every scan at the door. A check-in's id is a UUID
    # made on the kiosk so that sync can store it exactly once.
    db.execute("""
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            checkin_opens_at TEXT NOT NULL,
            checkin_closes_at TEXT NOT NULL,
            badge_format TEXT,
            door_mode TEXT NOT NULL DEFAULT 'entry' CHECK (door_mode IN ('entry', 'entry_exit')),
            offline_policy TEXT NOT NULL DEFAULT 'allow_with_warning'
                CHECK (offline_policy IN ('allow_with_warning', 'refuse_when_unsure')),
            auto_checkout_at TEXT,
            created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE attendees (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL DEFAULT '',
            family_first INTEGER NOT NULL DEFAULT 0,
            company TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            ticket_type TEXT NOT NULL DEFAULT '',
            ticket_code TEXT NOT NULL,
            order_code TEXT NOT NULL DEFAULT '',
            attendee_number TEXT NOT NULL DEFAULT '',
            import_key TEXT NOT NULL,
            person_key TEXT NOT NULL,
            name_keys TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
            source TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (event_id, ticket_code),
            UNIQUE (event_id, import_key))""")
    db.execute("CREATE INDEX attendees_person ON attendees(event_id, person_key)")
    db.execute("CREATE INDEX attendees_order ON attendees(event_id, order_code)")
    db.execute("""
        CREATE TABLE checkins (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            attendee_id TEXT REFERENCES attendees(id) ON DELETE CASCADE,
            person_key TEXT,
            kiosk_id TEXT NOT NULL,
            door TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
            scanned_at TEXT NOT NULL,
            received_at TEXT,
            result TEXT NOT NULL,
            overridden_by TEXT,
            undone_at TEXT,
            undone_by TEXT)""")
    db.execute("CREATE INDEX checkins_person ON checkins(event_id, person_key, scanned_at)")
    db.execute("CREATE INDEX checkins_event ON checkins(event_id, result, scanned_at)")


@MIGRATIONS(name="0005_events_search")
def events_search(db: Database) -> None:
    # Name search over 50,000 attendees must answer within a keystroke: a full-text index
    # over the stored search keys finds the candidates, kept in step by triggers.
    db.execute("""
        CREATE VIRTUAL TABLE attendee_search USING fts5(
            name_keys, content='attendees', content_rowid='rowid',
            tokenize="unicode61 remove_diacritics 0")""")
    db.execute("""
        CREATE TRIGGER attendees_search_insert AFTER INSERT ON attendees BEGIN
            INSERT INTO attendee_search (rowid, name_keys) VALUES (new.rowid, new.name_keys);
        END""")
    db.execute("""
        CREATE TRIGGER attendees_search_delete AFTER DELETE ON attendees BEGIN
            INSERT INTO attendee_search (attendee_search, rowid, name_keys)
            VALUES ('delete', old.rowid, old.name_keys);
        END""")
    db.execute("""
        CREATE TRIGGER attendees_search_update AFTER UPDATE OF name_keys ON attendees
        WHEN old.name_keys IS NOT new.name_keys BEGIN
            INSERT INTO attendee_search (attendee_search, rowid, name_keys)
            VALUES ('delete', old.rowid, old.name_keys);
            INSERT INTO attendee_search (rowid, name_keys) VALUES (new.rowid, new.name_keys);
        END""")


@MIGRATIONS(name="0006_admin_access")
def admin_access(db: Database) -> None:
    # One PIN per role, hashed with argon2id and a pepper kept outside the database;
    # the count of wrong attempts is stored so that a restart does not reset the backoff.
    db.execute("""
        CREATE TABLE access_pins (
            role TEXT PRIMARY KEY CHECK (role IN ('admin', 'supervisor', 'steward')),
            pin_hash TEXT NOT NULL,
            set_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE access_backoff (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failures INTEGER NOT NULL,
            last_failure_at TEXT NOT NULL)""")


@MIGRATIONS(name="0006_admin_audit_chain")
def admin_audit_chain(db: Database) -> None:
    # Each audit entry carries the hash of the one before, so an edited or removed entry
    # shows; the head remembers the last entry (a removed tail shows) and the anchor the
    # first kept entry points to once retention has removed older ones.
    from kiosk.audit import GENESIS, chain_existing

    db.execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE audit_log ADD COLUMN entry_hash TEXT")
    db.execute("""
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            anchor_hash TEXT NOT NULL,
            last_id INTEGER NOT NULL,
            last_hash TEXT NOT NULL)""")
    db.execute("INSERT INTO audit_head (id, anchor_hash, last_id, last_hash) VALUES (1, ?, 0, ?)",
               [GENESIS, GENESIS])
    chain_existing(db)


@MIGRATIONS(name="0006_admin_retention")
def admin_retention(db: Database) -> None:
    # The consent history is the company's proof of what a person chose: it must outlive the
    # person row (retention, erasure), so the cascade from people goes. The table is rebuilt
    # from its own definition, whatever columns earlier migrations gave it.
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'consent_events'").fetchone()
    rebuilt = sql.replace("REFERENCES people(id) ON DELETE CASCADE", "").replace(
        "CREATE TABLE consent_events", "CREATE TABLE consent_events_kept", 1)
    db.execute(rebuilt)
    db.execute("INSERT INTO consent_events_kept SELECT * FROM consent_events")
    db.execute("DROP TABLE consent_events")
    db.execute("ALTER TABLE consent_events_kept RENAME TO consent_events")
    db.execute("CREATE INDEX consent_events_person ON consent_events(person_id)")
    # The purge, the exports and the rights requests find records by age and by person.
    db.execute("CREATE INDEX visits_signed_in ON visits(signed_in_at)")
    db.execute("CREATE INDEX visits_person ON visits(person_id)")
    db.execute("CREATE INDEX outbox_record ON outbox(record_id)")


@MIGRATIONS(name="0006_admin_rights")
def admin_rights(db: Database) -> None:
    # Privacy-rights requests: which kind, when received and completed, by whom, and which
    # people rows (referenced by id, never copied).
    db.execute("""
        CREATE TABLE rights_log (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'objection')),
            received_at TEXT NOT NULL,
            completed_at TEXT,
            handled_by TEXT NOT NULL,
            record_refs TEXT NOT NULL)""")


@MIGRATIONS(name="0006_admin_person_lookup")
def admin_person_lookup(db: Database) -> None:
    # A rights request finds a person by e-mail in any letter case or by phone.
    db.execute("CREATE INDEX people_email ON people(lower(email))")
    db.execute("CREATE INDEX people_phone ON people(phone)")


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


@MIGRATIONS(name="0010_perf_checkins_attendee")
def checkins_attendee(db: Database) -> None:
    # Deleting an attendee (the purge of an ended event) makes SQLite look for its check-ins
    # to cascade to; without an index that was a scan of every event's check-ins per attendee,
    # minutes for a large event while another event's door is busy.
    db.execute("CREATE INDEX checkins_attendee ON checkins(attendee_id)")


@MIGRATIONS(name="0010_events2_result_sound")
def events_result_sound(db: Database) -> None:
    # Whether the door plays a short sound with each answer (an event setting, off by default).
    db.execute("ALTER TABLE events ADD COLUMN result_sound INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS(name="0011_coord_walk_in_person")
def walk_in_person(db: Database) -> None:
    # A walk-in's people row (their consent's subject) belongs to the event's list: it goes
    # with the list, 30 days after the event, not with the visitors 90 days after it was made.
    db.execute("ALTER TABLE attendees ADD COLUMN person_id TEXT")
    db.execute("CREATE INDEX attendees_walk_in ON attendees(person_id) WHERE person_id IS NOT NULL")
