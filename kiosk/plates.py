"""Car registrations: kept as typed for people, normalised for matching at the gate."""
from __future__ import annotations

import unicodedata

from kiosk.errors import Message, N_
from kiosk.registry import max_length
from kiosk.text import text_problem, tidy

MIN_LENGTH = 2
MAX_NORMALIZED = 10


def normalize_plate(typed: str) -> str:
    """Upper case without spaces or hyphens, keeping Æ, Ø, Å and other letters.

    "ab 12-345" and "AB12345" are the same car; the gate camera and the
    parking list compare this form.
    """
    # Upper case can decompose a letter ("ΐ" becomes three code points) and dropping a
    # hyphen can bring a letter and its accent together: compose last, so that
    # normalising twice gives the same text.
    kept = "".join(ch for ch in tidy(typed).upper() if not ch.isspace() and ch not in "-‐‑–")
    return unicodedata.normalize("NFC", kept)


def plate_problem(typed: str) -> Message | None:
    """Why a typed registration cannot be a plate, or None when it can (empty is fine)."""
    display = tidy(typed)
    if not display:
        return None
    problem = text_problem(display, max_length("visits", "car_reg_display"))
    if problem:
        return problem
    normalized = normalize_plate(display)
    if not MIN_LENGTH <= len(normalized) <= MAX_NORMALIZED or not normalized.isalnum():
        return Message(N_("Use the letters and digits on the plate, for example EL 12345."))
    return None
