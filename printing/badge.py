"""What a badge says, apart from how it looks: built from a visit, or from a name for the CLI
and, later, from an event's attendee."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.config import KioskConfig
from kiosk.errors import N_
from kiosk.names import PersonName
from kiosk.registry import printable_on_badge
from kiosk.visitor_types import VISITOR_TYPES, public_type
from kiosk.visits import Visit

#: The band of a badge whose visitor type or ticket type is not known.
NEUTRAL_COLOUR = "#455A64"
ATTENDEE = N_("Attendee")
KINDS = ("visitor", "attendee")


@dataclass(frozen=True)
class BadgeContent:
    """Everything one badge prints, in no particular language yet.

    `goes_by` is the large line (the name the person goes by); `full_name` the whole
    name in the person's order below it, empty when it would only repeat the large line.
    `band_label` is an English source text (a visitor type) or a ticket type as
    imported; the renderer translates it. Either `host_name` (visitors) or
    `event_name` (attendees) names who or what the person is here for.
    """

    goes_by: str
    full_name: str
    company: str
    band_label: str
    band_colour: str
    day: date
    token: str
    host_name: str = ""
    event_name: str = ""


def name_lines(name: PersonName, *, goes_by_only: bool = False) -> tuple[str, str]:
    """The large line and the full-name line, NFC-normalised, so that "Åse" typed two ways
    prints alike; the full name is left off when it says no more than the large line."""
    large = unicodedata.normalize("NFC", name.goes_by)
    full = unicodedata.normalize("NFC", name.full)
    return large, "" if goes_by_only or full == large else full


def _printable(table: str, column: str, value: str) -> str:
    """A field the registry does not declare printable never reaches the badge, whatever a
    layout asks for: the lobby reads what a badge says."""
    return value if printable_on_badge(table, column) else ""


def visit_badge(visit: Visit, config: KioskConfig) -> BadgeContent:
    """The badge of a visit; only fields the registry allows on a badge are read."""
    name = PersonName(_printable("people", "given_name", visit.name.given),
                      _printable("people", "family_name", visit.name.family),
                      visit.name.family_first)
    large, full = name_lines(name, goes_by_only=config.printing.first_name_only)
    visitor_type = _printable("visits", "visitor_type", visit.visitor_type)
    kind = public_type(visitor_type)
    return BadgeContent(
        goes_by=large,
        full_name=full,
        company=_printable("people", "company", visit.company),
        band_label=kind.label if kind else visitor_type,
        band_colour=kind.colour if kind else NEUTRAL_COLOUR,
        day=visit.signed_in_at.astimezone(config.zone).date(),
        token=visit.badge_token,
        host_name=_printable("hosts", "name", visit.host_name),
    )


def person_badge(name: PersonName, company: str, kind: str, day: date, token: str, *,
                 first_name_only: bool = False, host_name: str = "",
                 event_name: str = "") -> BadgeContent:
    """A badge from a typed name: the `badge` command, an attendee, a test page."""
    large, full = name_lines(name, goes_by_only=first_name_only)
    guest = VISITOR_TYPES["guest"]
    visitor = kind == "visitor"
    return BadgeContent(
        goes_by=large,
        full_name=full,
        company=company,
        band_label=guest.label if visitor else ATTENDEE,
        band_colour=guest.colour if visitor else NEUTRAL_COLOUR,
        day=day,
        token=token,
        host_name=host_name,
        event_name=event_name,
    )
