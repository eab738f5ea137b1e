"""Who may talk to the central service: one-time enrollment codes, kiosk and admin tokens.

Tokens and codes are random and long, so a plain SHA-256 of each is what is
stored: a copy of the database gives no working token, and checking one costs a
hash, not a password-hashing round on every request. A revoked or expired token
stops working at once in every process, since each request reads the table.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from kiosk.errors import KioskError, Message, N_
from sync.tables import company, enrollment_codes, tokens

CODE_LIFETIME = timedelta(hours=24)
SUPPRESSION_KEY = "suppression_key"


class AccessDenied(KioskError):
    code = "access_denied"


@dataclass(frozen=True)
class Caller:
    role: str  # "kiosk" or "admin"
    site_id: str | None
    kiosk_id: str | None


@dataclass(frozen=True)
class Enrolled:
    token: str
    site_id: str
    kiosk_id: str
    company_key: str
    #: The site's name as the code was issued with it; None when it was issued without one.
    site_name: str | None = None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def new_code() -> str:
    """Typed by a person from a phone call or a note: base32, letters and the digits 2 to 7,
    in groups of four (see normalise_code for what the person may get wrong)."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def new_token() -> str:
    """256 random bits in hex digits. URL-safe base64 would also give "-" and "_", and a
    token that starts with "-" reads as an option on a command line (`--forward-token`)."""
    return secrets.token_hex(32)


#: Base32 has no 0 or 1: one typed for an O or an I can only mean the letter.
_LOOKALIKES = str.maketrans("01", "OI")


def normalise_code(code: str) -> str:
    """The code as issued, whatever its case, spaces, dashes (or en dashes), and a 0 or 1
    typed for O or I."""
    return "".join(c for c in code.upper() if c.isalnum()).translate(_LOOKALIKES)


def issue_code(conn: Connection, site_id: str, now: datetime,
               lifetime: timedelta = CODE_LIFETIME, site_name: str | None = None) -> str:
    code = new_code()
    conn.execute(insert(enrollment_codes).values(
        code_hash=digest(normalise_code(code)), site_id=site_id, created_at=now.isoformat(),
        expires_at=(now + lifetime).isoformat(), site_name=site_name))
    return code


def company_key(conn: Connection) -> str:
    """The company's suppression key, made on first use; every kiosk gets the same one."""
    row = conn.execute(select(company.c.value).where(company.c.name == SUPPRESSION_KEY)).first()
    if row:
        return str(row.value)
    key = secrets.token_hex(32)
    conn.execute(insert(company).values(name=SUPPRESSION_KEY, value=key))
    return key


def adopt_company_key(conn: Connection, key: str) -> bool:
    """A venue laptop takes the central service's key before it hands any out, so its doors'
    suppression entries match the company's; False when it already gave out one of its own."""
    row = conn.execute(select(company.c.value).where(company.c.name == SUPPRESSION_KEY)).first()
    if row:
        return str(row.value) == key
    conn.execute(insert(company).values(name=SUPPRESSION_KEY, value=key))
    return True


def enroll(conn: Connection, code: str, kiosk_id: str, now: datetime) -> Enrolled:
    """Exchange a one-time code for the kiosk's own token; a code works once, before it expires,
    and the kiosk's earlier tokens stop working."""
    # The UPDATE claims the code: of two processes racing, only one sees a row changed.
    claimed = conn.execute(
        update(enrollment_codes)
        .where(enrollment_codes.c.code_hash == digest(normalise_code(code)),
               enrollment_codes.c.used_at.is_(None),
               enrollment_codes.c.expires_at > now.isoformat())
        .values(used_at=now.isoformat())
        .returning(enrollment_codes.c.site_id, enrollment_codes.c.site_name)).first()
    if claimed is None:
        raise AccessDenied(Message(N_("This enrollment code is unknown, used or expired.")),
                           code="bad_code")
    # A kiosk enrolled again (moved to another site, or set up anew) has one token: the one
    # it holds now. An old one left working would still speak for it from a copy of its files.
    revoke(conn, kiosk_id, now)
    token = new_token()
    conn.execute(insert(tokens).values(
        token_hash=digest(token), role="kiosk", site_id=claimed.site_id, kiosk_id=kiosk_id,
        created_at=now.isoformat()))
    return Enrolled(token, claimed.site_id, kiosk_id, company_key(conn), claimed.site_name)


def issue_admin_token(conn: Connection, now: datetime, lifetime: timedelta | None = None) -> str:
    token = new_token()
    conn.execute(insert(tokens).values(
        token_hash=digest(token), role="admin", created_at=now.isoformat(),
        expires_at=(now + lifetime).isoformat() if lifetime else None))
    return token


#: Every request asks it: built once rather than per request. A group of writes asks it
#: once for all its tokens (sync/lanes.py), not once per request.
_TOKENS = select(tokens.c.token_hash, tokens.c.role, tokens.c.site_id, tokens.c.kiosk_id,
                 tokens.c.expires_at, tokens.c.revoked_at) \
    .where(tokens.c.token_hash.in_(bindparam("hashes", expanding=True)))


def token_rows(conn: Connection, given: Iterable[str]) -> dict[str, Any]:
    """The stored rows of the tokens given, by token; an unknown token has none."""
    hashes = {digest(token): token for token in given}
    if not hashes:
        return {}
    return {hashes[row.token_hash]: row
            for row in conn.execute(_TOKENS, {"hashes": list(hashes)})}


def judge(row: Any, now: datetime) -> Caller:
    """Who a token's stored row stands for now; refused when unknown, revoked or expired."""
    if row is None or row.revoked_at is not None:
        raise AccessDenied(Message(N_("This token is unknown or revoked.")), code="bad_token")
    if row.expires_at is not None and row.expires_at <= now.isoformat():
        raise AccessDenied(Message(N_("This token has expired.")), code="expired_token")
    return Caller(row.role, row.site_id, row.kiosk_id)


def revoke(conn: Connection, kiosk_id: str, now: datetime) -> int:
    """Revoke every token of one kiosk (a stolen or retired kiosk); returns how many."""
    done = conn.execute(update(tokens).where(tokens.c.kiosk_id == kiosk_id,
                                             tokens.c.revoked_at.is_(None))
                        .values(revoked_at=now.isoformat()))
    return int(done.rowcount)
