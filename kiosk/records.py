"""The side records every change leaves: the audit trail and the outbox for the central service."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk import outbox_signal
from kiosk.audit import append as append_to_audit_chain
from kiosk.ids import new_id
from kiosk.registry import minimal_payload


def audit(db: Database, actor: str, action: str, refs: list[str], now: datetime) -> None:
    """Note who did what to which records; the records are referenced, never copied.

    Written to the hash chain of kiosk/audit.py, inside the caller's transaction."""
    append_to_audit_chain(db, actor, action, refs, now)


def enqueue(db: Database, kind: str, table: str, row: dict[str, Any], technical: tuple[str, ...],
            now: datetime) -> None:
    """Queue for the central service only what the registry lets leave the kiosk.

    Each row gets its own UUID, the key the service stores it under once: a sign-out
    is a second row for the same visit, not a repeat of the first.
    """
    payload = minimal_payload(table, row, technical)
    db.execute(
        "INSERT INTO outbox (uuid, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        [new_id(), kind, str(row["id"]),
         json.dumps(payload, ensure_ascii=False, sort_keys=True), now.isoformat()],
    )
    outbox_signal.queued()
