"""Where this kiosk syncs to, and with what token: `sync.json` in the data folder, mode 0600.

Kept out of kiosk.toml so that the token never lands in a settings file that is
copied between kiosks, and out of the database so a database copy carries no
credential.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.errors import ConfigError, Message, N_
from kiosk.files import atomic_write

SETTINGS_NAME = "sync.json"
#: Seconds between rounds at a reception desk; an event door uses about one.
DEFAULT_INTERVAL_S = 30.0


@dataclass(frozen=True)
class SyncSettings:
    server: str
    token: str
    site_id: str
    kiosk_id: str
    ca_file: str = ""
    interval_s: float = DEFAULT_INTERVAL_S


def load_settings(data_dir: Path) -> SyncSettings | None:
    """The settings, or None on a kiosk that has not been enrolled."""
    path = data_dir / SETTINGS_NAME
    try:
        raw = json.loads(path.read_text("utf-8"))
        return SyncSettings(**raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(Message(N_("{path} is damaged ({reason}); enroll the kiosk again."),
                                  {"path": str(path), "reason": str(exc)})) from exc


def save_settings(data_dir: Path, settings: SyncSettings) -> None:
    atomic_write(data_dir / SETTINGS_NAME, json.dumps(asdict(settings), indent=2).encode())
