"""Enrolling a kiosk: a one-time code becomes its token, its site and the company's key."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.company_key import save_company_key
from kiosk.config import DATABASE_NAME, load_config, save_config
from kiosk.db import open_database, write_transaction
from kiosk.errors import KioskError, Message, N_
from sync import outbox
from sync.client import CentralClient, bad_answer
from sync.rounds import CURSOR
from sync.settings import DEFAULT_INTERVAL_S, SyncSettings, load_settings, save_settings


class EnrollmentError(KioskError):
    code = "bad_input"


def enroll_kiosk(data_dir: Path, server: str, code: str, ca_file: str = "",
                 interval_s: float = DEFAULT_INTERVAL_S) -> SyncSettings:
    """Exchange the code, then keep token and key in 0600 files beside the database.

    The kiosk's site becomes the enrolled one: its records carry the site, and the
    service accepts only the site the token belongs to. Its name becomes the one the
    code was issued with; a code without one, for another site, leaves the site's id
    as its name, which is at least not the name of the site the kiosk left.
    """
    if not server.startswith(("https://", "http://")):
        raise EnrollmentError(Message(N_("--server must be an https:// (or, on a closed network, "
                                         "http://) URL, not {url}"), {"url": server}))
    if ca_file and not Path(ca_file).is_file():
        raise EnrollmentError(Message(N_("The CA file {path} does not exist."), {"path": ca_file}))
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    _nothing_waiting(data_dir)
    config = load_config(data_dir)
    with CentralClient(server, ca_file=ca_file) as client:
        answer = client.enroll(code, config.kiosk_id)
    for name in ("company_key", "token", "site_id"):
        if not isinstance(answer.get(name), str) or not answer[name]:
            raise bad_answer(name)
    try:
        key = bytes.fromhex(answer["company_key"])
    except ValueError as exc:
        raise bad_answer("company_key") from exc
    _nothing_of_another_site(data_dir, answer["site_id"])
    settings = SyncSettings(server, answer["token"], answer["site_id"], config.kiosk_id,
                            ca_file, interval_s)
    save_company_key(data_dir, key)
    save_settings(data_dir, settings)
    _download_from_the_start(data_dir)
    kept = config.site_name if config.site_id == settings.site_id else settings.site_id
    site = replace(config, site_id=settings.site_id,
                   site_name=_site_name(answer.get("site_name")) or kept)
    if site != config:
        save_config(data_dir, site)
    return settings


def _site_name(given: object) -> str:
    """The site name the service sent, if it is one a kiosk can show."""
    return given.strip() if isinstance(given, str) and given.isprintable() else ""


def _nothing_waiting(data_dir: Path) -> None:
    """Records waiting for the service the kiosk is enrolled with must reach it first: sent
    later under a token of another site, they would be refused for good and dropped. Should
    that service no longer take the kiosk, nothing can reach it anyway, and enrolling goes on."""
    before = load_settings(data_dir)
    if before is None or not (data_dir / DATABASE_NAME).exists():
        return
    db = open_database(data_dir / DATABASE_NAME)
    try:
        count = outbox.waiting(db)
    finally:
        db.close()
    if not count:
        return
    try:
        with CentralClient(before.server, before.token, before.ca_file) as client:
            client.get("/v1/whoami")
    except KioskError:
        return
    raise EnrollmentError(Message(N_("{count} records are still waiting to be sent to {server}. "
                                     "Run `kiosk sync` until none waits, then enroll again."),
                                  {"count": count, "server": before.server}))


def _nothing_of_another_site(data_dir: Path, site_id: str) -> None:
    """Records made at another site (before the kiosk was first enrolled, or under a token
    since revoked) would be refused by the new site's token and dropped: they go first, under
    a code for their own site. The code just used is spent; the admin asks for that one."""
    if not (data_dir / DATABASE_NAME).exists():
        return
    db = open_database(data_dir / DATABASE_NAME)
    try:
        found = db.execute(
            "SELECT json_extract(payload, '$.site_id') AS site, count(*) FROM outbox "
            "WHERE json_extract(payload, '$.site_id') != ? GROUP BY site ORDER BY site",
            [site_id]).fetchone()
    finally:
        db.close()
    if found:
        raise EnrollmentError(Message(N_(
            "{count} records made at site {site} still wait to be sent, and a kiosk enrolled at "
            "{new} cannot send them. Enroll it with a code for {site} first (`kiosk server "
            "enroll --site {site}`), run `kiosk sync`, then enroll it at {new}."),
            {"count": found[1], "site": found[0], "new": site_id}))


def _download_from_the_start(data_dir: Path) -> None:
    """A new enrollment may be another site or another database, where the old download
    position means nothing: the next round fetches everything the kiosk may see."""
    db = open_database(data_dir / DATABASE_NAME)
    try:
        with write_transaction(db):
            db.execute("DELETE FROM sync_state WHERE name = ?", [CURSOR])
    finally:
        db.close()
