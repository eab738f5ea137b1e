"""Door throughput through the real staff screen, with every badge printed on a cups-pdf printer.

    python bench/bench_event_door.py [--minutes 10] [--attendees 50000] [--every S] [--printer NAME]
                                     [--profile 15]

One guest after another: a scanner types each ticket's code and Enter into the staff
screen, the next guest steps up as soon as the result is on screen. Targets: at least
1 guest a second sustained, scan to result on screen <= 100 ms at p95, no frame longer
than 50 ms, and the printer's pace never slows the scans (badges queue on the print lane).
Without --every, guests come as fast as the screen answers (the throughput), and badges
queue up on the print lane by the thousand; with --every S, one every S seconds, as at a
real door, where a printer keeps pace.
Without --printer a temporary cups-pdf printer is added. --profile N prints the N functions
that took the most time on the UI thread (cProfile sees only the thread it runs on), to
show what the UI thread still does per guest. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.bench_badges import a_printer  # noqa: E402
from bench.bench_event_files import summary  # noqa: E402
from kiosk.access import Role, access_for  # noqa: E402
from kiosk.demo import ensure_site_and_notice  # noqa: E402
from kiosk.event_demo import load_demo_event  # noqa: E402
from kiosk.service import open_service  # noqa: E402
from ui.launch import application, build_window  # noqa: E402

PIN = "482916"
FRAME_TICK_MS = 5
LONG_FRAME_MS = 50
#: How long the bench waits for the printer to work off its queue after the last guest.
PRINT_WAIT_S = 600


class FrameWatch:
    """The longest time the event loop went without running a 5 ms timer: a frame's length."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0.0
        self.long_frames: list[tuple[float, float]] = []  # (seconds since start, length) over 50 ms
        self.since = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(FRAME_TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.since.start()
        self.timer.start()

    def _tick(self) -> None:
        gap = self.clock.restart() - FRAME_TICK_MS
        self.longest = max(self.longest, gap)
        if gap > LONG_FRAME_MS:
            self.long_frames.append((self.since.elapsed() / 1000, gap))


def pump_until(condition, timeout_s: float = 30.0) -> bool:  # noqa: ANN001
    """Run the event loop until `condition` holds; False when `timeout_s` passed first."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.001)
    return True


def answered(condition, timeout_s: float = 30.0) -> None:  # noqa: ANN001
    if not pump_until(condition, timeout_s):
        raise SystemExit("the door screen did not answer in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--attendees", type=int, default=50_000)
    parser.add_argument("--every", type=float, default=0.0, metavar="S",
                        help="seconds between guests (default: as fast as the screen answers)")
    parser.add_argument("--printer", help="CUPS printer (default: a temporary cups-pdf printer)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N costliest functions on the UI thread")
    args = parser.parse_args()
    application()
    with tempfile.TemporaryDirectory() as folder, a_printer(args.printer) as printer:
        service = open_service(Path(folder))
        service.config = replace(service.config, printing=replace(service.config.printing, printer=printer))
        ensure_site_and_notice(service)
        event = load_demo_event(service.db, args.attendees, service.clock.now())
        access_for(service).set_pin(Role.STEWARD, PIN)
        window = build_window(service)
        window.show()
        screen = window.event_screen
        window.welcome.event_button.click()
        answered(lambda: screen.door is not None)
        screen.pin_page.pin.setText(PIN)
        screen.pin_page.open_button.click()
        answered(lambda: screen.page() is screen.door_page)
        # The door opens with the kiosk already up, as staff open it: the print lane has loaded
        # the printing package (started with the window), which a guest a few hundred
        # milliseconds after the start would otherwise meet.
        answered(lambda: not window.print_lane.busy)
        latencies: list[float] = []
        screen.result_shown.connect(latencies.append)
        watch = FrameWatch()
        watch.start()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        started, number = time.monotonic(), 0
        while time.monotonic() - started < args.minutes * 60 and number < args.attendees:
            if args.every:
                pump_until(lambda n=number: time.monotonic() >= started + n * args.every)
            number += 1
            target = QApplication.focusWidget() or window
            QTest.keyClicks(target, f"DEMO{number:07d}")
            QTest.keyClick(target, Qt.Key.Key_Return)
            answered(lambda n=number: len(latencies) >= n)
        elapsed = time.monotonic() - started
        if profiler:
            profiler.disable()
        print(f"door: {number} guests in {elapsed:.1f} s = {number / elapsed:.1f} guests/s "
              f"(target >= 1/s) on an event of {args.attendees} attendees, printing to {printer}")
        print(f"scan to result on screen: {summary(latencies)} (target p95 <= 100 ms)")
        print(f"longest frame: {watch.longest:.0f} ms (target <= {LONG_FRAME_MS} ms); "
              f"{len(watch.long_frames)} longer, at "
              + ", ".join(f"{at:.1f} s ({gap:.0f} ms)" for at, gap in watch.long_frames[:10]))
        queued = window.print_lane._pending
        drained = pump_until(lambda: not window.print_lane.busy, timeout_s=PRINT_WAIT_S)
        printed = service.db.execute("SELECT count(*) FROM print_log WHERE result = 'printed'").fetchone()[0]
        print(f"badges: {printed} printed; {queued} were still waiting on the print lane when the "
              f"last guest was answered (the printer's pace, not the door's)"
              + ("" if drained else f"; the rest still printing after {PRINT_WAIT_S} s, left"))
        print(f"inside now: {event.name}: {screen.door.counts().inside}")
        if profiler:
            print(f"UI thread, {number} guests (time.sleep is the pump waiting for the lanes):")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        window.finish_work()
        window.close()
        service.db.close()


if __name__ == "__main__":
    main()
