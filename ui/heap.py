"""Keeping Python's full garbage collections short, so that none shows as a stalled frame.

A full collection walks every object the collector tracks. With the kiosk's screens,
Qt bindings and an event's door loaded that is over 100,000 objects and tens of
milliseconds, a visible stall every minute or so at a busy door. What exists once a
screen is up lives as long as the kiosk, so `settle()` moves it out of the collector's
sight (`gc.freeze`): later full collections walk only what came after. Freezing costs
no pause of its own.
"""
from __future__ import annotations

import gc


def settle() -> None:
    """Call once a long-lived screen is up: everything made so far stays for the kiosk's life."""
    gc.freeze()
