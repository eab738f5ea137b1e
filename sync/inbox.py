"""Applying what the central service sends down: each kind of record is one table entry here.

Most kinds are an upsert into a kiosk table, keeping only the columns that table
has, so a column another part of the product adds later does not break the
download. A kind whose table this kiosk does not have (yet) is counted and skipped.
A record the kiosk cannot store (a published value of the wrong shape) is logged and
skipped too: refused, it would stop every later download of the kiosk at its place.
"""
from __future__ import annotations

import logging
import sqlite3
from itertools import groupby
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk.notices import text_hash

log = logging.getLogger(__name__)
#: What SQLite says of a row of the wrong shape (a value it cannot bind, a NULL where a column
#: needs one). A full disk or a locked database is not among them: those stop the round, and
#: its records come again with the next one.
ROW_FAULTS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
              sqlite3.DataError)
Applier = Callable[[Database, dict[str, Any], "Context"], bool]


@dataclass(frozen=True)
class Context:
    site_id: str
    now: datetime
    kiosk_id: str = ""


@dataclass(frozen=True)
class Upsert:
    """Write the payload into `table`, matched on `key`; `replace` False keeps the first copy."""

    table: str
    key: tuple[str, ...]
    replace: bool = True
    fill: Callable[[dict[str, Any], Context], dict[str, Any]] | None = None

    def __call__(self, db: Database, payload: dict[str, Any], ctx: Context) -> bool:
        return self.many(db, [payload], ctx) == 1

    def many(self, db: Database, payloads: list[dict[str, Any]], ctx: Context) -> int:
        """Write a run of payloads with one statement per set of columns (a page of 5,000
        attendees is one executemany, not 5,000 statements); returns how many were written."""
        columns = table_columns(db, self.table)
        if not columns:
            return 0
        by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
        for payload in payloads:
            try:
                row = {**payload, **(self.fill(payload, ctx) if self.fill else {})}
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("a downloaded %s row cannot be stored and is skipped: %s",
                            self.table, exc)
                continue
            row = {k: v for k, v in row.items() if k in columns}
            by_columns.setdefault(tuple(row), []).append(list(row.values()))
        written = 0
        for names, values in by_columns.items():
            statement = self._statement(names)
            try:
                db.conn.executemany(statement, values)
                written += len(values)
            except ROW_FAULTS:  # one row of the wrong shape: the others go in one by one
                written += sum(_stored(db, statement, row, self.table) for row in values)
        return written

    def _statement(self, names: tuple[str, ...]) -> str:
        updates = ", ".join(f"{k} = excluded.{k}" for k in names if k not in self.key)
        action = f"DO UPDATE SET {updates}" if self.replace and updates else "DO NOTHING"
        return (f"INSERT INTO {self.table} ({', '.join(names)}) VALUES "
                f"({', '.join('?' * len(names))}) ON CONFLICT ({', '.join(self.key)}) {action}")


def _stored(db: Database, statement: str, row: list[Any], table: str) -> bool:
    try:
        db.conn.execute(statement, row)
    except ROW_FAULTS as exc:
        log.warning("a downloaded %s row cannot be stored and is skipped: %s", table, exc)
        return False
    return True


def table_columns(db: Database, table: str) -> frozenset[str]:
    return frozenset(r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall())


def _host(payload: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {"site_id": payload.get("site_id") or ctx.site_id, "active": payload.get("active", 1)}


def _notice(payload: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {"text_hash": text_hash(payload["text"]), "installed_at": ctx.now.isoformat(),
            "updated_on": payload.get("updated_on") or ctx.now.date().isoformat()}


def _suppression(payload: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {"scope": payload.get("scope") or "marketing",
            "created_on": payload.get("created_on") or ctx.now.date().isoformat()}


def checkin(db: Database, payload: dict[str, Any], ctx: Context) -> bool:
    """A scan at another door of an event this kiosk holds, so a used ticket is refused here.

    The person key (the same person under several tickets) never leaves a kiosk; it is
    looked up again from this kiosk's own attendee list. A check-in for an event or
    attendee this kiosk does not have is skipped.
    """
    if not table_columns(db, "checkins"):
        return False
    found = db.execute("SELECT person_key FROM attendees WHERE id = ? AND event_id = ?",
                       [payload.get("attendee_id"), payload.get("event_id")]).fetchone()
    known_event = db.execute("SELECT 1 FROM events WHERE id = ?", [payload.get("event_id")]).fetchone()
    if not known_event or (payload.get("attendee_id") and not found):
        return False
    ok = payload.get("result") == "ok"
    return Upsert("checkins", ("id",), replace=False)(
        db, {**payload, "person_key": found[0] if found and ok else None,
             "received_at": payload.get("received_at") or ctx.now.isoformat()}, ctx)


def erase(db: Database, payload: dict[str, Any], ctx: Context) -> bool:
    """An erasure made elsewhere: the person goes, and with them (by cascade) visits and consents."""
    db.execute("DELETE FROM people WHERE id = ?", [payload["id"]])
    db.execute("DELETE FROM attendees WHERE id = ?", [payload["id"]])
    return True


APPLIERS: dict[str, Applier] = {
    "host": Upsert("hosts", ("id",), fill=_host),
    "notice": Upsert("notices", ("version", "language"), replace=False, fill=_notice),
    "suppression": Upsert("suppressions", ("key_hash",), replace=False, fill=_suppression),
    "setting": Upsert("central_settings", ("name",)),
    "event": Upsert("events", ("id",)),
    "attendee": Upsert("attendees", ("id",)),
    "checkin": checkin,
    "erasure": erase,
}


def ensure_site(db: Database, site_id: str) -> None:
    """Hosts refer to the site; a kiosk enrolled to a site it has not seen yet gets the row."""
    db.execute("INSERT OR IGNORE INTO sites (id, name) VALUES (?, ?)", [site_id, site_id])


def apply(db: Database, records: list[dict[str, Any]], ctx: Context) -> int:
    """Apply downloaded records in order; returns how many this kiosk had a place for.

    Consecutive records of one upsert kind go in together; a kind this kiosk has no
    applier for is counted out and skipped.
    """
    applied = 0
    for kind, run in groupby(records, key=lambda r: str(r.get("kind"))):
        payloads = [r["payload"] if isinstance(r.get("payload"), dict) else {} for r in run]
        applier = APPLIERS.get(kind)
        if applier is None:
            log.info("no applier for %s records; skipped", kind)
        elif isinstance(applier, Upsert):
            applied += applier.many(db, payloads, ctx)
        else:
            applied += sum(_applied(applier, db, p, ctx, kind) for p in payloads)
    return applied


def _applied(applier: Applier, db: Database, payload: dict[str, Any], ctx: Context,
             kind: str) -> bool:
    try:
        return applier(db, payload, ctx)
    except (*ROW_FAULTS, KeyError, TypeError, ValueError) as exc:
        log.warning("a downloaded %s record cannot be applied and is skipped: %s", kind, exc)
        return False
