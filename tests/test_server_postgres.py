"""Several service processes on one PostgreSQL: the service keeps no state of its own."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from sync.rounds import run_round
from tests.fixtures.visitors import registration
from tests.sync_fixtures import Central, central_rows, enrolled_kiosk, fresh_postgres_database, \
    drop_postgres_database


def test_two_processes_serve_one_database_at_once(tmp_path, clock):
    url = fresh_postgres_database()
    first = Central(tmp_path / "c1", url)
    second = Central(tmp_path / "c2", url)
    try:
        # Both start (and migrate) at the same moment.
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda c: c.start(), [first, second]))
        kiosks = [enrolled_kiosk(first if n % 2 else second, tmp_path / f"k{n}", "oslo-hq", clock)
                  for n in range(4)]
        for service, _settings in kiosks:
            for number in range(5):
                service.register_visit(registration(service, given_name="Gjest",
                                                    family_name=str(number)))
        queued = sum(s.db.execute("SELECT count(*) FROM outbox").fetchone()[0] for s, _ in kiosks)

        def sync(pair, server):  # type: ignore[no-untyped-def]
            service, settings = pair
            return run_round(service.db, replace(settings, server=server.url), clock.now())

        # Each kiosk sends to the process it did not enroll with: tokens work on both.
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(sync, kiosks, [second, first, second, first]))
        assert all(r.ok for r in results) and sum(r.uploaded for r in results) == queued
        # A repeat through the other process is a duplicate, not a second copy.
        ids = [r["id"] for r in central_rows(first)]
        assert len(ids) == queued == len(set(ids))
        seqs = [r["seq"] for r in central_rows(first)]
        assert seqs == sorted(seqs)
    finally:
        first.stop()
        second.stop()
        drop_postgres_database(url)
