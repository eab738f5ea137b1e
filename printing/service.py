"""Badges as the touchscreen and the console ask for them: render, print, log, queue, reprint.

Printing runs on a lane of its own, so a slow printer never holds up the next
visitor's screens or commits. It therefore never shares the kiosk's database
connection: each thread that prints opens its own, and writes the print log and
the reprint queue in transactions of their own. Issuing never raises: the visit
is already stored, so any fault while the badge is rendered or printed ends as a
PrintOutcome that tells the visitor to ask reception, and the badge waits in the
reprint queue.
"""
from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from kiosk import printlog
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.db import database_file, open_database
from kiosk.errors import KioskError, Message, N_
from kiosk.i18n import LANGUAGES, Translator
from kiosk.names import PersonName
from kiosk.printlog import ASK_RECEPTION, QueuedBadge
from kiosk.visits import Visit, visit_by_token
from printing import fonts
from printing.badge import BadgeContent, person_badge, visit_badge
from printing.cups import Cups, JobResult
from printing.formats import DEFAULT_FORMAT, FORMATS, BadgeFormat
from printing.render import render_pdf

if TYPE_CHECKING:
    from kiosk.service import KioskService

log = logging.getLogger(__name__)

NO_PRINTER = "no printer is configured and CUPS has no default printer"
TEST_TOKEN = "VTESTPAGE"
SIGNED_OUT = N_("The visitor of badge {token} has already signed out. Use --force to reprint "
                "the badge anyway; the reprint is audited.")


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one badge. `pdf` is exactly what was sent, so a preview shows the print."""

    printed: bool
    pdf: bytes
    printer: str | None
    message: Message | None
    #: The print system's reason for the last failure, in English, for reception and the log.
    reason: str | None = None
    reprint: bool = False
    #: The title of the job that printed; it names the job, never the badge or the person.
    job_title: str | None = None


def choose_format(config: KioskConfig, format_id: str | None = None) -> BadgeFormat:
    """The format asked for (an event's), else the site's, else the default. Never raises:
    a mistyped setting must not stop badges."""
    for candidate in (format_id, config.printing.badge_format):
        if candidate in FORMATS:
            return FORMATS[candidate]
        if candidate:
            log.warning("unknown badge format %r; using the next choice", candidate)
    return FORMATS[DEFAULT_FORMAT]


def candidate_printers(config: KioskConfig, cups: Cups) -> list[str]:
    """The printers to try in order: the chosen one, then the fallback; else CUPS's default."""
    chosen = [p for p in (config.printing.printer, config.printing.fallback_printer) if p]
    if chosen:
        return list(dict.fromkeys(chosen))
    default = cups.default_destination()
    return [default] if default else []


def report_printers(config: KioskConfig, cups: Cups) -> list[str]:
    """Where A4 reports (the evacuation list) go: the report printer when the site has one
    (a label printer cannot print A4), else the badge printers."""
    if config.printing.report_printer:
        return [config.printing.report_printer]
    return candidate_printers(config, cups)


def job_title(kind: str) -> str:
    """A title for a print job that is unique but says nothing: the job list of a print
    server is readable by anyone on it, and a badge token there is a key to the building."""
    return f"kiosk-{kind}-{secrets.token_hex(6)}"


def send(cups: Cups, pdf: bytes, title: str, printers: list[str],
         options: tuple[tuple[str, str], ...] = ()) -> tuple[JobResult | None, list[JobResult]]:
    """Try each printer until one prints: the one that printed (or None), and every attempt.
    Never raises: a print system that fails in a way nobody foresaw is a printer that did
    not print."""
    attempts = []
    for printer in printers:
        try:
            result = cups.print_pdf(printer, pdf, title, options)
        except Exception as exc:  # noqa: BLE001 - the badge goes to reception, whatever broke
            log.exception("printing on %s failed", printer)
            result = JobResult(printer, False, f"printing failed: {type(exc).__name__}: {exc}")
        attempts.append(result)
        if result.printed:
            return result, attempts
        log.info("printer %s did not print: %s", printer, result.reason)
    return None, attempts


def test_page(config: KioskConfig, clock: Clock, cups: Cups,
              printer: str | None = None) -> PrintOutcome:
    """A sample badge on one printer (or the ones configured), to check fonts, colour and QR
    code; not logged, since it is nobody's badge."""
    translate = Translator(config.default_language)
    content = person_badge(PersonName("Åse", "Ŋåvvå-Žukovskaja"), config.company_name, "visitor",
                           clock.now().astimezone(config.zone).date(), TEST_TOKEN,
                           host_name="Γιώργος Дмитриев")
    fmt = choose_format(config)
    pdf = render_pdf([content], fmt, translate)
    title = job_title("test-page")
    done, attempts = send(cups, pdf, title,
                          [printer] if printer else candidate_printers(config, cups),
                          fmt.print_options)
    if done is not None:
        return PrintOutcome(True, pdf, done.printer, None, job_title=title)
    reason = attempts[-1].reason if attempts else NO_PRINTER
    return PrintOutcome(False, pdf, None, Message(N_("The test page was not printed: {reason}"),
                                                  {"reason": reason}), reason)


class BadgePrinting:
    """Render, print, log and queue badges; safe to run on a thread of its own.

    It holds the database's file name, not a connection: each thread that uses
    it gets a connection of its own on first use (SQLite connections are not to
    be shared between threads), and the kiosk's own connection is never touched.
    """

    def __init__(self, database: Path | str, config: KioskConfig, clock: Clock,
                 cups: Cups | None = None) -> None:
        self.database = Path(database)
        self.config = config
        self.clock = clock
        self.cups = cups or Cups()
        self._local = threading.local()

    @classmethod
    def for_service(cls, service: KioskService, cups: Cups | None = None) -> BadgePrinting:
        """Printing for the kiosk's database, with the kiosk's settings and clock."""
        return cls(database_file(service.db), service.config, service.clock, cups)

    @property
    def db(self) -> Database:
        """This thread's own connection to the kiosk database, opened on first use."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_database(self.database, migrate=False)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection, if it opened one."""
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    def badge_format(self, format_id: str | None = None) -> BadgeFormat:
        return choose_format(self.config, format_id)

    def warm_up(self) -> None:
        """Do once, on the print lane at start, what would make the first badge slow: fonts,
        the font index, shaping tables, the date formats, the QR encoder, the connection."""
        fonts.register_fonts()
        fonts.system_fonts()
        fonts.shape("李김ا", bold=True)
        for language in LANGUAGES:
            self.render_content(person_badge(PersonName("Warm", "Up"), "", "visitor", date(2026, 1, 1),
                                             TEST_TOKEN, host_name="Host"), Translator(language))
        self.db.execute("SELECT 1 FROM print_log LIMIT 1").fetchall()

    def render_content(self, content: BadgeContent, translate: Translator,
                       format_id: str | None = None) -> bytes:
        return render_pdf([content], self.badge_format(format_id), translate)

    def render(self, visit: Visit, translate: Translator, format_id: str | None = None) -> bytes:
        """The PDF of the visit's badge in the site's format (or the one asked for)."""
        return self.render_content(visit_badge(visit, self.config), translate, format_id)

    def printers(self) -> list[str]:
        """The printers a badge is tried on, in order."""
        return candidate_printers(self.config, self.cups)

    def _log(self, token: str, attempts: list[tuple[str | None, bool, str | None]], *,
             reprint: bool, format_id: str, actor: str | None, refs: tuple[str, ...],
             forced: bool = False) -> None:
        try:
            printlog.record_attempts(self.db, token, attempts, self.clock.now(), reprint=reprint,
                                     badge_format=format_id, actor=actor, refs=refs,
                                     forced=forced)
        except Exception:  # noqa: BLE001 - the badge is out (or not) whatever the log says
            # The visitor must not see a storage fault for a printing step; the log has it.
            log.exception("could not log the printing of a badge")

    def _print(self, token: str, pdf: bytes, *, reprint: bool, format_id: str,
               actor: str | None = None, refs: tuple[str, ...] = (),
               forced: bool = False) -> PrintOutcome:
        title = job_title("badge")
        printers = self.printers()
        done, attempts = send(self.cups, pdf, title, printers,
                              self.badge_format(format_id).print_options)
        logged: list[tuple[str | None, bool, str | None]] = [
            (a.printer, a.printed, a.reason or None) for a in attempts] or [(None, False, NO_PRINTER)]
        self._log(token, logged, reprint=reprint, format_id=format_id, actor=actor, refs=refs,
                  forced=forced)
        if done is not None:
            return PrintOutcome(True, pdf, done.printer, None, None, reprint, title)
        reason = logged[-1][2]
        return PrintOutcome(False, pdf, None, Message(ASK_RECEPTION), reason, reprint)

    def _was_printed(self, token: str) -> bool:
        try:
            return printlog.was_printed(self.db, token)
        except Exception:  # noqa: BLE001 - the badge matters more than the mark
            log.exception("could not read the print log")
            return False

    def issue(self, visit: Visit, translate: Translator, format_id: str | None = None) -> PrintOutcome:
        """Render and print the visit's badge; when that fails in any way, queue it for reception.

        Never raises. A badge that could not even be rendered comes back with an empty
        `pdf` (there is nothing to preview) and waits in the reprint queue like any other.
        """
        token = visit.badge_token
        fmt_id, pdf = DEFAULT_FORMAT, b""
        try:
            fmt_id = self.badge_format(format_id).id
            pdf = self.render(visit, translate, fmt_id)
            return self._print(token, pdf, reprint=self._was_printed(token), format_id=fmt_id)
        except Exception as exc:  # noqa: BLE001 - whatever broke, the badge waits for reception
            log.exception("could not issue the badge of a visit")
            step = "printed" if pdf else "rendered"
            reason = f"the badge could not be {step}: {type(exc).__name__}: {exc}"
            self._log(token, [(None, False, reason)], reprint=False, format_id=fmt_id,
                      actor=None, refs=())
            return PrintOutcome(False, pdf, None, Message(ASK_RECEPTION), reason)

    def reprint(self, token: str, translate: Translator, actor: str | None = None, *,
                force: bool = False) -> PrintOutcome:
        """Print a visit's badge again (after the console asked for confirmation), marked as a
        reprint. The badge speaks the visitor's language when the kiosk has it, so it matches
        the first one; `translate` is used otherwise.

        A visitor who has signed out has no use for a badge, and a new one would open doors
        for whoever holds it: that is refused (KioskError "signed_out") unless `force`, and a
        forced reprint is audited as such. Raises NotFound for an unknown token."""
        visit = visit_by_token(self.db, token)
        if visit.signed_out_at is not None and not force:
            raise KioskError(Message(SIGNED_OUT, {"token": visit.badge_token}), code="signed_out")
        queued = {q.badge_token: q for q in printlog.queued(self.db)}
        fmt = self.badge_format(queued[visit.badge_token].badge_format
                                if visit.badge_token in queued else None)
        language = Translator(visit.language) if visit.language in LANGUAGES else translate
        pdf = self.render(visit, language, fmt.id)
        return self._print(visit.badge_token, pdf, reprint=True, format_id=fmt.id,
                           actor=actor or f"kiosk:{self.config.kiosk_id}",
                           refs=(f"visit:{visit.id}",), forced=visit.signed_out_at is not None)

    def queued(self) -> list[QueuedBadge]:
        """Badges waiting for reception, oldest first."""
        return printlog.queued(self.db)

    def test_page(self, printer: str | None = None) -> PrintOutcome:
        return test_page(self.config, self.clock, self.cups, printer)
