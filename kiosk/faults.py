"""One answer for an admin to any fault the kiosk raises on purpose."""
from __future__ import annotations

from pathlib import Path

from kiosk.config import DATABASE_NAME
from kiosk.db import DatabaseFault, admin_message
from kiosk.errors import KioskError, Message

#: The exit status of a command refused for bad input or an everyday fault, as argparse uses.
BAD_INPUT = 2


def for_admin(error: KioskError, data_dir: Path) -> Message:
    """The message an admin needs: a database fault raised while working carries the visitor's
    "ask reception", which is no answer for the person who is reception."""
    if isinstance(error, DatabaseFault):
        return admin_message(error, data_dir / DATABASE_NAME)
    return error.message
