"""The admin's side of the central service: erasure, double check-ins, exports and retention."""
from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from kiosk.config import Retention
from kiosk.ids import new_id
from kiosk.registry import PERSONAL_FIELDS, Retention as Kept
from kiosk.retention import KEPT
from sync.kinds import KINDS, RecordKind
from sync.store import erase_person, serialise_writes
from sync.tables import audit, records

log = logging.getLogger(__name__)

#: Where a record was received, before the payload's own fields.
_CENTRAL = ("site_id", "kiosk_id", "received_at")


def _fixed(*names: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


#: The columns of each central export, fixed by the kinds registry (and through it the
#: field registry), so the same export from any site, kiosk version or day has the same
#: columns in the same order. A field a kiosk sends that is not listed is not exported.
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "visits": _fixed("visit_id", *_CENTRAL,
                     *(c for c in KINDS["person"].columns if c != "id"),
                     *(c for c in KINDS["visit"].columns if c != "id")),
    "checkins": _fixed("checkin_id", *_CENTRAL, *(c for c in KINDS["checkin"].columns if c != "id")),
}
EXPORTS = tuple(EXPORT_COLUMNS)


def note(conn: Connection, actor: str, action: str, detail: dict[str, Any], now: datetime) -> None:
    """The central audit trail: who did what, with counts and references, never personal data."""
    conn.execute(insert(audit).values(actor=actor, action=action, occurred_at=now.isoformat(),
                                      detail=json.dumps(detail, sort_keys=True)))


def erase_centrally(conn: Connection, person_id: str, now: datetime) -> int:
    """Delete the central copies and queue an erasure record for every kiosk."""
    serialise_writes(conn)
    count = erase_person(conn, person_id)
    stamp = now.isoformat()
    conn.execute(insert(records).values(
        id=new_id(), kind="erasure", site_id="*", kiosk_id="admin",
        occurred_at=stamp, received_at=stamp,
        payload=json.dumps({"id": person_id})))
    note(conn, "admin", "erasure", {"person": person_id, "records": count}, now)
    return count


def conflicts(conn: Connection, event_id: str | None) -> list[dict[str, Any]]:
    """Tickets with more than one successful check-in, each with door, scan and receive time."""
    query = select(records.c.event_id, records.c.person_id, records.c.kiosk_id,
                   records.c.occurred_at, records.c.received_at, records.c.payload
                   ).where(records.c.kind == "checkin")
    if event_id:
        query = query.where(records.c.event_id == event_id)
    tickets: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(query.order_by(records.c.occurred_at)):
        payload = json.loads(row.payload)
        if payload.get("result") != "ok" or payload.get("undone_at") or not row.person_id:
            continue
        tickets[(row.event_id, row.person_id)].append(
            {"door": f"{row.kiosk_id}/{payload.get('door', '')}",
             "scanned_at": payload.get("scanned_at") or row.occurred_at,
             "received_at": row.received_at})
    return [{"event_id": e, "attendee_id": a, "checkins": c}
            for (e, a), c in sorted(tickets.items()) if len(c) > 1]


def _merged(conn: Connection, kind: str, site_id: str | None) -> dict[str, dict[str, Any]]:
    """The latest state of each entity of a kind: later records (a sign-out) update earlier ones."""
    query = select(records.c.entity_id, records.c.site_id, records.c.kiosk_id,
                   records.c.received_at, records.c.payload).where(records.c.kind == kind)
    if site_id:
        query = query.where(records.c.site_id == site_id)
    merged: dict[str, dict[str, Any]] = {}
    for row in conn.execute(query.order_by(records.c.seq)):
        entry = merged.setdefault(str(row.entity_id), {"site_id": row.site_id,
                                                       "kiosk_id": row.kiosk_id,
                                                       "received_at": row.received_at})
        entry.update(json.loads(row.payload))
    return merged


def _within(stamp: str | None, start: date, end: date, zone: tzinfo) -> bool:
    """Whether a record's time falls on one of the company's days from start to end, as the
    kiosks' own exports count days: in local time, not in UTC."""
    if not stamp:
        return False
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):  # stored before the service checked its time fields
        log.warning("a record's time %r is not ISO 8601; left out of the export", stamp)
        return False
    day = (moment.astimezone(zone) if moment.tzinfo else moment).date()
    return start <= day <= end


def export_rows(conn: Connection, what: str, start: date, end: date,
                site_id: str | None, zone: tzinfo) -> list[dict[str, Any]]:
    """Visits (with the visitor's name and company) or check-ins across sites, in time order."""
    if what == "visits":
        people = _merged(conn, "person", site_id)
        rows = []
        for visit_id, visit in _merged(conn, "visit", site_id).items():
            if not _within(visit.get("signed_in_at"), start, end, zone):
                continue
            person = people.get(str(visit.get("person_id")), {})
            rows.append({"visit_id": visit_id, **{k: v for k, v in person.items()
                                                   if k not in ("id", "site_id", "kiosk_id",
                                                                "received_at")},
                         **visit})
        return _fixed_rows(what, sorted(rows, key=lambda r: str(r.get("signed_in_at"))))
    rows = [{"checkin_id": key, **value} for key, value in _merged(conn, "checkin", site_id).items()
            if _within(value.get("scanned_at") or value.get("received_at"), start, end, zone)]
    return _fixed_rows(what, sorted(rows, key=lambda r: str(r.get("scanned_at") or r.get("received_at"))))


def _fixed_rows(what: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with exactly the export's columns, in order; a missing field is None."""
    return [{column: row.get(column) for column in EXPORT_COLUMNS[what]} for row in rows]


def retention_days(kind: RecordKind, retention: Retention) -> int | None:
    """How long the centre keeps a kind: the longest period the field registry gives the
    fields it carries (the same settings a kiosk purges by), or None when they are kept
    until withdrawn (suppressions) or carry no personal data (events)."""
    settings: set[Kept] = {f.retention for f in PERSONAL_FIELDS
                           if f.table == kind.table and f.leaves_kiosk} - KEPT
    days = asdict(retention)
    return max((days[s.value] for s in settings), default=None)


def event_ends(conn: Connection) -> dict[str, datetime]:
    """When each event the centre knows ends, as last published."""
    ends: dict[str, datetime] = {}
    for row in conn.execute(select(records.c.entity_id, records.c.payload)
                            .where(records.c.kind == "event").order_by(records.c.seq)):
        try:
            end = datetime.fromisoformat(json.loads(row.payload)["ends_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if end.tzinfo is not None:  # an event without a usable end is purged as unknown
            ends[str(row.entity_id)] = end
    return ends


def _expired(kind: RecordKind, cutoff: datetime, ends: dict[str, datetime]) -> Any:
    """The SQL condition for a kind's records past the cutoff. Records of an event count from
    the event's end, as on the kiosk, so a long conference loses no check-in while it runs;
    those of an event the centre was never told about (or not when it ends) count from
    when they happened."""
    happened = records.c.occurred_at < cutoff.isoformat()
    if kind.event_field is None:
        return and_(records.c.kind == kind.name, happened)
    ended = [event for event, end in ends.items() if end < cutoff]
    return and_(records.c.kind == kind.name,
                or_(records.c.event_id.in_(ended),
                    and_(records.c.event_id.not_in(list(ends)), happened)))


def purge(conn: Connection, retention: Retention, now: datetime, dry_run: bool) -> dict[str, int]:
    """Remove what is past its retention, per kind, and audit the purge (also a dry run)
    with the periods it applied."""
    removed: dict[str, int] = {}
    applied: dict[str, int] = {}
    ends = event_ends(conn)
    for kind in KINDS.values():
        days = retention_days(kind, retention) if kind.table else None
        if days is None:
            continue
        where = (_expired(kind, now - timedelta(days=days), ends),)
        count = conn.execute(select(func.count()).select_from(records).where(*where)).scalar_one()
        if count and not dry_run:
            conn.execute(delete(records).where(*where))
        removed[kind.name], applied[kind.name] = int(count), days
    note(conn, "admin", "purge.dry_run" if dry_run else "purge",
         {"removed": removed, "days": applied}, now)
    return removed
