"""Headless commands of printing: `badge` and `print` (filled in with the badges issue)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the printing commands to the command line."""
