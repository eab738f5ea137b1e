"""One sync round: send the outbox, then fetch what changed since the cursor.

A round returns a result instead of raising for the everyday faults (network
down, service busy), and writes what happened into `sync_state`, which the
admin console reads.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk import central_settings
from kiosk.db import write_transaction
from kiosk.errors import KioskError, Message
from kiosk.other_doors import LAST_SUCCESS
from sync import inbox, outbox
from sync.client import CentralClient, Refused, Unavailable
from sync.settings import SyncSettings

PAGE = 5000
CURSOR = "cursor"
LAST_ERROR = "last_error"
LAST_ERROR_AT = "last_error_at"


@dataclass
class RoundResult:
    uploaded: int = 0
    downloaded: int = 0
    failed: int = 0
    error: Message | None = None
    refused: bool = False
    #: kiosk.toml settings the round's download changed; the running kiosk reloads them.
    settings_changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def state(db: Database, name: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else None


def set_state(db: Database, values: dict[str, str]) -> None:
    for name, value in values.items():
        db.execute("INSERT INTO sync_state (name, value) VALUES (?, ?) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value", [name, value])


def upload(db: Database, client: CentralClient, settings: SyncSettings, now: datetime,
           rng: random.Random, result: RoundResult, force: bool) -> None:
    after = 0
    while True:
        sent, after = outbox.send_batch(db, client, settings.kiosk_id, now, rng, force, after)
        if not after:
            return
        result.uploaded += sent.uploaded
        result.failed += sent.rejected


def download(db: Database, client: CentralClient, settings: SyncSettings, now: datetime,
             result: RoundResult) -> bool:
    """Fetch pages until the service has no more; True when settings came with them."""
    ctx = inbox.Context(settings.site_id, now, settings.kiosk_id)
    got_settings = False
    while True:
        since = int(state(db, CURSOR) or 0)
        page: dict[str, Any] = client.changes(since, PAGE)
        records = page.get("records") or []
        got_settings = got_settings or any(r.get("kind") == "setting" for r in records)
        with write_transaction(db):
            if records:
                inbox.ensure_site(db, settings.site_id)
            result.downloaded += inbox.apply(db, records, ctx)
            set_state(db, {CURSOR: str(int(page.get("cursor", since)))})
        if not page.get("more"):
            return got_settings


def run_round(db: Database, settings: SyncSettings, now: datetime,
              rng: random.Random | None = None, force: bool = False,
              client: CentralClient | None = None, data_dir: Path | None = None) -> RoundResult:
    """Upload then download; the outcome is also stored for the console. With the data
    folder, downloaded settings are applied to its kiosk.toml."""
    result = RoundResult()
    rng = rng or random.Random()
    own = client is None
    try:
        client = client or CentralClient(settings.server, settings.token, settings.ca_file)
        upload(db, client, settings, now, rng, result, force)
        if download(db, client, settings, now, result) and data_dir is not None:
            result.settings_changed = central_settings.apply(data_dir, db, now)
    except (Unavailable, Refused) as exc:
        result.error, result.refused = exc.message, isinstance(exc, Refused)
    except KioskError as exc:
        result.error = exc.message
    finally:
        if own and client is not None:
            client.close()
    with write_transaction(db):
        if result.error:
            set_state(db, {LAST_ERROR: json.dumps({"text": result.error.text,
                                                   "params": result.error.params}, default=str),
                           LAST_ERROR_AT: now.isoformat()})
        else:
            set_state(db, {LAST_SUCCESS: now.isoformat()})
    result.failed += 0 if result.ok else outbox.waiting(db)
    return result
