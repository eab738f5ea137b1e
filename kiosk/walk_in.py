"""An event walk-in, the visitor's way: the privacy notice, a short form, the marketing choice.

A walk-in is asked exactly what a visitor is asked, by the same flow (kiosk/flow.py
SignInFlow: notice, details, consent, confirm) and stored the same way (a `people`
row and a consent event naming the wording shown, through visits.record_person).
Only the form is shorter (name, company, e-mail; no host) and there is no summary
to confirm: the form's button stores the walk-in, joins them to the list and checks
them in, in one transaction.
"""
from __future__ import annotations

from kiosk import attendees
from kiosk.attendees import Attendee, AttendeeData
from kiosk.db import write_transaction
from kiosk.flow import SignInFlow
from kiosk.service import KioskService
from kiosk.validation import CleanDetails, VisitorDetails, validate_details
from kiosk.visits import Registration, record_person

#: The short form asks for no host: the event is whom they came for.
REQUIRED = frozenset({"given_name"})
#: What a walk-in is stored as where a visit would say its kind.
VISITOR_TYPE = "guest"


class WalkInFlow(SignInFlow):
    """The visitor flow's steps and rules; the screens skip the summary and store at once."""


def walk_in_details(service: KioskService, given: str, family: str, company: str,
                    email: str) -> CleanDetails:
    """The short form checked by the visitor form's own rules (names, e-mail, lengths)."""
    return validate_details(VisitorDetails(given, family, company=company, email=email,
                                           visitor_type=VISITOR_TYPE),
                            service.config.phone_region, required=REQUIRED)


def register_walk_in(service: KioskService, event_id: str, registration: Registration,
                     actor: str) -> Attendee:
    """The person with their consent, and their place on the event's list, all or nothing."""
    d, now = registration.details, service.clock.now()
    with write_transaction(service.db):
        person_id, refs = record_person(service.db, service.config, now,
                                        service.suppression_secret, registration)
        return attendees.add_walk_in(service.db, event_id,
                                     AttendeeData(d.given_name, d.family_name, d.company, d.email),
                                     now, actor, refs, person_id)
