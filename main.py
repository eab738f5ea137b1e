"""Entry point of the kiosk: the touchscreen without a command, an admin's job with one."""
from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from pathlib import Path

from kiosk import admin_commands, commands, event_commands, visit_commands
from kiosk.arguments import parser_class, requested_language
from kiosk.config import default_data_dir
from kiosk.datafolder import data_dir_argument
from kiosk.db import fault
from kiosk.errors import KioskError
from kiosk.faults import BAD_INPUT, for_admin
from kiosk.i18n import LANGUAGES, SOURCE_LANGUAGE, Translator
from printing import commands as printing_commands
from sync import commands as sync_commands


def build_parser(language: str = SOURCE_LANGUAGE) -> argparse.ArgumentParser:
    """The command line; its refusals are in `language` (kiosk/arguments.py)."""
    parser = parser_class(language)(
        prog="kiosk", description="Visitor and event registration kiosk.")
    parser.add_argument("--data-dir", default=None, metavar="DIR",
                        help="data folder (default: KIOSK_DATA_DIR or the platform's data folder)")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=None,
                        help="language of messages and of the first screen")
    parser.add_argument("--windowed", action="store_true",
                        help="run in a window instead of full screen (for development)")
    parser.add_argument("--screenshot-tour", type=Path, metavar="OUT", default=None,
                        help="save a PNG of every screen in every language under OUT and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.register(sub)
    event_commands.register(sub)
    printing_commands.register(sub)
    visit_commands.register(sub, printing_commands.print_visit_badge)
    admin_commands.register(sub, pdfs=lambda: importlib.import_module("printing.documents"))
    sync_commands.register(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.command:
        return int(args.run(args))
    from ui.launch import run_kiosk, screenshot_tour  # Qt loads only for the screens

    if args.screenshot_tour:
        return screenshot_tour(args.screenshot_tour)
    return run_kiosk(args.data_dir, windowed=args.windowed, language=args.lang)


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk or a command; every fault the kiosk knows ends as one message for the
    admin and exit status 2 (argparse's own refusals exit 2 as well)."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(requested_language(argv)).parse_args(argv)
    # A command prints its own message for the admin; the touchscreen's and the central
    # service's admins read the log.
    serving = args.command == "server" and not getattr(args, "server_command", None)
    logging.basicConfig(level=logging.ERROR if args.command and not serving else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    translate = Translator(args.lang or "en")
    data_dir = default_data_dir() if args.data_dir is None else None
    try:
        args.data_dir = data_dir or data_dir_argument(args.data_dir)
        return run(args)
    except KioskError as exc:
        error = exc
    except sqlite3.DatabaseError as exc:  # a read outside the service's guard
        error = fault(exc)
    print(translate.message(for_admin(error, args.data_dir or Path())), file=sys.stderr)
    return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
