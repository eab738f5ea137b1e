"""Cleaning what people type: one place decides which characters a stored text may hold."""
from __future__ import annotations

import unicodedata

from kiosk.errors import Message, N_

#: Format characters that real names need: joiners for Indic and Arabic scripts,
#: direction marks for right-to-left names. Every other one (such as the
#: right-to-left override) can disguise a text and is refused.
_ALLOWED_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}
_REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}


def tidy(value: str) -> str:
    """NFC form, no surrounding space, single spaces inside: what a person meant to type."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def text_problem(value: str, limit: int | None, *, symbols: bool = True) -> Message | None:
    """Why a tidied text cannot be stored or printed, or None when it can; `limit` None for
    a text only printed, whose length the badge layout deals with."""
    # Printable text holds none of the refused characters: a list of 50,000 attendees is
    # checked without looking at each character of every cell.
    for char in value if not (symbols and value.isprintable()) else "":
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES or (category == "Cf" and char not in _ALLOWED_FORMAT):
            return Message(N_("Contains characters that cannot be used here."))
        if not symbols and category == "So":
            return Message(N_("Please use letters only, without emoji or symbols."))
    if limit is not None and len(value) > limit:
        return Message(N_("Too long: at most {limit} characters."), {"limit": limit})
    return None

