"""Record ids begin with their time, so the central indexes grow at their end."""
from __future__ import annotations

import time
import uuid

from kiosk.ids import new_id


def test_an_id_made_later_sorts_later_and_is_a_version_7_uuid() -> None:
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    assert (uuid.UUID(first).version, uuid.UUID(second).version) == (7, 7)
    assert first < second
    assert len({new_id() for _ in range(10_000)}) == 10_000
