"""Reception's commands for visits: `visit register`, `visit sign-out` and `on-site`.

They use the same services as the screens (validation, the registry, `register_visit`,
name matching), so a visitor registered at the desk is stored exactly as one who
signed in at the kiosk. Printing is handed in by main.py, because the domain does not
import printing.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk import hosts
from kiosk.demo import ensure_site_and_notice
from kiosk.errors import KioskError, Message, N_, NotFound, ValidationError
from kiosk.i18n import Translator
from kiosk.marketing import ConsentShown, Decision
from kiosk.matching import query_terms
from kiosk.names import PersonName
from kiosk.on_site import OnSiteVisit, on_site
from kiosk.service import KioskService, open_service
from kiosk.validation import VisitorDetails
from kiosk.visitor_types import VISITOR_TYPES
from kiosk.visits import RECEPTION, NoticeShown, Registration, Visit

BAD_INPUT = 2
ALREADY_SIGNED_OUT = 3
UNKNOWN = 4
#: What the consent record says about a desk registration, in the visitor's language.
HANDED_OVER = N_("The privacy notice was handed over by reception. Marketing was not asked.")
#: The command-line option that fills each field, so that a message names what to fix.
OPTIONS = {"given_name": "--given/--name", "family_name": "--family", "company": "--company",
           "title": "--title", "email": "--email", "phone": "--phone", "host_id": "--host",
           "visitor_type": "--type", "car_reg": "--plate", "notice": "--lang"}

#: Prints a visit's badge in the visitor's language (the first translator): returns a line
#: for reception in the second, or raises KioskError.
BadgePrinter = Callable[[KioskService, Visit, Translator, Translator], str]


def _fail(text: str, status: int = BAD_INPUT) -> int:
    print(text, file=sys.stderr)
    return status


def _problems(error: ValidationError, _: Translator) -> str:
    return "\n".join(f"{OPTIONS.get(field, field)}: {_.message(message)}"
                     for field, message in error.errors.items())


def _name(args: argparse.Namespace) -> tuple[str, str]:
    """The name as reception typed it: `--name` is kept whole, never split at a space."""
    if args.name is not None:
        return args.name, ""
    return args.given or "", args.family or ""


def _registration(service: KioskService, args: argparse.Namespace, language: str) -> Registration:
    host = hosts.resolve_host(service.db, service.config.site_id, args.host) if args.host else None
    given, family = _name(args)
    details = service.validate(VisitorDetails(
        given_name=given, family_name=family,
        family_first=True if args.family_first else None, company=args.company, title=args.title,
        email=args.email, phone=args.phone, host_id=host.id if host else None,
        visitor_type=args.type, car_reg=args.plate))
    notice = service.notice(language)
    consent = ConsentShown(Decision.NOT_ASKED, Translator(language)(HANDED_OVER))
    return Registration(details, language, NoticeShown(notice.version, notice.text_hash), consent,
                        method=RECEPTION)


def run_register(args: argparse.Namespace, print_badge: BadgePrinter) -> int:
    _ = Translator(args.lang or "en")
    if args.name is None and not args.given:
        return _fail(_("Give the visitor's name: --name FULL, or --given G and --family F."))
    try:
        service = open_service(args.data_dir)
        ensure_site_and_notice(service)
        language = args.lang or service.config.default_language
        visit = service.register_visit(_registration(service, args, language))
    except ValidationError as exc:
        return _fail(_problems(exc, _))
    except KioskError as exc:
        return _fail(_.message(exc.message))
    print(f"{visit.id} {visit.badge_token}")
    if not args.print:
        return 0
    try:
        print(print_badge(service, visit, Translator(language), _))
    except KioskError as exc:
        return _fail(_.message(exc.message), 1)
    return 0


def run_sign_out(args: argparse.Namespace) -> int:
    _ = Translator(args.lang or "en")
    token = args.token.strip()
    if not token:
        return _fail(_("Give the badge token, as printed under the QR code."))
    try:
        service = open_service(args.data_dir)
        visit = service.sign_out(service.visit_by_token(token).id, RECEPTION)
    except NotFound as exc:
        return _fail(_.message(exc.message), UNKNOWN)
    except KioskError as exc:
        return _fail(_.message(exc.message),
                     ALREADY_SIGNED_OUT if exc.code == "already_signed_out" else BAD_INPUT)
    print(_("Signed out {name} ({token}).", name=visit.name.full, token=visit.badge_token))
    return 0


def _as_json(visit: OnSiteVisit) -> dict[str, Any]:
    return {"visit_id": visit.visit_id, "given_name": visit.given_name,
            "family_name": visit.family_name, "company": visit.company, "host": visit.host,
            "signed_in_at": visit.signed_in_at.isoformat(timespec="seconds"),
            "plate": visit.plate, "plate_normalized": visit.plate_normalized,
            "badge_token": visit.badge_token, "kind": visit.kind, "event": visit.event}


def _as_row(visit: OnSiteVisit, today: datetime) -> str:
    moment = visit.signed_in_at
    shown = moment.strftime("%H:%M") if moment.date() == today.date() else moment.strftime("%Y-%m-%d %H:%M")
    name = PersonName(visit.given_name, visit.family_name, visit.family_first).full
    return "  ".join((shown, name, visit.company or "-", visit.host or visit.event or "-",
                      visit.plate or "-", visit.badge_token or "-"))


def run_on_site(args: argparse.Namespace) -> int:
    _ = Translator(args.lang or "en")
    terms = query_terms(args.search) if args.search is not None else None
    if args.search is not None and not terms:
        return _fail(_("Search with at least three letters of a name, or one CJK character."))
    try:
        service = open_service(args.data_dir)
        visits = on_site(service.db, service.config, terms, service.clock.now())
    except KioskError as exc:
        return _fail(_.message(exc.message))
    if args.json:
        print(json.dumps([_as_json(v) for v in visits], ensure_ascii=False, indent=2))
        return 0
    today = service.clock.now().astimezone(service.config.zone)
    for visit in visits:
        print(_as_row(visit, today))
    print(_("{count} on site.", count=len(visits)))
    return 0


def register(sub: argparse._SubParsersAction, print_badge: BadgePrinter) -> None:
    """Add `visit` and `on-site` to the command line; `print_badge` serves `--print`."""
    visit = sub.add_parser("visit", help="register a visitor at the desk, or sign one out",
                           description="Reception's visits: register (same rules as the "
                                       "kiosk's form) or sign out by badge token.")
    actions = visit.add_subparsers(dest="visit_command", metavar="ACTION", required=True)
    reg = actions.add_parser(
        "register", help="register a visitor at the desk",
        description="Register a visitor under the kiosk's validation and registry rules. The "
                    "consent record says reception handed over the notice and marketing was "
                    "not asked. Prints the visit id and the badge token; exits 2 with the "
                    "field's message on invalid input.")
    names = reg.add_mutually_exclusive_group()
    names.add_argument("--name", default=None, metavar="FULL",
                       help="the whole name as one piece (it is never split at a space)")
    names.add_argument("--given", default=None, metavar="G", help="given name(s)")
    reg.add_argument("--family", default="", metavar="F", help="family name (with --given)")
    reg.add_argument("--family-first", action="store_true",
                     help="the family name comes first (default: so for CJK names only)")
    reg.add_argument("--company", default="", metavar="C")
    reg.add_argument("--title", default="", metavar="T")
    reg.add_argument("--host", default="", metavar="NAME_OR_ID",
                     help="a host id, or a name that matches exactly one host")
    reg.add_argument("--type", default="guest", metavar="T",
                     help=f"kind of visit: {', '.join(VISITOR_TYPES)} (default: guest)")
    reg.add_argument("--email", default="", metavar="E")
    reg.add_argument("--phone", default="", metavar="P")
    reg.add_argument("--plate", default="", metavar="P", help="car registration, as on the plate")
    reg.add_argument("--print", action="store_true", help="print the badge on the kiosk's printer")
    reg.set_defaults(run=lambda args: run_register(args, print_badge))
    out = actions.add_parser(
        "sign-out", help="sign a visitor out by badge token",
        description="Sign a visitor out. Exits 0 when signed out, 3 when already signed out, "
                    "4 for an unknown badge, 2 on bad input.")
    out.add_argument("token", help="the badge token")
    out.set_defaults(run=run_sign_out)
    listing = sub.add_parser(
        "on-site", help="list who is on site now",
        description="List visitors at this site who have not signed out, optionally only "
                    "those whose name matches (as on the sign-out screen). Times are the "
                    "site's local time.")
    listing.add_argument("--search", default=None, metavar="TEXT", help="part of a name")
    listing.add_argument("--json", action="store_true",
                         help="a JSON array of objects instead of a table")
    listing.set_defaults(run=run_on_site)
