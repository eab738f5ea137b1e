"""The company's suppression key, kept beside the database and never inside it.

The central service hands the same key to every kiosk at enrollment, so a "no"
given at one door is recognised at all of them. Kept in its own 0600 file, a
copy of the database alone does not carry the key beside the hashes.
"""
from __future__ import annotations

from pathlib import Path

from kiosk.errors import ConfigError, Message, N_
from kiosk.files import atomic_write

KEY_NAME = "company.key"


def load_company_key(data_dir: Path) -> bytes | None:
    """The key, or None on a kiosk not yet enrolled."""
    path = data_dir / KEY_NAME
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Message(N_("The company key file {path} cannot be read: {reason}"),
                                  {"path": str(path), "reason": str(exc)})) from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ConfigError(Message(N_("{path} does not hold a key; enroll the kiosk again."),
                                  {"path": str(path)}))
    return key


def save_company_key(data_dir: Path, key: bytes) -> None:
    atomic_write(data_dir / KEY_NAME, key.hex().encode("ascii"))
