"""Attendee badges on the print lane: rendered and printed through the print log and queue."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.attendees import Attendee
from kiosk.events import Event
from kiosk.i18n import Translator
from kiosk.service import KioskService

if TYPE_CHECKING:
    from printing.service import BadgePrinting, PrintOutcome


class AttendeeBadges:
    """Made on the UI thread, used only on the print lane (which opens its own connection)."""

    def __init__(self, service: KioskService) -> None:
        self._service = service
        self._printing: BadgePrinting | None = None

    def issue(self, attendee: Attendee, event: Event, translate: Translator, *,
              reprint: bool = False) -> PrintOutcome:
        # Printing (reportlab, fonts, CUPS) loads here, on the print lane, with the first badge:
        # the kiosk's start and the UI thread never pay for it.
        from printing.badge import person_badge
        from printing.service import BadgePrinting

        if self._printing is None:
            self._printing = BadgePrinting.for_service(self._service)
        printing = self._printing
        day = printing.clock.now().astimezone(printing.config.zone).date()
        content = person_badge(attendee.name, attendee.company, "attendee", day, attendee.ticket_code,
                               event_name=event.name)
        fmt = printing.badge_format(event.badge_format)
        pdf = printing.render_content(content, translate, fmt.id)
        return printing._print(attendee.ticket_code, pdf, reprint=reprint, format_id=fmt.id)
