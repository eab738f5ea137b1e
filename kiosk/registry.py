"""Every stored column declared once: what it is, why it is kept, and where it may go.

The privacy notice promises what is collected and why; this table is where the
code keeps that promise. The schema test, the sync payload, the badge and the
length limits of the forms all read it, so a new column cannot slip in without
a purpose and a legal basis.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.errors import N_


class Category(StrEnum):
    """The notice's categories of personal data."""

    BASIC = "basic"  # name, title, company, contact details, language
    RELATIONSHIP = "relationship"  # visit details such as the car registration
    MARKETING = "marketing"  # permissions and prohibitions
    INTERACTION = "interaction"  # event participation, rights exercised
    SERVICE = "service"  # log-ins, identifiers made by the service
    CONSENT_BASED = "consent_based"


class Basis(StrEnum):
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"
    CONSENT = "consent"
    LEGAL_OBLIGATION = "legal_obligation"


class Retention(StrEnum):
    """Which retention setting governs a record; the days live in the configuration."""

    VISIT = "visits_days"
    CONSENT = "consents_days"
    AUDIT = "audit_days"
    PRINT_LOG = "print_log_days"
    CAR_REGISTRATION = "car_registration_days"
    CHECKINS = "checkins_days"
    OUTBOX = "outbox_days"
    HOST_DIRECTORY = "while_in_directory"
    SUPPRESSION = "until_withdrawn"


@dataclass(frozen=True)
class PersonalField:
    table: str
    column: str
    category: Category
    purpose: str
    basis: Basis
    retention: Retention
    leaves_kiosk: bool = False
    on_badge: bool = False
    max_length: int | None = None


_VISIT = N_("Registering and hosting a visit to the premises, and knowing who is on site")
_MARKETING = N_("Honouring the person's choice about marketing")
_HOSTS = N_("Telling an employee that a visitor has arrived")
_EVENT = N_("Running the event: knowing who is expected, letting them in and counting who is inside")
_PRINTING = N_("Printing a visitor's badge, and knowing which badges were printed or are waiting")

PERSONAL_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("people", "given_name", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("people", "family_name", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("people", "family_first", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True),
    # Folded spellings of the name, so that a visitor finds themself when signing out.
    PersonalField("people", "name_keys", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT),
    PersonalField("people", "company", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("people", "title", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, max_length=80),
    PersonalField("people", "email", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, max_length=254),
    PersonalField("people", "phone", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, max_length=32),
    PersonalField("people", "language", Category.BASIC, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True),
    PersonalField("visits", "person_id", Category.RELATIONSHIP, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True),
    PersonalField("visits", "host_id", Category.RELATIONSHIP, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True),
    PersonalField("visits", "visitor_type", Category.RELATIONSHIP, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True),
    PersonalField("visits", "car_reg_display", Category.RELATIONSHIP, _VISIT,
                  Basis.LEGITIMATE_INTEREST, Retention.CAR_REGISTRATION, max_length=16),
    PersonalField("visits", "car_reg_normalized", Category.RELATIONSHIP, _VISIT,
                  Basis.LEGITIMATE_INTEREST, Retention.CAR_REGISTRATION),
    PersonalField("visits", "signed_in_at", Category.RELATIONSHIP, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, leaves_kiosk=True, on_badge=True),
    PersonalField("visits", "signed_out_at", Category.RELATIONSHIP, _VISIT,
                  Basis.LEGITIMATE_INTEREST, Retention.VISIT, leaves_kiosk=True),
    PersonalField("visits", "badge_token", Category.SERVICE, _VISIT, Basis.LEGITIMATE_INTEREST,
                  Retention.VISIT, on_badge=True),
    PersonalField("consent_events", "person_id", Category.MARKETING, _MARKETING,
                  Basis.LEGAL_OBLIGATION, Retention.CONSENT, leaves_kiosk=True),
    PersonalField("consent_events", "decision", Category.MARKETING, _MARKETING,
                  Basis.LEGAL_OBLIGATION, Retention.CONSENT, leaves_kiosk=True),
    PersonalField("consent_events", "wording", Category.MARKETING, _MARKETING,
                  Basis.LEGAL_OBLIGATION, Retention.CONSENT, leaves_kiosk=True),
    PersonalField("suppressions", "key_hash", Category.MARKETING, _MARKETING,
                  Basis.LEGITIMATE_INTEREST, Retention.SUPPRESSION, leaves_kiosk=True),
    PersonalField("hosts", "name", Category.BASIC, _HOSTS, Basis.LEGITIMATE_INTEREST,
                  Retention.HOST_DIRECTORY, on_badge=True),
    PersonalField("hosts", "name_keys", Category.BASIC, _HOSTS, Basis.LEGITIMATE_INTEREST,
                  Retention.HOST_DIRECTORY),
    PersonalField("hosts", "email", Category.BASIC, _HOSTS, Basis.LEGITIMATE_INTEREST,
                  Retention.HOST_DIRECTORY),
    PersonalField("hosts", "phone", Category.BASIC, _HOSTS, Basis.LEGITIMATE_INTEREST,
                  Retention.HOST_DIRECTORY),
    PersonalField("rights_log", "record_refs", Category.INTERACTION,
                  "Showing who did what with personal data", Basis.LEGAL_OBLIGATION, Retention.AUDIT),
    PersonalField("audit_log", "actor", Category.INTERACTION,
                  "Showing who did what with personal data", Basis.LEGAL_OBLIGATION, Retention.AUDIT),
    # References to people's records (person, visit, consent ids): personal data by the link.
    PersonalField("audit_log", "record_refs", Category.INTERACTION,
                  "Showing who did what with personal data", Basis.LEGAL_OBLIGATION, Retention.AUDIT),
    # A copy of what the registry lets leave the kiosk, waiting for the central service.
    PersonalField("outbox", "payload", Category.SERVICE,
                  "Sending a record to the company's central service", Basis.LEGITIMATE_INTEREST,
                  Retention.OUTBOX, leaves_kiosk=True),
    PersonalField("attendees", "given_name", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("attendees", "family_name", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("attendees", "company", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("attendees", "email", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, max_length=254),
    PersonalField("attendees", "ticket_type", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, on_badge=True, max_length=80),
    PersonalField("attendees", "ticket_code", Category.SERVICE, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, on_badge=True, max_length=128),
    PersonalField("attendees", "order_code", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, max_length=64),
    PersonalField("attendees", "attendee_number", Category.INTERACTION, _EVENT, Basis.CONTRACT,
                  Retention.CHECKINS, leaves_kiosk=True, max_length=64),
    PersonalField("attendees", "name_keys", Category.INTERACTION, _EVENT, Basis.LEGITIMATE_INTEREST,
                  Retention.CHECKINS),
    PersonalField("attendees", "person_key", Category.INTERACTION, _EVENT,
                  Basis.LEGITIMATE_INTEREST, Retention.CHECKINS),
    PersonalField("attendees", "import_key", Category.INTERACTION, _EVENT,
                  Basis.LEGITIMATE_INTEREST, Retention.CHECKINS),
    PersonalField("attendee_search", "name_keys", Category.INTERACTION, _EVENT,
                  Basis.LEGITIMATE_INTEREST, Retention.CHECKINS),
    PersonalField("attendee_search_idx", "term", Category.INTERACTION, _EVENT,
                  Basis.LEGITIMATE_INTEREST, Retention.CHECKINS),
    PersonalField("checkins", "attendee_id", Category.INTERACTION, _EVENT, Basis.LEGITIMATE_INTEREST,
                  Retention.CHECKINS, leaves_kiosk=True),
    PersonalField("checkins", "person_key", Category.INTERACTION, _EVENT, Basis.LEGITIMATE_INTEREST,
                  Retention.CHECKINS),
    PersonalField("checkins", "scanned_at", Category.INTERACTION, _EVENT, Basis.LEGITIMATE_INTEREST,
                  Retention.CHECKINS, leaves_kiosk=True),
    PersonalField("checkins", "undone_by", Category.INTERACTION, _EVENT, Basis.LEGITIMATE_INTEREST,
                  Retention.CHECKINS, leaves_kiosk=True),
    PersonalField("checkins", "overridden_by", Category.INTERACTION, _EVENT,
                  Basis.LEGITIMATE_INTEREST, Retention.CHECKINS, leaves_kiosk=True),
    PersonalField("print_log", "badge_token", Category.SERVICE, _PRINTING,
                  Basis.LEGITIMATE_INTEREST, Retention.PRINT_LOG),
    PersonalField("reprint_queue", "badge_token", Category.SERVICE, _PRINTING,
                  Basis.LEGITIMATE_INTEREST, Retention.VISIT),
)

#: Columns that hold no personal data: identifiers, times of machines, settings.
TECHNICAL_COLUMNS: dict[str, frozenset[str]] = {
    "sites": frozenset({"id", "name"}),
    "hosts": frozenset({"id", "site_id", "department", "active"}),
    "people": frozenset({"id", "created_at"}),
    "visits": frozenset({"id", "site_id", "kiosk_id", "badge_number", "notice_version",
                         "notice_hash", "language", "sign_out_method"}),
    "notices": frozenset({"id", "version", "language", "text", "text_hash", "updated_on",
                          "installed_at"}),
    "consent_wordings": frozenset({"id", "purpose", "version", "language", "notice_version",
                                   "text", "text_hash", "installed_at"}),
    "consent_events": frozenset({"id", "wording_id", "purpose", "occurred_at", "received_at", "kiosk_id",
                                 "method", "language", "notice_version", "notice_hash"}),
    "suppressions": frozenset({"scope", "created_on"}),
    "audit_log": frozenset({"id", "action", "occurred_at", "prev_hash",
                            "entry_hash"}),
    "audit_head": frozenset({"id", "anchor_hash", "last_id", "last_hash"}),
    "rights_log": frozenset({"id", "kind", "received_at", "completed_at", "handled_by"}),
    "outbox": frozenset({"id", "kind", "record_id", "created_at", "attempts", "uuid",
                         "next_attempt_at", "last_error"}),
    "sync_state": frozenset({"name", "value"}),
    "central_settings": frozenset({"name", "value"}),
    "secrets": frozenset({"name", "value"}),
    "events": frozenset({"id", "name", "venue", "starts_at", "ends_at", "checkin_opens_at",
                         "checkin_closes_at", "badge_format", "door_mode", "offline_policy",
                         "auto_checkout_at", "created_at", "result_sound"}),
    "attendees": frozenset({"id", "event_id", "family_first", "status", "source", "created_at",
                            "updated_at", "person_id"}),
    # SQLite's own tables behind the attendee search index.
    "attendee_search_data": frozenset({"id", "block"}),
    "attendee_search_idx": frozenset({"segid", "pgno"}),
    "attendee_search_docsize": frozenset({"id", "sz"}),
    "attendee_search_config": frozenset({"k", "v"}),
    "checkins": frozenset({"id", "event_id", "kiosk_id", "door", "direction", "received_at",
                           "result", "undone_at"}),
    "print_log": frozenset({"id", "printer", "occurred_at", "result", "reason", "reprint"}),
    "reprint_queue": frozenset({"badge_format", "queued_at", "reason"}),
    "access_pins": frozenset({"role", "pin_hash", "set_at"}),
    "access_backoff": frozenset({"id", "failures", "last_failure_at"}),
}


def field(table: str, column: str) -> PersonalField:
    for declared in PERSONAL_FIELDS:
        if declared.table == table and declared.column == column:
            return declared
    raise KeyError(f"{table}.{column}")


def max_length(table: str, column: str) -> int:
    limit = field(table, column).max_length
    if limit is None:
        raise KeyError(f"{table}.{column} has no length limit")
    return limit


def undeclared_columns(schema: dict[str, list[str]]) -> list[str]:
    """Stored columns that the registry does not account for, as `table.column`."""
    personal = {(f.table, f.column) for f in PERSONAL_FIELDS}
    return [
        f"{table}.{column}"
        for table, columns in schema.items()
        for column in columns
        if (table, column) not in personal and column not in TECHNICAL_COLUMNS.get(table, ())
    ]


def minimal_payload(table: str, row: dict[str, Any], technical: tuple[str, ...]) -> dict[str, Any]:
    """The part of a row that may leave the kiosk: the named technical columns and the
    personal fields the registry marks for sync, nothing else."""
    allowed = {f.column for f in PERSONAL_FIELDS if f.table == table and f.leaves_kiosk}
    allowed.update(c for c in technical if c in TECHNICAL_COLUMNS.get(table, ()))
    return {key: value for key, value in row.items() if key in allowed}


def printable_on_badge(table: str, column: str) -> bool:
    """Whether the notice allows this field on a badge anyone in the lobby can read."""
    try:
        return field(table, column).on_badge
    except KeyError:
        return False
