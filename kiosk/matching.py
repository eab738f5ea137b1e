"""Finding people by what they type: one matching for visitors, hosts and attendees.

A record's names are folded once, when stored, into a string of search keys;
a query is folded the same way and matches when each of its terms begins one
of the keys. Folding removes case, accents, Unicode normalisation and
apostrophes, and spells Nordic and other letters in both usual ASCII ways, so
"bjorn" and "bjoern" find Bjørn. CJK runs are keyed by every suffix, so one or
two characters find a name, with or without a space between its parts.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata

from anyascii import anyascii

from kiosk.names import PersonName, is_east_asian, may_be_east_asian

#: A query needs this many letters before it searches, or one CJK character.
MIN_QUERY_LETTERS = 3
#: At most this many matches are shown: a longer list is no help at a kiosk, and five
#: finger-sized results fit beside the other fields of a 1280×800 screen.
MAX_RESULTS = 5

#: Letters with two usual ASCII spellings: the short and the long one.
_TWO_SPELLINGS = {"ø": ("o", "oe"), "å": ("a", "aa"), "ä": ("a", "ae"), "ö": ("o", "oe"),
                  "ü": ("u", "ue"), "æ": ("ae", "ae"), "œ": ("oe", "oe")}
_APOSTROPHES = re.compile("['’‘ʼ`´]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—.,/()]+")


def _fold(text: str) -> str:
    """Compatibility form, case folded and composed, without apostrophes."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _APOSTROPHES.sub("", unicodedata.normalize("NFC", folded))


def _ascii(word: str, long: bool) -> str:
    if word.isascii():  # already folded: nothing to spell
        return word
    spelled = "".join(_TWO_SPELLINGS[c][long] if c in _TWO_SPELLINGS else c for c in word)
    return anyascii(spelled).lower()


def _east_asian_runs(text: str) -> list[str]:
    """The CJK characters of a text, spaces between them dropped, in unbroken runs."""
    if not may_be_east_asian(text):
        return []
    runs, current = [], ""
    for char in text:
        if is_east_asian(char):
            current += char
        elif not char.isspace() and current:
            runs.append(current)
            current = ""
    return runs + [current] if current else runs


def _words(text: str) -> list[str]:
    return _folded_words(_fold(text))


def _folded_words(folded: str) -> list[str]:
    if not may_be_east_asian(folded):
        return [w for w in _SEPARATORS.split(folded) if w]
    return [w for w in _SEPARATORS.split(folded) if w and not any(map(is_east_asian, w))]


def name_keys(*texts: str) -> str:
    """The search keys of a record's names, space-separated with a leading space, to store."""
    keys: set[str] = set()
    for text in texts:
        folded = _fold(text)  # once per text: an import folds 150,000 of them
        for word in _folded_words(folded):
            if word.isascii():  # most words: spelled one way only
                keys.add(word)
            else:
                keys.update((word, _ascii(word, False), _ascii(word, True)))
        if may_be_east_asian(folded):
            for run in _east_asian_runs(folded):
                keys.update(run[i:] for i in range(len(run)))
    keys.discard("")
    return "".join(" " + k for k in sorted(keys))


def person_keys(given: str, family: str, family_first: int | bool) -> str:
    """The keys of a person's name, from the full name as the person writes it."""
    return name_keys(PersonName(given or "", family or "", bool(family_first)).full)


def register_functions(conn: sqlite3.Connection) -> None:
    """The functions the schema's triggers call to keep search keys in step with names;
    every connection that writes people or hosts needs them (kiosk.db registers them)."""
    conn.create_function("kiosk_name_keys", 1, name_keys, deterministic=True)
    conn.create_function("kiosk_person_keys", 3, person_keys, deterministic=True)


def query_terms(query: str) -> list[str]:
    """The folded terms of what someone typed; empty when it is too short to search."""
    folded = _fold(query)
    terms = [_ascii(w, False) for w in _words(folded)] + _east_asian_runs(folded)
    letters = sum(c.isalnum() for c in folded)
    if not terms or (letters < MIN_QUERY_LETTERS and not _east_asian_runs(folded)):
        return []
    return terms


def matches(terms: list[str], keys: str) -> bool:
    """Whether every term begins one of the keys."""
    return bool(terms) and all(f" {t}" in keys for t in terms)


def sql_condition(column: str, terms: list[str]) -> tuple[str, list[str]]:
    """The same test as `matches`, as an SQL condition on a column of stored keys."""
    condition = " AND ".join(f"instr({column}, ?) > 0" for _ in terms) or "0"
    return condition, [f" {t}" for t in terms]
