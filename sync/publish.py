"""Publishing an event from the kiosk where its list was imported, for every door to download.

The rows go as they are stored, so a door gets the same event, attendee ids and
ticket codes as the kiosk that imported them, and a check-in names the same attendee
everywhere.
"""
from __future__ import annotations

import uuid
from typing import Any

from sqlite_utils import Database

from kiosk.errors import Message, N_, NotFound
from sync.client import CentralClient

CHUNK = 2000


def _records(kind: str, rows: list[dict[str, Any]], stamp_column: str) -> list[dict[str, Any]]:
    # The same version of a row gets the same record id: publishing twice stores it once.
    return [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{row['id']}:"
                                  f"{row.get('updated_at') or row[stamp_column]}")),
             "kind": kind, "occurred_at": str(row[stamp_column]), "payload": row} for row in rows]


def publish_event(db: Database, admin: CentralClient, site_id: str, event_id: str) -> int:
    """Send an event and its attendee list to the service as an admin; returns records sent."""
    events = [dict(r) for r in db.query("SELECT * FROM events WHERE id = ?", [event_id])]
    if not events:
        raise NotFound(Message(N_("There is no event {event} on this kiosk; events list shows "
                                  "the ids."), {"event": event_id}))
    attendees = [dict(r) for r in db.query("SELECT * FROM attendees WHERE event_id = ?", [event_id])]
    records = _records("event", events, "created_at") + _records("attendee", attendees, "created_at")
    for start in range(0, len(records), CHUNK):
        admin.post("/v1/admin/publish", {"site_id": site_id, "records": records[start:start + CHUNK]})
    return len(records)
