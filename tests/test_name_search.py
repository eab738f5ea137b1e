"""People find themselves, and hosts are found, however the name is typed."""
from __future__ import annotations

import unicodedata

import pytest

from kiosk.names import PersonName
from kiosk.service import KioskService
from tests.fixtures.visitors import registration


def sign_in(service: KioskService, given: str, family: str = "", **typed: object) -> str:
    return service.register_visit(registration(service, given_name=given, family_name=family,
                                               **typed)).id


@pytest.mark.parametrize("given, family, query", [
    ("Bjørn", "Dæhlie", "bjorn"),
    ("Bjørn", "Dæhlie", "bjoern"),
    ("Bjørn", "Dæhlie", "BJØRN"),
    ("Bjørn", "Dæhlie", "daehlie"),
    ("Bjørn", "Dæhlie", "dæh"),
    ("Łukasz", "Wiśniewski", "lukasz"),
    ("Łukasz", "Wiśniewski", "wisn"),
    ("Åse", "Ødegård", "aase"),
    ("Åse", "Ødegård", "odegard"),
    ("Åse", "Ødegård", "oedegaard"),
    ("José", "Núñez", "jose nunez"),
    ("José", "Núñez", unicodedata.normalize("NFD", "JOSÉ")),
    ("Zoë", "Ağaoğlu", "zoe agao"),
    ("Siobhán", "O’Neill", "o'neill"),
    ("Siobhán", "O'Neill", "o’neill"),
    ("Siobhán", "O'Neill", "oneill"),
    ("Jürgen", "Groß", "gross"),
    ("Jürgen", "Groß", "juergen"),
])
def test_a_visitor_finds_themself_however_they_type(service: KioskService, given: str,
                                                    family: str, query: str) -> None:
    visit_id = sign_in(service, given, family)
    sign_in(service, "Kari", "Nordmann")
    assert [m.visit_id for m in service.find_on_site(query)] == [visit_id]


@pytest.mark.parametrize("stored", ["NFC", "NFD"])
def test_names_stored_decomposed_are_found_composed(service: KioskService, stored: str) -> None:
    visit_id = sign_in(service, unicodedata.normalize(stored, "Søren"),
                       unicodedata.normalize(stored, "Kierkegård"))
    assert [m.visit_id for m in service.find_on_site("søren kierk")] == [visit_id]


@pytest.mark.parametrize("query", ["王", "芳", "王芳", "王 芳"])
def test_a_chinese_name_is_found_by_one_or_two_characters(service: KioskService, query: str) -> None:
    visit_id = sign_in(service, "芳", "王")  # family first by default for CJK
    assert [m.visit_id for m in service.find_on_site(query)] == [visit_id]


@pytest.mark.parametrize("query", ["山田", "太郎", "山田太郎", "山田 太郎", "田"])
def test_a_japanese_name_is_found_with_or_without_a_space(service: KioskService, query: str) -> None:
    visit_id = sign_in(service, "太郎", "山田")
    assert [m.visit_id for m in service.find_on_site(query)] == [visit_id]


def test_a_korean_name_is_found_by_its_family_name(service: KioskService) -> None:
    visit_id = sign_in(service, "민준", "김")
    assert [m.visit_id for m in service.find_on_site("김")] == [visit_id]
    assert [m.visit_id for m in service.find_on_site("김민준")] == [visit_id]


def test_a_cjk_name_is_not_found_by_a_character_it_lacks(service: KioskService) -> None:
    sign_in(service, "芳", "王")
    assert service.find_on_site("李") == []


def test_the_sign_out_list_greets_by_the_given_name(service: KioskService) -> None:
    sign_in(service, "Erzsébet", "Nagy", family_first=True)
    sign_in(service, "芳", "王")
    assert sorted(m.goes_by for m in service.find_on_site("nagy")) == ["Erzsébet"]
    assert [m.goes_by for m in service.find_on_site("王")] == ["芳"]


def test_a_name_given_in_one_piece_is_kept_whole(service: KioskService) -> None:
    visit_id = sign_in(service, "Nguyễn Văn An")
    visit = service.db.execute("SELECT given_name, family_name FROM people").fetchone()
    assert visit == ("Nguyễn Văn An", "")
    assert [m.goes_by for m in service.find_on_site("nguyen van")] == ["Nguyễn Văn An"]
    assert [m.visit_id for m in service.find_on_site("an")] == []  # two letters: too short
    assert [m.visit_id for m in service.find_on_site("van an")] == [visit_id]


def test_rectifying_a_name_updates_its_search_keys(service: KioskService) -> None:
    """Keys follow the name whatever writes it, here an admin's correction."""
    visit_id = sign_in(service, "Bjorn", "Dahlie")
    service.db.execute("UPDATE people SET given_name = 'Bjørn', family_name = 'Dæhlie'")
    assert [m.visit_id for m in service.find_on_site("bjoern daeh")] == [visit_id]


@pytest.mark.parametrize("query, names", [
    ("bjorn", ["Bjørn Dæhlie"]),
    ("bjoern", ["Bjørn Dæhlie"]),
    ("daehlie", ["Bjørn Dæhlie"]),
    ("lukasz", ["Łukasz Wiśniewski"]),
    ("o’nei", ["Siobhán O'Neill"]),
    ("芳", ["王芳"]),
    ("王 芳", ["王芳"]),
])
def test_host_search_uses_the_same_matching(service: KioskService, query: str,
                                            names: list[str]) -> None:
    for number, name in enumerate(("Bjørn Dæhlie", "Łukasz Wiśniewski", "Siobhán O'Neill", "王芳")):
        service.db.execute("INSERT INTO hosts (id, site_id, name, active) VALUES (?, 'oslo-hq', ?, 1)",
                           [f"h{number}", name])
    assert [h.name for h in service.search_hosts(query)] == names


@pytest.mark.parametrize("name, full, goes_by", [
    (PersonName("Erzsébet", "Nagy", True), "Nagy Erzsébet", "Erzsébet"),
    (PersonName("芳", "王", True), "王芳", "芳"),
    (PersonName("Ola", "Nordmann"), "Ola Nordmann", "Ola"),
    (PersonName("Nguyễn Văn An"), "Nguyễn Văn An", "Nguyễn Văn An"),
])
def test_a_visit_greets_and_shows_the_name_as_the_person_writes_it(
        service: KioskService, name: PersonName, full: str, goes_by: str) -> None:
    visit = service.register_visit(registration(service, given_name=name.given,
                                                family_name=name.family,
                                                family_first=name.family_first))
    stored = service.visit_by_token(visit.badge_token)
    assert (stored.name.full, stored.name.goes_by) == (full, goes_by)
