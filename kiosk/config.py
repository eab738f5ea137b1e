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

import phonenumbers
import platformdirs
import tomli_w

from kiosk import datafolder
from kiosk.badge_formats import BADGE_FORMAT_IDS, DEFAULT_BADGE_FORMAT
from kiosk.errors import ConfigError, Message, N_
from kiosk.files import atomic_write, read_text
from kiosk.i18n import LANGUAGES

CONFIG_NAME = "kiosk.toml"
DATABASE_NAME = "kiosk.sqlite3"
#: Ten years: a longer retention is a typing mistake, not a policy.
MAX_RETENTION_DAYS = 3650


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
    #: An A4 printer for the evacuation list and other reports; empty: the badge printers.
    report_printer: str = ""
    badge_format: str = DEFAULT_BADGE_FORMAT
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
    #: Whether the on-site and evacuation lists also show attendees inside today's events.
    on_site_attendees: bool = True
    #: False for a demo kiosk (example notice, demo hosts); `setup` makes it the company's.
    configured: bool = False
    retention: Retention = field(default_factory=Retention)
    printing: Printing = field(default_factory=Printing)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def default_data_dir() -> Path:
    """`KIOSK_DATA_DIR` when set, else the platform's user data folder."""
    chosen = os.environ.get("KIOSK_DATA_DIR")
    return Path(chosen) if chosen else Path(platformdirs.user_data_dir("reception-kiosk"))


def _invalid(key: str, text: str, **params: Any) -> ConfigError:
    """A refused setting; read_config names the file it is in, so an admin knows what to open."""
    return ConfigError(Message(text, {"key": key, "path": CONFIG_NAME, **params}),
                       code="invalid_setting")


#: What a wrongly typed setting must be instead, by the type of its default.
_EXPECTED = {
    int: N_("Setting {key} in {path} must be a whole number."),
    str: N_("Setting {key} in {path} must be a text in quotes."),
    bool: N_("Setting {key} in {path} must be true or false."),
}


def typed_setting(key: str, default: Any, value: Any) -> Any:
    """A setting typed on the console or downloaded as text, in the type of its default;
    refused with the message kiosk.toml's own check gives when it cannot be one."""
    if isinstance(default, bool) or not isinstance(default, int):
        return str(value).strip()
    try:
        return int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise _invalid(key, _EXPECTED[int]) from None


def _section(cls: type, raw: dict[str, Any], prefix: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise _invalid(prefix + key, N_("Setting {key} in {path} is unknown; remove it or "
                                            "correct its name."))
        default = getattr(cls(), key)
        if isinstance(default, (Retention, Printing)):
            if not isinstance(value, dict):
                raise _invalid(prefix + key, N_("Setting {key} in {path} must be a table: "
                                                "a line [{key}] and its settings below."))
            values[key] = _section(type(default), value, f"{prefix}{key}.")
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _invalid(prefix + key, N_("Setting {key} in {path} must be a list of "
                                                "texts, such as [\"nb\", \"en\"]."))
            values[key] = tuple(value)
        elif type(value) is not type(default):
            raise _invalid(prefix + key, _EXPECTED[type(default)])
        else:
            values[key] = value
    return cls(**values)


def _between(key: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise _invalid(key, N_("Setting {key} in {path} must be between {low} and {high}."),
                       low=low, high=high)


def validate(config: KioskConfig) -> KioskConfig:
    """Refuse settings the kiosk cannot run with, naming the setting."""
    unknown = [lang for lang in config.languages if lang not in LANGUAGES]
    if not config.languages or unknown or len(set(config.languages)) != len(config.languages):
        raise _invalid("languages", N_("Setting {key} in {path} must list some of {choices}, "
                                       "each once."), choices=", ".join(LANGUAGES))
    if config.default_language not in config.languages:
        raise _invalid("default_language", N_("Setting {key} in {path} must be one of the "
                                              "languages."))
    for key in ("site_id", "site_name", "company_name"):
        if not getattr(config, key).strip():
            raise _invalid(key, N_("Setting {key} in {path} must not be empty."))
    _between("idle_timeout_s", config.idle_timeout_s, 10, 3600)
    _between("idle_warning_s", config.idle_warning_s, 20, 120)
    for key, days in asdict(config.retention).items():
        _between(f"retention.{key}", days, 1, MAX_RETENTION_DAYS)
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _invalid("timezone", N_("Setting {key} in {path} is not a known time zone, "
                                      "such as Europe/Oslo.")) from None
    try:
        time.fromisoformat(config.auto_sign_out_at)
    except ValueError:
        raise _invalid("auto_sign_out_at", N_("Setting {key} in {path} must be a time of day, "
                                              "such as \"23:00\".")) from None
    if config.phone_region not in phonenumbers.SUPPORTED_REGIONS:
        raise _invalid("phone_region", N_("Setting {key} in {path} is not a known region "
                                          "code, such as NO or SE."))
    if config.printing.badge_format not in BADGE_FORMAT_IDS:
        raise _invalid("printing.badge_format", N_("Setting {key} in {path} is not a badge "
                                                   "format; choose one of {choices}."),
                       choices=", ".join(BADGE_FORMAT_IDS))
    return config


def _read(path: Path) -> dict[str, Any]:
    """The file's table, or a message naming the file and what to do about it."""
    if path.is_dir():
        raise ConfigError(Message(N_("{path} is a folder, not the kiosk's settings file; move it "
                                     "away and the kiosk writes a new one."), {"path": str(path)}),
                          code="settings_is_folder")
    text = read_text(path, ConfigError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Message(N_("{path} is not valid TOML ({reason}); correct it, or move "
                                     "it away and the kiosk writes one with defaults."),
                                  {"key": "(file)", "path": str(path), "reason": str(exc)}),
                          code="settings_syntax") from None


def _with_path(error: ConfigError, path: Path) -> ConfigError:
    return ConfigError(Message(error.message.text, {**error.message.params, "path": str(path)}),
                       code=error.code)


def read_config(data_dir: Path) -> KioskConfig | None:
    """The settings in the folder, checked, or None when there are none yet. Writes nothing."""
    path = data_dir / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return validate(_section(KioskConfig, _read(path), ""))
    except ConfigError as exc:
        raise _with_path(exc, path) from None


def load_config(data_dir: Path) -> KioskConfig:
    """Read kiosk.toml, creating it with defaults (and a new kiosk id) when missing."""
    config = read_config(data_dir)
    if config is None:
        config = KioskConfig(kiosk_id=new_kiosk_id())
        save_config(data_dir, config)
    elif not config.kiosk_id:
        config = replace(config, kiosk_id=new_kiosk_id())
        save_config(data_dir, config)
    return config


def new_kiosk_id() -> str:
    return f"kiosk-{uuid.uuid4().hex[:8]}"


def save_config(data_dir: Path, config: KioskConfig) -> None:
    """Write the settings whole or not at all, readable by the kiosk's user only."""
    datafolder.prepare(data_dir)
    raw = asdict(config)
    raw["languages"] = list(config.languages)
    atomic_write(data_dir / CONFIG_NAME, tomli_w.dumps(raw).encode("utf-8"))
