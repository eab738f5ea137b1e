"""Badge figures, printed rather than asserted (timings vary by machine; tests must not).

    python3 bench/bench_badges.py [--printer NAME]

Targets: one badge renders in ≤ 20 ms (median) and ≤ 1.5 × a bare reportlab
page with the same text and QR code; 1,000 event badges onto A4 sheets in
≤ 10 s; render plus hand-off to CUPS under 5 % of the ~1 s a label printer
takes per badge. The CUPS figure needs a running CUPS: with no --printer, a
temporary cups-pdf printer is added (and cupsd started, as root, if none runs).
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.i18n import Translator  # noqa: E402
from kiosk.visits import new_badge_token  # noqa: E402
from kiosk.names import PersonName  # noqa: E402

LABEL_PRINTER_S = 1.0
CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bare_reportlab_page(texts: list[tuple[str, float]], token: str) -> bytes:
    """The floor: one canvas, one font, drawString and the QR code's modules, nothing else."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100 * mm, 62 * mm), invariant=1, pageCompression=1)
    canvas.setFillColor("#1565C0")
    canvas.rect(0, 50 * mm, 100 * mm, 12 * mm, stroke=0, fill=1)
    y = 54 * mm
    for text, size in texts:
        canvas.setFillColor("#000000")
        canvas.setFont("BadgeSans-Bold" if size > 20 else "BadgeSans", size)
        canvas.drawString(5 * mm, y, text)
        y -= size * 1.4
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(token)
    code.make(fit=True)
    module = 0.85 * mm
    path = canvas.beginPath()
    for row, cells in enumerate(code.get_matrix()):
        for column, dark in enumerate(cells):
            if dark:
                path.rect(70 * mm + column * module, 45 * mm - row * module, module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=False)


@contextmanager
def a_printer(name: str | None) -> Iterator[str | None]:
    """The printer to measure with: the one named, or a temporary cups-pdf printer."""
    if name:
        yield name
        return
    if not shutil.which("lpadmin") or not os.path.exists(CUPS_PDF_PPD):
        yield None
        return
    if "scheduler is running" not in _run("lpstat", "-r").stdout:
        # Detached and left running: the machine's CUPS may serve others meanwhile.
        _run("cupsd")
        for _ in range(100):
            if "scheduler is running" in _run("lpstat", "-r").stdout:
                break
            time.sleep(0.1)
    printer = f"kiosk-bench-{os.getpid()}"
    _run("lpadmin", "-p", printer, "-E", "-v", "cups-pdf:/", "-P", CUPS_PDF_PPD)
    try:
        yield printer
    finally:
        _run("cancel", "-a", printer)
        _run("lpadmin", "-x", printer)


def main() -> int:
    parser = argparse.ArgumentParser(description="Print the badge figures.")
    parser.add_argument("--printer", help="CUPS printer to hand badges to (default: a temporary "
                                          "cups-pdf printer)")
    parser.add_argument("--runs", type=int, default=200, help="renders per timing")
    args = parser.parse_args()

    start = time.perf_counter()
    from printing.badge import person_badge
    from printing.formats import FORMATS
    from printing.render import render_pdf
    imported = time.perf_counter() - start

    translate = Translator("nb")
    token = new_badge_token()
    badge = person_badge(PersonName("Åse Kristine", "Nygård"), "Fjord Bygg AS", "visitor", date(2026, 11, 25),
                         token, host_name="Ingrid Bakken")
    label = FORMATS["brother-dk11202"]

    start = time.perf_counter()
    render_pdf([badge], label, translate)
    first = time.perf_counter() - start
    print(f"imports of the printing package          {imported * 1000:8.1f} ms")
    print(f"first badge in a fresh process           {first * 1000:8.1f} ms  "
          "(fonts registered, then cached; BadgePrinting.warm_up does it at start)")

    texts = [("Gjest", 15.6), ("Åse", 34), ("Kristine Nygård", 18), ("Fjord Bygg AS", 12),
             ("Vert: Ingrid Bakken", 10), ("25. nov. 2026", 9)]
    # Interleaved, so that a busy machine slows both alike and the ratio stays fair.
    ours_runs, bare_runs = [], []
    for _ in range(args.runs):
        ours_runs.append(median_ms(lambda: render_pdf([badge], label, translate), 1))
        bare_runs.append(median_ms(lambda: bare_reportlab_page(texts, token), 1))
    ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
    print(f"one badge, median of {args.runs}                  {ours:8.2f} ms  (target ≤ 20 ms)")
    print(f"bare reportlab page, same text and QR    {bare:8.2f} ms")
    print(f"ratio badge / bare page                  {ours / bare:8.2f}     (target ≤ 1.5)")
    for fmt in FORMATS.values():
        each = median_ms(lambda: render_pdf([badge], fmt, translate), 50)
        print(f"  {fmt.id:<16} median                 {each:8.2f} ms")

    attendees = [person_badge(PersonName(f"Deltaker{i}", "Nordmann"), "Polar Logistics", "attendee",
                              date(2026, 11, 25), new_badge_token(), event_name="Nordic Summit")
                 for i in range(1000)]
    start = time.perf_counter()
    sheets = render_pdf(attendees, FORMATS["a4-8"], translate)
    batch = time.perf_counter() - start
    print(f"1,000 event badges on 125 A4 sheets      {batch:8.2f} s   (target ≤ 10 s; "
          f"{len(sheets) / 1e6:.1f} MB)")

    from printing.cups import Cups

    with a_printer(args.printer) as printer:
        if printer is None:
            print("render + hand-off to CUPS                   n/a   (no CUPS on this machine)")
            return 0
        cups = Cups()
        shares = []
        for _ in range(20):
            begun = time.perf_counter()
            pdf = render_pdf([badge], label, translate)
            submitted = cups.submit(printer, pdf, "kiosk-bench", label.print_options)
            shares.append(time.perf_counter() - begun)
            if submitted.job_id is None:
                print(f"printer {printer} refused the job: {submitted.reason}")
                return 1
            cups.follow(submitted)
        share = statistics.median(shares)
        print(f"render + hand-off to CUPS (IPP Print-Job, "
              f"{' '.join(f'{k}={v}' for k, v in label.print_options)})")
        print(f"  median                                 {share * 1000:8.1f} ms  = "
              f"{share / LABEL_PRINTER_S:.1%} of a 1 s label (target < 5 %)")
        if not args.printer:
            for output in Path(os.path.expanduser("~/PDF")).glob("kiosk-bench*.pdf"):
                output.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
