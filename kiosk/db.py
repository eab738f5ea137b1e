"""Opening the kiosk database and turning SQLite's failures into messages a person can act on."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from kiosk.errors import Message, N_, StorageError
from kiosk.matching import register_functions
from kiosk.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 2000


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (and create) the database with the durability the records need.

    WAL with synchronous=FULL: a visit the screen has welcomed survives a power
    cut. The connection may be handed to one worker thread; it is never shared
    by two at once.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    register_functions(conn)
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

    It starts with BEGIN IMMEDIATE, so the write lock is taken (or waited for, up
    to the busy timeout) at the start: a deferred transaction that reads first and
    writes later fails with "database is locked" when another connection wrote in
    between, with no wait at all. Nested, it is a savepoint of the outer one.
    """
    with storage_errors():
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise


def database_file(db: Database) -> Path:
    """The file behind a connection, so another thread can open a connection of its own."""
    with storage_errors():
        for _seq, name, file in db.conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    raise StorageError(Message(N_("The kiosk cannot save right now. Please ask reception.")),
                       code="no_file")
