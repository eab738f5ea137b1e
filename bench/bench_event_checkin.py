"""Door figures on a 50,000-attendee event: QR check-in (lookup plus durable commit) and name search.

    python bench/bench_event_checkin.py [--attendees 50000] [--scans 2000] [--searches 2000]

Targets: check-in <= 10 ms at p95; name search <= 10 ms at p95 per keystroke (each prefix
of a name as it is typed, from the third letter). The database is a file with WAL and
synchronous=FULL, as on a kiosk. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_event_files import kiosk_with_event, summary  # noqa: E402
from kiosk import attendees, checkin  # noqa: E402
from kiosk.demo import _FIRST, _LAST  # noqa: E402
from kiosk.matching import MIN_QUERY_LETTERS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=50_000)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--searches", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        service, event = kiosk_with_event(Path(folder), args.attendees)
        door = checkin.Door(service.config.kiosk_id, "main")
        codes = [f"DEMO{n:07d}" for n in rng.sample(range(1, args.attendees + 1),
                                                   min(args.scans, args.attendees))]
        results: dict[str, int] = {}
        check_ms = []
        for code in codes + codes[: len(codes) // 10]:  # one in ten comes back: already checked in
            started = time.perf_counter()
            result = checkin.check_in(service.db, event, code, service.clock.now(), door)
            check_ms.append((time.perf_counter() - started) * 1000)
            results[result.result] = results.get(result.result, 0) + 1
        print(f"QR check-in, lookup + durable commit: {summary(check_ms)} (target p95 <= 10 ms); "
              f"results {results}")
        search_ms, found = [], 0
        while len(search_ms) < args.searches:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            for end in range(MIN_QUERY_LETTERS, len(name) + 1):
                started = time.perf_counter()
                found += bool(attendees.search(service.db, event.id, name[:end]))
                search_ms.append((time.perf_counter() - started) * 1000)
        print(f"name search per keystroke: {summary(search_ms)} (target p95 <= 10 ms); "
              f"{found} keystrokes found someone")
        service.db.close()


if __name__ == "__main__":
    main()
