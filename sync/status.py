"""The sync state as the admin console shows it: last success, records waiting, last error."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from kiosk.clock import recorded_moment
from kiosk.db import storage_errors
from kiosk.errors import Message
from sync.outbox import waiting
from kiosk.other_doors import LAST_SUCCESS
from sync.rounds import LAST_ERROR, LAST_ERROR_AT, state


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    last_success: datetime | None
    waiting: int
    #: The message of the last failure, to be shown in the reader's language.
    last_error: Message | None
    last_error_at: datetime | None

    @property
    def failing(self) -> bool:
        """The last attempt failed after (or without) the last success."""
        if self.last_error_at is None:
            return False
        return self.last_success is None or self.last_error_at > self.last_success


def _message(stored: str | None) -> Message | None:
    """The stored failure as a message; kept as its source text and parameters so the
    console shows it in the admin's language."""
    if not stored:
        return None
    try:
        raw = json.loads(stored)
        return Message(str(raw["text"]), dict(raw.get("params") or {}))
    except (ValueError, TypeError, KeyError):
        return Message("{error}", {"error": stored})


def sync_status(db: Database, enrolled: bool = True) -> SyncStatus:
    """For the console (branch admin): read from the kiosk's database, no network."""
    with storage_errors():
        return SyncStatus(enrolled, recorded_moment(state(db, LAST_SUCCESS)), waiting(db),
                          _message(state(db, LAST_ERROR)), recorded_moment(state(db, LAST_ERROR_AT)))

