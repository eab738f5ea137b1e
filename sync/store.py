"""What the central service does with records: store each once, hand each kiosk what it may see.

Every write path takes an advisory lock on PostgreSQL, so `seq` numbers become
visible in the order they were given out. Without it, a kiosk could read seq 7
while seq 6 is still uncommitted in another process, move its cursor past 6 and
never see it. The same lock lets a batch ask which of its ids are stored already and
then insert the rest, without a second writer slipping a copy in between.

A transaction that will run again should it fail (a write group's first run,
sync/lanes.py) skips that question: a repeat is rare, only a kiosk that never
heard its answer sends one, and the unique index finds it anyway, failing the
transaction so its second run asks.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import (Connection, and_, bindparam, delete, insert, literal_column, or_,
                        select, text)

from sync import streaming
from sync.access import Caller
from sync.kinds import KINDS, MAX_ID, PUBLISHED, Rejection, RecordKind, Scope
from sync.tables import event_sites, records

log = logging.getLogger(__name__)
WRITE_LOCK = 7_031_908
#: Where a connection keeps what its transaction has learnt (`_this_transaction`).
_LEARNT = "sync.store.learnt"
#: Values one SQLite statement takes at most in the oldest SQLite (999; 32,766 since 3.32).
_SQLITE_VARIABLES = 999
MAX_PAGE = 5000
#: An execution option of a connection whose transaction its caller runs again, without
#: the option, should it fail: its batches are stored without asking which ids are known.
OPTIMISTIC = "sync_optimistic"


@dataclass(frozen=True)
class Incoming:
    id: str
    kind: str
    occurred_at: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    id: str
    status: str  # stored | duplicate | rejected
    code: str | None = None


def _this_transaction(conn: Connection) -> dict[str, Any]:
    """What the connection's transaction has learnt so far, forgotten with it: a group of
    fifty batches (sync/lanes.py) asked PostgreSQL for the write lock and for its sites'
    events fifty times each, a hundred round trips for a few answers (20 ms of a wave)."""
    current = conn.get_transaction()
    if current is None:  # nothing begun yet: nothing to remember it by
        return {}
    held = conn.info.get(_LEARNT)
    if held is None or held[0] is not current:
        held = conn.info[_LEARNT] = (current, {})
    return held[1]  # type: ignore[no-any-return]


def serialise_writes(conn: Connection) -> None:
    learnt = _this_transaction(conn)
    if conn.dialect.name == "postgresql" and "locked" not in learnt:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        learnt["locked"] = True


def _known(conn: Connection, ids: list[str]) -> set[str]:
    """The ids among these that the service already holds: a repeat is answered duplicate.

    Handed to the driver as it is: SQLAlchemy's expanding IN rewrites its statement for every
    list, which cost more than the lookup. PostgreSQL gets one array: with a list of
    parameters its reused plan compared every row with every id (in a transaction of 25
    batches, 440 ms of lookups instead of 20).
    """
    if not ids:
        return set()
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql("SELECT id FROM records WHERE id = ANY(%s)", (ids,))
        return {row[0] for row in found}
    held = set()
    for start in range(0, len(ids), _SQLITE_VARIABLES):
        chunk = tuple(ids[start:start + _SQLITE_VARIABLES])
        marks = ",".join("?" * len(chunk))
        held |= {row[0] for row in conn.exec_driver_sql(
            f"SELECT id FROM records WHERE id IN ({marks})", chunk)}
    return held


#: The columns of a stored record that `record_row` fills, in order.
ROW_COLUMNS = ("id", "kind", "site_id", "kiosk_id", "event_id", "person_id", "entity_id",
               "occurred_at", "received_at", "payload")


_COLUMNS = ", ".join(ROW_COLUMNS)
_KIND, _ENTITY = ROW_COLUMNS.index("kind"), ROW_COLUMNS.index("entity_id")
_ROW_MARKS = "(" + ", ".join("?" * len(ROW_COLUMNS)) + ")"
_ROWS_PER_INSERT = _SQLITE_VARIABLES // len(ROW_COLUMNS)
_COPY = f"COPY records ({_COLUMNS}) FROM STDIN"


def _insert_rows(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Many rows handed straight to the driver: SQLAlchemy's own executemany prepares each
    row's parameters again, as much work as the driver's insert of it. PostgreSQL takes them
    through a COPY (2.1 ms for 200 rows here, against 3.5 ms as INSERTs) that stays open for
    the next batch of the transaction (sync/streaming.py); SQLite as INSERTs of many rows
    each, since its driver lets go of the GIL for every statement it runs (a wave of fifty
    batches took 86 ms to store instead of 96). A row whose id is there already fails the
    transaction (see the module's note)."""
    if conn.dialect.name == "postgresql":
        streaming.write(conn, _COPY, rows)
        return
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start:start + _ROWS_PER_INSERT]
        conn.exec_driver_sql(f"INSERT INTO records ({_COLUMNS}) VALUES "
                             + ", ".join([_ROW_MARKS] * len(chunk)),
                             tuple(value for row in chunk for value in row))


def shared_events(conn: Connection, site_id: str) -> set[str]:
    known = _this_transaction(conn).setdefault("events", {})
    if site_id not in known:
        rows = conn.execute(select(event_sites.c.event_id).where(event_sites.c.site_id == site_id))
        known[site_id] = frozenset(r.event_id for r in rows)
    return set(known[site_id])


#: The payload fields each kind's indexed columns are taken from, by the kind's name (a
#: RecordKind hashes all its fields on every lookup, ten thousand times a wave).
_REFERENCES = {k.name: tuple(name for name in (k.event_field, k.person_field, "id", "site_id")
                             if name) for k in KINDS.values()}


def _check(kind: RecordKind | None, item: Incoming, site_id: str, events: set[str],
           accepted: frozenset[str]) -> str | None:
    """The rejection code of a record, or None when it may be stored."""
    if kind is None:
        return Rejection.UNKNOWN_KIND
    if kind.name not in accepted:
        return Rejection.NOT_ACCEPTED
    pay = item.payload
    for name in kind.required:
        if pay.get(name) in (None, ""):
            return Rejection.MISSING_FIELD
    for name in _REFERENCES[kind.name]:
        if not _fits(pay.get(name)):
            return Rejection.INVALID
    for name, value in pay.items():
        if value is not None and name.endswith("_at") and not _moment(value):
            return Rejection.INVALID
        if type(value) in (float, dict, list) and not _finite(value):
            return Rejection.INVALID
    if pay.get("site_id", site_id) != site_id:
        return Rejection.WRONG_SITE
    if kind.scope is Scope.EVENT and str(pay.get(kind.event_field or "")) not in events:
        return Rejection.EVENT_NOT_SHARED
    return None


def _moment(value: Any) -> bool:
    """A time field (`*_at`) the exports and the purge can read: ISO 8601."""
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _finite(value: Any) -> bool:
    """No NaN or infinity anywhere in the value. JSON has neither, but the body's parser takes
    both (and 1e999 as infinity), and stored they would come out as null."""
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is dict:
        return all(_finite(v) for v in value.values())
    if type(value) is list:
        return all(_finite(v) for v in value)
    return True


def _fits(value: Any) -> bool:
    """A reference the index columns can hold: absent, or a short text or number without NUL."""
    if value is None:
        return True
    if type(value) is int:  # not bool, which is an int to isinstance
        value = str(value)
    elif type(value) is not str:
        return False
    return 0 < len(value) <= MAX_ID and "\x00" not in value


def _encode(payload: dict[str, Any]) -> str:
    """A payload as stored: orjson, since the standard encoder took as long per record as the
    rest of storing it; keys sorted, so one payload is always the same text. Raises
    orjson.JSONEncodeError for what JSON cannot carry (a number past 64 bits)."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()


def _ref(payload: dict[str, Any], name: str | None) -> str | None:
    value = payload.get(name) if name else None
    return None if value is None else str(value)


def record_row(kind: RecordKind, item: Incoming, site_id: str, kiosk_id: str,
               now: str) -> tuple[Any, ...]:
    """The stored row of an accepted record (ROW_COLUMNS), its indexed references pulled out."""
    pay = item.payload
    return (item.id, kind.name, site_id, kiosk_id, _ref(pay, kind.event_field),
            _ref(pay, kind.person_field), _ref(pay, "id"), item.occurred_at, now, _encode(pay))


def store(conn: Connection, who: Caller, batch: Sequence[Incoming], now: datetime,
          site_id: str | None = None) -> list[Outcome]:
    """Store a kiosk's batch (or an admin's publication); one outcome per record, in order."""
    site = site_id or who.site_id or ""
    accepted = PUBLISHED if who.role == "admin" else frozenset(
        k.name for k in KINDS.values() if k.upload)
    serialise_writes(conn)
    events = shared_events(conn, site)
    if who.role == "admin":
        events |= {str(i.payload.get("id")) for i in batch if i.kind == "event"}
        events |= {str(i.payload.get("event_id")) for i in batch}
    optimistic = conn.get_execution_options().get(OPTIMISTIC, False)
    known = set() if optimistic else _known(conn, [item.id for item in batch])
    outcomes: dict[str, Outcome] = {}
    rows = []
    received, sender = now.isoformat(), who.kiosk_id or who.role
    for item in batch:
        if item.id in outcomes:
            continue
        kind = KINDS.get(item.kind)
        code = _check(kind, item, site, events, accepted)
        if kind is not None and code is None and item.id not in known:
            try:
                rows.append(record_row(kind, item, site, sender, received))
            except orjson.JSONEncodeError:
                code = Rejection.INVALID
        if code:
            log.warning("rejected %s record %s from %s: %s", item.kind, item.id, who.kiosk_id, code)
            outcomes[item.id] = Outcome(item.id, "rejected", code)
        else:
            outcomes[item.id] = Outcome(item.id, "duplicate" if item.id in known else "stored")
    if rows:
        _insert_rows(conn, rows)
    for row in rows:
        if row[_KIND] == "erasure":
            erase_person(conn, str(row[_ENTITY]))
        if row[_KIND] == "event":
            share_event(conn, str(row[_ENTITY]), [site])
    return [outcomes[item.id] for item in batch]


def erase_person(conn: Connection, person_id: str) -> int:
    """Remove every central copy that names the person; the erasure record itself stays."""
    done = conn.execute(delete(records).where(records.c.person_id == person_id,
                                              records.c.kind != "erasure"))
    return int(done.rowcount)


def share_event(conn: Connection, event_id: str, site_ids: Iterable[str]) -> None:
    known = sites_of_event(conn, event_id)
    new = [{"event_id": event_id, "site_id": s} for s in set(site_ids) - known]
    if new:
        conn.execute(insert(event_sites), new)
        _this_transaction(conn).pop("events", None)


def sites_of_event(conn: Connection, event_id: str) -> set[str]:
    return {r.site_id for r in conn.execute(
        select(event_sites.c.site_id).where(event_sites.c.event_id == event_id))}


def _visible() -> Any:
    """The SQL condition for the records the kiosk `:kiosk` of site `:site` may download."""
    mine = bindparam("site")

    def kind_of(scope: Scope) -> Any:
        # Literal names: an IN list of parameters would be rewritten on every request.
        return records.c.kind.in_([literal_column(f"'{k.name}'") for k in KINDS.values()
                                   if k.download and k.scope is scope])
    events = select(event_sites.c.event_id).where(event_sites.c.site_id == mine)
    return and_(records.c.kiosk_id != bindparam("kiosk"), or_(
        kind_of(Scope.COMPANY),
        and_(kind_of(Scope.SITE), records.c.site_id == mine),
        and_(kind_of(Scope.EVENT), records.c.event_id.in_(events))))


#: A kiosk's next page, built once (every download round asks it).
_PAGE = select(records.c.seq, records.c.id, records.c.kind, records.c.kiosk_id,
               records.c.occurred_at, records.c.received_at, records.c.payload) \
    .where(records.c.seq > bindparam("since"), _visible()) \
    .order_by(records.c.seq).limit(bindparam("limit"))


def changes(conn: Connection, who: Caller, since: int, limit: int) -> bytes:
    """The next page of records after the kiosk's cursor, oldest first, as the JSON answer.

    Written here rather than by the API's models: each payload is stored as JSON text
    already and goes out as it is, where a page of 5,000 attendees would otherwise be
    parsed, checked and encoded again record by record (most of a 50,000-attendee
    download's time).
    """
    limit = max(1, min(limit, MAX_PAGE))
    rows = conn.execute(_PAGE, {"since": since, "limit": limit, "site": who.site_id or "",
                                "kiosk": who.kiosk_id or ""}).all()
    return orjson.dumps({
        "records": [{"id": r.id, "kind": r.kind, "kiosk_id": r.kiosk_id,
                     "occurred_at": r.occurred_at, "received_at": r.received_at,
                     "payload": orjson.Fragment(r.payload)} for r in rows],
        "cursor": rows[-1].seq if rows else since, "more": len(rows) == limit})
