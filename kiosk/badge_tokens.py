"""Badge tokens: what a badge's QR code and a USB scanner carry, made and recognised in one place."""
from __future__ import annotations

import base64
import re
import secrets

#: "V" and 16 letters of RFC 4648 base32 (80 random bits): every keyboard layout a
#: USB scanner may emulate types A-Z and 2-7 the same way.
BADGE_TOKEN = re.compile(r"V[A-Z2-7]{16}")
TOKEN_LENGTH = 17


def new_badge_token() -> str:
    """A fresh, opaque token; it names no one, so a lost badge gives nothing away."""
    return "V" + base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def is_badge_token(text: str) -> bool:
    return BADGE_TOKEN.fullmatch(text) is not None
