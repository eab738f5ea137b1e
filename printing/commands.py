"""Headless commands of printing: `badge` renders one badge to a file, `print` prints a PDF."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import datafolder
from kiosk.clock import SystemClock, shown_time
from kiosk.config import KioskConfig, read_config
from kiosk.errors import KioskError, Message, N_
from kiosk.files import atomic_write
from kiosk.i18n import Translator
from kiosk.names import PersonName
from kiosk.service import KioskService, open_service
from kiosk.text import text_problem, tidy
from kiosk.visits import Visit, new_badge_token, visit_by_token
from printing.badge import KINDS, person_badge
from printing.formats import FORMATS, badge_format

if TYPE_CHECKING:
    from printing.service import BadgePrinting

#: Exit status for input the command cannot use, as argparse does.
BAD_INPUT = 2
NOT_PRINTED = 1


def _translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def _config(data_dir: Path) -> KioskConfig:
    """The kiosk's settings when the folder has them; defaults otherwise, so that rendering a
    badge does not create a data folder."""
    if not datafolder.check_existing(data_dir):
        return KioskConfig()
    return read_config(data_dir) or KioskConfig()


def _fail(message: str, status: int = BAD_INPUT) -> int:
    print(message, file=sys.stderr)
    return status


def run_badge(args: argparse.Namespace) -> int:
    from printing.render import render_pdf  # reportlab loads only for printing commands

    _ = _translator(args)
    try:
        config = _config(args.data_dir)
        fmt = badge_format(args.format or config.printing.badge_format)
    except KioskError as exc:
        return _fail(_.message(exc.message))
    if not args.name.strip():
        return _fail(_("The name must not be empty."))
    for option, value in (("--name", args.name), ("--company", args.company),
                          ("--host", args.host), ("--event", args.event)):
        if problem := text_problem(tidy(value), None):
            return _fail(_("{option}: {problem}", option=option, problem=_.message(problem)))
    content = person_badge(PersonName(args.name.strip()), args.company, args.kind,
                           SystemClock().now().astimezone(config.zone).date(),
                           args.token or new_badge_token(),
                           first_name_only=config.printing.first_name_only,
                           host_name=args.host, event_name=args.event)
    pdf = render_pdf([content], fmt, _)
    try:
        atomic_write(args.out, pdf)
    except KioskError as exc:
        return _fail(_.message(exc.message))
    print(_("Wrote a {format} badge to {path}.", format=fmt.id, path=str(args.out)))
    return 0


def run_print(args: argparse.Namespace) -> int:
    from printing.cups import Cups
    from printing.service import candidate_printers, send, test_page

    _ = _translator(args)
    if bool(args.file) == bool(args.test_page):
        return _fail(_("Name one PDF file to print, or ask for --test-page."))
    try:
        config = _config(args.data_dir)
    except KioskError as exc:
        return _fail(_.message(exc.message))
    cups = Cups()
    if args.test_page:
        outcome = test_page(config, SystemClock(), cups, args.printer)
        printer, reason = outcome.printer, outcome.reason or ""
    else:
        try:
            pdf = args.file.read_bytes()
        except OSError as exc:
            return _fail(_("Cannot read {path}: {reason}", path=str(args.file),
                           reason=exc.strerror or str(exc)))
        if not pdf.startswith(b"%PDF-"):
            return _fail(_("{path} is not a PDF file.", path=str(args.file)))
        try:
            fmt = badge_format(args.format or config.printing.badge_format)
        except KioskError as exc:
            return _fail(_.message(exc.message))
        printers = [args.printer] if args.printer else candidate_printers(config, cups)
        if not printers:
            return _fail(_("No printer is set up. Name one with --printer."), NOT_PRINTED)
        done, attempts = send(cups, pdf, args.file.name, printers, fmt.print_options)
        printer = done.printer if done else None
        reason = "; ".join(f"{a.printer}: {a.reason}" for a in attempts if not a.printed)
    if printer is None:
        return _fail(_("Not printed: {reason}", reason=reason), NOT_PRINTED)
    print(_("Printed on {printer}.", printer=printer))
    return 0


def _list_queue(printing: BadgePrinting, _: Translator) -> int:
    waiting = printing.queued()
    for badge in waiting:
        visit = visit_by_token(printing.db, badge.badge_token)
        print(f"{badge.badge_token}  {visit.name.goes_by}  {shown_time(badge.queued_at, printing.config.zone)}"
              f"  {badge.reason}")
    print(_("{count} badges wait for a reprint.", count=len(waiting)))
    return 0


def _confirmed(question: str, assume_yes: bool) -> bool:
    """A reprint makes a second valid badge, so a person says yes to each one."""
    if assume_yes:
        return True
    print(question, end=" ", flush=True)
    answer = sys.stdin.readline().strip().casefold()
    return answer in ("y", "yes", "j", "ja")


def run_reprint(args: argparse.Namespace) -> int:
    from printing.service import SIGNED_OUT, BadgePrinting

    _ = _translator(args)
    try:
        service = open_service(args.data_dir)
        printing = BadgePrinting.for_service(service)
        if not args.token:
            return _list_queue(printing, _)
        visit = visit_by_token(service.db, args.token)
    except KioskError as exc:
        return _fail(_.message(exc.message))
    if visit.signed_out_at is not None and not args.force:
        return _fail(_.message(Message(SIGNED_OUT, {"token": visit.badge_token})))
    if not _confirmed(_("Reprint the badge of {name} ({token})? [y/N]", name=visit.name.goes_by,
                        token=visit.badge_token), args.yes):
        return _fail(_("Not reprinted."), NOT_PRINTED)
    try:
        outcome = printing.reprint(visit.badge_token, _, actor="admin:cli", force=args.force)
    except KioskError as exc:
        return _fail(_.message(exc.message))
    if not outcome.printed:
        return _fail(_("Not printed: {reason}", reason=outcome.reason or ""), NOT_PRINTED)
    print(_("Reprinted on {printer}.", printer=outcome.printer))
    return 0


def print_visit_badge(service: KioskService, visit: Visit, badge: Translator,
                      translate: Translator) -> str:
    """Print a visit's badge (in the visitor's language `badge`) as the kiosk does: a failure
    queues it for reprint. The line for reception, or KioskError with the printer's reason."""
    from printing.service import BadgePrinting

    outcome = BadgePrinting.for_service(service).issue(visit, badge)
    if not outcome.printed:
        raise KioskError(Message(N_("Not printed: {reason}. The badge waits for a reprint."),
                                 {"reason": outcome.reason or ""}), code="not_printed")
    return translate("Printed on {printer}.", printer=outcome.printer)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the printing commands to the command line."""
    badge = sub.add_parser(
        "badge", help="render one badge to a PDF file",
        description="Render one badge with the kiosk's layout, fonts and QR code, without "
                    "printing it. Exits 2 on bad input.")
    badge.add_argument("--name", required=True, help="the person's full name")
    badge.add_argument("--company", default="", help="the company printed under the name")
    badge.add_argument("--kind", choices=KINDS, default="visitor",
                       help="a visitor badge (with a host) or an event attendee's")
    badge.add_argument("--format", default=None,
                       help=f"badge format: {', '.join(FORMATS)} (default: the site's setting)")
    badge.add_argument("--host", default="", help="the host named on a visitor's badge")
    badge.add_argument("--event", default="", help="the event named on an attendee's badge")
    badge.add_argument("--token", default="", help="the QR code's token (default: a new one)")
    badge.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                       help="where to write the PDF")
    badge.set_defaults(run=run_badge)

    printer = sub.add_parser(
        "print", help="print a PDF through CUPS and follow the job",
        description="Print a PDF (or a test badge) and wait until the printer has finished it. "
                    "Exits 0 when printed, 1 with the printer's reason when not, 2 on bad input.")
    printer.add_argument("file", type=Path, nargs="?", metavar="FILE.pdf",
                         help="the PDF to print")
    printer.add_argument("--printer", default=None,
                         help="CUPS printer name (default: the kiosk's printer, then its fallback, "
                              "then CUPS's default)")
    printer.add_argument("--format", default=None,
                         help="the badge format of the PDF, whose label options go with the job "
                              f"({', '.join(FORMATS)}; default: the site's setting)")
    printer.add_argument("--test-page", action="store_true",
                         help="print a sample badge instead of a file")
    printer.set_defaults(run=run_print)

    reprint = sub.add_parser(
        "reprint", help="list badges waiting for a reprint, or reprint one",
        description="Without a token, list the badges no printer could print. With one, ask for "
                    "confirmation and print that visit's badge again, marked as a reprint. "
                    "A visitor who has signed out gets no new badge unless --force. "
                    "Exits 0 when printed, 1 when declined or not printed, 2 on bad input "
                    "(an unknown token, or a signed-out visit without --force).")
    reprint.add_argument("token", nargs="?", default="", help="the badge token from the list")
    reprint.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reprint.add_argument("--force", action="store_true",
                         help="reprint even though the visitor has signed out (audited)")
    reprint.set_defaults(run=run_reprint)
