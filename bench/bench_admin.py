"""The admin console's figures on a kiosk with many visits.

    python bench/bench_admin.py [--visits 100000] [--on-site 2000]

Targets (issue 8): CSV export ≤ 2 s and XLSX ≤ 15 s of all visits; purge of that many
expired visits ≤ 2 s; access export for one person ≤ 100 ms; the console's on-site list
with 2,000 people on site (query and table) ≤ 100 ms. The visits are written in bulk
with the same columns a sign-in writes (a sign-in at a time would take minutes).
Prints; never asserts.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk import exports, retention, rights  # noqa: E402
from kiosk.clock import ManualClock  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.on_site import on_site  # noqa: E402
from kiosk.service import KioskService, open_service  # noqa: E402

START = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)


def fill(service: KioskService, visits: int, on_site_now: int) -> None:
    """`visits` visits over 60 days, the last `on_site_now` still signed in, plus one known person."""
    notice = service.notice("nb")
    people, rows = [], []
    for n in range(visits):
        moment = START + timedelta(seconds=n * 60 * 60 * 24 * 60 // max(visits, 1))
        person, visit = str(uuid.uuid4()), str(uuid.uuid4())
        email = "bench.person@example.no" if n == visits // 2 else f"v{n}@example.com"
        people.append((person, f"Given{n}", f"Family{n}", 0, f"Company {n % 50}", email,
                       "nb", moment.isoformat(), f" given{n} family{n}"))
        out = None if n >= visits - on_site_now else (moment + timedelta(hours=2)).isoformat()
        rows.append((visit, person, service.config.site_id, service.config.kiosk_id, "demo-host-1",
                     "guest", "AB 12345" if n % 3 == 0 else None, "AB12345" if n % 3 == 0 else None,
                     f"V{n:020d}", n % 500 + 1, notice.version, notice.text_hash, "nb",
                     moment.isoformat(), out))
    with service.db.conn:
        service.db.conn.executemany(
            "INSERT INTO people (id, given_name, family_name, family_first, company, email, language, "
            "created_at, name_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", people)
        service.db.conn.executemany(
            "INSERT INTO visits (id, person_id, site_id, kiosk_id, host_id, visitor_type, "
            "car_reg_display, car_reg_normalized, badge_token, badge_number, notice_version, "
            "notice_hash, language, signed_in_at, signed_out_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def timed(label: str, target_s: float, op) -> object:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = op()
    took = time.perf_counter() - began
    print(f"{label:<44} {took * 1000:9.1f} ms   (target ≤ {target_s * 1000:.0f} ms)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--on-site", type=int, default=2_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-admin-"))
    clock = ManualClock(START)
    service = open_service(folder / "data", clock)
    ensure_site_and_notice(service)
    load_demo_hosts(service)
    fill(service, args.visits, args.on_site)
    print(f"{args.visits} visits, {args.on_site} on site, in {folder}")
    every = exports.ExportFilter(date(2026, 1, 1), date(2026, 12, 31))
    for fmt, target in (("csv", 2.0), ("xlsx", 15.0)):
        timed(f"export {args.visits} visits to {fmt}", target,
              lambda fmt=fmt: exports.export(service.db, service.config, clock.now(), "bench",
                                             "visits", every, fmt, folder / f"visits.{fmt}"))

    def access() -> dict:
        subject = rights.find_subject(service.db, service.config, email="bench.person@example.no")
        return rights.access_document(service.db, subject, clock.now())

    timed("access export for one person", 0.1, access)

    from PySide6.QtWidgets import QApplication

    from ui.console.pages import OnSitePage
    from ui.language import Language

    app = QApplication.instance() or QApplication([])
    page = OnSitePage(Language("nb"), service, lambda op, done: done(op()))
    timed(f"console on-site list, {args.on_site} on site", 0.1, page.refresh)
    assert page.table.rowCount() == args.on_site, "the list must hold everyone on site"
    del app
    clock.set(START + timedelta(days=365))
    service.db.execute("UPDATE visits SET signed_out_at = signed_in_at WHERE signed_out_at IS NULL")
    service.db.conn.commit()
    report = timed(f"purge of {args.visits} expired visits", 2.0,
                   lambda: retention.purge(service.db, service.config, clock.now(), "bench"))
    print(f"purged: {report.counts}")
    print(f"on_site() rows now: {len(on_site(service.db, service.config))}")


if __name__ == "__main__":
    main()
