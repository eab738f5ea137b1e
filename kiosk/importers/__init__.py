"""Importing attendee lists: Eventbrite's attendee report, pretix's check-in list, any spreadsheet.

What is valid is imported; each rejected row is reported with its line number
in the file and the reason. The whole import is one transaction, and importing
the same file again updates the attendees it stored and never duplicates them.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from kiosk import attendees
from kiosk.attendees import AttendeeData
from kiosk.db import write_transaction
from kiosk.errors import Message, N_, ValidationError
from kiosk.importers.mapping import apply_overrides, check_usable, fold_header, guess, parse_overrides
from kiosk.importers.reading import Row, Table, attendee_table
from kiosk.records import audit

FORMATS = ("auto", "eventbrite", "pretix", "generic")
#: Eventbrite's statuses (and their usual translations) of a ticket that no longer admits anyone.
_CANCELLED = frozenset({"not attending", "cancelled", "canceled", "refunded", "deleted", "avbestilt",
                        "kansellert", "refundert", "storniert", "erstattet", "peruttu"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SPACES = re.compile(r"\s+")

#: Headers that only Eventbrite's attendee report or pretix's check-in list have together.
_SIGNATURES = {"eventbrite": ({"order", "barcode", "attendee"}, {"order", "first name", "ticket type"}),
               "pretix": ({"order code", "attendee name"}, {"order code", "secret"})}


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: Message


@dataclass
class ImportReport:
    format: str
    imported: int = 0
    updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def detect_format(headers: list[str]) -> str:
    folded = {fold_header(h) for h in headers}
    for name, signatures in _SIGNATURES.items():
        if any(sig <= folded for sig in signatures):
            return name
    return "generic"


def _clean(text: str) -> str:
    """Whitespace runs (line breaks inside a quoted name included) become one space. Other
    control characters stay, for attendees.field_problems to refuse the row as the visitor
    form would. Cells that look like formulas stay text: nothing here ever evaluates them."""
    if text.isprintable() and "  " not in text:  # most cells: no line break, no run of spaces
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def _attendee(row: Row, width: int, mapping: dict[int, str]) -> AttendeeData | Message:
    values = {f: _clean(row.cells[i]) if i < len(row.cells) else "" for i, f in mapping.items()}
    given, family = values.get("given_name", ""), values.get("family_name", "")
    if not (given or family):
        # One name column is stored whole as the given name: splitting it would guess wrong.
        given = values.get("full_name", "")
    if not (given or family):
        if len(row.cells) < width:
            return Message(N_("The row is cut short: {found} of {expected} columns."),
                           {"found": len(row.cells), "expected": width})
        return Message(N_("The row has no name."))
    email = values.get("email", "")
    if email and not _EMAIL.fullmatch(email):
        return Message(N_("{value} is not an e-mail address."), {"value": email})
    data = AttendeeData(given, family, values.get("company", ""), email, values.get("ticket_type", ""),
                        values.get("ticket_code", ""), values.get("order_code", ""),
                        values.get("attendee_number", ""))
    problems = attendees.field_problems(data)
    return next(iter(problems.values())) if problems else data


def _numbered(data: list[tuple[int, AttendeeData]]) -> list[tuple[int, AttendeeData]]:
    """A file with orders but no attendee numbers (pretix without secrets) numbers the tickets
    of each order in file order, so that a re-import finds the same tickets again."""
    seen: dict[str, int] = {}
    numbered = []
    for line, item in data:
        if item.order_code and not item.ticket_code and not item.attendee_number:
            seen[item.order_code] = seen.get(item.order_code, 0) + 1
            item = AttendeeData(**{**item.__dict__, "attendee_number": str(seen[item.order_code])})
        numbered.append((line, item))
    return numbered


def read_attendees(table: Table, mapping: dict[int, str]) -> tuple[list[tuple[int, AttendeeData]], list[Rejected]]:
    """The valid attendees of a file with their lines, and the rejected lines with reasons."""
    valid, rejected = [], []
    status_column = next((i for i, f in mapping.items() if f == "status"), None)
    for row in table.rows:
        result = _attendee(row, len(table.headers), mapping)
        if isinstance(result, Message):
            rejected.append(Rejected(row.line, result))
            continue
        cancelled = (status_column is not None and status_column < len(row.cells)
                     and _clean(row.cells[status_column]).casefold() in _CANCELLED)
        valid.append((row.line, result, cancelled))
    numbered = _numbered([(line, item) for line, item, _ in valid])
    first_line: dict[str, int] = {}
    kept = []
    for (line, item), (_, _, cancelled) in zip(numbered, valid):
        if item.import_key in first_line:
            rejected.append(Rejected(line, Message(N_("The same ticket as line {line}."),
                                                   {"line": first_line[item.import_key]})))
            continue
        first_line[item.import_key] = line
        if not cancelled:
            kept.append((line, item))
        else:
            rejected.append(Rejected(line, Message(N_("The ticket is cancelled."))))
    if table.broken_at:
        rejected.append(Rejected(*table.broken_at))
    return kept, sorted(rejected, key=lambda r: r.line)


def import_attendees(db: Database, event_id: str, data: bytes, now: datetime, actor: str, *,
                     file_format: str = "auto", overrides: list[str] | None = None) -> ImportReport:
    """Import a list into an event, all of it in one transaction."""
    from kiosk.events import get_event

    get_event(db, event_id)
    if file_format not in FORMATS:
        raise ValidationError({"format": Message(N_("The format {format} is not one of {formats}."),
                                                 {"format": file_format, "formats": ", ".join(FORMATS)})})
    with _no_cycle_collection():
        return _import(db, event_id, data, now, actor, file_format, overrides or [])


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a list is read and stored. An import makes some
    half a million objects that live until it ends, and each full collection walked them all:
    a third of the reading time, and pauses of up to 0.2 s in which no other thread, the UI
    thread included, could run. Reference counting still frees them; a cycle waits for the
    next collection after the import."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(db: Database, event_id: str, data: bytes, now: datetime, actor: str,
            file_format: str, overrides: list[str]) -> ImportReport:
    table = attendee_table(data)
    chosen = detect_format(table.headers) if file_format == "auto" else file_format
    mapping = apply_overrides(table.headers, guess(table.headers), parse_overrides(overrides))
    check_usable(table.headers, mapping)
    valid, rejected = read_attendees(table, mapping)
    report = ImportReport(chosen, rejected=rejected)
    with write_transaction(db):
        known = attendees.existing_keys(db, event_id)
        report.updated = sum(item.import_key in known for _, item in valid)
        report.imported = len(valid) - report.updated
        attendees.store(db, event_id, (item for _, item in valid), now, chosen, known)
        audit(db, actor, "attendees.imported", [f"event:{event_id}"], now)
    return report
