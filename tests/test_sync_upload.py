"""Kiosks push their outbox to the real service: minimal records, each stored exactly once."""
from __future__ import annotations

from kiosk.marketing import Decision
from sync.outbox import waiting
from sync.rounds import run_round
from tests.fixtures.visitors import registration
from tests.sync_fixtures import central_rows, enrolled_kiosk


def sign_in(service, **typed):  # type: ignore[no-untyped-def]
    return service.register_visit(registration(service, **typed))


def test_only_fields_the_registry_lets_leave_reach_the_service(central, tmp_path, clock):
    service, settings = enrolled_kiosk(central, tmp_path / "k1", "oslo-hq", clock)
    visit = sign_in(service, given_name="Åse", family_name="Ødegård", company="Fjord Bygg AS",
                    email="ase@example.com", phone="+4791234567", car_reg="EL 12345",
                    decision=Decision.REFUSED)
    service.sign_out(visit.id, "badge")

    result = run_round(service.db, settings, clock.now())

    assert result.ok and result.failed == 0
    rows = central_rows(central)
    assert {r["kind"] for r in rows} == {"person", "visit", "consent", "suppression"}
    sent = repr([r["payload"] for r in rows])
    for secret in ("ase@example.com", "91234567", "EL 12345", "EL12345", visit.badge_token):
        assert secret not in sent
    person = next(r for r in rows if r["kind"] == "person")["payload"]
    assert (person["given_name"], person["family_name"]) == ("Åse", "Ødegård")
    assert person["company"] == "Fjord Bygg AS"
    visits = [r for r in rows if r["kind"] == "visit"]
    assert [bool(v["payload"].get("signed_out_at")) for v in visits] == [False, True]
    assert all(r["site_id"] == "oslo-hq" and r["kiosk_id"] == settings.kiosk_id for r in rows)
    assert waiting(service.db) == 0


def test_a_repeat_is_answered_duplicate_and_stored_once(central, tmp_path, clock):
    service, settings = enrolled_kiosk(central, tmp_path / "k1", "oslo-hq", clock)
    sign_in(service)
    queued = [dict(r) for r in service.db.query("SELECT uuid, kind, payload, created_at FROM outbox")]

    first = run_round(service.db, settings, clock.now())
    assert (first.uploaded, first.failed) == (len(queued), 0)
    # The answer was lost on the way: the kiosk sends the same rows again.
    with service.db.conn:
        for row in queued:
            service.db.execute("INSERT INTO outbox (uuid, kind, record_id, payload, created_at) "
                               "VALUES (?, ?, 'x', ?, ?)",
                               [row["uuid"], row["kind"], row["payload"], row["created_at"]])
    from sync.client import CentralClient

    with CentralClient(settings.server, settings.token) as client:
        answers = client.upload([{"id": r["uuid"], "kind": r["kind"], "occurred_at": r["created_at"],
                                  "payload": {"id": "x"}} for r in queued])
    assert {a["status"] for a in answers} == {"duplicate"}
    again = run_round(service.db, settings, clock.now())
    assert again.uploaded == len(queued) and again.ok
    assert len(central_rows(central)) == len(queued)


def test_several_kiosk_folders_sync_to_one_service(central, tmp_path, clock):
    kiosks = [enrolled_kiosk(central, tmp_path / f"k{n}", site, clock)
              for n, site in enumerate(["oslo-hq", "oslo-hq", "bergen"])]
    for number, (service, _settings) in enumerate(kiosks):
        for visitor in range(number + 2):
            sign_in(service, given_name="Gjest", family_name=f"{number}-{visitor}")
    for service, settings in kiosks:
        assert run_round(service.db, settings, clock.now()).ok
    visits = central_rows(central, "visit")
    assert len(visits) == 2 + 3 + 4
    assert {v["site_id"] for v in visits} == {"oslo-hq", "bergen"}
    assert len({v["kiosk_id"] for v in visits}) == 3


def test_records_of_another_site_are_rejected_logged_and_dropped(central, tmp_path, clock):
    service, settings = enrolled_kiosk(central, tmp_path / "k1", "oslo-hq", clock)
    sign_in(service)
    # A visit that claims another site (a kiosk moved without enrolling again).
    service.db.execute("UPDATE outbox SET payload = json_set(payload, '$.site_id', 'bergen') "
                       "WHERE kind = 'visit'")
    service.db.conn.commit()

    result = run_round(service.db, settings, clock.now())

    assert result.failed == 1 and result.ok
    assert waiting(service.db) == 0
    assert not central_rows(central, "visit")
    logged = list(service.db.query("SELECT record_refs FROM audit_log WHERE action = 'sync.rejected'"))
    assert len(logged) == 1 and "wrong_site" in logged[0]["record_refs"]


def test_an_erasure_on_the_kiosk_erases_the_central_copy(central, tmp_path, clock):
    from kiosk.rights import erase, find_subject

    service, settings = enrolled_kiosk(central, tmp_path / "k1", "oslo-hq", clock)
    sign_in(service, given_name="Åse", family_name="Ødegård", email="ase@example.com")
    sign_in(service, given_name="Ola", family_name="Hansen")
    assert run_round(service.db, settings, clock.now()).ok
    assert len(central_rows(central, "person")) == 2

    erase(service.db, find_subject(service.db, service.config, email="ase@example.com"),
          "admin", clock.now(), clock.now())
    assert run_round(service.db, settings, clock.now()).ok

    people = central_rows(central, "person")
    assert [p["payload"]["given_name"] for p in people] == ["Ola"]
    assert len(central_rows(central, "visit")) == 1
    assert len(central_rows(central, "erasure")) == 1


def test_an_erasure_made_centrally_reaches_the_kiosk(sqlite_central, tmp_path, clock):
    service, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    visit = sign_in(service, given_name="Åse", family_name="Ødegård")
    assert run_round(service.db, settings, clock.now()).ok
    [person] = central_rows(sqlite_central, "person")
    with sqlite_central.admin() as admin:
        erased = admin.post("/v1/admin/erasures", json={"person_id": person["entity_id"]})
    assert erased.json() == {"count": 2}
    assert run_round(service.db, settings, clock.now()).downloaded == 1
    assert not list(service.db.query("SELECT 1 FROM people WHERE id = ?", [person["entity_id"]]))
    assert not list(service.db.query("SELECT 1 FROM visits WHERE id = ?", [visit.id]))


def test_a_payload_json_cannot_carry_is_rejected_and_the_rest_stored(sqlite_central, tmp_path,
                                                                     clock):
    from sync.client import CentralClient

    _, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    stamp = clock.now().isoformat()
    batch = [{"id": f"v-{name}", "kind": "visit", "occurred_at": stamp,
              "payload": {"id": f"v-{name}", "badge_number": number, "signed_in_at": stamp}}
             for name, number in (("huge", 2**70), ("fine", 7))]
    with CentralClient(settings.server, settings.token) as kiosk:
        answer = kiosk.upload(batch)
    assert answer == [{"id": "v-huge", "status": "rejected", "code": "invalid"},
                      {"id": "v-fine", "status": "stored", "code": None}]
    assert [r["payload"]["badge_number"] for r in central_rows(sqlite_central)] == [7]


def test_a_batch_past_a_thousand_records_is_stored_once_and_then_duplicate(sqlite_central,
                                                                          tmp_path, clock):
    from sync.client import CentralClient

    _, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    stamp = clock.now().isoformat()
    batch = [{"id": f"v-{n}", "kind": "visit", "occurred_at": stamp,
              "payload": {"id": f"v-{n}", "signed_in_at": stamp}} for n in range(1100)]
    with CentralClient(settings.server, settings.token) as kiosk:
        first, again = kiosk.upload(batch), kiosk.upload(batch[990:])
    assert {a["status"] for a in first} == {"stored"}
    assert [a["status"] for a in again] == ["duplicate"] * 110
    assert len(central_rows(sqlite_central)) == 1100


def test_a_body_that_is_not_a_batch_is_refused_and_located(sqlite_central, tmp_path, clock):
    import httpx

    _, settings = enrolled_kiosk(sqlite_central, tmp_path / "k1", "oslo-hq", clock)
    stamp = clock.now().isoformat()
    bodies = {b"\x7f\xc2(\x18": ["body"], b'{"records": 5}': ["body", "records"],
              ('{"records": [{"id": "a b", "kind": "visit", "occurred_at": "%s", "payload": {}}]}'
               % stamp).encode(): ["body", "records", 0, "id"]}
    with httpx.Client(base_url=settings.server,
                      headers={"Authorization": f"Bearer {settings.token}"}) as kiosk:
        answers = [kiosk.post("/v1/records", content=body,
                              headers={"Content-Type": "application/json"}) for body in bodies]
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert [a.json()["detail"][0]["loc"] for a in answers] == list(bodies.values())
    assert central_rows(sqlite_central) == []
