"""People's names as they use them: given and family name apart, shown in their own order.

A kiosk never guesses a first name by splitting at a space: "Nagy Erzsébet" and
"王 芳" put the family name first, and a name typed as one piece stays one piece.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Unicode script prefixes (from character names) of writing systems that put the
#: family name first and join the parts without a space.
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")
_FIRST_EAST_ASIAN = 0x1100


def is_east_asian(char: str) -> bool:
    """Whether a character belongs to Chinese, Japanese or Korean writing."""
    # Below Hangul Jamo (U+1100) no character is CJK: skip the slow name lookup for
    # Latin, Cyrillic and the rest, which is most of what a 50,000-name import folds.
    return ord(char) >= _FIRST_EAST_ASIAN and unicodedata.name(char, "").startswith(_EAST_ASIAN)


def may_be_east_asian(text: str) -> bool:
    """A quick test that spares most texts the per-character look-up (imports fold 50,000 names)."""
    return bool(text) and ord(max(text)) >= _FIRST_EAST_ASIAN


def _east_asian_text(text: str) -> bool:
    if not may_be_east_asian(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(is_east_asian(c) for c in letters)


def family_first_by_default(given: str, family: str) -> bool:
    """The order a form suggests before the person says otherwise: family first for CJK names."""
    return _east_asian_text(given + family)


@dataclass(frozen=True)
class PersonName:
    """A name in parts; `family` is empty when the person gave their name as one piece."""

    given: str
    family: str = ""
    family_first: bool = False

    @property
    def full(self) -> str:
        """The whole name in the person's order; CJK names are written without a space."""
        parts = [self.family, self.given] if self.family_first else [self.given, self.family]
        parts = [p for p in parts if p]
        joiner = "" if _east_asian_text("".join(parts)) else " "
        return joiner.join(parts)

    @property
    def goes_by(self) -> str:
        """The name to greet and print large: the given name, or the whole name given as one piece."""
        return self.given or self.family
