"""The print log and the reprint queue: what came out of which printer, and what still waits.

A badge that no printer could print waits here for reception; the visit itself
was stored before printing began, so a printer fault never costs a registration.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from kiosk.db import storage_errors, write_transaction
from kiosk.errors import N_
from kiosk.records import audit

PRINTED = "printed"
FAILED = "failed"
#: What a visitor reads whenever their badge did not come out of a printer.
ASK_RECEPTION = N_("Please ask reception for your badge.")


@dataclass(frozen=True)
class PrintRecord:
    badge_token: str
    printer: str | None
    occurred_at: datetime
    result: str
    reason: str | None
    reprint: bool


@dataclass(frozen=True)
class QueuedBadge:
    badge_token: str
    badge_format: str
    queued_at: datetime
    reason: str


def was_printed(db: Database, token: str) -> bool:
    """Whether a badge with this token already came out of a printer."""
    with storage_errors():
        return bool(list(db.query(
            "SELECT 1 FROM print_log WHERE badge_token = ? AND result = ? LIMIT 1",
            [token, PRINTED])))


def record_attempts(db: Database, token: str, attempts: list[tuple[str | None, bool, str | None]],
                    now: datetime, *, reprint: bool, badge_format: str,
                    actor: str | None = None, refs: tuple[str, ...] = (),
                    forced: bool = False) -> None:
    """Log each printer tried as (printer, printed, reason), in one transaction with the queue:
    a printed badge leaves the queue, a badge no printer took joins it. A reprint is audited
    with `actor` and `refs`: a second badge for the same visit is a key to the building; a
    `forced` one (for a visitor who had signed out) is audited as such."""
    printed = any(ok for _, ok, _ in attempts)
    with write_transaction(db):
        for printer, ok, reason in attempts:
            db.execute(
                "INSERT INTO print_log (badge_token, printer, occurred_at, result, reason, reprint) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [token, printer, now.isoformat(), PRINTED if ok else FAILED, reason, int(reprint)])
        if printed:
            db.execute("DELETE FROM reprint_queue WHERE badge_token = ?", [token])
        else:
            last_reason = next((r for _, _, r in reversed(attempts) if r), "not printed")
            db.execute(
                "INSERT INTO reprint_queue (badge_token, badge_format, queued_at, reason) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (badge_token) DO UPDATE SET reason = excluded.reason",
                [token, badge_format, now.isoformat(), last_reason])
        if reprint and actor:
            action = "badge.reprinted" if printed else "badge.reprint_failed"
            audit(db, actor, f"{action}_after_sign_out" if forced else action, list(refs), now)


def queued(db: Database) -> list[QueuedBadge]:
    """Badges waiting for reception, oldest first."""
    with storage_errors():
        rows = db.query("SELECT badge_token, badge_format, queued_at, reason FROM reprint_queue "
                        "ORDER BY queued_at, badge_token")
        return [QueuedBadge(r["badge_token"], r["badge_format"],
                            datetime.fromisoformat(r["queued_at"]), r["reason"]) for r in rows]


def print_log(db: Database, token: str | None = None) -> list[PrintRecord]:
    """The print log, oldest first; for one badge when a token is given."""
    where, params = ("WHERE badge_token = ? ", [token]) if token else ("", [])
    with storage_errors():
        rows = db.query("SELECT badge_token, printer, occurred_at, result, reason, reprint "
                        f"FROM print_log {where}ORDER BY id", params)
        return [PrintRecord(r["badge_token"], r["printer"], datetime.fromisoformat(r["occurred_at"]),
                            r["result"], r["reason"], bool(r["reprint"])) for r in rows]
