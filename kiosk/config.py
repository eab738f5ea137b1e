"""The kiosk's settings: one TOML file in the data folder, written with defaults on first start."""
from __future__ import annotations

import os
import tomllib
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
import tomli_w

from kiosk.errors import ConfigError, Message, N_
from kiosk.i18n import LANGUAGES

CONFIG_NAME = "kiosk.toml"
DATABASE_NAME = "kiosk.sqlite3"


@dataclass(frozen=True)
class Retention:
    """How many days each kind of record is kept; the purge reads these."""

    visits_days: int = 90
    consents_days: int = 1825
    audit_days: int = 365
    print_log_days: int = 30
    #: Car registrations are cleared from visits that are otherwise kept longer.
    car_registration_days: int = 7
    #: Check-ins and attendee lists, counted from the end of the event.
    checkins_days: int = 30
    #: Outbox rows the central service never acknowledged.
    outbox_days: int = 30


@dataclass(frozen=True)
class Printing:
    printer: str = ""
    fallback_printer: str = ""
    badge_format: str = "brother-dk11202"
    first_name_only: bool = False


@dataclass(frozen=True)
class KioskConfig:
    company_name: str = "Eksempel AS"
    site_id: str = "oslo-hq"
    site_name: str = "Oslo HQ"
    kiosk_id: str = ""
    timezone: str = "Europe/Oslo"
    phone_region: str = "NO"
    languages: tuple[str, ...] = ("nb", "en")
    default_language: str = "nb"
    idle_timeout_s: int = 60
    idle_warning_s: int = 20
    #: Local time of day at which visitors still signed in are signed out automatically.
    auto_sign_out_at: str = "23:00"
    retention: Retention = field(default_factory=Retention)
    printing: Printing = field(default_factory=Printing)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def default_data_dir() -> Path:
    """`KIOSK_DATA_DIR` when set, else the platform's user data folder."""
    chosen = os.environ.get("KIOSK_DATA_DIR")
    return Path(chosen) if chosen else Path(platformdirs.user_data_dir("reception-kiosk"))


def _invalid(key: str, why: str) -> ConfigError:
    return ConfigError(Message(N_("Setting {key} in kiosk.toml is not valid: {why}"), {"key": key, "why": why}))


def _section(cls: type, raw: dict[str, Any], prefix: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise _invalid(prefix + key, "unknown setting")
        default = getattr(cls(), key)
        if isinstance(default, (Retention, Printing)):
            if not isinstance(value, dict):
                raise _invalid(prefix + key, "expected a table")
            values[key] = _section(type(default), value, f"{prefix}{key}.")
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _invalid(prefix + key, "expected a list of texts")
            values[key] = tuple(value)
        elif type(value) is not type(default):
            raise _invalid(prefix + key, f"expected {type(default).__name__}")
        else:
            values[key] = value
    return cls(**values)


def validate(config: KioskConfig) -> KioskConfig:
    """Refuse settings the kiosk cannot run with, naming the setting."""
    unknown = [lang for lang in config.languages if lang not in LANGUAGES]
    if not config.languages or unknown:
        raise _invalid("languages", f"use some of {', '.join(LANGUAGES)}")
    if config.default_language not in config.languages:
        raise _invalid("default_language", "must be one of languages")
    if not 10 <= config.idle_timeout_s <= 3600:
        raise _invalid("idle_timeout_s", "between 10 and 3600 seconds")
    if not 20 <= config.idle_warning_s <= 120:
        raise _invalid("idle_warning_s", "between 20 and 120 seconds")
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _invalid("timezone", "unknown time zone") from None
    try:
        time.fromisoformat(config.auto_sign_out_at)
    except ValueError:
        raise _invalid("auto_sign_out_at", "a time of day such as 23:00") from None
    if any(days < 1 for days in asdict(config.retention).values()):
        raise _invalid("retention", "days must be at least 1")
    return config


def load_config(data_dir: Path) -> KioskConfig:
    """Read kiosk.toml, creating it with defaults (and a new kiosk id) when missing."""
    path = data_dir / CONFIG_NAME
    if not path.exists():
        config = KioskConfig(kiosk_id=f"kiosk-{uuid.uuid4().hex[:8]}")
        save_config(data_dir, config)
        return config
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _invalid("(file)", str(exc)) from None
    config = _section(KioskConfig, raw, "")
    if not config.kiosk_id:
        config = replace(config, kiosk_id=f"kiosk-{uuid.uuid4().hex[:8]}")
        save_config(data_dir, config)
    return validate(config)


def save_config(data_dir: Path, config: KioskConfig) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    raw = asdict(config)
    raw["languages"] = list(config.languages)
    (data_dir / CONFIG_NAME).write_text(tomli_w.dumps(raw), "utf-8")
