"""Turning a demo data folder into the company's kiosk: its notice, its hosts, no demo hosts.

Everything is checked before anything is written, so a bad host row or a notice
that clashes with an installed version leaves the kiosk as it was.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from anyascii import anyascii
from sqlite_utils import Database

from kiosk import notices
from kiosk.company_key import load_company_key
from kiosk.config import KioskConfig, save_config
from kiosk.db import write_transaction
from kiosk.errors import KioskError, Message, N_, ValidationError
from kiosk.files import read_text
from kiosk.records import audit
from kiosk.service import KioskService
from kiosk.text import text_problem, tidy
from kiosk.validation import email_problem, normalize_email, normalize_phone, phone_problem

#: The company's notice in one language: `notice.nb.md`, `notice.en.md`, ... in --notice-dir.
NOTICE_FILE = "notice.{language}.md"
HOST_COLUMNS = ("name", "email", "phone", "department")
DEMO_HOST_PREFIX = "demo-host-"


@dataclass(frozen=True)
class HostRow:
    name: str
    email: str | None
    phone: str | None
    department: str | None


@dataclass(frozen=True)
class SetupReport:
    site_id: str
    notices: tuple[notices.Notice, ...]
    hosts: int
    demo_hosts_removed: int


class HostFileError(KioskError):
    """Rows of the hosts file that cannot be imported, each with its line number."""

    code = "bad_hosts"

    def __init__(self, path: Path, problems: list[tuple[int, Message]]) -> None:
        super().__init__(Message(N_("{path}: {count} rows cannot be imported; nothing was changed."),
                                 {"path": str(path), "count": len(problems)}))
        self.problems = problems


def site_id_for(name: str) -> str:
    """A stable, typeable id from the site's name: "Tromsø Havn" -> "tromso-havn"."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-") or "site"


def insert_host(db: Database, site_id: str, host: HostRow, host_id: str) -> None:
    """The one way a host enters the directory, for demo hosts and imported ones alike."""
    db["hosts"].upsert({"id": host_id, "site_id": site_id, "name": host.name, "email": host.email,
                        "phone": host.phone, "department": host.department, "active": 1}, pk="id")


def read_notices(folder: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """The company's notice file for each of the kiosk's languages."""
    found: dict[str, str] = {}
    for language in languages:
        path = folder / NOTICE_FILE.format(language=language)
        if not path.is_file():
            raise KioskError(Message(
                N_("{path} is missing; the kiosk speaks {language}, so it needs the notice in "
                   "that language."),
                {"path": str(path), "language": language}), code="notice_missing")
        content = read_text(path)
        try:
            notices.parse_notice_file(content)
        except ValidationError as exc:
            raise KioskError(Message(N_("{path} is not a notice file: it starts with 'version:' and "
                                        "'updated:' lines and a line '---', then the text."),
                                     {"path": str(path)}), code="notice_invalid") from exc
        found[language] = content
    return found


def _host_row(raw: dict[str, str | None], region: str) -> HostRow | Message:
    values = {key: tidy(raw.get(key) or "") for key in HOST_COLUMNS}
    if not values["name"]:
        return Message(N_("the name is empty"))
    problem = (text_problem(values["name"], None) or text_problem(values["department"], None)
               or email_problem(values["email"]) or phone_problem(values["phone"], region))
    if problem:
        return problem
    return HostRow(values["name"], normalize_email(values["email"]) if values["email"] else None,
                   normalize_phone(values["phone"], region) if values["phone"] else None,
                   values["department"] or None)


def read_hosts(path: Path, region: str) -> list[HostRow]:
    """Hosts from a CSV with the columns name,email,phone,department; every bad row is named."""
    text = read_text(path)
    reader = csv.DictReader(text.splitlines())
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "name" not in header or not set(header) <= set(HOST_COLUMNS):
        raise KioskError(Message(N_("{path} must start with the line {columns}."), {
            "path": str(path), "columns": ",".join(HOST_COLUMNS)}), code="hosts_header")
    reader.fieldnames = header
    rows: list[HostRow] = []
    problems: list[tuple[int, Message]] = []
    for raw in reader:
        row = _host_row(raw, region)
        if isinstance(row, Message):
            problems.append((reader.line_num, row))
        else:
            rows.append(row)
    if problems:
        raise HostFileError(path, problems)
    return rows


def _check_notices(service: KioskService, texts: dict[str, str]) -> None:
    """Refuse, before writing anything, a kiosk that would have no notice of its own, an
    example notice passed off as the company's, and a version that exists with other text."""
    if not texts and own_notice_problem(service):
        raise KioskError(Message(N_("--notice-dir is needed: the kiosk has no privacy notice of "
                                    "its own yet (files named {file})."),
                                 {"file": NOTICE_FILE.format(language="<lang>")}),
                         code="no_own_notice")
    for language, content in texts.items():
        if notices.text_hash(notices.shown_text(content)) == example_hash(language):
            raise KioskError(Message(N_("{file} is the example notice; write the company's own."),
                                     {"file": NOTICE_FILE.format(language=language)}),
                             code="example_notice")
        conflict = notices.version_conflict(service.db, language, content)
        if conflict:
            raise ValidationError({"file": conflict})


def _host_id(site_id: str, host: HostRow) -> str:
    """The same person in the next import updates the same host."""
    key = f"{site_id}\n{(host.email or host.name).casefold()}"
    return "host-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _named_hosts(db: Database, site_id: str) -> dict[str, str]:
    """The imported hosts known by name alone (no e-mail), by their tidied name: one stored
    before names were tidied ("Ola  Berg") keeps its id, and so its visits, when the next
    import writes it "Ola Berg"."""
    rows = db.execute("SELECT id, name FROM hosts WHERE site_id = ? AND email IS NULL "
                      "AND id NOT LIKE ?", [site_id, f"{DEMO_HOST_PREFIX}%"]).fetchall()
    return {tidy(name).casefold(): host_id for host_id, name in rows}


def _remove_demo_hosts(db: Database) -> int:
    """Delete the demo hosts; those a demo visit names are only switched off, as visits keep
    their host."""
    demo = f"{DEMO_HOST_PREFIX}%"
    db.execute("UPDATE hosts SET active = 0 WHERE id LIKE ?", [demo])
    return db.execute("DELETE FROM hosts WHERE id LIKE ? AND id NOT IN "
                      "(SELECT host_id FROM visits WHERE host_id IS NOT NULL)", [demo]).rowcount


def own_notice_problem(service: KioskService) -> Message | None:
    """Why a configured kiosk cannot show a notice of its own, if it cannot."""
    for language in service.config.languages:
        try:
            current = service.notice(language)
        except KioskError:
            current = None
        if current is None or current.text_hash == example_hash(language):
            return Message(N_("This kiosk is set up for {company} but has no privacy notice of its "
                              "own in {language}; install it with: setup --notice-dir DIR."),
                           {"company": service.config.company_name, "language": language})
    return None


def example_hash(language: str) -> str:
    content = resources.files("kiosk.notices").joinpath(f"example.{language}.md").read_text("utf-8")
    return notices.text_hash(notices.shown_text(content))


def configure(service: KioskService, data_dir: Path, company: str, site: str,
              notice_dir: Path | None, hosts_file: Path | None) -> SetupReport:
    """Make the kiosk the company's; all input is checked first, then written in one go.

    An enrolled kiosk keeps the site id it was enrolled with and takes only the name: its
    records must carry the id its token belongs to, or the service refuses them for good."""
    if not company.strip() or not site.strip():
        raise KioskError(Message(N_("--company and --site must not be empty.")), code="setup_empty")
    site_id = service.config.site_id if load_company_key(data_dir) else site_id_for(site)
    config: KioskConfig = replace(service.config, company_name=company.strip(),
                                  site_name=site.strip(), site_id=site_id, configured=True)
    texts = read_notices(notice_dir, config.languages) if notice_dir else {}
    hosts = read_hosts(hosts_file, config.phone_region) if hosts_file else []
    _check_notices(service, texts)
    now = service.clock.now()
    with write_transaction(service.db) as db:
        db.execute("INSERT INTO sites (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET "
                   "name = excluded.name", [config.site_id, config.site_name])
        installed = tuple(notices.install_notice(db, lang, text, now) for lang, text in texts.items())
        by_name = _named_hosts(db, config.site_id)
        for host in hosts:
            known = None if host.email else by_name.get(host.name.casefold())
            insert_host(db, config.site_id, host, known or _host_id(config.site_id, host))
        removed = _remove_demo_hosts(db)
    save_config(data_dir, config)
    service.config = config
    return SetupReport(config.site_id, installed, len(hosts), removed)


def checked_notices(service: KioskService, folder: Path) -> dict[str, str]:
    """The notice files in `folder` for every language of the kiosk, checked as `setup` checks
    them (not the example, no installed version with other text); nothing is written."""
    texts = read_notices(folder, service.config.languages)
    _check_notices(service, texts)
    return texts


def install_notices(service: KioskService, folder: Path, actor: str) -> tuple[notices.Notice, ...]:
    """Install a new notice version from the console: checked first, then all languages in one
    transaction, audited. Visits keep the version they saw."""
    texts = checked_notices(service, folder)
    now = service.clock.now()
    with write_transaction(service.db) as db:
        installed = tuple(notices.install_notice(db, lang, text, now) for lang, text in texts.items())
        audit(db, actor, "notice.installed",
              [f"notice:{n.language}:{n.version}" for n in installed], now)
    return installed
