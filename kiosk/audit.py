"""The audit log: append-only and hash-chained, so an edited or removed entry shows.

Each entry stores the hash of the entry before it and its own hash over its
fields and that link. `verify` walks the chain and names the first entry where
it breaks. Entries reference records (`visit:<id>`, `role:admin`, counts and
filters), never copy personal data: erasing a person must not leave their name
in a log that is kept for a year.

The chain alone cannot show a removed tail when the head row was rewritten to
match, since both live in the same file. Each whole verification therefore leaves
a witness beside the database (`audit-witness.json`: the last entry's id and
hash); the next verification fails when that entry is gone or changed. The kiosk
itself checks the entries added since the witness every few minutes and moves it on.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk.db import storage_errors
from kiosk.errors import Message, N_
from kiosk.files import atomic_write

GENESIS = "0" * 64
WITNESS_NAME = "audit-witness.json"
_COLUMNS = "id, actor, action, occurred_at, record_refs, prev_hash, entry_hash"


@dataclass(frozen=True)
class Entry:
    id: int
    actor: str
    action: str
    occurred_at: str
    record_refs: list[str]


@dataclass(frozen=True)
class Break:
    """Where the chain breaks and why, for `audit verify` and the console."""

    entry_id: int
    message: Message


def entry_hash(entry_id: int, actor: str, action: str, occurred_at: str, record_refs: str,
               prev_hash: str) -> str:
    canonical = json.dumps([entry_id, actor, action, occurred_at, record_refs, prev_hash],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(db: Database, actor: str, action: str, refs: list[str], now: datetime) -> int:
    """Add one entry at the end of the chain, inside the caller's write transaction."""
    last_id, last_hash = db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    new_id = max(last_id, _max_id(db)) + 1
    refs_text = json.dumps(refs, ensure_ascii=False)
    occurred = now.isoformat()
    digest = entry_hash(new_id, actor, action, occurred, refs_text, last_hash)
    db.execute(f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [new_id, actor, action, occurred, refs_text, last_hash, digest])
    db.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [new_id, digest])
    return new_id


def _max_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def chain_existing(db: Database) -> None:
    """Chain entries written before the log had hashes (run once, by the migration)."""
    previous = GENESIS
    last_id = 0
    rows = db.execute("SELECT id, actor, action, occurred_at, record_refs FROM audit_log ORDER BY id")
    for entry_id, actor, action, occurred_at, refs in rows.fetchall():
        digest = entry_hash(entry_id, actor, action, occurred_at, refs, previous)
        db.execute("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                   [previous, digest, entry_id])
        previous, last_id = digest, entry_id
    db.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [last_id, previous])


def verify(db: Database) -> Break | None:
    """The first place where the chain does not hold, or None when it is whole."""
    anchor = db.execute("SELECT anchor_hash FROM audit_head WHERE id = 1").fetchone()[0]
    return _walk(db, anchor, None)


def _walk(db: Database, expected: str, previous_id: int | None) -> Break | None:
    """Check the entries after `previous_id` (all with None), the first linking to `expected`,
    and that the last one is the head's."""
    last_id, last_hash = db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    for entry_id, actor, action, occurred_at, refs, prev, digest in db.execute(
            f"SELECT {_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id", [previous_id or 0]):
        if prev != expected:
            if previous_id is not None and entry_id != previous_id + 1:
                return Break(entry_id, Message(
                    N_("Audit entry {id}: entries {first} to {last} before it were removed."),
                    {"id": entry_id, "first": previous_id + 1, "last": entry_id - 1}))
            return Break(entry_id, Message(
                N_("Audit entry {id}: the entry before it was removed or changed."), {"id": entry_id}))
        if entry_hash(entry_id, actor, action, occurred_at, refs, prev) != digest:
            return Break(entry_id, Message(N_("Audit entry {id} was changed after it was written."),
                                           {"id": entry_id}))
        expected, previous_id = digest, entry_id
    if expected != last_hash:
        first = (previous_id or 0) + 1
        return Break(first, Message(N_("Audit entries from {first} to {last} were removed."),
                                    {"first": first, "last": last_id}))
    return None


def verify_witnessed(db: Database, folder: Path) -> Break | None:
    """`verify`, plus the witness outside the database; a whole log renews the witness."""
    broken = verify(db) or _against_witness(db, folder / WITNESS_NAME)
    if broken is None:
        _renew(db, folder)
    return broken


def check_since_witness(db: Database, folder: Path) -> Break | None:
    """The kiosk's own check every few minutes: the entries added since the witness, which then
    moves to the head. It costs only what was added, so a tail cut between two daily `audit
    verify` runs is caught within minutes, not at the next run."""
    path = folder / WITNESS_NAME
    seen = _witness(path)
    if isinstance(seen, Break):
        return seen
    if seen is None or db.execute("SELECT 1 FROM audit_log WHERE id = ?", [seen[0]]).fetchone() is None:
        return verify_witnessed(db, folder)  # no witness yet, or its entry is gone: check all
    broken = _against_witness(db, path) or _walk(db, seen[1], seen[0])
    if broken is None:
        _renew(db, folder)
    return broken


def _renew(db: Database, folder: Path) -> None:
    last_id, last_hash = db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    atomic_write(folder / WITNESS_NAME,
                 json.dumps({"last_id": last_id, "last_hash": last_hash}).encode("utf-8"))


def _witness(path: Path) -> tuple[int, str] | Break | None:
    """The entry the last check saw whole, None before the first check, or why it is unreadable."""
    try:
        seen = json.loads(path.read_text("utf-8"))
        return int(seen["last_id"]), str(seen["last_hash"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return Break(0, Message(N_("The audit witness {path} is unreadable; it was changed or "
                                   "damaged outside the kiosk."), {"path": str(path)}))


def _against_witness(db: Database, path: Path) -> Break | None:
    seen = _witness(path)
    if seen is None or isinstance(seen, Break):
        return seen
    seen_id, seen_hash = seen
    row = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [seen_id]).fetchone()
    first = db.execute("SELECT coalesce(min(id), 0) FROM audit_log").fetchone()[0]
    if row is None and seen_id >= first:
        return Break(seen_id, Message(N_("Audit entry {id}, seen whole at the last check, was "
                                         "removed with the entries after it."), {"id": seen_id}))
    if row is not None and row[0] != seen_hash:
        return Break(seen_id, Message(N_("Audit entry {id} differs from what the last check saw."),
                                      {"id": seen_id}))
    return None


def forget_before(db: Database, cutoff: datetime) -> int:
    """Remove entries older than the cutoff (retention), moving the anchor so the rest verifies.

    Inside the caller's write transaction; returns how many entries went.
    """
    row = db.execute("SELECT max(id) FROM audit_log WHERE occurred_at < ?",
                     [cutoff.isoformat()]).fetchone()
    if row[0] is None:
        return 0
    anchor = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [row[0]]).fetchone()[0]
    removed = db.execute("DELETE FROM audit_log WHERE id <= ?", [row[0]]).rowcount
    db.execute("UPDATE audit_head SET anchor_hash = ? WHERE id = 1", [anchor])
    return removed


def entries(db: Database, start: datetime | None = None, end: datetime | None = None) -> list[Entry]:
    """Entries in order, optionally from `start` (inclusive) to `end` (exclusive)."""
    where, params = _between(start, end)
    return [Entry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in db.execute(
        f"SELECT id, actor, action, occurred_at, record_refs FROM audit_log {where} ORDER BY id",
        params)]


def _count(db: Database) -> int:
    with storage_errors():
        return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def whole(db: Database) -> Message:
    """What a check of a whole log says: how many entries it walked."""
    return Message(N_("The audit log is whole: {count} entries."), {"count": _count(db)})


def latest(db: Database, limit: int) -> tuple[list[Entry], int]:
    """The newest entries, newest first, and how many the log holds: what the console shows."""
    with storage_errors():
        rows = db.execute("SELECT id, actor, action, occurred_at, record_refs FROM audit_log "
                          "ORDER BY id DESC LIMIT ?", [limit]).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], _refs(r[4])) for r in rows], _count(db)


def _refs(stored: str) -> list[str]:
    """An entry's references; a damaged list is shown as it is stored, for `verify` to name."""
    try:
        refs = json.loads(stored)
    except (TypeError, ValueError):
        return [str(stored)]
    return [str(r) for r in refs] if isinstance(refs, list) else [str(refs)]


def _between(start: datetime | None, end: datetime | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if start is not None:
        clauses.append("occurred_at >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("occurred_at < ?")
        params.append(end.isoformat())
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
