"""A venue laptop's service passing its kiosks' records up to the company's central service.

At an event the doors sync with the `server` on a laptop on the venue's network, about
every second, whether or not the venue has internet. Beside serving them, that laptop
forwards when it can: it pushes every record its kiosks uploaded (the same minimal
records, each under the UUID its kiosk gave it, so the centre stores it once however
often it is sent) and pulls down what the centre has for the venue's site: events and
attendee lists published centrally, other sites' check-ins of a shared event, and
company-wide erasures and suppressions, which then reach the doors like any record.
It talks to the centre as one kiosk of the venue's site, with that kiosk's token.
Failures wait longer each time (doubling, with jitter) and never touch the doors' lane.
"""
from __future__ import annotations

import json
import logging
import random
import re
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from kiosk.errors import ConfigError, Message, N_, StorageError
from kiosk.files import atomic_write
from sync.access import adopt_company_key
from sync.client import BadAnswer, CentralClient, Refused, Unavailable, bad_answer
from sync.kinds import KINDS
from sync.runner import pause_after
from sync.store import (ROW_COLUMNS, Incoming, erase_person, record_row, serialise_writes,
                        share_event)
from sync.tables import company, records

log = logging.getLogger(__name__)
#: Records pulled from the centre are stored under this kiosk id: never pushed back up.
FROM_CENTRE = "central"
PUSHED = "forward_pushed_seq"
PULLED = "forward_pulled_cursor"
BATCH = 500
PAGE = 5000
UPLOADED_KINDS = tuple(k.name for k in KINDS.values() if k.upload)
#: The venue's token at the centre, kept beside its database in a 0600 file.
TOKEN_NAME = "forward.json"


@dataclass(frozen=True)
class Forwarding:
    server: str
    token: str
    ca_file: str
    interval_s: float


def venue_id() -> str:
    """The name the centre knows this laptop by: its host name, as the API's ids allow."""
    return "venue-" + (re.sub(r"[^A-Za-z0-9_.-]", "-", socket.gethostname())[:50] or "laptop")


def exchange_code(data_dir: Path, server: str, code: str, ca_file: str = "") -> str:
    """Trade a one-time code of the centre for the venue's token and keep it, so the next
    start needs only --forward-to; the code itself is spent."""
    with CentralClient(server, ca_file=ca_file) as client:
        token = str(client.enroll(code, venue_id()).get("token") or "")
    if not token:
        raise bad_answer("token")
    atomic_write(data_dir / TOKEN_NAME, json.dumps({"server": server, "token": token}).encode())
    return token


def saved_token(data_dir: Path, server: str) -> str:
    """The token kept by an earlier --forward-code for this centre, or ''."""
    path = data_dir / TOKEN_NAME
    try:
        saved = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return ""
    except (OSError, ValueError) as exc:
        raise ConfigError(Message(N_("{path} is damaged ({reason}); start once more with "
                                     "--forward-code and a new code."),
                                  {"path": str(path), "reason": str(exc)})) from exc
    if not isinstance(saved, dict) or saved.get("server") != server:
        return ""
    return str(saved.get("token") or "")


def _mark(conn: Connection, name: str) -> int:
    row = conn.execute(select(company.c.value).where(company.c.name == name)).first()
    return int(row.value) if row else 0


def _set_mark(conn: Connection, name: str, value: int) -> None:
    maker = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = maker(company).values(name=name, value=str(value))
    conn.execute(statement.on_conflict_do_update(index_elements=["name"],
                                                 set_={"value": statement.excluded.value}))


def push(engine: Engine, client: CentralClient) -> int:
    """Send what the venue's kiosks uploaded since the last push; returns records the centre
    took (stored or already had). The mark moves past a record once the centre answered
    for it, rejections included (they are logged: sending them again would not help)."""
    taken = 0
    while True:
        with engine.connect() as conn:
            after = _mark(conn, PUSHED)
            rows = conn.execute(
                select(records.c.seq, records.c.id, records.c.kind, records.c.occurred_at,
                       records.c.payload)
                .where(records.c.seq > after, records.c.kind.in_(UPLOADED_KINDS),
                       records.c.kiosk_id != FROM_CENTRE)
                .order_by(records.c.seq).limit(BATCH)).all()
        if not rows:
            return taken
        answers = {str(a["id"]): a for a in client.upload(
            [{"id": r.id, "kind": r.kind, "occurred_at": r.occurred_at,
              "payload": json.loads(r.payload)} for r in rows])}
        last = after
        for row in rows:
            answer = answers.get(row.id)
            if answer is None:
                break
            if answer.get("status") == "rejected":
                log.warning("central service rejected forwarded %s %s: %s", row.kind, row.id,
                            answer.get("code"))
            else:
                taken += 1
            last = row.seq
        with engine.begin() as conn:
            _set_mark(conn, PUSHED, last)
        if last != rows[-1].seq:
            return taken  # the rest waits for the next round


def _keep(conn: Connection, record: dict[str, Any], site_id: str) -> bool:
    """Store one record from the centre for the venue's kiosks; False when already here."""
    kind = KINDS.get(str(record.get("kind")))
    if kind is None or not kind.download:
        return False
    item = Incoming(str(record["id"]), kind.name, str(record["occurred_at"]),
                    dict(record.get("payload") or {}))
    row = record_row(kind, item, site_id, FROM_CENTRE, str(record.get("received_at") or
                                                          datetime.now(timezone.utc).isoformat()))
    maker = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    fresh = conn.execute(maker(records).values(dict(zip(ROW_COLUMNS, row))).on_conflict_do_nothing(
        index_elements=["id"]).returning(records.c.id)).first()
    if fresh is None:
        return False
    if kind.name == "erasure":
        erase_person(conn, str(item.payload["id"]))
    if kind.name == "event":
        share_event(conn, str(item.payload["id"]), [site_id])
    return True


def pull(engine: Engine, client: CentralClient, site_id: str) -> int:
    """Fetch what the centre has for the venue's site since the last pull; returns new records."""
    kept = 0
    while True:
        with engine.connect() as conn:
            since = _mark(conn, PULLED)
        page = client.changes(since, PAGE)
        with engine.begin() as conn:
            serialise_writes(conn)
            kept += sum(_keep(conn, r, site_id) for r in page.get("records") or [])
            _set_mark(conn, PULLED, int(page.get("cursor", since)))
        if not page.get("more"):
            return kept


def adopt_key(engine: Engine, client: CentralClient) -> None:
    """Take the company's suppression key, once, before the venue hands one to its doors."""
    key = str(client.get("/v1/company-key")["company_key"])
    with engine.begin() as conn:
        serialise_writes(conn)
        if not adopt_company_key(conn, key):
            log.warning("this venue gave its doors a suppression key of its own before it reached "
                        "%s; their entries will not match the company's", client.server)


def forward(engine: Engine, settings: Forwarding, stopping: threading.Event) -> None:
    """Push and pull until the server stops; a failure only makes the next try wait longer."""
    rng = random.Random()
    failures = 0
    site_id: str | None = None
    with CentralClient(settings.server, settings.token, settings.ca_file) as client:
        while not stopping.is_set():
            try:
                if site_id is None:
                    adopt_key(engine, client)
                    site_id = str(client.get("/v1/whoami")["site_id"])
                pushed, pulled = push(engine, client), pull(engine, client, site_id)
            except (Unavailable, BadAnswer, Refused, DBAPIError, StorageError, KeyError,
                    TypeError) as exc:
                failures += 1
                log.warning("forwarding to %s failed: %s", settings.server, exc)
            else:
                failures = 0
                if pushed or pulled:
                    log.info("forwarded %d records up and %d down", pushed, pulled)
            stopping.wait(pause_after(failures, settings.interval_s, rng))
