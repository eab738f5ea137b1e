"""Signing in and out: what is stored, who is suppressed, and what a stranger at the kiosk can see."""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime, timezone

import pytest

from kiosk.clock import ManualClock
from kiosk.errors import KioskError, NotFound, ValidationError
from kiosk.marketing import Decision
from kiosk.matching import MAX_RESULTS
from kiosk.service import KioskService
from kiosk.visits import NoticeShown, OnSiteMatch, Registration
from tests.fixtures.visitors import WORDING, counts, registration


def rows(service: KioskService, sql: str, params: list | None = None) -> list[dict]:
    return list(service.db.query(sql, params or []))


# --- one sign-in, stored whole -----------------------------------------------------------------

@pytest.mark.parametrize("decision, consents, outbox_kinds", [
    (Decision.GIVEN, 1, ["consent", "person", "visit"]),
    (Decision.REFUSED, 1, ["consent", "person", "suppression", "suppression", "visit"]),
    (Decision.NOT_ASKED, 0, ["person", "visit"]),
])
def test_sign_in_stores_everything_at_once(service: KioskService, decision: Decision,
                                           consents: int, outbox_kinds: list[str]) -> None:
    reg = registration(service, decision=decision, email="kari@example.com", phone="912 34 567",
                       company="Fjord Bygg AS")
    visit = service.register_visit(reg)
    person = rows(service, "SELECT * FROM people")
    assert [(p["given_name"], p["family_name"], p["company"], p["email"], p["phone"])
            for p in person] == [("Kari", "Nordmann", "Fjord Bygg AS", "kari@example.com", "+4791234567")]
    stored = rows(service, "SELECT * FROM visits")
    assert [(v["id"], v["person_id"], v["host_id"], v["badge_token"]) for v in stored] == [
        (visit.id, person[0]["id"], "demo-host-1", visit.badge_token)]
    events = rows(service, "SELECT * FROM consent_events")
    assert len(events) == consents
    for event in events:
        assert (event["person_id"], event["decision"], event["wording"], event["language"]) == (
            person[0]["id"], decision.value, WORDING, "nb")
    audit = rows(service, "SELECT * FROM audit_log")
    assert [a["action"] for a in audit] == ["visit.registered"]
    assert f"visit:{visit.id}" in json.loads(audit[0]["record_refs"])
    assert sorted(r["kind"] for r in rows(service, "SELECT kind FROM outbox")) == outbox_kinds


def test_sign_in_returns_what_the_badge_needs(service: KioskService, clock: ManualClock) -> None:
    visit = service.register_visit(registration(service, company="Nordlys Data"))
    assert (visit.name.full, visit.name.goes_by, visit.company, visit.host_name,
            visit.visitor_type) == ("Kari Nordmann", "Kari", "Nordlys Data", "Ingrid Bakken", "guest")
    assert visit.signed_in_at == clock.now() and visit.signed_out_at is None
    assert visit.badge_token.startswith("V") and visit.badge_token.isalnum()


def test_visit_stores_the_notice_version_and_hash(service: KioskService) -> None:
    reg = registration(service, language="en", decision=Decision.GIVEN)
    notice = service.notice("en")
    service.register_visit(reg)
    stored = rows(service, "SELECT notice_version, notice_hash, language FROM visits")
    assert stored == [{"notice_version": notice.version, "notice_hash": notice.text_hash,
                       "language": "en"}]
    event = rows(service, "SELECT notice_version, notice_hash FROM consent_events")
    assert event == [{"notice_version": notice.version, "notice_hash": notice.text_hash}]


@pytest.mark.parametrize("shown", [
    lambda n: NoticeShown(n.version, "0" * 64),
    lambda n: NoticeShown("1999-01", n.text_hash),
])
def test_stale_notice_is_refused(service: KioskService, shown) -> None:
    reg = registration(service)
    stale = Registration(reg.details, reg.language, shown(service.notice("nb")), reg.consent)
    with pytest.raises(ValidationError) as refused:
        service.register_visit(stale)
    assert set(refused.value.errors) == {"notice"}
    assert sum(counts(service).values()) == 0


def test_inactive_host_is_refused(service: KioskService) -> None:
    service.db.execute("UPDATE hosts SET active = 0 WHERE id = 'demo-host-1'")
    with pytest.raises(ValidationError) as refused:
        service.register_visit(registration(service))
    assert set(refused.value.errors) == {"host_id"}
    assert sum(counts(service).values()) == 0


def test_badge_numbers_count_up_and_restart_each_local_day(service: KioskService,
                                                          clock: ManualClock) -> None:
    first = service.register_visit(registration(service))
    service.sign_out(first.id, "badge")  # gone, but still one of today's visitors
    second = service.register_visit(registration(service, given_name="Ola", family_name="Nordmann"))
    clock.set(datetime(2026, 11, 25, 22, 55, tzinfo=timezone.utc))  # 23:55 in Oslo
    late = service.register_visit(registration(service, given_name="Åse", family_name="Sen"))
    clock.set(datetime(2026, 11, 25, 23, 5, tzinfo=timezone.utc))  # 00:05 the next day in Oslo
    service.sign_out(late.id, "badge")  # yesterday's visitor leaving today does not count
    next_day = service.register_visit(registration(service, given_name="Nils", family_name="Nygård"))
    assert [v.badge_number for v in (first, second, late, next_day)] == [1, 2, 3, 1]


# --- marketing refusals -------------------------------------------------------------------------

@pytest.mark.parametrize("typed_again", [
    {"email": "KARI.Nordmann@EXAMPLE.com"},
    {"email": "kari.nordmann@example.com", "phone": "400 00 000"},
    {"phone": "+47 912 34 567"},
    {"phone": "0047 91234567"},
    {"phone": "91234567"},
])
def test_refusal_is_remembered_for_the_same_person(service: KioskService, typed_again: dict) -> None:
    service.register_visit(registration(service, decision=Decision.REFUSED,
                                        email="Kari.Nordmann@example.com", phone="912 34 567"))
    assert service.is_suppressed(registration(service, **typed_again).details)


@pytest.mark.parametrize("decision", [Decision.GIVEN, Decision.NOT_ASKED])
def test_only_a_refusal_suppresses(service: KioskService, decision: Decision) -> None:
    reg = registration(service, decision=decision, email="kari@example.com", phone="912 34 567")
    service.register_visit(reg)
    assert not service.is_suppressed(reg.details)
    assert counts(service)["suppressions"] == 0


def test_someone_else_is_not_suppressed(service: KioskService) -> None:
    service.register_visit(registration(service, decision=Decision.REFUSED,
                                        email="kari@example.com", phone="912 34 567"))
    other = registration(service, email="ola@example.com", phone="+46 70 123 45 67")
    assert not service.is_suppressed(other.details)


def test_suppression_list_holds_no_contact_details(service: KioskService) -> None:
    service.register_visit(registration(service, decision=Decision.REFUSED,
                                        email="Kari.Nordmann@example.com", phone="912 34 567"))
    stored = rows(service, "SELECT * FROM suppressions")
    assert len(stored) == 2
    text = json.dumps(stored).casefold()
    for clear in ("kari", "nordmann", "example", "91234567", "912 34 567", "+47"):
        assert clear not in text
    assert all(len(r["key_hash"]) == 64 and set(r) == {"key_hash", "scope", "created_on"}
               for r in stored)


# --- signing out --------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [str.lower, str.upper, lambda t: f"  {t.lower()}\n"])
def test_sign_out_by_badge_token_ignores_case(service: KioskService, clock: ManualClock,
                                              typed) -> None:
    visit = service.register_visit(registration(service))
    clock.advance(hours=3)
    out = service.sign_out_by_token(typed(visit.badge_token))
    assert (out.id, out.signed_out_at) == (visit.id, clock.now())
    assert rows(service, "SELECT sign_out_method FROM visits") == [{"sign_out_method": "badge"}]


def test_signing_out_twice_keeps_the_first_time(service: KioskService, clock: ManualClock) -> None:
    visit = service.register_visit(registration(service))
    clock.advance(hours=1)
    first = service.sign_out_by_token(visit.badge_token).signed_out_at
    clock.advance(hours=1)
    with pytest.raises(KioskError) as again:
        service.sign_out_by_token(visit.badge_token)
    assert again.value.code == "already_signed_out"
    assert service.visit_by_token(visit.badge_token).signed_out_at == first


@pytest.mark.parametrize("token", ["VNOTAREALTOKEN", "", "   ", "'; DROP TABLE visits; --"])
def test_unknown_badge_is_refused(service: KioskService, token: str) -> None:
    service.register_visit(registration(service))
    with pytest.raises(NotFound) as unknown:
        service.sign_out_by_token(token)
    assert unknown.value.code == "unknown_badge"


# --- finding yourself to sign out ---------------------------------------------------------------

@pytest.fixture
def kari(service: KioskService) -> str:
    return service.register_visit(registration(service, given_name="Kari Marie", family_name="Nordmann",
                                               company="Fjord Bygg AS")).id


@pytest.mark.parametrize("query", ["", "k", "Ka", " ka ", "Ka  "])
def test_on_site_search_needs_three_characters(service: KioskService, kari: str, query: str) -> None:
    assert service.find_on_site(query) == []


@pytest.mark.parametrize("query", ["Kar", "kari", "NORD", "mar nor", "Kari Nordmann"])
def test_on_site_search_shows_the_given_name_and_company_only(service: KioskService, kari: str,
                                                              query: str) -> None:
    assert service.find_on_site(query) == [OnSiteMatch(kari, "Kari Marie", "Fjord Bygg AS")]
    assert {f.name for f in fields(OnSiteMatch)} == {"visit_id", "goes_by", "company"}


@pytest.mark.parametrize("query", ["ola", "ordmann", "kari ola"])
def test_on_site_search_matches_word_prefixes_only(service: KioskService, kari: str,
                                                   query: str) -> None:
    assert service.find_on_site(query) == []


def test_signed_out_visitors_are_not_found(service: KioskService, kari: str) -> None:
    service.sign_out(kari, "kiosk")
    assert service.find_on_site("kari") == []


def test_on_site_search_shows_only_todays_visitors_in_oslo(service: KioskService,
                                                           clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 25, 22, 10, tzinfo=timezone.utc))  # 23:10 in Oslo
    late = service.register_visit(registration(service, given_name="Kari", family_name="Sen")).id
    clock.set(datetime(2026, 11, 25, 22, 50, tzinfo=timezone.utc))  # 23:50 in Oslo
    assert [m.visit_id for m in service.find_on_site("kari")] == [late]
    clock.set(datetime(2026, 11, 25, 23, 20, tzinfo=timezone.utc))  # 00:20 next day in Oslo
    assert service.find_on_site("kari") == []  # still the 25th in UTC, but not in Oslo
    early = service.register_visit(registration(service, given_name="Kari", family_name="Tidlig")).id
    clock.advance(minutes=30)
    assert [m.visit_id for m in service.find_on_site("kari")] == [early]


# --- finding a host -----------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "o", " l ", "Ø", "øv", "la"])
def test_host_search_needs_three_letters(service: KioskService, query: str) -> None:
    assert service.search_hosts(query) == []


@pytest.mark.parametrize("query, names", [
    ("øve", ["Lars Øverby"]),
    ("ove", ["Lars Øverby"]),
    ("oeverby", ["Lars Øverby"]),
    ("ØVER", ["Lars Øverby"]),
    ("Øverby", ["Lars Øverby"]),
    ("åsh", ["Sofie Åsheim"]),
    ("nordm", ["Kari Nordmann", "Ola Nordmann"]),
    ("ol nor", ["Ola Nordmann"]),
    ("erby", []),
    ("ola x", []),
])
def test_host_search_matches_word_prefixes(service: KioskService, query: str,
                                           names: list[str]) -> None:
    assert [h.name for h in service.search_hosts(query)] == names


def test_host_search_returns_at_most_the_shared_maximum(service: KioskService) -> None:
    for n in range(10):
        service.db.execute("INSERT INTO hosts (id, site_id, name, active) VALUES (?, 'oslo-hq', ?, 1)",
                           [f"extra-{n}", f"Test Testesen {n}"])
    assert len(service.search_hosts("test")) == MAX_RESULTS


def test_host_search_never_returns_inactive_hosts(service: KioskService) -> None:
    service.db.execute("UPDATE hosts SET active = 0 WHERE name = 'Lars Øverby'")
    assert service.search_hosts("øve") == []
    assert service.search_hosts("lars") == []


def test_host_search_stays_on_this_site(service: KioskService) -> None:
    service.db.execute("INSERT INTO sites (id, name) VALUES ('bergen', 'Bergen')")
    service.db.execute("INSERT INTO hosts (id, site_id, name, active) "
                       "VALUES ('bergen-1', 'bergen', 'Lars Øvre', 1)")
    assert [h.id for h in service.search_hosts("lars")] == ["demo-host-4"]
