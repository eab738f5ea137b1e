"""Headless commands of the domain: `demo` and `setup`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.arguments import whole_number
from kiosk.company_setup import HostFileError, NOTICE_FILE, configure
from kiosk.demo import ensure_site_and_notice, load_demo_hosts, load_demo_visits
from kiosk.errors import KioskError, Message, N_
from kiosk.event_demo import load_demo_event
from kiosk.faults import BAD_INPUT
from kiosk.i18n import Translator
from kiosk.service import open_service

#: Upper bounds of the demo's counts: beyond them a typing mistake would run for hours.
MAX_DEMO_VISITS = 100_000
MAX_DEMO_DAYS = 3650
MAX_DEMO_ATTENDEES = 100_000


def translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def check_range(option: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise KioskError(Message(N_("{option} must be between {low} and {high}, not {value}."),
                                 {"option": option, "low": low, "high": high, "value": value}),
                         code="out_of_range")


def run_demo(args: argparse.Namespace) -> int:
    _ = translator(args)
    check_range("--visits", args.visits, 0, MAX_DEMO_VISITS)
    check_range("--days", args.days, 1, MAX_DEMO_DAYS)
    check_range("--attendees", args.attendees, 0, MAX_DEMO_ATTENDEES)
    service = open_service(args.data_dir)
    if service.config.configured:
        raise KioskError(Message(N_("This kiosk is set up for {company}; demo data is only for a "
                                    "demo kiosk."), {"company": service.config.company_name}),
                         code="not_a_demo")
    ensure_site_and_notice(service)
    hosts = load_demo_hosts(service)
    visits = load_demo_visits(service, args.visits, args.days) if args.visits else 0
    print(_("Loaded {hosts} hosts and {visits} visits into {folder}.",
            hosts=hosts, visits=visits, folder=str(args.data_dir)))
    if args.attendees:
        event = load_demo_event(service.db, args.attendees, service.clock.now())
        print(_("Loaded the event {id} with {attendees} attendees.", id=event.id,
                attendees=args.attendees))
    return 0


def run_setup(args: argparse.Namespace) -> int:
    _ = translator(args)
    service = open_service(args.data_dir)
    ensure_site_and_notice(service)
    try:
        report = configure(service, args.data_dir, args.company, args.site, args.notice_dir,
                           args.hosts)
    except HostFileError as exc:
        for line, problem in exc.problems:
            print(_("Line {line}: {problem}", line=line, problem=_.message(problem)), file=sys.stderr)
        print(_.message(exc.message), file=sys.stderr)
        return BAD_INPUT
    for notice in report.notices:
        print(_("Installed notice version {version} ({language}).", version=notice.version,
                language=notice.language))
    print(_("Imported {hosts} hosts and removed {demo} demo hosts.", hosts=report.hosts,
            demo=report.demo_hosts_removed))
    print(_("This kiosk is now {company}'s, at {site} (site id {site_id}).",
            company=service.config.company_name, site=service.config.site_name,
            site_id=report.site_id))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="load demo data: hosts and synthetic visits",
                          description="Load demo hosts and N synthetic visits over the last D days.")
    demo.add_argument("--visits", type=whole_number, default=0, metavar="N",
                      help=f"synthetic visits to add (0 to {MAX_DEMO_VISITS})")
    demo.add_argument("--days", type=whole_number, default=7, metavar="D",
                      help=f"spread them over the last D days (1 to {MAX_DEMO_DAYS})")
    demo.add_argument("--attendees", type=whole_number, default=0, metavar="M",
                      help=f"also load an event running now with M attendees (0 to {MAX_DEMO_ATTENDEES})")
    demo.set_defaults(run=run_demo)

    setup = sub.add_parser(
        "setup", help="turn a demo data folder into the company's kiosk",
        description="Install the company's own privacy notice, import its hosts, remove the demo "
                    "hosts and record that the kiosk is set up. Nothing changes when any input is "
                    "bad. Exits 2 on bad input.")
    setup.add_argument("--company", required=True, metavar="NAME", help="the company's name")
    setup.add_argument("--site", required=True, metavar="NAME",
                       help="the site's name; its id is made from it")
    setup.add_argument("--notice-dir", type=Path, default=None, metavar="DIR",
                       help=f"folder with the notice in each language: "
                            f"{NOTICE_FILE.format(language='<lang>')}")
    setup.add_argument("--hosts", type=Path, default=None, metavar="FILE.csv",
                       help="CSV with the columns name,email,phone,department")
    setup.set_defaults(run=run_setup)
