"""Opening the kiosk database and turning SQLite's failures into messages a person can act on.

A fault has two readers: the visitor at the screen, who is sent to reception,
and the admin, who needs the file and what to do. `DatabaseFault` carries the
visitor's message; `admin_message` gives the admin's.
"""
from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from kiosk import outbox_signal
from kiosk.errors import Message, N_, StorageError
from kiosk.files import PRIVATE_FILE, write_problem
from kiosk.matching import register_functions
from kiosk.migrations import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 2000
#: SQLite makes these next to the database; they hold the same personal data.
COMPANION_SUFFIXES = ("-wal", "-shm")
#: Less free space than SQLite's shared-memory file needs.
NEARLY_FULL_BYTES = 64 * 1024

BUSY = Message(N_("The kiosk is busy saving. Please try again."))
CANNOT_SAVE = Message(N_("The kiosk cannot save right now. Please ask reception."))

#: What an admin reads for each kind of fault; {path} is the database file.
_ADMIN_TEXTS = {
    "corrupt": N_("{path} is not a database or is damaged; restore a backup or move it away "
                  "(the kiosk then starts a new one)."),
    "is_folder": N_("{path} is a folder, not the kiosk's database; move it away."),
    "locked": N_("{path} stayed locked by another program (is a second kiosk running on this "
                 "data folder?); close it and try again."),
    "storage": N_("{path} could not be used: {reason}. Check the disk, or restore a backup."),
}
_ADMIN_ERRNO = {"readonly": errno.EROFS, "full": errno.ENOSPC}


class DatabaseFault(StorageError):
    """SQLite refused: the message is the visitor's; `reason` and `path` are for the admin."""

    def __init__(self, message: Message, code: str, reason: str, path: Path | None = None) -> None:
        super().__init__(message, code=code)
        self.reason = reason
        self.path = path


def fault(exc: sqlite3.DatabaseError, path: Path | None = None) -> DatabaseFault:
    """Classify what SQLite said. With the file's `path` (known when opening), the message is
    the admin's; without it, it is the visitor's, and the admin's reason goes to the log."""
    text = str(exc).lower()
    if path is None:
        log.warning("database fault: %s", exc)
    if "locked" in text or "busy" in text:
        code = "locked"
    elif "readonly" in text or "read-only" in text:
        code = "readonly"
    elif "full" in text:
        code = "full"
    elif "not a database" in text or "malformed" in text or "encrypted" in text:
        code = "corrupt"
    elif path is not None and _disk_nearly_full(path):
        code = "full"  # SQLite reports a full disk while making -shm as a "disk I/O error"
    else:
        code = "storage"
    if path is not None:
        return DatabaseFault(_admin_text(code, path, str(exc)), code, str(exc), path)
    return DatabaseFault(BUSY if code == "locked" else CANNOT_SAVE, code, str(exc))


def _disk_nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _admin_text(code: str, path: Path, reason: str) -> Message:
    if code in _ADMIN_ERRNO:
        number = _ADMIN_ERRNO[code]
        return write_problem(path, OSError(number, os.strerror(number))).message
    return Message(_ADMIN_TEXTS.get(code, _ADMIN_TEXTS["storage"]), {"path": str(path), "reason": reason})


def admin_message(error: DatabaseFault, default_path: Path) -> Message:
    """The fault as an admin needs it: the file, what is wrong and what to do."""
    return _admin_text(error.code, error.path or default_path, error.reason)


def _private(path: Path) -> None:
    """Create the database file 0600 before SQLite does, which makes -wal and -shm 0600 too
    (SQLite gives them the database's mode); tighten files an older version left open."""
    if path.is_dir():
        raise DatabaseFault(_admin_text("is_folder", path, ""), "is_folder", "is a folder", path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    for each in (path, *(path.with_name(path.name + s) for s in COMPANION_SUFFIXES)):
        if each.exists() and each.stat().st_mode & 0o777 != PRIVATE_FILE:
            os.chmod(each, PRIVATE_FILE)


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (and create) the database with the durability the records need.

    WAL with synchronous=FULL: a visit the screen has welcomed survives a power
    cut. The connection may be handed to one worker thread; it is never shared
    by two at once.
    """
    path = Path(path)
    try:
        _private(path)
    except OSError as exc:
        raise write_problem(path, exc) from exc
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        register_functions(conn)
        db = Database(conn, execute_plugins=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if migrate:
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        raise fault(exc, path) from exc
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
    except sqlite3.DatabaseError as exc:
        raise fault(exc) from exc


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
            outbox_signal.discard()
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        outbox_signal.committed()


#: Page cache for a bulk write (negative: KiB). A purge or a 50,000-row import touches the
#: id, token and key indexes at random places; with SQLite's default 2 MB most of those pages
#: were read and written back many times over, which took a third of the time.
BULK_CACHE_KIB = -32_768


@contextmanager
def bulk_page_cache(db: Database) -> Iterator[None]:
    """A larger page cache while a bulk write runs, the connection's own afterwards."""
    with storage_errors():
        (before,) = db.execute("PRAGMA cache_size").fetchone()
        db.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with storage_errors():
            db.execute(f"PRAGMA cache_size = {int(before)}")


def database_file(db: Database) -> Path:
    """The file behind a connection, so another thread can open a connection of its own."""
    with storage_errors():
        for _seq, name, file in db.conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    raise StorageError(CANNOT_SAVE, code="no_file")
