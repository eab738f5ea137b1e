"""Screen transitions and memory over scripted sign-ins and sign-outs through the real widgets.

Targets (issue 2): every screen transition <= 16 ms at p95; <= 250 MB resident
after 2,000 sign-ins and sign-outs, growing <= 10 MB between the 1,000th and 2,000th.
Badges go to a printer name that does not exist, so each one is rendered and
queued for reprint (the no-printer path) instead of filling a real printer.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QThread  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import Printing  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.service import open_service  # noqa: E402
from ui.launch import application, build_window  # noqa: E402
from ui.window import KioskWindow  # noqa: E402

CYCLES = int(os.environ.get("BENCH_CYCLES", "2000"))
transitions: list[float] = []


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def pump() -> None:
    """One pass of what the kiosk's event loop does. processEvents alone leaves out the
    deferred deletions (deleteLater) that a running loop carries out, and would pile up
    every search result button ever shown."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle(condition) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        pump()
        QThread.usleep(200)


def timed(action) -> None:  # noqa: ANN001
    """A tap and the paint that follows it: what a visitor waits for."""
    start = time.perf_counter()
    action()
    pump()
    transitions.append(time.perf_counter() - start)


def cycle(w: KioskWindow, number: int) -> None:
    name = f"Besøker {number:05d}"
    timed(w.welcome.register_button.click)
    settle(lambda: w.notice.accept_button.isEnabled())
    timed(w.notice.accept_button.click)
    w.details.fields["given_name"].edit.setText(name)
    w.details.fields["company"].edit.setText("Benchmark AS")
    w.details.fields["host_id"].edit.setText("ola")
    w.details.fields["host_id"].edit.textEdited.emit("ola")
    settle(lambda: w.details.host_results.count() > 0)
    w.details.host_results.itemAt(0).widget().click()
    w.details.next_button.click()  # step one: about you
    w.details.next_button.click()  # step two: the visit
    settle(lambda: w.current() is not w.details)
    if w.current() is w.consent:
        timed(w.consent.next_button.click)
    timed(w.confirm.confirm_button.click)
    settle(lambda: w.current() is w.done and not w.tasks.busy and not w.print_lane.busy)
    timed(w.done.finish_button.click)
    timed(w.welcome.sign_out_button.click)
    w.sign_out.search.setText(name)
    w.sign_out.search.textEdited.emit(name)
    settle(lambda: w.sign_out.results.count() > 0)
    w.sign_out.results.itemAt(0).widget().click()
    settle(lambda: w.current() is w.goodbye)
    timed(w.goodbye.finish_button.click)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        service = open_service(Path(folder))
        service.config = replace(service.config, printing=Printing(printer="bench-no-such-printer"))
        ensure_site_and_notice(service)
        load_demo_hosts(service)
        application()
        window = build_window(service)
        window.show()
        marks = {}
        start = time.perf_counter()
        for number in range(1, CYCLES + 1):
            cycle(window, number)
            if number in (1, CYCLES // 2, CYCLES):
                marks[number] = rss_mb()
        elapsed = time.perf_counter() - start
        window.finish_work()
    ordered = sorted(transitions)
    p95 = ordered[int(len(ordered) * 0.95)]
    print(f"sign-in + sign-out cycles: {CYCLES} in {elapsed:.1f} s")
    print(f"screen transitions: n={len(ordered)} median {statistics.median(ordered) * 1000:.2f} ms "
          f"p95 {p95 * 1000:.2f} ms max {ordered[-1] * 1000:.2f} ms (target p95 <= 16 ms)")
    for number, mb in marks.items():
        print(f"resident after cycle {number:5d}: {mb:7.1f} MB")
    half, full = marks[CYCLES // 2], marks[CYCLES]
    print(f"growth {CYCLES // 2} -> {CYCLES}: {full - half:+.1f} MB (target <= 10 MB; total target <= 250 MB)")


if __name__ == "__main__":
    main()
