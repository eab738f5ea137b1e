"""Refusals: no token, a revoked or expired one, a used code, the wrong role or another site."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import create_engine

from kiosk.clock import SystemClock
from sync.access import issue_admin_token, issue_code
from sync.client import CentralClient, Refused
from sync.enrollment import enroll_kiosk
from tests.sync_fixtures import cli


def test_every_endpoint_needs_a_token(sqlite_central):
    with httpx.Client(base_url=sqlite_central.url) as http:
        for method, path in [("GET", "/v1/changes"), ("POST", "/v1/records"), ("GET", "/v1/whoami"),
                             ("POST", "/v1/admin/publish"), ("GET", "/v1/admin/conflicts"),
                             ("POST", "/v1/admin/enrollment-codes")]:
            answer = http.request(method, path, json={})
            assert answer.status_code == 401, (method, path)
        assert http.get("/v1/whoami", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_an_enrollment_code_works_once(sqlite_central, tmp_path):
    code = sqlite_central.code("oslo-hq")
    enroll_kiosk(tmp_path / "k1", sqlite_central.url, code)
    with pytest.raises(Refused):
        enroll_kiosk(tmp_path / "k2", sqlite_central.url, code)
    assert not (tmp_path / "k2" / "sync.json").exists()
    second = cli(tmp_path / "k3", "enroll", "--server", sqlite_central.url, "--code", code,
                 check=False)
    assert second.returncode == 2 and "already used" in second.stderr
    assert "Traceback" not in second.stderr


def test_an_expired_code_is_refused(sqlite_central, tmp_path):
    engine = create_engine(sqlite_central.engine_url())
    with engine.begin() as conn:  # issued two days ago, for a day
        code = issue_code(conn, "oslo-hq", SystemClock().now() - timedelta(days=2))
    engine.dispose()
    with pytest.raises(Refused):
        enroll_kiosk(tmp_path / "k1", sqlite_central.url, code)


def test_a_revoked_kiosk_is_refused_at_once(sqlite_central, tmp_path):
    settings = enroll_kiosk(tmp_path / "k1", sqlite_central.url, sqlite_central.code("oslo-hq"))
    with CentralClient(settings.server, settings.token) as client:
        assert client.changes(0)["records"] == []
        assert sqlite_central.job("revoke", "--kiosk", settings.kiosk_id) == f"Tokens of {settings.kiosk_id} revoked: 1."
        with pytest.raises(Refused):
            client.changes(0)
    done = cli(tmp_path / "k1", "sync", check=False)
    assert done.returncode == 2 and "refused" in done.stderr


def test_a_kiosk_enrolled_again_holds_only_its_new_token(sqlite_central, tmp_path):
    first = enroll_kiosk(tmp_path / "k1", sqlite_central.url, sqlite_central.code("oslo-hq"))
    second = enroll_kiosk(tmp_path / "k1", sqlite_central.url, sqlite_central.code("bergen"))
    assert second.kiosk_id == first.kiosk_id and second.token != first.token
    with CentralClient(first.server, first.token) as old, pytest.raises(Refused):
        old.changes(0)
    with CentralClient(second.server, second.token) as new:
        assert new.get("/v1/whoami")["site_id"] == "bergen"


def test_an_expired_admin_token_is_refused(sqlite_central):
    engine = create_engine(sqlite_central.engine_url())
    with engine.begin() as conn:
        old = issue_admin_token(conn, datetime.now(timezone.utc) - timedelta(days=2),
                                timedelta(days=1))
    engine.dispose()
    with httpx.Client(base_url=sqlite_central.url,
                      headers={"Authorization": f"Bearer {old}"}) as http:
        answer = http.get("/v1/admin/conflicts")
    assert answer.status_code == 401 and answer.json()["detail"] == "expired_token"


def test_kiosk_tokens_do_not_open_admin_endpoints(sqlite_central, tmp_path):
    settings = enroll_kiosk(tmp_path / "k1", sqlite_central.url, sqlite_central.code("oslo-hq"))
    with httpx.Client(base_url=sqlite_central.url,
                      headers={"Authorization": f"Bearer {settings.token}"}) as http:
        assert http.get("/v1/admin/conflicts").status_code == 403
        assert http.post("/v1/admin/enrollment-codes", json={"site_id": "x"}).status_code == 403
    with sqlite_central.admin() as admin:
        assert admin.get("/v1/changes").status_code == 403


def test_a_kiosk_reads_only_its_own_sites_data(sqlite_central, tmp_path):
    oslo = enroll_kiosk(tmp_path / "oslo", sqlite_central.url, sqlite_central.code("oslo-hq"))
    bergen = enroll_kiosk(tmp_path / "bergen", sqlite_central.url, sqlite_central.code("bergen"))
    stamp = datetime.now(timezone.utc).isoformat()
    with sqlite_central.admin() as admin:
        for site in ("oslo-hq", "bergen"):
            answer = admin.post("/v1/admin/publish", json={"site_id": site, "records": [
                {"id": f"h-{site}", "kind": "host", "occurred_at": stamp,
                 "payload": {"id": f"host-{site}", "name": f"Host in {site}"}},
                {"id": f"e-{site}", "kind": "event", "occurred_at": stamp,
                 "payload": {"id": f"event-{site}", "name": f"Event in {site}"}}]})
            assert {r["status"] for r in answer.json()["results"]} == {"stored"}
    with CentralClient(oslo.server, oslo.token) as client:
        seen = {r["payload"]["name"] for r in client.changes(0)["records"]}
        assert seen == {"Host in oslo-hq", "Event in oslo-hq"}
        # A check-in for Bergen's event is refused: the event is not shared with Oslo.
        [answer] = client.upload([{"id": "c1", "kind": "checkin", "occurred_at": stamp,
                                   "payload": {"id": "c1", "event_id": "event-bergen",
                                               "attendee_id": "a1"}}])
        assert answer == {"id": "c1", "status": "rejected", "code": "event_not_shared"}
    with sqlite_central.admin() as admin:
        assert admin.put("/v1/admin/events/event-bergen/sites",
                         json={"site_ids": ["oslo-hq"]}).json() == {"count": 2}
    with CentralClient(oslo.server, oslo.token) as client:
        seen = {r["payload"]["name"] for r in client.changes(0)["records"]}
        assert "Event in bergen" in seen and "Host in bergen" not in seen
        [answer] = client.upload([{"id": "c2", "kind": "checkin", "occurred_at": stamp,
                                   "payload": {"id": "c2", "event_id": "event-bergen",
                                               "attendee_id": "a1"}}])
        assert answer["status"] == "stored"
    with CentralClient(bergen.server, bergen.token) as client:
        assert "c2" in {r["id"] for r in client.changes(0)["records"]}


def test_no_token_reads_as_a_command_line_option():
    """A venue laptop is started with `--forward-token TOKEN`: a token beginning with "-"
    (one in 64 of URL-safe base64 ones) made argparse stop the server."""
    from sync.access import new_token

    tokens = [new_token() for _ in range(2000)]
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens) and all(len(t) == 64 for t in tokens)



BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_codes_are_base32_in_groups_of_four():
    from sync.access import new_code

    for _ in range(200):
        groups = new_code().split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4] and set("".join(groups)) <= set(BASE32)


@given(st.text(alphabet=BASE32, min_size=16, max_size=16), st.data())
@settings(max_examples=100)
def test_a_code_typed_as_people_type_it_is_the_code(letters, data):  # type: ignore[no-untyped-def]
    from sync.access import normalise_code

    code = "-".join(letters[i:i + 4] for i in range(0, 16, 4))
    typed = "".join(data.draw(st.sampled_from({"O": "O0o", "I": "I1i"}.get(c, c + c.lower())))
                    if c != "-" else data.draw(st.sampled_from(["-", "\u2013", " ", ""]))
                    for c in code)
    assert normalise_code(f" {typed}\t") == normalise_code(code)
