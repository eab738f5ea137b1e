"""Every kind of record that travels between a kiosk and the central service, declared once.

A kind says which way it travels, who may see it once it is central, and which
fields it must carry. The upload check, the download filter, the kiosk's appliers
and the export all read this table, so a new kind of record (say, a badge
reprint) is one entry here and one applier, not a new code path.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.registry import PERSONAL_FIELDS

#: The longest id (of a site, a kiosk or a record) and enrollment code the service takes.
MAX_ID = 64
#: The longest site name an enrollment code carries to its kiosks.
MAX_SITE_NAME = 100


class Scope(StrEnum):
    """Which kiosks may read a central record."""

    SITE = "site"  # the kiosks of the record's site
    EVENT = "event"  # the kiosks of every site the event is shared with
    COMPANY = "company"  # every kiosk of the company


@dataclass(frozen=True)
class RecordKind:
    name: str
    scope: Scope
    #: A kiosk sends it (from its outbox).
    upload: bool = False
    #: Kiosks receive it (hosts, events, check-ins of other doors...).
    download: bool = False
    #: Fields the payload must carry; a record without them is rejected.
    required: tuple[str, ...] = ()
    #: The payload field naming the event, for Scope.EVENT.
    event_field: str | None = None
    #: The payload field naming the person, so an erasure finds every copy.
    person_field: str | None = None
    #: The kiosk table an uploaded record comes from, and the technical columns the kiosk
    #: sends with it; the registry adds the personal fields that may leave the kiosk.
    table: str | None = None
    technical: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every payload field this kind can carry, in a fixed order: the export's columns."""
        personal = tuple(f.column for f in PERSONAL_FIELDS
                         if f.table == self.table and f.leaves_kiosk and f.column not in self.technical)
        return self.technical + personal


KINDS: dict[str, RecordKind] = {k.name: k for k in (
    RecordKind("person", Scope.SITE, upload=True, required=("id",), person_field="id",
               table="people", technical=("id",)),
    RecordKind("visit", Scope.SITE, upload=True, required=("id",), person_field="person_id",
               table="visits", technical=("id", "site_id", "kiosk_id", "badge_number")),
    RecordKind("consent", Scope.SITE, upload=True, required=("id", "decision"),
               person_field="person_id", table="consent_events",
               technical=("id", "wording_id", "purpose", "occurred_at", "kiosk_id", "method",
                          "language", "notice_version", "notice_hash")),
    RecordKind("suppression", Scope.COMPANY, upload=True, download=True,
               required=("key_hash",)),
    # The payload's id is the erased person's id (kiosk/rights.py queues one per person).
    RecordKind("erasure", Scope.COMPANY, upload=True, download=True, required=("id",)),
    RecordKind("checkin", Scope.EVENT, upload=True, download=True,
               required=("id", "event_id"), event_field="event_id",
               person_field="attendee_id", table="checkins",
               technical=("id", "event_id", "kiosk_id", "door", "direction", "result")),
    RecordKind("host", Scope.SITE, download=True, required=("id", "name")),
    RecordKind("event", Scope.EVENT, download=True, required=("id", "name"), event_field="id"),
    RecordKind("attendee", Scope.EVENT, download=True, required=("id", "event_id"),
               event_field="event_id", person_field="id", table="attendees"),
    RecordKind("notice", Scope.COMPANY, download=True,
               required=("version", "language", "text")),
    RecordKind("setting", Scope.SITE, download=True, required=("name", "value")),
)}

#: Kinds an admin publishes from the centre rather than a kiosk uploading them.
PUBLISHED = frozenset(k.name for k in KINDS.values() if k.download and not k.upload)


class Rejection(StrEnum):
    """Why the service refuses a record for good; the kiosk logs it and drops it."""

    UNKNOWN_KIND = "unknown_kind"
    NOT_ACCEPTED = "not_accepted"
    MISSING_FIELD = "missing_field"
    WRONG_SITE = "wrong_site"
    EVENT_NOT_SHARED = "event_not_shared"
    INVALID = "invalid"
