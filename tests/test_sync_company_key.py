"""The suppression key belongs to the company: one key for all kiosks, kept outside the database."""
from __future__ import annotations

import stat

from kiosk.marketing import Decision
from kiosk.service import open_service
from kiosk.validation import VisitorDetails
from sync.rounds import run_round
from tests.fixtures.visitors import registration
from tests.sync_fixtures import enrolled_kiosk


def asked(service, email: str) -> bool:  # type: ignore[no-untyped-def]
    return not service.is_suppressed(service.validate(VisitorDetails(
        given_name="Kari", family_name="Nordmann", email=email, host_id="demo-host-1")))


def test_a_no_at_one_kiosk_is_honoured_at_another(sqlite_central, tmp_path, clock):
    first, first_settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    second, second_settings = enrolled_kiosk(sqlite_central, tmp_path / "k2", "bergen", clock)
    first.register_visit(registration(first, email="nei@example.com", decision=Decision.REFUSED))
    assert asked(second, "nei@example.com")

    assert run_round(first.db, first_settings, clock.now()).ok
    assert run_round(second.db, second_settings, clock.now()).downloaded >= 1

    assert not asked(second, "NEI@example.com")
    assert asked(second, "ja@example.com")


def test_the_key_sits_in_a_private_file_and_not_in_the_database(sqlite_central, tmp_path, clock):
    service, _settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    key_file = tmp_path / "k1" / "company.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "k1" / "sync.json").stat().st_mode) == 0o600
    service.register_visit(registration(service, email="nei@example.com", decision=Decision.REFUSED))
    key = key_file.read_text().strip()
    stored = [r["value"] for r in service.db.query("SELECT value FROM secrets")]
    assert key not in stored
    assert service.suppression_secret == bytes.fromhex(key)


def test_entries_made_under_the_kiosks_own_key_keep_working(sqlite_central, tmp_path, clock):
    folder = tmp_path / "k1"
    before = open_service(folder, clock)
    from kiosk.demo import ensure_site_and_notice, load_demo_hosts

    ensure_site_and_notice(before)
    load_demo_hosts(before)
    before.register_visit(registration(before, email="old@example.com", decision=Decision.REFUSED))
    before.db.close()

    after, _settings = enrolled_kiosk(sqlite_central, folder, "oslo-hq", clock)

    assert not asked(after, "old@example.com")
    after.register_visit(registration(after, email="new@example.com", decision=Decision.REFUSED))
    assert not asked(after, "new@example.com")
    assert asked(after, "other@example.com")
