"""Settings the company sets centrally reach the kiosk's kiosk.toml, and only the allowed ones,
each change in the audit log as an admin's change on the console is."""
from __future__ import annotations

import uuid

from kiosk.central_settings import CENTRAL
from kiosk.config import KioskConfig, read_config
from sync.rounds import run_round
from tests.sync_fixtures import enrolled_kiosk
from tests.test_console_settings import audit_rows


def publish_settings(central, site: str, values: dict) -> None:  # type: ignore[type-arg]
    records = [{"id": str(uuid.uuid4()), "kind": "setting", "occurred_at": "2026-11-25T08:00:00+00:00",
                "payload": {"name": name, "value": value}} for name, value in values.items()]
    with central.admin() as admin:
        answer = admin.post("/v1/admin/publish", json={"site_id": site, "records": records})
    assert {r["status"] for r in answer.json()["results"]} == {"stored"}


def test_allowed_settings_are_applied_and_others_left_alone(sqlite_central, tmp_path, clock):
    folder = tmp_path / "k1"
    service, settings = enrolled_kiosk(sqlite_central, folder, "oslo-hq", clock)
    before = read_config(folder)
    publish_settings(sqlite_central, "oslo-hq", {
        "retention.visits_days": 14, "auto_sign_out_at": "21:30",
        "idle_timeout_s": "5",  # below the kiosk's own lower bound: refused
        "site_id": "somewhere-else", "printing.printer": "lobby"})  # never set centrally
    publish_settings(sqlite_central, "bergen", {"retention.visits_days": 3})  # another site's

    result = run_round(service.db, settings, clock.now(), data_dir=folder)

    assert result.ok and result.settings_changed == ["auto_sign_out_at", "retention.visits_days"]
    after = read_config(folder)
    assert after.retention.visits_days == 14 and after.auto_sign_out_at == "21:30"
    assert (after.site_id, after.printing, after.idle_timeout_s) == \
        (before.site_id, before.printing, before.idle_timeout_s)
    assert after.retention.consents_days == before.retention.consents_days
    assert audit_rows(service) == [
        ("central", "setting.changed",
         f'["setting:auto_sign_out_at", "old:{before.auto_sign_out_at}", "new:21:30"]'),
        ("central", "setting.changed",
         f'["setting:retention.visits_days", "old:{before.retention.visits_days}", "new:14"]')]
    again = run_round(service.db, settings, clock.now(), data_dir=folder)
    assert again.ok and again.settings_changed == [] and len(audit_rows(service)) == 2


def test_the_whitelist_names_only_settings_the_kiosk_has():
    config = KioskConfig()
    for name in CENTRAL:
        section, _, key = name.rpartition(".")
        assert hasattr(getattr(config, section) if section else config, key), name
