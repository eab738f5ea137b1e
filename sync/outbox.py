"""Sending the kiosk's outbox: delete what the service took, drop what it refused, retry the rest.

As libpretixsync does: a record the service stored (or had already) leaves the
outbox; one it rejected for good is logged, audited and dropped, since sending it
again would be refused again; anything else waits, longer after each failure
(exponential backoff with jitter, so a hundred kiosks coming back online do not
all knock at the same second).
"""
from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from kiosk.db import write_transaction
from kiosk.records import audit
from sync.client import BadAnswer, CentralClient

log = logging.getLogger(__name__)
BATCH = 500
FIRST_RETRY_S = 2.0
LONGEST_RETRY_S = 600.0


@dataclass
class Sent:
    stored: int = 0
    duplicate: int = 0
    rejected: int = 0

    @property
    def uploaded(self) -> int:
        return self.stored + self.duplicate


def backoff(attempts: int, rng: random.Random) -> float:
    """Seconds before the next try: doubling from 2 s up to 10 min, with full jitter on half."""
    ceiling = min(LONGEST_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def due(db: Database, now: datetime, limit: int | None = None, force: bool = False,
        after: int = 0) -> list[dict[str, Any]]:
    """The next records to send; `force` (an admin's `sync`) ignores their backoff."""
    limit = limit or BATCH
    rows = db.execute(
        "SELECT id, uuid, kind, payload, created_at, attempts FROM outbox "
        "WHERE id > ? AND (? OR next_attempt_at IS NULL OR next_attempt_at <= ?) "
        "ORDER BY id LIMIT ?", [after, force, now.isoformat(), limit]).fetchall()
    return [{"row": r[0], "uuid": r[1], "kind": r[2], "payload": r[3], "created_at": r[4],
             "attempts": r[5]} for r in rows]


def waiting(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])


def _wire(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["uuid"], "kind": row["kind"], "occurred_at": row["created_at"],
            "payload": json.loads(row["payload"])}


def send_batch(db: Database, client: CentralClient, kiosk_id: str, now: datetime,
               rng: random.Random, force: bool = False, after: int = 0) -> tuple[Sent, int]:
    """Send one batch of due records after outbox row `after`; returns the outcome and the
    last row tried (0 when nothing was due), where the round's next batch starts.

    `Unavailable` and `Refused` propagate and leave the batch as it was: the runner
    backs off the whole round, and the records go with the next one that gets through.
    """
    rows = due(db, now, force=force, after=after)
    if not rows:
        return Sent(), 0
    try:
        results = client.upload([_wire(r) for r in rows])
        answered = {str(r["id"]): r for r in results}
    except BadAnswer:
        answered = {}
    return settle(db, rows, answered, kiosk_id, now, rng), rows[-1]["row"]


def settle(db: Database, rows: list[dict[str, Any]], answered: dict[str, dict[str, Any]],
           kiosk_id: str, now: datetime, rng: random.Random) -> Sent:
    sent = Sent()
    done: list[int] = []
    unanswered: list[dict[str, Any]] = []
    with write_transaction(db):
        for row in rows:
            result = answered.get(row["uuid"])
            status = result.get("status") if result else None
            if status in ("stored", "duplicate"):
                done.append(row["row"])
                sent.stored += status == "stored"
                sent.duplicate += status == "duplicate"
            elif status == "rejected" and result:
                done.append(row["row"])
                sent.rejected += 1
                log.warning("central service rejected %s %s: %s", row["kind"], row["uuid"],
                            result.get("code"))
                audit(db, f"kiosk:{kiosk_id}", "sync.rejected",
                      [f"outbox:{row['uuid']}", f"code:{result.get('code')}"], now)
            else:
                unanswered.append(row)
        db.execute(f"DELETE FROM outbox WHERE id IN ({','.join('?' * len(done))})", done)
        _retry_later(db, unanswered, now, rng, "no answer for this record")
    return sent


def _retry_later(db: Database, rows: list[dict[str, Any]], now: datetime, rng: random.Random,
                 reason: str) -> None:
    for row in rows:
        attempts = row["attempts"] + 1
        later = now + timedelta(seconds=backoff(attempts, rng))
        db.execute("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
                   "WHERE id = ?", [attempts, later.isoformat(), reason[:500], row["row"]])
