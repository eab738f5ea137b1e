"""Attendees of an event: stored once per ticket, found by their ticket's code or their name.

A ticket's code is what its QR holds: the secret or barcode from the ticket
shop's file, or a token the kiosk issues when the file has none. The person key
ties together the tickets of one person (the same name and e-mail on two lists),
so that nobody is counted twice in the evacuation count.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from kiosk.db import bulk_page_cache, storage_errors, write_transaction
from kiosk.errors import Message, N_, NotFound, ValidationError
from kiosk.matching import MAX_RESULTS, name_keys, query_terms, sql_condition
from kiosk.names import PersonName, family_first_by_default
from kiosk.records import audit
from kiosk.registry import max_length
from kiosk.text import text_problem

VALID = "valid"
REVOKED = "revoked"
#: Keeps the name-search index in step with each attendee added one at a time (migrations).
SEARCH_INSERT_TRIGGER = "attendees_search_insert"
_COLUMNS = ("id, event_id, given_name, family_name, family_first, company, email, ticket_type, "
            "ticket_code, order_code, attendee_number, person_key, status")


@dataclass(frozen=True)
class AttendeeData:
    """One attendee as a list or a form gives it; empty strings for what it does not say."""

    given_name: str
    family_name: str = ""
    company: str = ""
    email: str = ""
    ticket_type: str = ""
    ticket_code: str = ""
    order_code: str = ""
    attendee_number: str = ""

    @property
    def import_key(self) -> str:
        """What makes a re-import update this attendee: the code, else order and number,
        else the person (a list with neither still must not duplicate on a second import)."""
        if self.ticket_code:
            return f"code:{self.ticket_code}"
        if self.order_code:
            return f"order:{self.order_code}/{self.attendee_number}"
        return f"person:{person_key(self.given_name, self.family_name, self.email)}"


@dataclass(frozen=True)
class Attendee:
    id: str
    event_id: str
    name: PersonName
    company: str
    email: str
    ticket_type: str
    ticket_code: str
    order_code: str
    attendee_number: str
    person_key: str
    status: str


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def person_key(given: str, family: str, email: str) -> str:
    """The same person on two lists has the same key: folded name and e-mail, hashed."""
    folded = "\x1f".join(_fold(part) for part in (given, family, email))
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=12).hexdigest()


#: Random bytes a new attendee row takes: 16 for its id, 10 for a ticket code of its own.
_ROW_ENTROPY = 26


def new_ticket_code(random: bytes | None = None) -> str:
    """A code the kiosk issues for a ticket the file gave none: typeable by any scanner."""
    return "T" + base64.b32encode(random or secrets.token_bytes(10)).decode("ascii")


def _entropy(count: int) -> list[bytes]:
    """Random bytes for `count` new rows from one read of the system's randomness.

    A read per row (uuid4, token_bytes) lets go of the GIL and takes it back at once,
    50,000 times in an import; the UI thread waiting for the GIL then got it only every
    60-90 ms, a visible stall on the kiosk's screen."""
    pool = secrets.token_bytes(_ROW_ENTROPY * count)
    return [pool[i:i + _ROW_ENTROPY] for i in range(0, len(pool), _ROW_ENTROPY)]


_LIMITS = {column: max_length("attendees", column) for column in (
    "given_name", "family_name", "company", "email", "ticket_type", "ticket_code", "order_code",
    "attendee_number")}


def field_problems(data: AttendeeData) -> dict[str, Message]:
    """What is wrong with an attendee's fields, in the registry's limits."""
    problems: dict[str, Message] = {}
    if not (data.given_name or data.family_name):
        problems["given_name"] = Message(N_("The attendee has no name."))
    for column, limit in _LIMITS.items():
        value = getattr(data, column)
        if len(value) > limit:
            problems[column] = Message(N_("{field} is too long: at most {limit} characters."),
                                       {"field": column, "limit": limit})
        elif problem := text_problem(value, limit):
            problems[column] = problem  # a control character: the visitor form's own message
    return problems


def _stored_name(data: AttendeeData) -> tuple[str, str]:
    """A name given in one piece is stored as the given name, whichever column it came in."""
    return data.given_name or data.family_name, data.family_name if data.given_name else ""


def _row(event_id: str, data: AttendeeData, now: str, source: str,
         entropy: bytes) -> dict[str, object]:
    given, family = _stored_name(data)
    return {"id": str(uuid.UUID(bytes=entropy[:16], version=4)), "event_id": event_id,
            "given_name": given,
            "family_name": family, "family_first": int(family_first_by_default(given, family)),
            "company": data.company, "email": data.email, "ticket_type": data.ticket_type,
            "ticket_code": data.ticket_code or new_ticket_code(entropy[16:]),
            "order_code": data.order_code,
            "attendee_number": data.attendee_number, "import_key": data.import_key,
            "person_key": person_key(given, family, data.email),
            "name_keys": name_keys(PersonName(given, family).full, data.company, data.email),
            "status": VALID, "source": source, "created_at": now, "updated_at": now}


_REIMPORT_UPDATES = ("given_name", "family_name", "family_first", "company", "email",
                     "ticket_type", "order_code", "attendee_number", "person_key", "name_keys",
                     "source", "updated_at")
#: Rows per executemany in a bulk store: some 20 ms of work, well within a UI frame.
BATCH_ROWS = 1_000
#: What an import writes that a re-import compares: an attendee whose file row says the same
#: again is left as it is (the rest of _REIMPORT_UPDATES follows from these).
_COMPARED = ("given_name", "family_name", "company", "email", "ticket_type", "order_code",
             "attendee_number", "source")


def _compared(data: AttendeeData, source: str) -> tuple[str, ...]:
    given, family = _stored_name(data)
    return (given, family, data.company, data.email, data.ticket_type, data.order_code,
            data.attendee_number, source)


def existing_keys(db: Database, event_id: str) -> dict[str, tuple[str, ...]]:
    """The import keys of an event's attendees, each with what an import last wrote for it."""
    with storage_errors():
        return {r[0]: tuple(r[1:]) for r in db.execute(
            f"SELECT import_key, {', '.join(_COMPARED)} FROM attendees WHERE event_id = ?",
            [event_id])}


def store(db: Database, event_id: str, attendees: Iterable[AttendeeData], now: datetime,
          source: str, known: dict[str, tuple[str, ...]] | None = None) -> None:
    """Insert or update attendees by their import key, inside the caller's transaction.

    A re-imported attendee keeps the ticket code it has: a code the kiosk issued
    may already be printed on a badge or sent to the person. One the file repeats
    unchanged is not written at all (`known`, from existing_keys, spares a second read).
    """
    stamp = now.isoformat()
    known = existing_keys(db, event_id) if known is None else known
    wanted = [a for a in attendees if known.get(a.import_key) != _compared(a, source)]
    rows = [_row(event_id, a, stamp, source, entropy)
            for a, entropy in zip(wanted, _entropy(len(wanted)))]
    if not rows:
        return
    # Plain INSERTs and UPDATEs, told apart by `known`: an upsert (INSERT ... ON CONFLICT)
    # cost SQLite nearly three times the work per row.
    fresh, changed, stored = [], [], set(known)
    for r in rows:
        if r["import_key"] in stored:  # (a key given twice in one call: the second updates)
            changed.append((*(r[c] for c in _REIMPORT_UPDATES), event_id, r["import_key"]))
        else:
            stored.add(r["import_key"])
            fresh.append(tuple(r.values()))
    columns = list(rows[0])
    updates = ", ".join(f"{c} = ?" for c in _REIMPORT_UPDATES)
    insert = f"INSERT INTO attendees ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    update = f"UPDATE attendees SET {updates} WHERE event_id = ? AND import_key = ?"
    with write_transaction(db), _search_filled_afterwards(db), bulk_page_cache(db):
        for sql, rows_of_kind in ((insert, fresh), (update, changed)):
            for batch in _batches(rows_of_kind):
                db.conn.executemany(sql, batch)


def _batches(rows: list[tuple]) -> list[list[tuple]]:
    """Rows in batches of BATCH_ROWS. One executemany over 50,000 rows stays in C the whole
    time, and the UI thread then waited up to a tenth of a second for the interpreter; between
    batches it gets its turn (the import runs on the database lane)."""
    return [rows[i:i + BATCH_ROWS] for i in range(0, len(rows), BATCH_ROWS)]


@contextmanager
def _search_filled_afterwards(db: Database) -> Iterator[None]:
    """New attendees enter the name-search index in one statement after the rows, not by the
    insert trigger row by row (which took most of an import's time). Inside a transaction the
    trigger is set aside and put back as it was, so a failure rolls back to both as they were."""
    (trigger_sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND name = ?", [SEARCH_INSERT_TRIGGER]).fetchone()
    (last_rowid,) = db.execute("SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()
    db.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
    yield
    db.execute("INSERT INTO attendee_search (rowid, name_keys) "
               "SELECT rowid, name_keys FROM attendees WHERE rowid > ?", [last_rowid])
    db.execute(trigger_sql)


def _attendee(row: dict) -> Attendee:
    return Attendee(row["id"], row["event_id"],
                    PersonName(row["given_name"], row["family_name"], bool(row["family_first"])),
                    row["company"], row["email"], row["ticket_type"], row["ticket_code"],
                    row["order_code"], row["attendee_number"], row["person_key"], row["status"])


def by_code(db: Database, event_id: str, code: str) -> list[Attendee]:
    """The attendee whose ticket has this code; else the attendees of an order with this code."""
    with storage_errors():
        rows = list(db.query(f"SELECT {_COLUMNS} FROM attendees WHERE event_id = ? AND ticket_code = ?",
                             [event_id, code]))
        if not rows and code:
            rows = list(db.query(f"SELECT {_COLUMNS} FROM attendees "
                                 "WHERE event_id = ? AND order_code = ? LIMIT 2", [event_id, code]))
    return [_attendee(r) for r in rows]


def get(db: Database, attendee_id: str) -> Attendee:
    with storage_errors():
        rows = list(db.query(f"SELECT {_COLUMNS} FROM attendees WHERE id = ?", [attendee_id]))
    if not rows:
        raise NotFound(Message(N_("This attendee is not on the list.")), code="unknown")
    return _attendee(rows[0])


def _fts_query(terms: list[str]) -> str:
    """Each term as a quoted prefix, so no typed character is read as query syntax."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def search(db: Database, event_id: str, query: str) -> list[Attendee]:
    """Attendees whose name, company or e-mail begin with each typed word.

    The full-text index finds candidates fast; the stored keys then decide exactly,
    with the same test as every other search in the kiosk.
    """
    terms = query_terms(query)
    if not terms:
        return []
    condition, params = sql_condition("name_keys", terms)
    with storage_errors():
        rows = db.query(f"SELECT {_COLUMNS} FROM attendees WHERE rowid IN (SELECT rowid FROM "
                        "attendee_search WHERE attendee_search MATCH ?) AND event_id = ? AND "
                        f"{condition} LIMIT ?", [_fts_query(terms), event_id, *params, MAX_RESULTS])
        found = [_attendee(r) for r in rows]
    return sorted(found, key=lambda a: (a.name.full.casefold(), a.id))


def add_walk_in(db: Database, event_id: str, data: AttendeeData, now: datetime, actor: str,
                refs: Iterable[str] = (), person_id: str | None = None) -> Attendee:
    """Someone without a ticket joins the list; the kiosk issues their ticket code.
    `refs` are the other records of the walk-in (their person and consent) for the audit;
    their person goes with the event's list when it is purged."""
    problems = field_problems(data)
    if problems:
        raise ValidationError(problems)
    row = _row(event_id, AttendeeData(**{**data.__dict__, "ticket_code": "", "order_code": "",
                                         "attendee_number": ""}), now.isoformat(), "walk_in",
               _entropy(1)[0])
    row["import_key"] = f"walk_in:{row['id']}"
    row["person_id"] = person_id
    with write_transaction(db):
        db["attendees"].insert(row)
        audit(db, actor, "attendee.walk_in", [f"attendee:{row['id']}", *refs], now)
    return get(db, str(row["id"]))


def correct_name(db: Database, attendee_id: str, given: str, family: str, now: datetime,
                 actor: str) -> Attendee:
    """The attendee fixes the spelling of their own name; audited, since a badge shows it."""
    current = get(db, attendee_id)
    data = AttendeeData(" ".join(given.split()), " ".join(family.split()), current.company,
                        current.email)
    problems = field_problems(data)
    if problems:
        raise ValidationError(problems)
    name = PersonName(data.given_name or data.family_name,
                      data.family_name if data.given_name else "", current.name.family_first)
    with write_transaction(db):
        db.execute("UPDATE attendees SET given_name = ?, family_name = ?, name_keys = ?, "
                   "updated_at = ? WHERE id = ?",
                   [name.given, name.family, name_keys(name.full, current.company, current.email),
                    now.isoformat(), attendee_id])
        audit(db, actor, "attendee.name_corrected", [f"attendee:{attendee_id}"], now)
    return get(db, attendee_id)
