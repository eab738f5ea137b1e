"""Headless commands of the admin console: PINs, audit, retention, exports, privacy rights, stats.

Each command does what the console screen of the same name does, for scripts,
cron and support staff; bad input gets one message and exit status 2.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from kiosk import audit, retention
from kiosk.access import Access, Role
from kiosk.errors import KioskError
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
    broken = audit.verify(service.db)
    if broken is not None:
        print(_.message(broken.message))
        return 1
    count = service.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    print(_("The audit log is whole: {count} entries.", count=count))
    return 0


def run_purge(args: argparse.Namespace, service: KioskService, _: Translator) -> int:
    report = retention.purge(service.db, service.config, service.clock.now(), "admin:cli",
                             dry_run=args.dry_run)
    print(_("Would remove:") if report.dry_run else _("Removed:"))
    for rule in retention.RULES:
        print(f"  {_(rule.label)}: {report.counts[rule.name]}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
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
                                     "removed: exit 0 when whole, 1 naming the first broken entry.")
    log_sub = log.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = log_sub.add_parser("verify", help="check the hash chain",
                                description="Walk the audit log's hash chain from the start.")
    verify.set_defaults(run=_guarded(audit_verify))

    purge = sub.add_parser("purge", help="apply the retention rules",
                           description="Remove what the retention rules say has been kept long "
                                       "enough, and print the counts per kind of record.")
    purge.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    purge.set_defaults(run=_guarded(run_purge))

