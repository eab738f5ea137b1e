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
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise _damaged(path) from exc
    texts = ("server", "token", "site_id", "kiosk_id", "ca_file")
    if not isinstance(raw, dict) or set(raw) - {*texts, "interval_s"} \
            or any(not isinstance(raw.get(name, ""), str) for name in texts) \
            or not all(raw.get(name) for name in texts[:4]) \
            or type(raw.get("interval_s", DEFAULT_INTERVAL_S)) not in (int, float) \
            or not raw["token"].isprintable():
        raise _damaged(path)
    return SyncSettings(**raw)


def _damaged(path: Path) -> ConfigError:
    return ConfigError(Message(N_("{path} is damaged; enroll the kiosk again."),
                               {"path": str(path)}))


def save_settings(data_dir: Path, settings: SyncSettings) -> None:
    atomic_write(data_dir / SETTINGS_NAME, json.dumps(asdict(settings), indent=2).encode())
