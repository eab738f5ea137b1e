"""Settings the company sets centrally for its kiosks, applied to the kiosk's own kiosk.toml.

Which settings may come from the centre is decided here, once: retention periods, the
automatic sign-out time and the idle timeouts. Anything else a download carries (the
site, the printers, the languages) stays the kiosk's own. A downloaded value goes
through the same checks as a typed one and is written atomically; a value the kiosk
cannot use is logged and left out, never half applied.
"""
from __future__ import annotations

import logging
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.config import KioskConfig, Retention, load_config, save_config, validate
from kiosk.errors import ConfigError

log = logging.getLogger(__name__)

#: The settings the central service may set, by their name in kiosk.toml.
CENTRAL: frozenset[str] = frozenset(
    {"auto_sign_out_at", "idle_timeout_s", "idle_warning_s"}
    | {f"retention.{f.name}" for f in fields(Retention)})


def stored(db: Database) -> dict[str, str]:
    """The settings the last downloads brought, as the central service sent them."""
    return {name: value for name, value in db.execute(
        "SELECT name, value FROM central_settings ORDER BY name").fetchall()}


def _typed(default: Any, value: Any) -> Any:
    """The value in the type of the setting's default: a download carries text or numbers."""
    if isinstance(default, bool) or not isinstance(default, int):
        return str(value)
    return int(value)


def _with(config: KioskConfig, name: str, value: Any) -> KioskConfig:
    section, _, key = name.rpartition(".")
    if section == "retention":
        retention = config.retention
        return replace(config, retention=replace(
            retention, **{key: _typed(getattr(retention, key), value)}))
    return replace(config, **{key: _typed(getattr(config, key), value)})


def merged(config: KioskConfig, values: dict[str, Any]) -> tuple[KioskConfig, list[str]]:
    """The config with each allowed, valid value applied; and the names that changed."""
    changed: list[str] = []
    for name in sorted(values):
        if name not in CENTRAL:
            log.warning("central setting %s may not be set centrally; ignored", name)
            continue
        try:
            candidate = validate(_with(config, name, values[name]))
        except (ConfigError, ValueError, TypeError) as exc:
            log.warning("central setting %s=%r refused: %s", name, values[name], exc)
            continue
        if candidate != config:
            config = candidate
            changed.append(name)
    return config, changed


def apply(data_dir: Path, db: Database) -> list[str]:
    """Write the downloaded settings into kiosk.toml (atomically); returns what changed."""
    config, changed = merged(load_config(data_dir), stored(db))
    if changed:
        save_config(data_dir, config)
    return changed
