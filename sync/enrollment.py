"""Enrolling a kiosk: a one-time code becomes its token, its site and the company's key."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.company_key import save_company_key
from kiosk.config import load_config, save_config
from kiosk.errors import KioskError, Message, N_
from sync.client import BadAnswer, CentralClient
from sync.settings import DEFAULT_INTERVAL_S, SyncSettings, save_settings


class EnrollmentError(KioskError):
    code = "bad_input"


def enroll_kiosk(data_dir: Path, server: str, code: str, ca_file: str = "",
                 interval_s: float = DEFAULT_INTERVAL_S) -> SyncSettings:
    """Exchange the code, then keep token and key in 0600 files beside the database.

    The kiosk's site becomes the enrolled one: its records carry the site, and the
    service accepts only the site the token belongs to.
    """
    if not server.startswith(("https://", "http://")):
        raise EnrollmentError(Message(N_("--server must be an https:// URL, not {url}"),
                                      {"url": server}))
    if ca_file and not Path(ca_file).is_file():
        raise EnrollmentError(Message(N_("The CA file {path} does not exist."), {"path": ca_file}))
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    config = load_config(data_dir)
    with CentralClient(server, ca_file=ca_file) as client:
        answer = client.enroll(code, config.kiosk_id)
    try:
        key = bytes.fromhex(str(answer["company_key"]))
        settings = SyncSettings(server, str(answer["token"]), str(answer["site_id"]),
                                config.kiosk_id, ca_file, interval_s)
    except (KeyError, ValueError) as exc:
        raise BadAnswer(Message(N_("The central service gave an answer this kiosk cannot use: "
                                   "{reason}"), {"reason": str(exc)})) from exc
    save_company_key(data_dir, key)
    save_settings(data_dir, settings)
    if config.site_id != settings.site_id:
        save_config(data_dir, replace(config, site_id=settings.site_id))
    return settings
