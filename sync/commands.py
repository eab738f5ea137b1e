"""Headless commands of sync: `enroll`, `sync`, and `server` with its admin jobs.

The module sits in sync/ rather than kiosk/ because the domain must not import
sync (import-linter's layers); main.py registers it beside printing's commands.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.clock import SystemClock
from kiosk.config import KioskConfig, load_config, read_config
from kiosk import datafolder
from kiosk.arguments import NOT_A_PORT, NOT_SECONDS, iso_date, number_within, whole_number
from kiosk.commands import check_range
from kiosk.errors import KioskError, Message, N_
from kiosk.files import atomic_write
from kiosk.i18n import Translator
from kiosk.service import open_service
from sync.settings import DEFAULT_INTERVAL_S, SyncSettings, load_settings

BAD_INPUT = 2
#: The longest an enrollment code (a month) and an admin token (ten years) may be made to last.
MAX_CODE_MINUTES = 30 * 24 * 60
MAX_TOKEN_DAYS = 3650
NOT_SYNCED = 1
#: Seconds between a venue laptop's forwarding rounds when the network is fine.
FORWARD_INTERVAL_S = 2.0


class CommandError(KioskError):
    code = "bad_input"


def _translator(args: argparse.Namespace) -> Translator:
    return Translator(args.lang or "en")


def _guarded(run: Any) -> Any:
    """Every KioskError becomes one translated message and exit status 2."""
    def wrapper(args: argparse.Namespace) -> int:
        _ = _translator(args)
        try:
            return int(run(args, _))
        except KioskError as exc:
            print(_.message(exc.message), file=sys.stderr)
            return BAD_INPUT
    return wrapper


def _port(text: str) -> int:
    return number_within(text, int, NOT_A_PORT, 0, 65535)


def _seconds(text: str) -> float:
    return number_within(text, float, NOT_SECONDS, 0.2, 3600)


def run_enroll(args: argparse.Namespace, _: Translator) -> int:
    from sync.enrollment import enroll_kiosk

    open_service(args.data_dir).db.close()  # a damaged data folder is named before the network
    settings = enroll_kiosk(args.data_dir, args.server, args.code, args.ca_file, args.interval)
    print(_("Enrolled kiosk {kiosk} at site {name} ({site}) with {server}.",
            kiosk=settings.kiosk_id, name=load_config(args.data_dir).site_name,
            site=settings.site_id, server=settings.server))
    return 0


def _enrolled(args: argparse.Namespace) -> SyncSettings:
    settings = load_settings(args.data_dir)
    if settings is None:
        raise CommandError(Message(N_("This kiosk is not enrolled; run enroll --server URL "
                                      "--code CODE first.")))
    return settings


def run_sync(args: argparse.Namespace, _: Translator) -> int:
    if args.sync_command:
        return int(args.sync_run(args, _))
    from sync.rounds import run_round

    db = open_service(args.data_dir).db
    try:
        settings = _enrolled(args)
    except CommandError:
        db.close()
        raise
    try:
        result = run_round(db, settings, SystemClock().now(), force=True, data_dir=args.data_dir)
    finally:
        db.close()
    print(_("Uploaded {uploaded}, downloaded {downloaded}, failed {failed}.",
            uploaded=result.uploaded, downloaded=result.downloaded, failed=result.failed))
    if result.error:
        print(_.message(result.error), file=sys.stderr)
        return BAD_INPUT if result.refused else NOT_SYNCED
    return 0


def run_publish_event(args: argparse.Namespace, _: Translator) -> int:
    from sync.client import CentralClient, Refused, Unavailable
    from sync.publish import publish_event

    service = open_service(args.data_dir)
    try:
        settings = _enrolled(args)
        if not args.admin_token:
            raise CommandError(Message(N_("Publishing needs an admin token: give --admin-token "
                                          "or set KIOSK_ADMIN_TOKEN (from server admin-token).")))
        with CentralClient(settings.server, args.admin_token, settings.ca_file) as admin:
            try:
                sent = publish_event(service.db, admin, settings.site_id, args.event)
            except Unavailable as exc:
                print(_.message(exc.message), file=sys.stderr)
                return NOT_SYNCED
            except Refused as exc:  # the admin token, not this kiosk's enrollment
                raise CommandError(Message(N_(
                    "The central service refused the admin token; make a new one with `kiosk "
                    "server admin-token` on the service."))) from exc
    finally:
        service.db.close()
    print(_("Published event {event} with {count} records to {server}.", event=args.event,
            count=sent, server=settings.server))
    return 0


def _engine(args: argparse.Namespace) -> Any:
    from sync.database import database_url, open_central

    datafolder.prepare(args.data_dir)
    return open_central(database_url(args.data_dir, args.db))


@contextlib.contextmanager
def _central(args: argparse.Namespace) -> Iterator[Any]:
    """One transaction of an admin job. A fault met after the database opened (a full disk,
    a damaged page, the server gone) is the admin's message, as it is at opening."""
    from sqlalchemy.exc import DBAPIError

    from sync.database import unreachable

    engine = _engine(args)
    try:
        with engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        raise unreachable(engine, exc) from exc
    finally:
        engine.dispose()


def run_server(args: argparse.Namespace, _: Translator) -> int:
    if args.server_command:
        return int(args.server_run(args, _))
    from sync.server import serve

    if not args.host.strip():  # the socket would take it as every address of the machine
        raise CommandError(Message(N_("--host must be an address to listen on, such as "
                                      "127.0.0.1.")))
    engine = _engine(args)

    # An IPv6 address goes in brackets, or the URL would read its last group as the port.
    host = f"[{args.host}]" if ":" in args.host else args.host

    def ready(port: int) -> None:
        print(_("Central service listening on http://{host}:{port}", host=host, port=port),
              flush=True)

    serve(engine, args.host, args.port, ready, background=_forwarder(args, engine))
    return 0


def _forwarder(args: argparse.Namespace, engine: Any) -> Any:
    """With --forward-to, the venue laptop's push and pull to the central service."""
    if not args.forward_to:
        return None
    from sync.client import CentralClient
    from sync.forward import Forwarding, forward

    if not args.forward_to.startswith(("https://", "http://")):
        raise CommandError(Message(N_("--forward-to must be an https:// URL, not {url}"),
                                   {"url": args.forward_to}))
    if args.forward_ca_file and not Path(args.forward_ca_file).is_file():
        raise CommandError(Message(N_("The CA file {path} does not exist."),
                                   {"path": args.forward_ca_file}))
    CentralClient(args.forward_to, ca_file=args.forward_ca_file).close()  # a CA file that is not PEM
    token = args.forward_token or _venue_token(args)
    settings = Forwarding(args.forward_to, token, args.forward_ca_file, args.forward_interval)
    return lambda stopping: forward(engine, settings, stopping)


def _venue_token(args: argparse.Namespace) -> str:
    """The token from --forward-code (exchanged now, then kept) or from an earlier start."""
    from sync.forward import exchange_code, saved_token

    if args.forward_code:
        return exchange_code(args.data_dir, args.forward_to, args.forward_code,
                             args.forward_ca_file)
    token = saved_token(args.data_dir, args.forward_to)
    if not token:
        raise CommandError(Message(N_("--forward-to needs --forward-code CODE once (a code from "
                                      "`kiosk server enroll --site VENUE` on the central "
                                      "service), or --forward-token TOKEN.")))
    return token


def check_site_id(site: str) -> None:
    """A site id as kiosks carry it: what `setup` makes of a site's name, at most MAX_ID long."""
    from kiosk.company_setup import site_id_for
    from sync.kinds import MAX_ID

    if site_id_for(site) != site:
        raise CommandError(Message(N_("--site must be a site id such as {example}: lower-case "
                                      "letters, digits and dashes."),
                                   {"example": site_id_for(site) if site.strip() else "oslo-hq"}))
    if len(site) > MAX_ID:
        raise CommandError(Message(N_("--site may be at most {count} characters long."),
                                   {"count": MAX_ID}))


def run_server_enroll(args: argparse.Namespace, _: Translator) -> int:
    from sync.access import issue_code
    from sync.kinds import MAX_SITE_NAME

    check_site_id(args.site)
    name = args.name.strip() if args.name is not None else None
    if name is not None and not (name and name.isprintable() and len(name) <= MAX_SITE_NAME):
        raise CommandError(Message(N_("--name must be the site's name on one line, as its kiosks "
                                      "show it, such as \"Oslo HQ\", at most {count} characters."),
                                   {"count": MAX_SITE_NAME}))
    check_range("--valid-minutes", args.valid_minutes, 1, MAX_CODE_MINUTES)
    with _central(args) as conn:
        code = issue_code(conn, args.site, SystemClock().now(),
                          timedelta(minutes=args.valid_minutes), site_name=name)
    print(code)
    return 0


def run_admin_token(args: argparse.Namespace, _: Translator) -> int:
    from sync.access import issue_admin_token

    check_range("--valid-days", args.valid_days, 0, MAX_TOKEN_DAYS)
    with _central(args) as conn:
        print(issue_admin_token(conn, SystemClock().now(),
                                timedelta(days=args.valid_days) if args.valid_days else None))
    return 0


def run_revoke(args: argparse.Namespace, _: Translator) -> int:
    from sync.access import revoke

    if not args.kiosk.strip():
        raise CommandError(Message(N_("--kiosk must be the kiosk's id (kiosk.toml's kiosk_id).")))
    with _central(args) as conn:
        count = revoke(conn, args.kiosk, SystemClock().now())
    if not count:
        raise CommandError(Message(N_("No kiosk {kiosk} holds a token that is not revoked "
                                      "already; check the kiosk id (kiosk.toml's kiosk_id)."),
                                   {"kiosk": args.kiosk}))
    print(_("Tokens of {kiosk} revoked: {count}.", count=count, kiosk=args.kiosk))
    return 0


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """As the kiosk's own exports: a text cell a spreadsheet would run is written as text."""
    from kiosk.exports import neutralise

    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()}
                     for row in rows)
    return out.getvalue().encode("utf-8")


def run_export(args: argparse.Namespace, _: Translator) -> int:
    from sync.reports import EXPORT_COLUMNS, export_rows, note

    if args.start > args.end:
        raise CommandError(Message(N_("--from must not be after --to.")))
    if args.site is not None:
        check_site_id(args.site)
    with _central(args) as conn:
        rows = export_rows(conn, args.what, args.start, args.end, args.site,
                           company_settings(args.data_dir).zone)
        data = _csv(EXPORT_COLUMNS[args.what], rows) if args.format == "csv" else json.dumps(
            rows, ensure_ascii=False, indent=2).encode("utf-8")
        atomic_write(args.out, data)
        note(conn, "admin", f"export.{args.what}", {"rows": len(rows), "site": args.site,
                                                   "from": str(args.start), "to": str(args.end)},
             SystemClock().now())
    print(len(rows))
    return 0


def company_settings(data_dir: Path) -> KioskConfig:
    """The company's settings for the service (its retention periods, its time zone): the
    kiosk.toml in the service's data folder, checked as a kiosk checks its own; the kiosks'
    defaults without one."""
    return read_config(data_dir) or KioskConfig()


def run_purge(args: argparse.Namespace, _: Translator) -> int:
    from sync.reports import purge

    with _central(args) as conn:
        removed = purge(conn, company_settings(args.data_dir).retention, SystemClock().now(),
                        args.dry_run)
    text = N_("Would remove {count} {kind} records.") if args.dry_run else \
        N_("Removed {count} {kind} records.")
    for kind, count in removed.items():
        print(_(text, count=count, kind=kind))
    return 0


def run_conflicts(args: argparse.Namespace, _: Translator) -> int:
    from sync.reports import conflicts

    with _central(args) as conn:
        found = conflicts(conn, args.event)
    for item in found:
        print(_("Ticket {attendee} of event {event} was checked in {count} times:",
                attendee=item["attendee_id"], event=item["event_id"], count=len(item["checkins"])))
        for checkin in item["checkins"]:
            print("  " + _("door {door}, scanned {scanned}, received {received}",
                           door=checkin["door"], scanned=checkin["scanned_at"],
                           received=checkin["received_at"]))
    return 0


def _db_option(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--db", metavar="URL", default=default,
                        help="postgresql://user:password@host/database "
                             "(default: central.sqlite3 in the data folder)")


def register(sub: argparse._SubParsersAction) -> None:
    enroll = sub.add_parser("enroll", help="enroll this kiosk with the central service",
                            description="Exchange a one-time code from `server enroll` for this "
                                        "kiosk's token and the company's suppression key.")
    enroll.add_argument("--server", required=True, metavar="URL")
    enroll.add_argument("--code", required=True)
    enroll.add_argument("--ca-file", metavar="FILE", default="",
                        help="the CA certificate that signed the service's certificate")
    enroll.add_argument("--interval", type=_seconds, default=DEFAULT_INTERVAL_S, metavar="S",
                        help="seconds between background rounds (about 1 at an event door)")
    enroll.set_defaults(run=_guarded(run_enroll))

    sync = sub.add_parser("sync", help="one sync round with the central service",
                          description="Send the outbox and fetch what changed; prints uploaded, "
                                      "downloaded and failed counts. With a job, does that job.")
    sync.set_defaults(run=_guarded(run_sync), sync_command=None)
    sync_jobs = sync.add_subparsers(dest="sync_command", metavar="JOB")
    publish = sync_jobs.add_parser("publish-event",
                                   help="publish an event and its attendee list for every door")
    publish.add_argument("--event", required=True, metavar="ID")
    publish.add_argument("--admin-token", default=os.environ.get("KIOSK_ADMIN_TOKEN", ""),
                         metavar="TOKEN", help="an admin token (default: KIOSK_ADMIN_TOKEN)")
    publish.set_defaults(sync_run=run_publish_event)

    server = sub.add_parser("server", help="run the central service, or one of its admin jobs",
                            description="Run the central service (SQLite in the data folder "
                                        "unless --db names PostgreSQL), or an admin job.")
    _db_option(server, None)
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=_port, default=8765)
    server.add_argument("--forward-to", metavar="URL", default=None,
                        help="a venue laptop: forward to this central service when it can")
    server.add_argument("--forward-token", metavar="TOKEN",
                        default=os.environ.get("KIOSK_FORWARD_TOKEN", ""),
                        help="the central service's kiosk token for the venue's site "
                             "(default: KIOSK_FORWARD_TOKEN)")
    server.add_argument("--forward-code", metavar="CODE", default="",
                        help="a one-time code of the central service for the venue's site; "
                             "exchanged once, the token is kept in forward.json")
    server.add_argument("--forward-ca-file", metavar="FILE", default="")
    server.add_argument("--forward-interval", type=_seconds, default=FORWARD_INTERVAL_S,
                        metavar="S", help="seconds between forwarding rounds")
    server.set_defaults(run=_guarded(run_server), server_command=None)
    jobs = server.add_subparsers(dest="server_command", metavar="JOB")

    enroll_job = jobs.add_parser("enroll", help="issue a one-time enrollment code for a kiosk")
    enroll_job.add_argument("--site", required=True)
    enroll_job.add_argument("--name", default=None,
                            help="the site's name, which the kiosks it enrolls show (such as "
                                 "\"Oslo HQ\")")
    enroll_job.add_argument("--valid-minutes", type=whole_number, default=24 * 60,
                            metavar="M", help="minutes until the code expires (default: a day)")
    enroll_job.set_defaults(server_run=run_server_enroll)

    token = jobs.add_parser("admin-token", help="issue a token for the admin endpoints")
    token.add_argument("--valid-days", type=whole_number, default=0, metavar="D",
                       help="days until the token expires (default 0: until revoked)")
    token.set_defaults(server_run=run_admin_token)

    revoke = jobs.add_parser("revoke", help="revoke every token of a kiosk")
    revoke.add_argument("--kiosk", required=True)
    revoke.set_defaults(server_run=run_revoke)

    export = jobs.add_parser("export", help="export visits or check-ins across sites")
    export.add_argument("what", choices=("visits", "checkins"))
    export.add_argument("--from", dest="start", type=iso_date, required=True)
    export.add_argument("--to", dest="end", type=iso_date, required=True)
    export.add_argument("--site", default=None)
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(server_run=run_export)

    purge = jobs.add_parser("purge", help="apply the retention rules centrally (audited)")
    purge.add_argument("--dry-run", action="store_true")
    purge.set_defaults(server_run=run_purge)

    conflicts = jobs.add_parser("conflicts", help="tickets checked in more than once")
    conflicts.add_argument("--event", default=None)
    conflicts.set_defaults(server_run=run_conflicts)
    for job in (enroll_job, token, revoke, export, purge, conflicts):
        _db_option(job, argparse.SUPPRESS)
