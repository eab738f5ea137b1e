"""Values of the wrong shape, from an admin, a kiosk or a damaged file, are refused or
skipped with a message, and never stop sync or show a traceback."""
from __future__ import annotations

import json
import uuid

from sync.rounds import run_round
from tests.fixtures.visitors import registration
from tests.sync_fixtures import central_rows, cli, enrolled_kiosk

STAMP = "2026-11-25T08:00:00+00:00"


def record(kind: str, payload: dict) -> dict:  # type: ignore[type-arg]
    return {"id": str(uuid.uuid4()), "kind": kind, "occurred_at": STAMP, "payload": payload}


def post(central, path: str, body: bytes):  # type: ignore[no-untyped-def]
    with central.admin() as admin:
        return admin.post(path, content=body, headers={"Content-Type": "application/json"})


def test_a_published_record_the_kiosk_cannot_store_is_skipped_not_a_stop(sqlite_central,
                                                                          tmp_path, clock):
    folder = tmp_path / "k1"
    service, settings = enrolled_kiosk(sqlite_central, folder, "oslo-hq", clock)
    bad = [record("host", {"id": "host-bad", "name": {"first": "A"}}),
           record("setting", {"name": "auto_sign_out_at", "value": {"x": 1}})]
    good = [record("host", {"id": "host-good", "name": "Kari Nordmann"})]
    with sqlite_central.admin() as admin:
        for batch in (bad, good):
            admin.post("/v1/admin/publish", json={"site_id": "oslo-hq", "records": batch})
    result = run_round(service.db, settings, clock.now(), data_dir=folder)
    assert result.ok, result.error
    names = [r[0] for r in service.db.execute("SELECT name FROM hosts WHERE id LIKE 'host-%'")]
    assert names == ["Kari Nordmann"]


def test_nan_and_infinity_are_refused_not_stored_as_null(sqlite_central, tmp_path, clock):
    _, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    from sync.client import CentralClient

    body = ('{"records": [{"id": "v-nan", "kind": "visit", "occurred_at": "%s", "payload": '
            '{"id": "v-nan", "badge_number": NaN}}, {"id": "v-inf", "kind": "visit", '
            '"occurred_at": "%s", "payload": {"id": "v-inf", "extra": [1e999]}}]}' % (STAMP, STAMP))
    with CentralClient(settings.server, settings.token) as kiosk:
        answer = kiosk._http.post("/v1/records", content=body.encode(),
                                  headers={"Content-Type": "application/json"})
    assert [(r["id"], r["status"], r["code"]) for r in answer.json()["results"]] == [
        ("v-nan", "rejected", "invalid"), ("v-inf", "rejected", "invalid")]
    assert central_rows(sqlite_central) == []
    # Where FastAPI reads the body itself, NaN in a mistaken field is a 422, not a 500.
    for path, text in (("/v1/enroll", '{"code": NaN, "kiosk_id": "k"}'),
                       ("/v1/admin/erasures", '{"person_id": NaN}')):
        refused = post(sqlite_central, path, text.encode())
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][0] == "body"


def test_enrolling_at_another_site_waits_for_the_records_of_the_first(sqlite_central, tmp_path):
    folder = tmp_path / "kiosk"
    cli(folder, "demo")
    from kiosk.service import open_service

    service = open_service(folder)
    service.register_visit(registration(service, given_name="Før", family_name="Registrering"))
    service.db.close()
    enroll = ["enroll", "--server", sqlite_central.url, "--code"]
    refused = cli(folder, "--lang", "nb", *enroll, sqlite_central.code("bergen"), check=False)
    assert refused.returncode == 2 and "kiosk server enroll --site oslo-hq" in refused.stderr
    cli(folder, *enroll, sqlite_central.code("oslo-hq"))
    assert cli(folder, "sync").stdout.startswith("Uploaded 2,")
    cli(folder, *enroll, sqlite_central.code("bergen"))
    assert [r["site_id"] for r in central_rows(sqlite_central, "visit")] == ["oslo-hq"]


def test_a_damaged_or_strange_address_is_a_message(tmp_path):
    folder = tmp_path / "kiosk"
    done = cli(folder, "--lang", "nb", "enroll", "--server", "http://[::1", "--code",
               "ABCD-EFGH-JKMN-PQRS", check=False)
    assert done.returncode == 2 and "er ikke en adresse" in done.stderr
    for broken in ({"server": None, "token": "t", "site_id": "s", "kiosk_id": "k"},
                   {"server": "http://x", "token": "t", "site_id": "s", "kiosk_id": "k",
                    "ca_file": 7}, ["not", "settings"]):
        (folder / "sync.json").write_text(json.dumps(broken), "utf-8")
        done = cli(folder, "--lang", "nb", "sync", check=False)
        assert done.returncode == 2 and "er skadet; registrer kiosken på nytt" in done.stderr
        assert "Traceback" not in done.stderr
