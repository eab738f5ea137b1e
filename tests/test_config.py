"""kiosk.toml: written with defaults on first start, and refused naming the setting when wrong."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.config import CONFIG_NAME, KioskConfig, load_config
from kiosk.errors import ConfigError


def test_first_load_writes_the_file_with_a_kiosk_id(data_dir: Path) -> None:
    config = load_config(data_dir)
    written = tomllib.loads((data_dir / CONFIG_NAME).read_text("utf-8"))
    assert config.kiosk_id.startswith("kiosk-") and len(config.kiosk_id) > len("kiosk-")
    assert written["kiosk_id"] == config.kiosk_id
    assert written["site_id"] == KioskConfig().site_id


def test_the_kiosk_id_stays_the_same(data_dir: Path) -> None:
    assert load_config(data_dir).kiosk_id == load_config(data_dir).kiosk_id


def test_two_kiosks_get_different_ids(tmp_path: Path) -> None:
    assert load_config(tmp_path / "a").kiosk_id != load_config(tmp_path / "b").kiosk_id


def test_a_file_without_kiosk_id_gets_one(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_text('site_name = "Bergen"\n', "utf-8")
    config = load_config(data_dir)
    assert config.site_name == "Bergen" and config.kiosk_id
    assert load_config(data_dir).kiosk_id == config.kiosk_id


def test_settings_written_by_hand_are_read(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_text(
        'kiosk_id = "kiosk-lobby"\nlanguages = ["en"]\ndefault_language = "en"\n'
        'idle_timeout_s = 90\n[retention]\nvisits_days = 30\n[printing]\nprinter = "Brother"\n',
        "utf-8")
    config = load_config(data_dir)
    assert (config.kiosk_id, config.languages, config.idle_timeout_s) == ("kiosk-lobby", ("en",), 90)
    assert (config.retention.visits_days, config.printing.printer) == (30, "Brother")


@pytest.mark.parametrize("toml, setting", [
    ('colour = "red"', "colour"),
    ('[printing]\npaper = "A4"', "printing.paper"),
    ('[retention]\nforever = 1', "retention.forever"),
    ('idle_timeout_s = "60"', "idle_timeout_s"),
    ("idle_timeout_s = 60.0", "idle_timeout_s"),
    ("idle_timeout_s = true", "idle_timeout_s"),
    ("site_name = 7", "site_name"),
    ('languages = "nb"', "languages"),
    ("languages = [1, 2]", "languages"),
    ("retention = 30", "retention"),
    ('[printing]\nfirst_name_only = "yes"', "printing.first_name_only"),
    ('[retention]\nvisits_days = "90"', "retention.visits_days"),
    ('languages = ["nb", "xx"]', "languages"),
    ("languages = []", "languages"),
    ('languages = ["nb"]\ndefault_language = "en"', "default_language"),
    ("idle_timeout_s = 9", "idle_timeout_s"),
    ("idle_timeout_s = 3601", "idle_timeout_s"),
    ("idle_timeout_s = -60", "idle_timeout_s"),
    ("idle_warning_s = 5", "idle_warning_s"),
    ('timezone = "Mars/Olympus_Mons"', "timezone"),
    ("[retention]\nvisits_days = 0", "retention.visits_days"),
    ("[retention]\naudit_days = 36500", "retention.audit_days"),
    ('languages = ["nb", "en", "nb"]', "languages"),
    ('phone_region = "XX"', "phone_region"),
    ('phone_region = "no"', "phone_region"),
    ('site_id = ""', "site_id"),
    ('site_id = "  "', "site_id"),
    ('[printing]\nbadge_format = "brother-dk99999"', "printing.badge_format"),
])
def test_bad_setting_is_refused_by_name(data_dir: Path, toml: str, setting: str) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_text(f'kiosk_id = "kiosk-test"\n{toml}\n', "utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(data_dir)
    assert refused.value.message.params["key"] == setting
    assert str(refused.value).startswith(f"Setting {setting} in {data_dir / CONFIG_NAME} ")


@pytest.mark.parametrize("toml", ["kiosk_id = ", "[printing", 'site_name = "a"\nsite_name = "b"'])
def test_broken_syntax_is_refused_naming_the_file(data_dir: Path, toml: str) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_bytes(toml.encode("utf-8", "surrogateescape"))
    with pytest.raises(ConfigError) as refused:
        load_config(data_dir)
    assert str(refused.value).startswith(f"{data_dir / CONFIG_NAME} is not valid TOML (")
    assert (data_dir / CONFIG_NAME).read_bytes() == toml.encode("utf-8", "surrogateescape")


def test_settings_not_in_utf8_are_refused_saying_how_to_save_them(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_bytes('site_name = "Tromsø"\n'.encode("cp1252"))
    with pytest.raises(ConfigError, match=f"^{data_dir / CONFIG_NAME} is not saved as UTF-8 text"):
        load_config(data_dir)


def test_settings_saved_with_a_bom_are_read(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_bytes('site_name = "Tromsø"\n'.encode("utf-8-sig"))
    assert load_config(data_dir).site_name == "Tromsø"


def test_a_folder_in_place_of_the_settings_is_refused(data_dir: Path) -> None:
    (data_dir / CONFIG_NAME).mkdir(parents=True)
    with pytest.raises(ConfigError, match=f"^{data_dir / CONFIG_NAME} is a folder"):
        load_config(data_dir)


def test_every_badge_format_of_printing_is_known_to_the_settings() -> None:
    from kiosk.badge_formats import BADGE_FORMAT_IDS, DEFAULT_BADGE_FORMAT
    from printing.formats import DEFAULT_FORMAT, FORMATS

    assert tuple(FORMATS) == BADGE_FORMAT_IDS and DEFAULT_FORMAT == DEFAULT_BADGE_FORMAT


def test_settings_are_written_private_and_whole(data_dir: Path) -> None:
    load_config(data_dir)
    assert (data_dir / CONFIG_NAME).stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in data_dir.iterdir()) == [CONFIG_NAME]


@pytest.mark.parametrize("seconds", [10, 60, 3600])
def test_idle_timeout_limits_are_inclusive(data_dir: Path, seconds: int) -> None:
    data_dir.mkdir()
    (data_dir / CONFIG_NAME).write_text(f'kiosk_id = "k"\nidle_timeout_s = {seconds}\n', "utf-8")
    assert load_config(data_dir).idle_timeout_s == seconds
