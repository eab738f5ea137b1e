"""A fast door's printer backlog is settled out of the collector's sight as it grows."""
from __future__ import annotations

import gc

from kiosk.heap import Settling


def test_every_so_many_answers_the_newest_objects_are_frozen() -> None:
    settling = Settling(every=3)
    gc.unfreeze()
    try:
        waiting = [[n] for n in range(1000)]  # badges waiting on the print lane, say
        settling.answered()
        settling.answered()
        assert gc.get_freeze_count() == 0
        settling.answered()
        assert gc.get_freeze_count() >= len(waiting)
        assert all(gc.is_tracked(item) for item in waiting)  # still alive, only out of sight
    finally:
        gc.unfreeze()
