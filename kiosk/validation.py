"""Checking a visitor's details, field by field, with messages the form shows beside each field."""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

from kiosk.errors import Message, N_, ValidationError
from kiosk.names import PersonName, family_first_by_default
from kiosk.plates import normalize_plate, plate_problem
from kiosk.registry import max_length
from kiosk.text import text_problem, tidy
from kiosk.visitor_types import VISITOR_TYPES

FIELDS = ("given_name", "family_name", "company", "title", "email", "phone", "host_id", "visitor_type", "car_reg")


@dataclass(frozen=True)
class VisitorDetails:
    """What the visitor typed, untouched; `family_first` None means the name's usual order."""

    given_name: str = ""
    family_name: str = ""
    family_first: bool | None = None
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    host_id: str | None = None
    visitor_type: str = "guest"
    car_reg: str = ""


@dataclass(frozen=True)
class CleanDetails:
    """Details fit to store: tidied, e-mail normalised, phone in E.164, plate in both forms."""

    given_name: str
    family_name: str
    family_first: bool
    company: str
    title: str
    email: str
    phone: str
    host_id: str | None
    visitor_type: str
    car_reg_display: str
    car_reg_normalized: str

    @property
    def name(self) -> PersonName:
        return PersonName(self.given_name, self.family_name, self.family_first)


NAME_FIELDS = ("given_name", "family_name")
REQUIRED = Message(N_("Required for this kind of visit."))


def email_problem(value: str) -> Message | None:
    if not value:
        return None
    if len(value) > max_length("people", "email"):
        return Message(N_("Too long: at most {limit} characters."),
                       {"limit": max_length("people", "email")})
    # email-validator (~20 ms to import) loads with the first address, not with the kiosk
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return Message(N_("This does not look like an e-mail address, for example name@company.no."))
    return None


def normalize_email(value: str) -> str:
    from email_validator import validate_email

    return validate_email(value, check_deliverability=False).normalized


def _parse_phone(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_problem(value: str, region: str) -> Message | None:
    if not value:
        return None
    if len(value) > max_length("people", "phone") or _parse_phone(value, region) is None:
        return Message(N_("This does not look like a phone number, for example 912 34 567 or +46 70 123 45 67."))
    return None


def normalize_phone(value: str, region: str) -> str:
    number = _parse_phone(value, region)
    if number is None:
        raise ValueError(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number as people read it back ("+47 912 34 567"), not as it is stored."""
    if not e164:
        return ""
    return phonenumbers.format_number(phonenumbers.parse(e164),
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def field_problem(name: str, raw: str | None, region: str) -> Message | None:
    """The message for one field as the visitor types, leaving "required" to the whole form."""
    value = tidy(raw or "")
    if name in (*NAME_FIELDS, "company", "title"):
        return text_problem(value, max_length("people", name), symbols=name not in NAME_FIELDS)
    if name == "email":
        return email_problem(value)
    if name == "phone":
        return phone_problem(value, region)
    if name == "car_reg":
        return plate_problem(value)
    if name == "visitor_type" and value not in VISITOR_TYPES:
        return Message(N_("Choose what kind of visit this is."))
    return None


def validate_details(details: VisitorDetails, region: str,
                     required: frozenset[str] | None = None) -> CleanDetails:
    """All fields at once; raises ValidationError naming every field that needs a change.

    `required` replaces what the visitor type needs (an event walk-in has no host)."""
    errors: dict[str, Message] = {}
    for name in FIELDS:
        problem = field_problem(name, getattr(details, name), region)
        if problem:
            errors[name] = problem
    kind = VISITOR_TYPES.get(details.visitor_type)
    needed = required if required is not None else (kind.required if kind else frozenset())
    for name in sorted(needed):
        if name not in errors and not tidy(getattr(details, name) or ""):
            errors[name] = REQUIRED
    if errors:
        raise ValidationError(errors)
    email, phone = tidy(details.email), tidy(details.phone)
    plate = tidy(details.car_reg)
    given, family = tidy(details.given_name), tidy(details.family_name)
    family_first = details.family_first
    return CleanDetails(
        given_name=given,
        family_name=family,
        family_first=(family_first_by_default(given, family) if family_first is None
                      else family_first),
        company=tidy(details.company),
        title=tidy(details.title),
        email=normalize_email(email) if email else "",
        phone=normalize_phone(phone, region) if phone else "",
        host_id=details.host_id or None,
        visitor_type=details.visitor_type,
        car_reg_display=plate,
        car_reg_normalized=normalize_plate(plate) if plate else "",
    )
