"""The kiosk as its screens and commands see it: one object holding the database, settings and clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from sqlite_utils import Database

from kiosk import consent, datafolder, hosts, marketing, notices, printlog, visits
from kiosk.clock import Clock, SystemClock
from kiosk.company_key import load_company_key
from kiosk.config import DATABASE_NAME, KioskConfig, load_config
from kiosk.db import DatabaseFault, admin_message, database_file, open_database, storage_errors
from kiosk.errors import Message, N_
from kiosk.validation import CleanDetails, VisitorDetails, field_problem, validate_details


DATABASE_FAULT = N_("At {time} the kiosk could not use its database: {reason}")
AUDIT_BREAK = N_("At {time} the kiosk found its audit log broken: {reason}")


@dataclass(frozen=True)
class Problem:
    """Something the kiosk met by itself that an admin must read: `text` frames the reason
    with {time} and {reason}."""

    at: datetime
    text: str
    reason: Message


@dataclass
class KioskService:
    db: Database
    config: KioskConfig
    clock: Clock
    data_dir: Path | None = None
    #: The last database fault (or broken audit log) met while running, as the admin needs
    #: it: the visitor was only told to ask reception, and reception must be able to read why.
    last_fault: Problem | None = field(default=None, init=False)

    def note_fault(self, error: DatabaseFault) -> None:
        self.note(DATABASE_FAULT, admin_message(error, self.database_path))

    def note(self, text: str, reason: Message) -> None:
        """Keep a problem for the admin; the console shows it first."""
        self.last_fault = Problem(self.clock.now(), text, reason)

    def __post_init__(self) -> None:
        # Read while the service is made, on the thread that opened the connection: the
        # print lane opens a connection of its own to this file.
        self.database_path: Path = database_file(self.db)

    def notice(self, language: str) -> notices.Notice:
        with storage_errors():
            return notices.current_notice(self.db, language)

    def search_hosts(self, query: str) -> list[hosts.HostMatch]:
        with storage_errors():
            return hosts.search_hosts(self.db, self.config.site_id, query)

    def field_problem(self, name: str, value: str | None) -> Message | None:
        return field_problem(name, value, self.config.phone_region)

    def validate(self, details: VisitorDetails) -> CleanDetails:
        return validate_details(details, self.config.phone_region)

    def is_suppressed(self, details: CleanDetails) -> bool:
        """Whether this person already said no to marketing, so the question is skipped."""
        with storage_errors():
            return marketing.is_suppressed_under(self.db, self.suppression_secrets, details.email,
                                                 details.phone)

    def marketing_wording(self, language: str) -> consent.ConsentWording | None:
        """The installed words of the marketing question in a language, or None: not asked."""
        return consent.current_wording(self.db, marketing.PURPOSE, language)

    def register_visit(self, registration: visits.Registration) -> visits.Visit:
        return visits.register_visit(self.db, self.config, self.clock.now(), self.suppression_secret,
                                     registration)

    def visit_by_token(self, token: str) -> visits.Visit:
        return visits.visit_by_token(self.db, token)

    def find_on_site(self, query: str) -> list[visits.OnSiteMatch]:
        return visits.find_on_site(self.db, self.config, self.clock.now(), query)

    def sign_out(self, visit_id: str, method: str) -> visits.Visit:
        return visits.sign_out(self.db, self.config, self.clock.now(), visit_id, method)

    def sign_out_by_token(self, token: str) -> visits.Visit:
        return self.sign_out(self.visit_by_token(token).id, "badge")

    def queue_badge(self, token: str, reason: str) -> None:
        """A badge the print lane could not produce at all waits in the reprint queue for
        reception, with the reason for the log."""
        printlog.record_attempts(self.db, token, [(None, False, reason)], self.clock.now(),
                                 reprint=False, badge_format=self.config.printing.badge_format)

    @cached_property
    def suppression_secret(self) -> bytes:
        """The key new suppression entries are made under: the company's once the kiosk is
        enrolled (so every kiosk recognises them), else the kiosk's own. Read once per run."""
        company = load_company_key(self.data_dir) if self.data_dir else None
        if company:
            return company
        with storage_errors():
            return marketing.suppression_secret(self.db)

    @cached_property
    def suppression_secrets(self) -> list[bytes]:
        """Every key an entry on this kiosk may be under: entries made before enrollment,
        under the kiosk's own key, keep working."""
        with storage_errors():
            old = marketing.stored_secret(self.db)
        return [self.suppression_secret] + ([old] if old and old != self.suppression_secret else [])


def open_service(data_dir: Path, clock: Clock | None = None) -> KioskService:
    """Open the kiosk in a data folder, creating the folder, settings and database as needed."""
    datafolder.prepare(data_dir)
    config = load_config(data_dir)
    return KioskService(open_database(data_dir / DATABASE_NAME), config, clock or SystemClock(),
                        data_dir)
