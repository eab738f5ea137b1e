"""Opening the kiosk database and turning SQLite's failures into messages a person can act on."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from kiosk.errors import Message, N_, StorageError
from kiosk.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 2000


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (and create) the database with the durability the records need.

    WAL with synchronous=FULL: a visit the screen has welcomed survives a power
    cut. The connection may be handed to one worker thread; it is never shared
    by two at once.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    with storage_errors():
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if migrate:
            MIGRATIONS.apply(db)
    return db


def schema_columns(db: Database) -> dict[str, list[str]]:
    """The stored tables and their columns, leaving out SQLite's and the migrator's own."""
    return {
        table.name: [column.name for column in table.columns]
        for table in db.tables
        if not table.name.startswith(("_", "sqlite_"))
    }


@contextmanager
def storage_errors() -> Iterator[None]:
    """Translate SQLite failures into a StorageError the screen can explain."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StorageError(Message(N_("The kiosk is busy saving. Please try again.")),
                               code="locked") from exc
        if "readonly" in text or "read-only" in text:
            raise StorageError(Message(N_("The kiosk cannot save right now. Please ask reception.")),
                               code="readonly") from exc
        if "full" in text:
            raise StorageError(Message(N_("The kiosk cannot save right now. Please ask reception.")),
                               code="full") from exc
        raise StorageError(Message(N_("The kiosk cannot save right now. Please ask reception.")),
                           code="storage") from exc
    except sqlite3.DatabaseError as exc:
        raise StorageError(Message(N_("The kiosk cannot save right now. Please ask reception.")),
                           code="storage") from exc


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction: everything inside is stored, or nothing is.

    It begins with BEGIN IMMEDIATE, taking the write lock before the first read:
    a deferred transaction that reads and then writes fails with "database is
    locked" when another connection (the print lane's) wrote in between, instead
    of waiting its turn. Inside another transaction it is a savepoint of that one.
    """
    if db.conn.in_transaction:
        with storage_errors(), db.atomic():
            yield db
        return
    with storage_errors():
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.commit()
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
