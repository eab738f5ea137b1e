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


def _six_guests_and_two_deliveries(service) -> None:
    for _ in range(6):
        service.register_visit(registration(service, visitor_type="guest"))
    for _ in range(2):
        service.register_visit(registration(service, visitor_type="delivery", company="Post AS"))


def test_stats_export_writes_every_figure_suppressed_and_audited(service, clock, data_dir, tmp_path):
    import csv

    from main import main

    _six_guests_and_two_deliveries(service)
    out = tmp_path / "figures.csv"
    assert main(["--data-dir", str(data_dir), "stats", "--from", DAY.isoformat(),
                 "--to", DAY.isoformat(), "--out", str(out), "--semicolon"]) == 0
    assert out.read_bytes().startswith("\ufeff".encode())
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    site = service.config.site_id
    assert rows[0] == ["figure", "period", "site", "visitor_type", "count", "of"]
    assert ["visits_per_day", "2026-11-25", site, "guest", "6", ""] in rows
    assert ["visits_per_day", "2026-11-25", site, "delivery", "<5", ""] in rows
    assert ["visits_per_week", "2026-W48", site, "guest", "6", ""] in rows
    assert ["arrivals_by_hour", "09:00", "", "", "8", ""] in rows
    assert not any(cell in ("1", "2") for row in rows for cell in row[4:])
    assert service.db.execute("SELECT record_refs FROM audit_log WHERE action = 'export.stats'"
                              ).fetchone()[0].count("rows:") == 1


def test_stats_export_to_xlsx_and_json_by_suffix(service, clock, data_dir, tmp_path):
    import json

    import openpyxl

    from main import main

    _six_guests_and_two_deliveries(service)
    for name in ("figures.xlsx", "figures.json"):
        assert main(["--data-dir", str(data_dir), "stats", "--from", DAY.isoformat(),
                     "--to", DAY.isoformat(), "--out", str(tmp_path / name)]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "figures.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["figure", "period", "site", "visitor_type", "count", "of"]
    assert all(isinstance(v, str) or v is None for row in cells for v in row)
    records = json.loads((tmp_path / "figures.json").read_text("utf-8"))
    assert {"figure": "visits_per_day", "period": "2026-11-25", "site": service.config.site_id,
            "visitor_type": "delivery", "count": "<5", "of": ""} in records


def test_stats_format_without_a_file_is_refused(data_dir, capsys):
    from main import main

    assert main(["--data-dir", str(data_dir), "stats", "--format", "csv"]) == 2
    assert "--out" in capsys.readouterr().err


def test_visits_per_notice_version_are_suppressed_under_5(service, clock):
    from kiosk.stats import notice_versions

    for _ in range(6):
        service.register_visit(registration(service))
    [(version, count)] = notice_versions(service.db)
    assert version == service.notice("nb").version and count == 6
    service.db.execute("UPDATE visits SET notice_version = 'old' WHERE rowid IN "
                       "(SELECT rowid FROM visits LIMIT 2)")
    assert dict(notice_versions(service.db)) == {"old": None, version: None}
