"""Statistics identify no one: a figure that counts fewer than 5 people is suppressed."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from kiosk.stats import SUPPRESSED, figures, label
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 25)


def test_small_counts_are_suppressed_and_larger_ones_shown(service, clock):
    for _ in range(6):
        service.register_visit(registration(service, visitor_type="guest"))
    for _ in range(2):
        service.register_visit(registration(service, visitor_type="delivery", company="Post AS"))
    result = figures(service.db, service.config, DAY, DAY)
    site = service.config.site_id
    assert result.per_day[(DAY, site, "guest")] == 6
    assert result.per_day[(DAY, site, "delivery")] is None
    assert label(result.per_day[(DAY, site, "delivery")]) == SUPPRESSED
    assert result.per_week[("2026-W48", site, "guest")] == 6
    assert result.per_hour == {9: 8}  # 08:30 UTC is 09:30 in Oslo


def test_stats_command_never_prints_a_small_count(service, clock, data_dir):
    service.register_visit(registration(service, visitor_type="interview", email="i@example.no"))
    service.db.close()
    today = date.today().isoformat()
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "stats",
                           "--from", "2026-11-01", "--to", today], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "interview  <5" in done.stdout and "interview  1" not in done.stdout
