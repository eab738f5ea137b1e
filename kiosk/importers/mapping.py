"""Which column holds what: guessed from the headers in six languages, overridable by the admin.

Ticket shops and spreadsheets name their columns in the organiser's language;
the guess knows the usual headers in nb, en, sv, fi, da and de, and the exact
headers of Eventbrite's attendee report and pretix's check-in list.
"""
from __future__ import annotations

import re
import unicodedata

from kiosk.errors import Message, N_, ValidationError

#: The attendee fields a column can fill; "ignore" drops a column on purpose.
FIELDS = ("given_name", "family_name", "full_name", "company", "email", "ticket_type",
          "ticket_code", "order_code", "attendee_number", "status")
IGNORE = "ignore"
#: Columns that name the person: a list needs one of them.
NAME_COLUMNS = frozenset({"given_name", "family_name", "full_name"})

_HEADERS: dict[str, tuple[str, ...]] = {
    "given_name": ("First Name", "Given name", "Firstname", "Forename", "Attendee name: Given name",
                   "Attendee name: First name", "Fornavn", "Förnamn", "Etunimi", "Vorname"),
    "family_name": ("Last Name", "Family name", "Surname", "Lastname", "Attendee name: Family name",
                    "Attendee name: Last name", "Etternavn", "Efternamn", "Sukunimi", "Efternavn",
                    "Nachname", "Familienname"),
    "full_name": ("Name", "Full name", "Attendee name", "Navn", "Fullt navn", "Namn",
                  "Fullständigt namn", "Nimi", "Koko nimi", "Fulde navn", "Vollständiger Name",
                  "Teilnehmer"),
    "company": ("Company", "Organisation", "Organization", "Firma", "Bedrift", "Selskap",
                "Arbeidsgiver", "Företag", "Organisation", "Yritys", "Organisaatio", "Virksomhed",
                "Unternehmen"),
    "email": ("Email", "E-mail", "Email address", "E-mail address", "E-post", "Epost",
              "E-postadresse", "E-postadress", "Sähköposti", "Sähköpostiosoite", "E-mailadresse",
              "E-Mail-Adresse", "Mail"),
    "ticket_type": ("Ticket Type", "Product", "Ticket", "Billettype", "Billett", "Biljettyp",
                    "Biljett", "Lipputyyppi", "Lippu", "Billet", "Ticketart", "Tickettyp", "Produkt"),
    "ticket_code": ("Barcode #", "Barcode", "Secret", "Ticket code", "QR code", "Code", "Billettkode",
                    "Strekkode", "Biljettkod", "Streckkod", "Lippukoodi", "Viivakoodi", "Billetkode",
                    "Stregkode", "Ticketcode", "Ticket-Code", "Strichcode"),
    "order_code": ("Order #", "Order code", "Order", "Order number", "Order ID", "Ordre",
                   "Ordrenummer", "Bestillingsnummer", "Bestilling", "Ordernummer",
                   "Beställningsnummer", "Beställning", "Tilaus", "Tilausnumero", "Bestellung",
                   "Bestellnummer"),
    "attendee_number": ("Attendee #", "Attendee number", "Attendee ID", "Position ID",
                        "Deltakernummer", "Deltagarnummer", "Osallistujanumero", "Deltagernummer",
                        "Teilnehmernummer"),
    "status": ("Attendee Status", "Status"),
}


def fold_header(text: str) -> str:
    """A header as the guess compares it: case, accents of form, punctuation and spaces ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\ufeff", "")
    return " ".join(re.split(r"[^\w]+", folded)).strip()


_KNOWN: dict[str, str] = {fold_header(h): f for f, headers in _HEADERS.items() for h in headers}


def guess(headers: list[str]) -> dict[int, str]:
    """Column index → field, for the headers the guess knows; the first column of a field wins."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        found = _KNOWN.get(fold_header(header))
        if found and found not in mapping.values():
            mapping[index] = found
    return mapping


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """`COLUMN=FIELD` pairs from the command line, keyed by the folded column header."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        target = target.strip().lower()
        if not sep or not column.strip() or target not in (*FIELDS, IGNORE):
            raise ValidationError({"map": Message(
                N_("--map {pair} is not COLUMN=FIELD; FIELD is one of {fields}."),
                {"pair": pair, "fields": ", ".join((*FIELDS, IGNORE))})})
        overrides[fold_header(column)] = target
    return overrides


def apply_overrides(headers: list[str], mapping: dict[int, str], overrides: dict[str, str]) -> dict[int, str]:
    """The guess with the admin's corrections; a field moved to another column leaves the old one."""
    folded = [fold_header(h) for h in headers]
    missing = [c for c in overrides if c not in folded]
    if missing:
        raise ValidationError({"map": Message(
            N_("The file has no column {column}. Its columns are: {columns}."),
            {"column": missing[0], "columns": ", ".join(headers)})})
    result = dict(mapping)
    for column, target in overrides.items():
        index = folded.index(column)
        result = {i: f for i, f in result.items() if f != target and i != index}
        if target != IGNORE:
            result[index] = target
    return result


def check_usable(headers: list[str], mapping: dict[int, str]) -> None:
    """A list without any name column cannot be checked in by name or printed on a badge."""
    if not NAME_COLUMNS & set(mapping.values()):
        raise ValidationError({"map": Message(
            N_("No column holds a name. Name one with --map COLUMN=given_name (or full_name). "
               "Its columns are: {columns}."), {"columns": ", ".join(headers)})})
