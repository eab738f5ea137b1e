"""Entry point of the kiosk: the touchscreen without a command, an admin's job with one."""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from kiosk import admin_commands, commands, event_commands, visit_commands
from kiosk.config import default_data_dir
from kiosk.i18n import LANGUAGES
from printing import commands as printing_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Visitor and event registration kiosk.")
    parser.add_argument("--data-dir", type=Path, default=None,
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.data_dir = args.data_dir or default_data_dir()
    if args.command:
        return int(args.run(args))
    from ui.launch import run_kiosk, screenshot_tour  # Qt loads only for the screens

    if args.screenshot_tour:
        return screenshot_tour(args.screenshot_tour)
    return run_kiosk(args.data_dir, windowed=args.windowed, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
