"""Car registrations: kept as typed for people, normalised for matching at the gate."""
from __future__ import annotations

import unicodedata

from kiosk.errors import Message, N_
from kiosk.registry import max_length
from kiosk.text import text_problem, tidy

MIN_LENGTH = 2
MAX_NORMALIZED = 10


#: Cyrillic and Greek capitals that look like the Latin letters of a plate. A visitor
#: typing on a Russian, Ukrainian or Greek keyboard writes "А" for "A"; the gate camera
#: reads Latin, so matching uses the Latin letter.
_LOOK_ALIKES = str.maketrans({
    **dict(zip("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
})
_DASHES = "-‐‑‒–—―−"


def _digit(char: str) -> str:
    """A decimal digit of any script as its ASCII digit; any other character unchanged."""
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def _fold_plate(text: str) -> str:
    compatible = unicodedata.normalize("NFKC", text)
    kept = "".join(_digit(ch) for ch in compatible.upper()
                   if not ch.isspace() and ch not in _DASHES)
    return unicodedata.normalize("NFKC", kept).translate(_LOOK_ALIKES)


def normalize_plate(typed: str) -> str:
    """The form the gate camera and the parking list compare: "ab 12-345", "ＡＢ１２３４５"
    and a Cyrillic "АВ 12345" are the same car.

    Compatibility forms first (full-width letters and digits, superscripts), digits of
    other scripts as ASCII, upper case without spaces or dashes, then Cyrillic and Greek
    look-alikes as Latin. Æ, Ø, Å and other letters stay. Upper case can decompose a
    letter ("ΐ" becomes three code points) or make a new compatibility form, so the
    folding repeats until it settles, and normalising twice gives the same text.
    """
    folded = _fold_plate(typed)
    for _ in range(3):
        again = _fold_plate(folded)
        if again == folded:
            break
        folded = again
    return folded


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
