"""Exports of the kiosk's logs for admins: CSV that Excel opens, XLSX, JSON; audited, written whole.

Spreadsheets run formulas, so a visitor who types `=HYPERLINK(...)` as a company
must not get a live formula into reception's Excel: every text cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote
(OWASP's advice), which keeps the value readable. XLSX cells are written as
strings or dates only, never as formulas.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlite_utils import Database

from kiosk.config import KioskConfig
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import Message, N_, ValidationError
from kiosk.files import atomic_write
from kiosk.names import PersonName
from kiosk.records import audit

FORMATS = ("csv", "xlsx", "json")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    """One exportable log: its columns, the SQL that reads it, and which columns filter it."""

    name: str
    columns: tuple[str, ...]
    select: str
    time_column: str
    site_column: str | None = None
    event_column: str | None = None
    type_column: str | None = None
    #: Columns holding moments (ISO text in the database): dates in XLSX, local ISO elsewhere.
    moments: tuple[str, ...] = ()


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("visits",
            ("visit_id", "signed_in_at", "signed_out_at", "full_name", "given_name", "family_name",
             "company", "host", "visitor_type", "car_registration", "badge_number", "site",
             "kiosk", "sign_out_method", "notice_version"),
            "SELECT v.id, v.signed_in_at, v.signed_out_at, p.family_first, p.given_name, "
            "p.family_name, p.company, h.name, "
            "v.visitor_type, v.car_reg_display, v.badge_number, v.site_id, v.kiosk_id, "
            "v.sign_out_method, v.notice_version FROM visits v JOIN people p ON p.id = v.person_id "
            "LEFT JOIN hosts h ON h.id = v.host_id",
            "v.signed_in_at", site_column="v.site_id", type_column="v.visitor_type",
            moments=("signed_in_at", "signed_out_at")),
    Dataset("checkins",
            ("checkin_id", "scanned_at", "event", "event_name", "full_name", "given_name",
             "family_name", "door", "direction", "result", "kiosk", "overridden_by", "undone_at"),
            "SELECT c.id, c.scanned_at, c.event_id, e.name, a.family_first, a.given_name, "
            "a.family_name, c.door, c.direction, c.result, c.kiosk_id, c.overridden_by, c.undone_at "
            "FROM checkins c JOIN events e ON e.id = c.event_id "
            "LEFT JOIN attendees a ON a.id = c.attendee_id",
            "c.scanned_at", event_column="c.event_id", type_column="c.result",
            moments=("scanned_at", "undone_at")),
    Dataset("consents",
            ("consent_id", "occurred_at", "person_id", "purpose", "decision", "method", "language",
             "notice_version", "notice_hash", "wording", "kiosk"),
            "SELECT id, occurred_at, person_id, purpose, decision, method, language, notice_version, "
            "notice_hash, wording, kiosk_id FROM consent_events",
            "occurred_at", type_column="decision", moments=("occurred_at",)),
    Dataset("print-log",
            ("occurred_at", "badge_token", "printer", "result", "reason", "reprint"),
            "SELECT occurred_at, badge_token, printer, result, reason, reprint FROM print_log",
            "occurred_at", type_column="result", moments=("occurred_at",)),
    Dataset("audit",
            ("entry_id", "occurred_at", "actor", "action", "records", "entry_hash"),
            "SELECT id, occurred_at, actor, action, record_refs, entry_hash FROM audit_log",
            "occurred_at", type_column="action", moments=("occurred_at",)),
)}


@dataclass(frozen=True)
class ExportFilter:
    """Which rows: local dates from and to (both included), and optionally site, event, type."""

    start: date
    end: date
    site: str | None = None
    event: str | None = None
    kind: str | None = None

    def refs(self) -> list[str]:
        """The filter as audit references (no personal data in a filter)."""
        parts = {"from": self.start.isoformat(), "to": self.end.isoformat(), "site": self.site,
                 "event": self.event, "type": self.kind}
        return [f"{key}:{value}" for key, value in parts.items() if value]


@dataclass(frozen=True)
class FilterChoices:
    """What an export of a log can be narrowed to on the console."""

    types: tuple[str, ...]
    #: (event id, event name), newest first; empty for a log without events.
    events: tuple[tuple[str, str], ...]


def filter_choices(db: Database, dataset: Dataset) -> FilterChoices:
    """The types the log holds (visitor types, results, decisions, actions) and the events."""
    types: tuple[str, ...] = ()
    events: tuple[tuple[str, str], ...] = ()
    with storage_errors():
        if dataset.type_column:
            name = dataset.type_column.rpartition(".")[2]  # its name in the dataset's SELECT
            types = tuple(str(r[0]) for r in db.execute(
                f"SELECT DISTINCT {name} FROM ({dataset.select}) WHERE {name} IS NOT NULL "
                "ORDER BY 1"))
        if dataset.event_column:
            events = tuple((r[0], r[1]) for r in db.execute(
                "SELECT id, name FROM events ORDER BY starts_at DESC, name"))
    return FilterChoices(types, events)


def neutralise(value: str) -> str:
    """A text cell a spreadsheet will show and never run."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _bounds(config: KioskConfig, wanted: ExportFilter) -> tuple[str, str]:
    if wanted.end < wanted.start:
        raise ValidationError({"to": Message(N_("The end date is before the start date."))})
    start = datetime.combine(wanted.start, time(), config.zone)
    end = datetime.combine(wanted.end + timedelta(days=1), time(), config.zone)
    return start.astimezone(timezone.utc).isoformat(), end.astimezone(timezone.utc).isoformat()


def query(db: Database, config: KioskConfig, dataset: Dataset,
          wanted: ExportFilter) -> tuple[str, list[Any]]:
    """The SQL and parameters for a dataset under a filter; stored times are UTC ISO text."""
    start, end = _bounds(config, wanted)
    clauses, params = [f"{dataset.time_column} >= ?", f"{dataset.time_column} < ?"], [start, end]
    for column, value, what in ((dataset.site_column, wanted.site, "site"),
                                (dataset.event_column, wanted.event, "event"),
                                (dataset.type_column, wanted.kind, "type")):
        if value is None:
            continue
        if column is None:
            raise ValidationError({what: Message(N_("This export cannot be filtered by {what}."),
                                                 {"what": what})})
        clauses.append(f"{column} = ?")
        params.append(value)
    return (f"{dataset.select} WHERE {' AND '.join(clauses)} ORDER BY {dataset.time_column}",
            params)


def rows(db: Database, config: KioskConfig, dataset: Dataset,
         wanted: ExportFilter) -> Iterator[dict[str, Any]]:
    """Rows as dicts: moments as aware datetimes in the site's zone, texts neutralised."""
    sql, params = query(db, config, dataset, wanted)
    with storage_errors():
        cursor = db.execute(sql, params)
        for raw in cursor:
            row = dict(zip(dataset.columns, raw))
            if "full_name" in row:  # selected as family_first: the name in the person's order
                row["full_name"] = PersonName(row["given_name"], row["family_name"],
                                              bool(row["full_name"])).full
            for column in dataset.moments:
                if row[column]:
                    row[column] = datetime.fromisoformat(row[column]).astimezone(config.zone)
            yield row


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return neutralise(str(value))


def to_csv(dataset: Dataset, records: Iterator[dict[str, Any]], semicolon: bool) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow(dataset.columns)
    count = 0
    for count, record in enumerate(records, 1):
        writer.writerow([_text(v) for v in record.values()])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count


def to_json(dataset: Dataset, records: Iterator[dict[str, Any]]) -> tuple[bytes, int]:
    items = [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()}
             for r in records]
    return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8"), len(items)


def to_xlsx(dataset: Dataset, records: Iterator[dict[str, Any]]) -> tuple[bytes, int]:
    """Every cell a string or a date. A text never starts with "=" once neutralised, so
    openpyxl stores it as a string and never as a formula."""
    from openpyxl import Workbook  # ~0.1 s to import: only an XLSX export pays for it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.name)
    sheet.append(list(dataset.columns))
    count = 0
    for count, record in enumerate(records, 1):
        sheet.append([_xlsx_value(value) for value in record.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: the site's local time
    return _text(value)


def export(db: Database, config: KioskConfig, now: datetime, actor: str, dataset_name: str,
           wanted: ExportFilter, fmt: str, out: Any, semicolon: bool = False) -> int:
    """Write one export atomically and audit it (who, when, filter, rows); returns the row count."""
    dataset = DATASETS[dataset_name]
    return write(db, now, actor, dataset, rows(db, config, dataset, wanted), wanted.refs(), fmt, out,
                 semicolon)


def write(db: Database, now: datetime, actor: str, dataset: Dataset,
          records: Iterator[dict[str, Any]], refs: list[str], fmt: str, out: Any,
          semicolon: bool = False) -> int:
    """Write records in a format, atomically, and audit it with the filter's `refs`; any table
    the console exports (logs, statistics) goes through here, so each gets the same guards."""
    if fmt == "csv":
        data, count = to_csv(dataset, records, semicolon)
    elif fmt == "xlsx":
        data, count = to_xlsx(dataset, records)
    else:
        data, count = to_json(dataset, records)
    atomic_write(out, data)
    with write_transaction(db):
        audit(db, actor, f"export.{dataset.name}", [f"format:{fmt}", *refs, f"rows:{count}"], now)
    return count
