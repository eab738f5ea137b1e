"""Marketing consent and the suppression list.

A "no" is kept as a keyed hash of the e-mail or phone and nothing else, so the
person is never asked or contacted again without the list itself revealing who
they are.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlite_utils import Database

from kiosk.consent import ConsentWording

PURPOSE = "marketing"
SCOPE = "marketing"


class Decision(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class ConsentShown:
    """What the visitor saw and chose; stored as a consent event unless not asked.

    `wording_id` names the installed wording (kiosk.consent) whose text was shown;
    the text is stored too, and must be that wording's text word for word.
    """

    decision: Decision
    wording: str
    wording_id: str | None = None

    @classmethod
    def answer(cls, decision: Decision, shown: ConsentWording) -> ConsentShown:
        return cls(decision, shown.text, shown.id)


def suppression_secret(db: Database) -> bytes:
    """The key of the suppression hashes, made once per database."""
    # execute, not query: it is read on every sign-in, and query wraps it in a savepoint
    row = db.execute("SELECT value FROM secrets WHERE name = 'suppression'").fetchone()
    if row:
        return bytes.fromhex(row[0])
    key = secrets.token_bytes(32)
    db.execute("INSERT INTO secrets (name, value) VALUES ('suppression', ?)", [key.hex()])
    return key


def stored_secret(db: Database) -> bytes | None:
    """The kiosk's own key from before enrollment, if it ever made one; never creates one."""
    row = db.execute("SELECT value FROM secrets WHERE name = 'suppression'").fetchone()
    return bytes.fromhex(row[0]) if row else None


def is_suppressed_under(db: Database, secrets_: list[bytes], email: str, phone: str) -> bool:
    """Suppressed under any of the keys: the company's, and the kiosk's own from before."""
    return any(is_suppressed(db, secret, email, phone) for secret in secrets_)


def suppression_keys(secret: bytes, email: str, phone: str) -> list[str]:
    """Keyed hashes of the normalised contact points (e-mail in lower case, phone in E.164)."""
    points = [f"email:{email.lower()}" if email else "", f"phone:{phone}" if phone else ""]
    return [hmac.new(secret, p.encode(), hashlib.sha256).hexdigest() for p in points if p]


def is_suppressed(db: Database, secret: bytes, email: str, phone: str) -> bool:
    keys = suppression_keys(secret, email, phone)
    if not keys:
        return False
    marks = ",".join("?" * len(keys))
    return bool(list(db.query(f"SELECT 1 FROM suppressions WHERE key_hash IN ({marks}) LIMIT 1", keys)))


def suppress(db: Database, secret: bytes, email: str, phone: str, now: datetime) -> list[str]:
    """Add the contact points to the list; returns the keys, for the outbox."""
    keys = suppression_keys(secret, email, phone)
    for key in keys:
        db.execute("INSERT OR IGNORE INTO suppressions (key_hash, scope, created_on) VALUES (?, ?, ?)",
                   [key, SCOPE, now.date().isoformat()])
    return keys
