"""Headless commands of the domain: `demo` and `admin set-pin`."""
from __future__ import annotations

import argparse

from kiosk.demo import ensure_site_and_notice, load_demo_hosts, load_demo_visits
from kiosk.event_demo import load_demo_event
from kiosk.i18n import Translator
from kiosk.service import open_service


def translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def positive(text: str) -> int:
    """An argparse type for counts, refusing negatives with a plain message."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def run_demo(args: argparse.Namespace) -> int:
    _ = translator(args)
    service = open_service(args.data_dir)
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


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="load demo data: hosts and synthetic visits",
                          description="Load demo hosts and N synthetic visits over the last D days.")
    demo.add_argument("--visits", type=positive, default=0, metavar="N")
    demo.add_argument("--days", type=positive, default=7, metavar="D")
    demo.add_argument("--attendees", type=positive, default=0, metavar="M",
                      help="also load an event running now with M attendees")
    demo.set_defaults(run=run_demo)

