"""How long a durable sign-in takes, against the floor of one durable SQLite insert.

    python bench/bench_register_visit.py [--runs 300]

Both run on files in one temporary folder with WAL and synchronous=FULL, in the
same process and interleaved, so the disk's fsync cost is the same for both.
The target is a ratio of at most 2: a sign-in is a handful of rows, but only one
commit. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.clock import SystemClock  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.marketing import ConsentShown, Decision  # noqa: E402
from kiosk.service import KioskService, open_service  # noqa: E402
from kiosk.validation import VisitorDetails  # noqa: E402
from kiosk.visits import NoticeShown, Registration  # noqa: E402


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def baseline_insert(path: Path):
    """One single-row INSERT in its own transaction, committed durably."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL, at TEXT NOT NULL)")

    def once() -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO rows (id, body, at) VALUES (?, ?, ?)",
                     [str(uuid.uuid4()), "Kari Nordmann, Fjord Bygg AS", time.time()])
        conn.execute("COMMIT")

    return once, conn


def add_history(service: KioskService, visits: int, per_day: int) -> None:
    """Past visits, signed out, `per_day` a day back from yesterday: a kiosk some months in."""
    now = service.clock.now()
    with service.db.atomic():
        service.db.execute("INSERT INTO people (id, given_name, family_name, language, created_at) "
                           "VALUES ('bench-past', 'Past', 'Visitor', 'nb', ?)", [now.isoformat()])
        rows = []
        for n in range(visits):
            at = (now - timedelta(days=1 + n // per_day, minutes=n % per_day)).isoformat()
            rows.append((f"bench-past-{n}", service.config.site_id, service.config.kiosk_id,
                         f"VPAST{n}", n % per_day + 1, at, at))
        service.db.conn.executemany(
            "INSERT INTO visits (id, person_id, site_id, kiosk_id, visitor_type, badge_token, "
            "badge_number, notice_version, notice_hash, language, signed_in_at, signed_out_at, "
            "sign_out_method) VALUES (?, 'bench-past', ?, ?, 'guest', ?, ?, 'old', 'old', 'nb', "
            "?, ?, 'badge')", rows)


def kiosk_sign_in(data_dir: Path, history: int = 0, per_day: int = 1000):
    """`KioskService.register_visit` for a guest with e-mail, phone and a consent answer."""
    service = open_service(data_dir, SystemClock())
    ensure_site_and_notice(service)
    load_demo_hosts(service)
    if history:
        add_history(service, history, per_day)
    notice = service.notice("nb")
    details = service.validate(VisitorDetails(
        given_name="Kari", family_name="Nordmann", company="Fjord Bygg AS", title="Engineer",
        email="kari@example.com", phone="912 34 567", host_id="demo-host-1", car_reg="EL 12345"))
    registration = Registration(details, "nb", NoticeShown(notice.version, notice.text_hash),
                                ConsentShown(Decision.GIVEN, "Ja takk"))
    service.is_suppressed(details)  # the form asks this before; it also makes the key once

    def once() -> None:
        service.register_visit(registration)

    return once, service.db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--history", type=int, default=90_000,
                        help="past visits in the second kiosk (default: 90 days of 1000)")
    args = parser.parse_args()

    labels = {"insert": "one durable INSERT transaction",
              "fresh": "register_visit, new kiosk",
              "history": f"register_visit, {args.history} past visits"}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder:
        baseline, plain = baseline_insert(Path(folder) / "baseline.sqlite3")
        fresh, db = kiosk_sign_in(Path(folder) / "fresh")
        old, old_db = kiosk_sign_in(Path(folder) / "history", args.history)
        steps = {"insert": baseline, "fresh": fresh, "history": old}
        for _ in range(args.warmup):
            for step in steps.values():
                step()
        times: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(args.runs):  # interleaved, so disk hiccups hit all alike
            for name, step in steps.items():
                start = time.perf_counter()
                step()
                times[name].append(time.perf_counter() - start)
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
        sync = db.execute("PRAGMA synchronous").fetchone()[0]
        for conn in (plain, db, old_db):
            conn.close()

    print(f"{args.runs} runs each, after {args.warmup} warm-up; kiosk journal={journal}, "
          f"synchronous={sync} (2 = FULL); files in {tempfile.gettempdir()}")
    stats = {name: (statistics.median(s), percentile(s, 0.95)) for name, s in times.items()}
    for name, label in labels.items():
        median, p95 = stats[name]
        print(f"{label:38s} median {median * 1000:8.3f} ms   p95 {p95 * 1000:8.3f} ms")
    for name in ("fresh", "history"):
        ratio = stats[name][0] / stats["insert"][0]
        ratio95 = stats[name][1] / stats["insert"][1]
        print(f"ratio {name + ' / INSERT':32s} median {ratio:8.2f} x    p95 {ratio95:8.2f} x"
              "   (target: at most 2 x)")


if __name__ == "__main__":
    main()
