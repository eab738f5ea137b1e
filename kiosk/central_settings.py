"""Site settings: set centrally for the company's kiosks, or by an admin on the console,
applied to the kiosk's own kiosk.toml.

Which settings these are is decided here, once: retention periods, the automatic
sign-out time and the idle timeouts. Anything else a download carries (the site, the
printers, the languages) stays the kiosk's own. A downloaded or typed value goes through
kiosk.toml's own checks and is written atomically; a downloaded value the kiosk cannot
use is logged and left out, a typed one is refused with its message and changes nothing.
"""
from __future__ import annotations

import logging
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.config import KioskConfig, Retention, load_config, save_config, typed_setting, validate
from kiosk.db import write_transaction
from kiosk.errors import ConfigError
from kiosk.records import audit

log = logging.getLogger(__name__)

#: The site settings, by their name in kiosk.toml, in the order an admin reads them.
SITE_SETTINGS: tuple[str, ...] = (
    "auto_sign_out_at", "idle_timeout_s", "idle_warning_s",
    *(f"retention.{f.name}" for f in fields(Retention)))
#: The settings the central service may set: the site settings.
CENTRAL: frozenset[str] = frozenset(SITE_SETTINGS)
CHANGED_ACTION = "setting.changed"
#: Who the audit log names for a setting the central service sent.
CENTRAL_ACTOR = "central"


def stored(db: Database) -> dict[str, str]:
    """The settings the last downloads brought, as the central service sent them."""
    return {name: value for name, value in db.execute(
        "SELECT name, value FROM central_settings ORDER BY name").fetchall()}


def value_of(config: KioskConfig, name: str) -> Any:
    """A site setting's value, by its name in kiosk.toml."""
    section, _, key = name.rpartition(".")
    return getattr(config.retention if section == "retention" else config, key)


def _with(config: KioskConfig, name: str, value: Any) -> KioskConfig:
    section, _, key = name.rpartition(".")
    typed = typed_setting(name, value_of(config, name), value)
    if section == "retention":
        return replace(config, retention=replace(config.retention, **{key: typed}))
    return replace(config, **{key: typed})


def with_values(config: KioskConfig, values: dict[str, Any]) -> KioskConfig:
    """The config with every value applied and checked; the first refused one raises its
    ConfigError, naming the setting, and nothing is applied."""
    for name in sorted(values):
        if name not in CENTRAL:
            raise ValueError(f"{name} is not a site setting")
        config = validate(_with(config, name, values[name]))
    return config


def change(data_dir: Path, db: Database, values: dict[str, Any], actor: str,
           now: datetime) -> dict[str, tuple[Any, Any]]:
    """Set site settings an admin typed: all or nothing, kiosk.toml written atomically, each
    change audited with its old and new value. Returns the changes: name → (old, new)."""
    before = load_config(data_dir)
    after = with_values(before, values)
    changes = {name: (value_of(before, name), value_of(after, name)) for name in sorted(values)
               if value_of(before, name) != value_of(after, name)}
    _save_audited(data_dir, db, after, changes, actor, now)
    return changes


def _save_audited(data_dir: Path, db: Database, config: KioskConfig,
                  changes: dict[str, tuple[Any, Any]], actor: str, now: datetime) -> None:
    """Write kiosk.toml with each change audited (old and new value), or nothing at all."""
    if changes:
        with write_transaction(db):
            for name, (old, new) in changes.items():
                audit(db, actor, CHANGED_ACTION, [f"setting:{name}", f"old:{old}", f"new:{new}"],
                      now)
            save_config(data_dir, config)


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


def apply(data_dir: Path, db: Database, now: datetime) -> list[str]:
    """Write the downloaded settings into kiosk.toml (atomically), each change audited under
    the central service's name as a console change is under the admin's; returns what changed."""
    before = load_config(data_dir)
    config, changed = merged(before, stored(db))
    _save_audited(data_dir, db, config, {name: (value_of(before, name), value_of(config, name))
                                         for name in changed}, CENTRAL_ACTOR, now)
    return changed
