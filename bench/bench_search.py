"""Name search per keystroke with many people on site, as the sign-out screen runs it.

    python bench/bench_search.py [--people 5000] [--names 40]

Signs in N people today (Nordic, Polish, Hungarian and CJK names, stored with their
search keys by the schema's triggers), then types each of M names letter by letter and
times `find_on_site` for every keystroke, the way the screen asks after each one. The
target is p95 <= 10 ms per keystroke. Prints; never asserts.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.clock import SystemClock  # noqa: E402
from kiosk.demo import ensure_site_and_notice, load_demo_hosts  # noqa: E402
from kiosk.names import family_first_by_default  # noqa: E402
from kiosk.service import KioskService, open_service  # noqa: E402

GIVEN = ("Anna", "Bjørn", "Camilla", "Dag", "Åse", "Øystein", "Łukasz", "Erzsébet", "Siobhán",
         "Jürgen", "Zoë", "Håkon", "Ingrid", "Mette", "芳", "太郎", "민준", "Nguyễn Văn An")
FAMILY = ("Berg", "Dæhlie", "Ødegård", "Wiśniewski", "Nagy", "O'Neill", "Groß", "Nygård",
          "Solberg", "Aas", "王", "山田", "김", "Kristiansen", "Fossum", "Lie")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sign_in_many(service: KioskService, count: int, rng: random.Random) -> list[str]:
    """N visits signed in this morning, written in one transaction; returns the full names."""
    now = service.clock.now().isoformat()
    site, kiosk = service.config.site_id, service.config.kiosk_id
    names = []
    with service.db.atomic():
        for n in range(count):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            person = str(uuid.uuid4())
            service.db.execute(
                "INSERT INTO people (id, given_name, family_name, family_first, language, "
                "created_at) VALUES (?, ?, ?, ?, 'nb', ?)",
                [person, given, family, int(family_first_by_default(given, family)), now])
            service.db.execute(
                "INSERT INTO visits (id, person_id, site_id, kiosk_id, visitor_type, badge_token, "
                "badge_number, notice_version, notice_hash, language, signed_in_at) "
                "VALUES (?, ?, ?, ?, 'guest', ?, ?, 'bench', 'bench', 'nb', ?)",
                [str(uuid.uuid4()), person, site, kiosk, f"VBENCH{n}", n + 1, now])
            names.append(f"{given} {family}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--names", type=int, default=40, help="names typed letter by letter")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        service = open_service(Path(folder), SystemClock())
        ensure_site_and_notice(service)
        load_demo_hosts(service)
        names = sign_in_many(service, args.people, rng)
        samples, hosts, found = [], [], 0
        for name in rng.sample(names, min(args.names, len(names))):
            for end in range(1, len(name) + 1):
                typed = name[:end]
                start = time.perf_counter()
                matches = service.find_on_site(typed)
                samples.append(time.perf_counter() - start)
                start = time.perf_counter()
                service.search_hosts(typed)
                hosts.append(time.perf_counter() - start)
            found += bool(matches)
        service.db.close()
    ms = [s * 1000 for s in samples]
    host_ms = [s * 1000 for s in hosts]
    print(f"people on site: {args.people}, names typed: {args.names}, keystrokes: {len(ms)}")
    print(f"sign-out search per keystroke: median {statistics.median(ms):.2f} ms, "
          f"p95 {percentile(ms, 0.95):.2f} ms, max {max(ms):.2f} ms (target p95 <= 10 ms)")
    print(f"host search per keystroke: median {statistics.median(host_ms):.2f} ms, "
          f"p95 {percentile(host_ms, 0.95):.2f} ms")
    print(f"whole names typed that found someone: {found} of {args.names}")


if __name__ == "__main__":
    main()
