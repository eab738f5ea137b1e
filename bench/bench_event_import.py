"""How long importing an Eventbrite attendee report takes (target: 50,000 rows in at most 3 s).

    python bench/bench_event_import.py [--attendees 50000] [--runs 3]

Each run imports into a fresh event on a durable database (WAL, synchronous=FULL), then a
re-import of the same file (all updates) is timed too. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_event_files import eventbrite_report, kiosk_with_event  # noqa: E402
from kiosk import events  # noqa: E402
from kiosk.importers import import_attendees  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = eventbrite_report(args.attendees)
    with tempfile.TemporaryDirectory() as folder:
        service, _ = kiosk_with_event(Path(folder), 0)
        for run in range(1, args.runs + 1):
            now = service.clock.now()
            event = events.save_event(service.db, events.new_event(f"Bench {run}", now, now.replace(
                year=now.year + 1)), now)
            for label in ("new", "re-import"):
                started = time.perf_counter()
                report = import_attendees(service.db, event.id, data, service.clock.now(), "bench")
                elapsed = time.perf_counter() - started
                print(f"run {run} {label}: {args.attendees} rows in {elapsed:.2f} s "
                      f"(imported {report.imported}, updated {report.updated}, "
                      f"rejected {len(report.rejected)}; target <= 3 s for 50,000)")
        service.db.close()


if __name__ == "__main__":
    main()
