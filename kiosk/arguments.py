"""The command line's argument types, and its refusals in the admin's language.

argparse words a refusal in English before it hands it to `error`, and an argument
type can only raise text. The kiosk's parser reads the refusal back against the
forms below and words it again through the translation layer, so `--lang nb` is
Norwegian from the first mistake on. The English source texts read exactly as
argparse (Python 3.11 to 3.13) and the kiosk's types write them; a refusal of
another form is shown as it was written.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import NoReturn, TypeVar

from kiosk.errors import N_
from kiosk.i18n import LANGUAGES, SOURCE_LANGUAGE, Translator

#: What the kiosk's argument types say of a value they refuse.
NOT_WHOLE_NUMBER = N_("{value} is not a whole number")
NOT_A_DATE = N_("{value} is not a date like {example}")
OUTSIDE_YEARS = N_("{value} is outside the years {first} to {last}")
NOT_A_PORT = N_("{value} is not a port number")
NOT_SECONDS = N_("{value} is not a number of seconds")
OUT_OF_RANGE = N_("{value} must be between {low} and {high}")

#: The years a date on the command line may name.
FIRST_YEAR, LAST_YEAR = 1900, 2999
N = TypeVar("N", int, float)


def whole_number(text: str) -> int:
    """An argparse type for counts; the range is checked by the command, in the admin's language."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(NOT_WHOLE_NUMBER.format(value=repr(text))) from None


def number_within(text: str, kind: Callable[[str], N], wrong: str, low: N, high: N) -> N:
    """The body of an argparse type for a number of one kind within a range; `wrong` words a
    text that is no such number."""
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(wrong.format(value=repr(text))) from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(OUT_OF_RANGE.format(value=repr(text), low=low, high=high))
    return value


def iso_date(text: str) -> date:
    """An argparse type for dates written as YYYY-MM-DD, in years a kiosk can have records of
    (the first and last days of the calendar cannot be turned into the site's time)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            NOT_A_DATE.format(value=repr(text), example="2026-11-25")) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            OUTSIDE_YEARS.format(value=repr(text), first=FIRST_YEAR, last=LAST_YEAR))
    return day


#: argparse's own refusals, as it words them.
_ARGPARSE = (
    N_("the following arguments are required: {names}"),
    N_("unrecognized arguments: {names}"),
    N_("one of the arguments {names} is required"),
    N_("ambiguous option: {option} could match {matches}"),
    N_("argument {option}: invalid choice: {value} (choose from {choices})"),
    N_("argument {option}: invalid {kind} value: {value}"),
    N_("argument {option}: expected one argument"),
    N_("argument {option}: expected at least one argument"),
    N_("argument {option}: not allowed with argument {other}"),
)
#: A refusal of a value by one of the kiosk's types.
_OF_ARGUMENT = N_("argument {option}: {refusal}")
_TYPES = (NOT_WHOLE_NUMBER, NOT_A_DATE, OUTSIDE_YEARS, NOT_A_PORT, NOT_SECONDS, OUT_OF_RANGE)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    """A source text as a pattern whose groups are its placeholders."""
    parts = re.split(r"\{(\w+)\}", text)
    return re.compile("".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)"
                              for n, part in enumerate(parts)) + r"\Z")


def _reword(text: str, forms: Sequence[str], _: Translator) -> str | None:
    for form in forms:
        found = _pattern(form).match(text)
        if found:
            return _(form, **found.groupdict())
    return None


def translate_refusal(message: str, _: Translator) -> str:
    """argparse's message, in the translator's language where its form is known."""
    reworded = _reword(message, _ARGPARSE, _)
    if reworded is not None:
        return reworded
    found = _pattern(_OF_ARGUMENT).match(message)
    refusal = _reword(found["refusal"], _TYPES, _) if found else None
    if found is None or refusal is None:
        return message
    return _(_OF_ARGUMENT, option=found["option"], refusal=refusal)


def requested_language(argv: Sequence[str]) -> str:
    """The --lang of a command line not yet parsed; English when it names none we speak."""
    for n, word in enumerate(argv):
        if word.startswith("--lang="):
            value = word.partition("=")[2]
        elif word == "--lang" and n + 1 < len(argv):
            value = argv[n + 1]
        else:
            continue
        if value in LANGUAGES:
            return value
    return SOURCE_LANGUAGE


class KioskParser(argparse.ArgumentParser):
    """An ArgumentParser whose refusals are in `language`; its subcommands' parsers are too,
    since argparse makes them of the parent's class."""

    language = SOURCE_LANGUAGE

    def error(self, message: str) -> NoReturn:
        _ = Translator(self.language)
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}", prog=self.prog,
                       message=translate_refusal(message, _)) + "\n")


def parser_class(language: str) -> type[KioskParser]:
    """KioskParser speaking `language`, for the command line and all its subcommands."""
    return type(f"KioskParser_{language}", (KioskParser,), {"language": language})
