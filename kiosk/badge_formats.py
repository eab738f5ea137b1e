"""The names of the badge formats, so that the settings can be checked without loading printing.

printing/formats.py describes each format (page, layout, print options) under these
names; a test keeps the two in step.
"""
from __future__ import annotations

DEFAULT_BADGE_FORMAT = "brother-dk11202"
BADGE_FORMAT_IDS: tuple[str, ...] = (
    DEFAULT_BADGE_FORMAT, "roll-62", "cr80", "dymo-99014", "a6", "a4-8")
