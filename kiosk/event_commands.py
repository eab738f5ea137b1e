"""Headless commands for events: `events`, `attendees import` and `checkin`."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk import checkin, events
from kiosk.errors import KioskError
from kiosk.i18n import Translator
from kiosk.import_files import read_list
from kiosk.importers import FORMATS, import_attendees
from kiosk.other_doors import as_recorded
from kiosk.service import KioskService, open_service

BAD_INPUT = 2
#: Importing nothing at all is a failure a script must notice.
NOTHING_IMPORTED = 1


def _translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def _guarded(run: Callable[[argparse.Namespace, KioskService, Translator], int]) -> Callable[[argparse.Namespace], int]:
    """Open the kiosk and turn every domain error into one admin message and exit status 2."""
    def command(args: argparse.Namespace) -> int:
        _ = _translator(args)
        try:
            return run(args, open_service(args.data_dir), _)
        except KioskError as exc:
            errors = getattr(exc, "errors", {"": exc.message})
            for message in errors.values():
                print(_.message(message), file=sys.stderr)
            return BAD_INPUT
    return command


def _local(moment: datetime, service: KioskService) -> str:
    return moment.astimezone(service.config.zone).strftime("%Y-%m-%d %H:%M")


def _settings(args: argparse.Namespace, service: KioskService) -> dict[str, object]:
    """The event settings given on the command line, parsed in the site's time zone."""
    texts = {"name": args.name, "venue": args.venue, "badge_format": args.badge_format,
             "starts_at": args.start, "ends_at": args.end, "checkin_opens_at": args.checkin_opens,
             "checkin_closes_at": args.checkin_closes, "auto_checkout_at": args.auto_checkout,
             "door_mode": args.door_mode, "offline_policy": args.offline_policy,
             "result_sound": args.sound}
    return events.settings_from_text(texts, service.config.zone)


def run_create(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    event = events.event_with(None, _settings(args, service))
    events.save_event(service.db, event, service.clock.now())
    print(event.id)
    return 0


def run_edit(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    event = events.event_with(events.get_event(service.db, args.id), _settings(args, service))
    events.save_event(service.db, event, service.clock.now())
    print(_("Event {name} saved.", name=event.name))
    return 0


def run_list(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    for summary in events.list_events(service.db):
        event = summary.event
        print("\t".join((event.id, event.name, _local(event.starts_at, service),
                         _local(event.ends_at, service), f"{summary.checked_in}/{summary.expected}")))
    return 0


def run_import(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    data = read_list(Path(args.file))
    report = import_attendees(service.db, args.event, data, service.clock.now(), "admin:cli",
                              file_format=args.format, overrides=args.map)
    print(_("Imported {imported}, updated {updated}, rejected {rejected}.",
            imported=report.imported, updated=report.updated, rejected=len(report.rejected)))
    for rejected in report.rejected:
        print(_("Line {line}: {reason}", line=rejected.line, reason=_.message(rejected.reason)))
    return 0 if report.imported or report.updated else NOTHING_IMPORTED


def describe(result: checkin.CheckinResult, event: events.Event, _: Translator,
             local: Callable[[datetime], str]) -> str:
    """One line for a check-in result, as the door screen says it."""
    params: dict[str, object] = {"opens": local(event.checkin_opens_at),
                                 "closes": local(event.checkin_closes_at)}
    if result.attendee:
        params["name"] = result.attendee.name.full
    if result.previous:
        params.update(time=local(result.previous.scanned_at), door=result.previous.door)
    return _(checkin.RESULT_TEXTS[result.result], **params)


def run_checkin(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    event = events.get_event(service.db, args.event)
    now = service.clock.now()
    checkin.auto_check_out(service.db, event, now, service.config.kiosk_id)
    known = as_recorded(service.db, service.data_dir).known(now)
    result = checkin.check_in(service.db, event, args.code, now,
                              checkin.Door(service.config.kiosk_id, args.door), others_known=known)
    line = describe(result, event, _, lambda m: _local(m, service))
    if result.warning:
        line += " " + _(checkin.UNSURE_WARNING)
    print(f"{result.result}: {line}")
    return checkin.EXIT_STATUS[result.result]


def _event_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--name", required=required, metavar="N")
    parser.add_argument("--start", required=required, metavar="ISO",
                        help="start, e.g. 2026-05-04T09:00 (the site's time zone unless an offset is given)")
    parser.add_argument("--end", required=required, metavar="ISO")
    parser.add_argument("--venue", default=None)
    parser.add_argument("--checkin-opens", metavar="ISO", help="default: two hours before the start")
    parser.add_argument("--checkin-closes", metavar="ISO", help="default: the end")
    parser.add_argument("--badge-format", default=None, metavar="F")
    parser.add_argument("--door-mode", choices=[m.value for m in events.DoorMode])
    parser.add_argument("--offline-policy", choices=[p.value for p in events.OfflinePolicy],
                        help="what a door does while other doors' check-ins may be missing")
    parser.add_argument("--auto-checkout", metavar="ISO", help="check everyone out at this time")
    parser.add_argument("--sound", choices=("on", "off"),
                        help="a short sound with each answer at the door (default: off)")


def register(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("events", help="create, edit and list events",
                        description="Create, edit and list events.")
    ev_sub = ev.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    create = ev_sub.add_parser("create", help="create an event; prints its id alone",
                               description="Create an event and print its id alone on stdout.")
    _event_options(create, required=True)
    create.set_defaults(run=_guarded(run_create))
    edit = ev_sub.add_parser("edit", help="change an event's settings",
                             description="Change the settings of an event.")
    edit.add_argument("id")
    _event_options(edit, required=False)
    edit.set_defaults(run=_guarded(run_edit))
    listing = ev_sub.add_parser("list", help="list events with checked in / expected",
                                description="One line per event: id, name, start, end, "
                                            "checked in / expected.")
    listing.set_defaults(run=_guarded(run_list))

    att = sub.add_parser("attendees", help="import attendee lists",
                         description="Import attendee lists into an event.")
    att_sub = att.add_subparsers(dest="attendees_command", metavar="ACTION", required=True)
    imp = att_sub.add_parser(
        "import", help="import an Eventbrite, pretix or spreadsheet list",
        description="Import a list (CSV or XLSX). Prints the imported, updated and rejected counts, "
                    "then one line per rejected row. Exits 1 only when nothing was imported.")
    imp.add_argument("--event", required=True, metavar="ID")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--format", choices=FORMATS, default="auto")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="say which field a column holds, overriding the guess (repeatable)")
    imp.set_defaults(run=_guarded(run_import))

    chk = sub.add_parser("checkin", help="check in a ticket code",
                         description="Check in a ticket code. Exit status: 0 ok, 3 already checked "
                                     "in, 4 unknown code, 5 not valid now, 6 cancelled, 7 ambiguous, "
                                     "9 unsure.")
    chk.add_argument("--event", required=True, metavar="ID")
    chk.add_argument("--door", default="main", help="the door's name (default: main)")
    chk.add_argument("code", metavar="CODE")
    chk.set_defaults(run=_guarded(run_checkin))
