"""What each field is called wherever a person meets it: one table of captions.

The visitor's form, the summary they confirm, the console's lists and rights
requests, the event screens, the import screen's column choices and the badge
layout editor all name a field from here, so "Company" cannot be "Firm" on one
screen and "Organisation" on the next, and a translation is given once.
"""
from __future__ import annotations

from kiosk.errors import N_

#: Field (a stored column's name, or an attendee list's column) -> its caption's source text.
CAPTIONS: dict[str, str] = {
    "given_name": N_("Given name(s)"),
    "family_name": N_("Family name"),
    "full_name": N_("Full name"),
    "company": N_("Company"),
    "title": N_("Title"),
    "email": N_("E-mail"),
    "phone": N_("Mobile phone"),
    "car_reg": N_("Car registration"),
    "ticket_type": N_("Ticket type"),
    "ticket_code": N_("Ticket code"),
    "order_code": N_("Order code"),
    "attendee_number": N_("Attendee number"),
    "status": N_("Status"),
}
