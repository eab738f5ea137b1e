"""The one registry of what a layout may print: each placeholder says where its value comes from.

`sources` names the registry fields a placeholder prints, so a test can hold
every placeholder to `kiosk.registry.printable_on_badge`: a layout cannot put an
e-mail address, a phone number or a car registration on a badge.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date

from kiosk.captions import CAPTIONS
from kiosk.errors import N_
from kiosk.i18n import Translator
from kiosk.registry import max_length
from printing.badge import BadgeContent


@dataclass(frozen=True)
class Placeholder:
    key: str
    #: What the placeholder shows, for the layout editor and the record of processing.
    label: str
    sample: str
    sources: tuple[tuple[str, str], ...]
    evaluate: Callable[[BadgeContent, Translator], str]
    #: A required field that is missing is drawn as a neutral mark; an optional one is left out.
    required: bool
    max_length: int


def _context(content: BadgeContent, translate: Translator) -> str:
    if content.event_name:
        return content.event_name
    if content.host_name:
        return translate(N_("Host: {name}"), name=content.host_name)
    return ""


def _date(content: BadgeContent, translate: Translator) -> str:
    return format_date(content.day, format="medium", locale=translate.language)


_NAME_PARTS = (("people", "given_name"), ("people", "family_name"), ("people", "family_first"))
_FULL_NAME = max_length("people", "given_name") + max_length("people", "family_name") + 1

PLACEHOLDERS: dict[str, Placeholder] = {p.key: p for p in (
    Placeholder("goes_by", N_("Name the person goes by"), "Åse", _NAME_PARTS,
                lambda c, t: c.goes_by, required=True, max_length=_FULL_NAME),
    Placeholder("full_name", CAPTIONS["full_name"], "Åse Nygård", _NAME_PARTS,
                lambda c, t: c.full_name, required=False, max_length=_FULL_NAME),
    Placeholder("company", CAPTIONS["company"], "Fjord Bygg AS", (("people", "company"),),
                lambda c, t: c.company, required=False,
                max_length=max_length("people", "company")),
    Placeholder("band", N_("Visitor type or ticket type"), "Guest",
                (("visits", "visitor_type"),), lambda c, t: t(c.band_label), required=True,
                max_length=60),
    Placeholder("context", N_("Host or event"), "Host: Ingrid Bakken", (("hosts", "name"),),
                _context, required=False, max_length=120),
    Placeholder("date", N_("Date of the visit"), "25 Nov 2026", (("visits", "signed_in_at"),),
                _date, required=True, max_length=40),
    Placeholder("token", N_("QR code of the badge"), "VABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                (("visits", "badge_token"),), lambda c, t: c.token, required=True,
                max_length=200),
)}
