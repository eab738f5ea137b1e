"""Many kiosks at once: requests waiting for a database connection must never stall the service."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from sync.database import CONNECTIONS
from tests.sync_fixtures import Central, central, central_db, central_rows, enrolled_kiosk  # noqa: F401

#: More callers than the service has connections and worker threads (40) together.
CALLERS = CONNECTIONS + 50


def test_more_kiosks_than_connections_are_all_answered(central: Central, tmp_path: Path) -> None:
    _service, settings = enrolled_kiosk(central, tmp_path / "kiosk", "oslo-hq")

    def upload(n: int) -> int:
        """A batch of visits, as a kiosk's sync round sends it; every tenth caller's token is
        wrong, and its refusal must not cost the requests written with it anything."""
        batch = [{"id": f"visit-{n}-{i}", "kind": "visit", "occurred_at": "2026-11-28T09:00:00+00:00",
                  "payload": {"id": f"visit-{n}-{i}", "visitor_type": "guest",
                              "signed_in_at": "2026-11-28T09:00:00+00:00"}} for i in range(200)]
        with httpx.Client(timeout=25) as client:
            return client.post(f"{central.url}/v1/records", json={"records": batch},
                               headers={"Authorization": f"Bearer {token(n)}"}).status_code

    def token(n: int) -> str:
        return "revoked-or-made-up" if n % 10 == 7 else settings.token

    with ThreadPoolExecutor(CALLERS) as pool:
        answers = list(pool.map(upload, range(CALLERS)))
    assert answers == [401 if n % 10 == 7 else 200 for n in range(CALLERS)]
    stored = {row["id"] for row in central_rows(central, "visit")}
    assert stored == {f"visit-{n}-{i}" for n in range(CALLERS) if n % 10 != 7 for i in range(200)}
