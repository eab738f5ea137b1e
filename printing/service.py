"""Badges as the touchscreen and the console ask for them: render, print, log, queue, reprint.

Called from the one worker thread of the screens, never the UI thread. No
method raises for a printer problem: the visit is already stored, so a printer
fault ends as a PrintOutcome that tells the visitor to ask reception, and the
badge waits in the reprint queue.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from kiosk import printlog
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.errors import KioskError, Message, N_
from kiosk.i18n import LANGUAGES, Translator
from kiosk.names import PersonName
from kiosk.printlog import QueuedBadge
from kiosk.visits import Visit, visit_by_token
from printing import fonts
from printing.badge import BadgeContent, person_badge, visit_badge
from printing.cups import Cups, JobResult
from printing.formats import DEFAULT_FORMAT, FORMATS, BadgeFormat
from printing.render import render_pdf

log = logging.getLogger(__name__)

ASK_RECEPTION = N_("Please ask reception for your badge.")
NO_PRINTER = "no printer is configured and CUPS has no default printer"
TEST_TOKEN = "VTESTPAGE"


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


def send(cups: Cups, pdf: bytes, title: str,
         printers: list[str]) -> tuple[JobResult | None, list[JobResult]]:
    """Try each printer until one prints: the one that printed (or None), and every attempt."""
    attempts = []
    for printer in printers:
        result = cups.print_pdf(printer, pdf, title)
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
    pdf = render_pdf([content], choose_format(config), translate)
    done, attempts = send(cups, pdf, "kiosk-test-page",
                          [printer] if printer else candidate_printers(config, cups))
    if done is not None:
        return PrintOutcome(True, pdf, done.printer, None)
    reason = attempts[-1].reason if attempts else NO_PRINTER
    return PrintOutcome(False, pdf, None, Message(N_("The test page was not printed: {reason}"),
                                                  {"reason": reason}), reason)


class BadgePrinting:
    def __init__(self, db: Database, config: KioskConfig, clock: Clock,
                 cups: Cups | None = None) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self.cups = cups or Cups()

    def badge_format(self, format_id: str | None = None) -> BadgeFormat:
        return choose_format(self.config, format_id)

    def warm_up(self) -> None:
        """Do once, on the worker at start, what would make the first badge slow: fonts,
        the font index, shaping tables, the date formats, the QR encoder."""
        fonts.register_fonts()
        fonts.system_fonts()
        fonts.shape("李김ا", bold=True)
        for language in LANGUAGES:
            self.render_content(person_badge(PersonName("Warm", "Up"), "", "visitor", date(2026, 1, 1),
                                             TEST_TOKEN, host_name="Host"), Translator(language))

    def render_content(self, content: BadgeContent, translate: Translator,
                       format_id: str | None = None) -> bytes:
        return render_pdf([content], self.badge_format(format_id), translate)

    def render(self, visit: Visit, translate: Translator, format_id: str | None = None) -> bytes:
        """The PDF of the visit's badge in the site's format (or the one asked for)."""
        return self.render_content(visit_badge(visit, self.config), translate, format_id)

    def printers(self) -> list[str]:
        """The printers a badge is tried on, in order."""
        return candidate_printers(self.config, self.cups)

    def _print(self, token: str, pdf: bytes, *, reprint: bool, format_id: str,
               actor: str | None = None, refs: tuple[str, ...] = ()) -> PrintOutcome:
        printers = self.printers()
        done, attempts = send(self.cups, pdf, f"kiosk-badge-{token}", printers)
        logged: list[tuple[str | None, bool, str | None]] = [
            (a.printer, a.printed, a.reason or None) for a in attempts] or [(None, False, NO_PRINTER)]
        try:
            printlog.record_attempts(self.db, token, logged, self.clock.now(), reprint=reprint,
                                     badge_format=format_id, actor=actor, refs=refs)
        except KioskError:
            # The badge is out (or not) whatever the log says; the visitor must not see a
            # storage fault for a printing step.
            log.exception("could not log the printing of a badge")
        if done is not None:
            return PrintOutcome(True, pdf, done.printer, None, None, reprint)
        reason = logged[-1][2]
        return PrintOutcome(False, pdf, None, Message(ASK_RECEPTION), reason, reprint)

    def issue(self, visit: Visit, translate: Translator, format_id: str | None = None) -> PrintOutcome:
        """Render and print the visit's badge; when no printer prints it, queue it for reception."""
        fmt = self.badge_format(format_id)
        pdf = self.render(visit, translate, fmt.id)
        try:
            reprint = printlog.was_printed(self.db, visit.badge_token)
        except KioskError:
            reprint = False  # the badge matters more than the mark; the log write says the rest
        return self._print(visit.badge_token, pdf, reprint=reprint, format_id=fmt.id)

    def reprint(self, token: str, translate: Translator, actor: str | None = None) -> PrintOutcome:
        """Print a visit's badge again (after the console asked for confirmation), marked as a
        reprint. The badge speaks the visitor's language when the kiosk has it, so it matches
        the first one; `translate` is used otherwise. Raises NotFound for an unknown token."""
        visit = visit_by_token(self.db, token)
        queued = {q.badge_token: q for q in printlog.queued(self.db)}
        fmt = self.badge_format(queued[visit.badge_token].badge_format
                                if visit.badge_token in queued else None)
        language = Translator(visit.language) if visit.language in LANGUAGES else translate
        pdf = self.render(visit, language, fmt.id)
        return self._print(visit.badge_token, pdf, reprint=True, format_id=fmt.id,
                           actor=actor or f"kiosk:{self.config.kiosk_id}",
                           refs=(f"visit:{visit.id}",))

    def queued(self) -> list[QueuedBadge]:
        """Badges waiting for reception, oldest first."""
        return printlog.queued(self.db)

    def test_page(self, printer: str | None = None) -> PrintOutcome:
        return test_page(self.config, self.clock, self.cups, printer)
