"""Shared by the event benchmarks: a synthetic Eventbrite report and a kiosk with a big event."""
from __future__ import annotations

import csv
import io
import random
import statistics
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.event_demo import demo_attendee, load_demo_event
from kiosk.events import Event
from kiosk.service import KioskService, open_service

HEADER = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
          "Attendee #", "Barcode #", "Attendee Status", "Company"]


def eventbrite_report(count: int, seed: int = 5) -> bytes:
    """An attendee report as Eventbrite writes it: UTF-8 with BOM, comma, CRLF."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for number in range(1, count + 1):
        a = demo_attendee(number, rng)
        writer.writerow([a.order_code, "2026-10-01 10:00", a.given_name, a.family_name, a.email, "1",
                         a.ticket_type, a.attendee_number, f"{number:012d}", "Attending", a.company])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def kiosk_with_event(folder: Path, attendees: int) -> tuple[KioskService, Event]:
    service = open_service(folder, SystemClock())
    return service, load_demo_event(service.db, attendees, service.clock.now())


def summary(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, "
            f"max {ordered[-1]:.2f} ms over {len(ordered)}")
