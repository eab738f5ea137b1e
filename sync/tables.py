"""The central service's tables, in SQLAlchemy Core so one schema serves SQLite and PostgreSQL.

Alembic's migrations (sync/alembic) create them; this module is what the code
queries. Every record from every kiosk sits in one append-only `records` table:
its `seq` is the download cursor, its `id` the kiosk's UUID that makes a repeat
harmless.
"""
from __future__ import annotations

from sqlalchemy import (Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        text)

from sync.kinds import MAX_SITE_NAME

metadata = MetaData()

records = Table(
    "records", metadata,
    # AUTOINCREMENT on SQLite: a number is never reused after an erasure deletes the
    # last row, or a kiosk whose cursor stands there would miss the next record.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("kiosk_id", String(64), nullable=False),
    Column("event_id", String(64)),
    Column("person_id", String(64)),
    Column("entity_id", String(64)),
    Column("occurred_at", String(40), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    UniqueConstraint("id", name="records_id"),
    Index("records_kind_site", "kind", "site_id", "seq"),
    Index("records_person", "person_id"),
    # Only records that name an event (sync/alembic/versions/c0002_event_index.py).
    Index("records_event", "event_id", "seq", postgresql_where=text("event_id IS NOT NULL"),
          sqlite_where=text("event_id IS NOT NULL")),
    sqlite_autoincrement=True,
)

event_sites = Table(
    "event_sites", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("site_id", String(64), primary_key=True),
)

tokens = Table(
    "tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("role", String(16), nullable=False),  # kiosk | admin
    Column("site_id", String(64)),
    Column("kiosk_id", String(64)),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40)),
    Column("revoked_at", String(40)),
)

enrollment_codes = Table(
    "enrollment_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    # What the kiosks it enrolls call their site (sync/alembic/versions/c0003_site_name.py).
    Column("site_name", String(MAX_SITE_NAME)),
)

company = Table(
    "company", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("detail", Text, nullable=False),
)
