"""How long importing an Eventbrite attendee report takes (target: 50,000 rows in at most 3 s),
and the longest UI frame while an import runs on the kiosk window's database lane (<= 50 ms).

    python bench/bench_event_import.py [--attendees 50000] [--runs 3]

Each run imports into a fresh event on a durable database (WAL, synchronous=FULL), then a
re-import of the same file (all updates, none changed) is timed too. Last, the same file is
imported once more into a new event from the kiosk window's database lane while a 5 ms timer
on the UI thread records the longest gap between its ticks: what a person at the staff
screen would see as a frozen frame. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_event_files import eventbrite_report, kiosk_with_event  # noqa: E402
from kiosk import events  # noqa: E402
from kiosk.importers import ImportReport, import_attendees  # noqa: E402
from kiosk.service import KioskService  # noqa: E402


def new_event(service: KioskService, name: str) -> str:
    now = service.clock.now()
    return events.save_event(service.db, events.new_event(name, now, now.replace(year=now.year + 1)),
                             now).id


def frames_during_import(service: KioskService, data: bytes) -> tuple[float, float]:
    """(seconds, longest frame in ms) of an import run on the window's database lane."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from bench.bench_event_door import FrameWatch
    from ui.launch import application, build_window

    application()
    window = build_window(service, badges=_NoBadges())
    window.show()
    settle = time.monotonic() + 0.5  # the first paint and the start-up work are not the import's
    while time.monotonic() < settle:
        QApplication.processEvents()
    event_id = new_event(service, "Bench through the window")
    loop, watch = QEventLoop(), FrameWatch()
    done: list[ImportReport] = []

    def finished(report: ImportReport) -> None:
        done.append(report)
        loop.quit()

    watch.start()
    started = time.perf_counter()
    window.tasks.run(lambda: import_attendees(service.db, event_id, data, service.clock.now(),
                                              "bench"), finished, lambda exc: loop.quit())
    loop.exec()
    elapsed = time.perf_counter() - started
    watch.timer.stop()
    window.finish_work()
    window.close()
    if not done:
        raise SystemExit("the import through the window failed")
    return elapsed, watch.longest


class _NoBadges:
    """The window's badge printer is not used here: no visitor signs in."""

    def issue(self, *args: object) -> None:
        raise AssertionError("no badge is printed in this bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = eventbrite_report(args.attendees)
    with tempfile.TemporaryDirectory() as folder:
        service, _ = kiosk_with_event(Path(folder), 0)
        for run in range(1, args.runs + 1):
            event_id = new_event(service, f"Bench {run}")
            for label in ("new", "re-import"):
                started = time.perf_counter()
                report = import_attendees(service.db, event_id, data, service.clock.now(), "bench")
                elapsed = time.perf_counter() - started
                print(f"run {run} {label}: {args.attendees} rows in {elapsed:.2f} s "
                      f"(imported {report.imported}, updated {report.updated}, "
                      f"rejected {len(report.rejected)}; target <= 3 s for 50,000)")
        elapsed, longest = frames_during_import(service, data)
        print(f"through the window's database lane: {args.attendees} rows in {elapsed:.2f} s, "
              f"longest UI frame {longest:.0f} ms (target <= 50 ms)")
        service.db.close()


if __name__ == "__main__":
    main()
