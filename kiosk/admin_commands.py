"""Headless commands of the admin console: PINs, audit, retention, exports, privacy rights, stats.

Each command does what the console screen of the same name does, for scripts,
cron and support staff; bad input gets one message and exit status 2.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk import audit, exports, processing_record, retention, rights, stats
from kiosk.access import Access, Role
from kiosk.arguments import iso_date
from kiosk.errors import KioskError
from kiosk.files import atomic_write
from kiosk.i18n import Translator
from kiosk.service import KioskService, open_service

BAD_INPUT = 2
Command = Callable[[argparse.Namespace, KioskService, Translator], int]


def _translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def _fail(text: str) -> int:
    print(text, file=sys.stderr)
    return BAD_INPUT


def _guarded(command: Command) -> Callable[[argparse.Namespace], int]:
    """Open the kiosk, run the command, and turn every deliberate error into message + exit 2."""
    def run(args: argparse.Namespace) -> int:
        _ = _translator(args)
        try:
            service = open_service(args.data_dir)
        except KioskError as exc:
            return _fail(_.message(exc.message))
        try:
            return command(args, service, _)
        except KioskError as exc:
            return _fail(_.message(exc.message))
        finally:
            service.db.close()
    return run


def _read_new_pin(args: argparse.Namespace, _: Translator) -> str | None:
    """The new PIN from stdin's first line, or asked twice without echo; None when they differ."""
    if args.pin_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass(_("New PIN for {role}: ", role=args.role))
    second = getpass.getpass(_("The same PIN again: "))
    return first if first == second else None


def set_pin(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    pin = _read_new_pin(args, _)
    if pin is None:
        return _fail(_("The two PINs differ; nothing was changed."))
    Access(service.db, service.clock, "admin:cli", args.data_dir).set_pin(Role(args.role), pin)
    print(_("The PIN for {role} is set.", role=args.role))
    return 0


def audit_verify(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    broken = audit.verify_witnessed(service.db, service.database_path.parent)
    if broken is not None:
        print(_.message(broken.message))
        return 1
    print(_.message(audit.whole(service.db)))
    return 0


def run_purge(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    report = retention.purge(service.db, service.config, service.clock.now(), "admin:cli",
                             dry_run=args.dry_run)
    print(_("Would remove:") if report.dry_run else _("Removed:"))
    for rule in retention.RULES:
        print(f"  {_(rule.label)}: {report.counts[rule.name]}")
    return 0


def run_export(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    wanted = exports.ExportFilter(args.start, args.end, args.site, args.event, args.type)
    count = exports.export(service.db, service.config, service.clock.now(), "admin:cli",
                           args.dataset, wanted, args.format, args.out, semicolon=args.semicolon)
    print(_("Exported {count} rows to {path}.", count=count, path=str(args.out)))
    return 0


def _subject(args: argparse.Namespace, service: KioskService) -> rights.Subject:
    return rights.find_subject(service.db, service.config, email=args.email or "",
                               phone=args.phone or "", name=args.name or "")


def run_subject(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    subject = _subject(args, service)
    now = service.clock.now()
    if args.subject_command == "export":
        document = rights.access_document(service.db, subject, now)
        pdf = args.out.suffix.lower() == ".pdf"
        atomic_write(args.out, args.pdfs().access_pdf(document, _) if pdf else rights.access_json(document))
        rights.record_access(service.db, subject, "admin:cli", now, now)
        print(_("Wrote {items} items about {records} records to {path}.",
                items=len(document["items"]), records=document["records"], path=str(args.out)))
    elif args.subject_command == "rectify":
        column, sep, value = args.set.partition("=")
        if not sep:
            return _fail(_("Write --set as FIELD=VALUE, for example company=Eksempel AS."))
        rights.rectify(service.db, service.config, subject, column.strip(), value, "admin:cli", now, now)
        print(_("Corrected {field} on {records} records.", field=column.strip(),
                records=len(subject.person_ids)))
    elif args.subject_command == "erase":
        kept = rights.erase(service.db, subject, "admin:cli", now, now)
        print(_("Erased {records} records; {visits} visits are kept without the person.",
                records=len(subject.person_ids), visits=kept))
    else:
        rights.object_to_marketing(service.db, service.config, service.suppression_secret, subject,
                                   "admin:cli", now, now)
        print(_("Recorded the objection to marketing for {records} records; the person is "
                "suppressed.", records=len(subject.person_ids)))
    return 0


def run_stats(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    today = service.clock.now().astimezone(service.config.zone).date()
    start, end = args.start or today - timedelta(days=30), args.end or today
    if end < start:
        return _fail(_("The end date is before the start date."))
    if args.out is not None:
        suffix = args.out.suffix.lower().lstrip(".")
        fmt = args.format or (suffix if suffix in exports.FORMATS else "csv")
        count = stats.export(service.db, service.config, service.clock.now(), "admin:cli", start, end,
                             fmt, args.out, semicolon=args.semicolon)
        print(_("Exported {count} rows to {path}.", count=count, path=str(args.out)))
        return 0
    if args.format is not None or args.semicolon:
        return _fail(_("Give --out FILE to write the figures to a file."))
    figures = stats.figures(service.db, service.config, start, end)
    print(_("Visits per day (site, visitor type); counts under 5 show as <5:"))
    for (day, site, kind), count in figures.per_day.items():
        print(f"  {day.isoformat()}  {site}  {kind}  {stats.label(count)}")
    print(_("Visits per week:"))
    for (week, site, kind), count in figures.per_week.items():
        print(f"  {week}  {site}  {kind}  {stats.label(count)}")
    print(_("Visits by hour of arrival:"))
    for hour, count in figures.per_hour.items():
        print(f"  {hour:02d}:00  {stats.label(count)}")
    print(_("Events (came of expected):"))
    for name, expected, came in figures.events:
        print(f"  {name}  {stats.label(came)} / {stats.label(expected)}")
    return 0


def run_record(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    if args.format == "md":
        data = processing_record.markdown(service.config, _).encode("utf-8")
    else:
        data = args.pdfs().processing_pdf(service.config, _)
    atomic_write(args.out, data)
    print(_("Wrote the record of processing to {path}.", path=str(args.out)))
    return 0


def _add_subject_commands(sub: argparse._SubParsersAction, pdfs: Callable[[], Any]) -> None:
    subject = sub.add_parser(
        "subject", help="answer a privacy-rights request: export, erase, object-marketing, rectify",
        description="Find a person by --email, --phone or --name and answer their request. "
                    "Every request goes to the rights log and the audit log.")
    actions = subject.add_subparsers(dest="subject_command", metavar="ACTION", required=True)
    helps = {"export": "everything stored about the person, to --out FILE (.json or .pdf)",
             "erase": "anonymise visits, delete contact data and every copy",
             "object-marketing": "record a withdrawal of marketing consent and suppress the person",
             "rectify": "correct a field: --set FIELD=VALUE"}
    for name, text in helps.items():
        action = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        found = action.add_mutually_exclusive_group(required=True)
        found.add_argument("--email")
        found.add_argument("--phone")
        found.add_argument("--name")
        if name == "export":
            action.add_argument("--out", type=Path, required=True, metavar="FILE")
        if name == "rectify":
            action.add_argument("--set", required=True, metavar="FIELD=VALUE",
                                help=f"one of {', '.join(rights.RECTIFIABLE)}")
        action.set_defaults(run=_guarded(run_subject), pdfs=pdfs)


def register(sub: argparse._SubParsersAction, pdfs: Callable[[], Any]) -> None:
    """Add the admin commands; `pdfs` loads the PDF renderer (printing/) only when one is asked for."""

    admin = sub.add_parser("admin", help="console access: set the PIN of a role",
                           description="Console access. `admin set-pin` sets the PIN of a role.")
    admin_sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    pin = admin_sub.add_parser(
        "set-pin", help="set the PIN of a role (asks twice)",
        description="Set the PIN (6 digits or more) of a role. Asks twice without echo; "
                    "--pin-stdin reads it from the first line of standard input, for scripts.")
    pin.add_argument("--role", choices=[r.value for r in Role], default=Role.ADMIN.value,
                     help="whose PIN: admin (the console), supervisor or steward (event staff)")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    pin.set_defaults(run=_guarded(set_pin))

    log = sub.add_parser("audit", help="check the audit log's hash chain",
                         description="`audit verify` checks that no audit entry was changed or "
                                     "removed: exit 0 when whole, 1 naming the first broken entry. "
                                     "A whole log leaves a witness (audit-witness.json) beside "
                                     "the database, which the next check holds the log to.")
    log_sub = log.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = log_sub.add_parser("verify", help="check the hash chain",
                                description="Walk the audit log's hash chain from the start.")
    verify.set_defaults(run=_guarded(audit_verify))

    purge = sub.add_parser("purge", help="apply the retention rules",
                           description="Remove what the retention rules say has been kept long "
                                       "enough, and print the counts per kind of record.")
    purge.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    purge.set_defaults(run=_guarded(run_purge))

    export = sub.add_parser(
        "export", help="export visits, check-ins, consent events, the print log or the audit log",
        description="Export a log for the days from --from to --to (both included, the site's "
                    "days) as CSV (UTF-8 with BOM), XLSX or JSON. The export is audited.")
    export.add_argument("dataset", choices=sorted(exports.DATASETS))
    export.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    export.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    export.add_argument("--format", choices=exports.FORMATS, required=True)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--semicolon", action="store_true",
                        help="separate CSV columns by semicolons (Nordic Excel)")
    export.add_argument("--site", help="only this site id")
    export.add_argument("--event", help="only this event id")
    export.add_argument("--type", help="only this type (visitor type, decision, result, action)")
    export.set_defaults(run=_guarded(run_export))

    _add_subject_commands(sub, pdfs)

    figures = sub.add_parser("stats", help="visits and attendance figures; counts under 5 suppressed",
                             description="Visits per day and week by site and visitor type, arrivals "
                                         "by hour and event attendance (default: the last 30 days).")
    figures.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    figures.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    figures.add_argument("--out", type=Path, metavar="FILE",
                         help="write the figures to this file instead (suppressed as shown)")
    figures.add_argument("--format", choices=exports.FORMATS,
                         help="the file's format (default: from its suffix, else csv)")
    figures.add_argument("--semicolon", action="store_true", help="CSV with ; for Nordic Excel")
    figures.set_defaults(run=_guarded(run_stats))

    rop = sub.add_parser("record-of-processing", help="the record of processing, from the registry",
                         description="Write the record of processing (category, purpose, legal "
                                     "basis, retention, recipients, safeguards) as Markdown or PDF.")
    rop.add_argument("--format", choices=("md", "pdf"), required=True)
    rop.add_argument("--out", type=Path, required=True, metavar="FILE")
    rop.set_defaults(run=_guarded(run_record), pdfs=pdfs)

