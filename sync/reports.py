"""The admin's side of the central service: erasure, double check-ins, exports and retention."""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from kiosk.config import Retention
from sync.store import erase_person, serialise_writes
from sync.tables import audit, records

#: Which retention setting governs each kind centrally; the same days as on the kiosks.
#: Suppressions are kept until withdrawn, and so are the erasures that must reach every kiosk.
RETENTION: dict[str, str] = {"person": "visits_days", "visit": "visits_days",
                             "checkin": "visits_days", "attendee": "visits_days",
                             "consent": "consents_days"}
EXPORTS = ("visits", "checkins")


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
        id=str(uuid.uuid4()), kind="erasure", site_id="*", kiosk_id="admin",
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


def _within(stamp: str | None, start: date, end: date) -> bool:
    if not stamp:
        return False
    day = datetime.fromisoformat(stamp).date()
    return start <= day <= end


def export_rows(conn: Connection, what: str, start: date, end: date,
                site_id: str | None) -> list[dict[str, Any]]:
    """Visits (with the visitor's name and company) or check-ins across sites, in time order."""
    if what == "visits":
        people = _merged(conn, "person", site_id)
        rows = []
        for visit_id, visit in _merged(conn, "visit", site_id).items():
            if not _within(visit.get("signed_in_at"), start, end):
                continue
            person = people.get(str(visit.get("person_id")), {})
            rows.append({"visit_id": visit_id, **{k: v for k, v in person.items()
                                                   if k not in ("id", "site_id", "kiosk_id",
                                                                "received_at")},
                         **visit})
        return sorted(rows, key=lambda r: str(r.get("signed_in_at")))
    rows = [{"checkin_id": key, **value} for key, value in _merged(conn, "checkin", site_id).items()
            if _within(value.get("scanned_at") or value.get("received_at"), start, end)]
    return sorted(rows, key=lambda r: str(r.get("scanned_at") or r.get("received_at")))


def purge(conn: Connection, retention: Retention, now: datetime, dry_run: bool) -> dict[str, int]:
    """Remove what is past its retention, per kind, and audit the purge (also a dry run)."""
    days = asdict(retention)
    removed: dict[str, int] = {}
    for kind, setting in RETENTION.items():
        cutoff = (now - timedelta(days=days[setting])).isoformat()
        where = (records.c.kind == kind, records.c.occurred_at < cutoff)
        count = conn.execute(select(func.count()).select_from(records).where(*where)).scalar_one()
        if count and not dry_run:
            conn.execute(delete(records).where(*where))
        removed[kind] = int(count)
    note(conn, "admin", "purge.dry_run" if dry_run else "purge", removed, now)
    return removed
