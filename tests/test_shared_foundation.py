"""Names, matching and atomic files: the pieces every screen, importer and export shares."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from kiosk.errors import StorageError
from kiosk.files import atomic_write
from kiosk.matching import matches, name_keys, query_terms, sql_condition
from kiosk.names import PersonName, family_first_by_default

NAMES = ["Bjørn Dæhlie", "Łukasz Żółć", "王芳", "Åse Ødegård", "Seán O’Brien", "Nagy Erzsébet",
         "김민준", "Jean-Pierre Müller"]


@pytest.mark.parametrize("query, name", [
    ("bjorn", "Bjørn Dæhlie"), ("bjoern", "Bjørn Dæhlie"), ("BJØRN", "Bjørn Dæhlie"),
    ("daehlie", "Bjørn Dæhlie"), ("lukasz", "Łukasz Żółć"), ("zolc", "Łukasz Żółć"),
    ("aase", "Åse Ødegård"), ("odegard", "Åse Ødegård"), ("oedegaard", "Åse Ødegård"),
    ("o'brien", "Seán O’Brien"), ("obrien", "Seán O’Brien"), ("sean", "Seán O’Brien"),
    ("erzsebet", "Nagy Erzsébet"), ("王", "王芳"), ("芳", "王芳"), ("王 芳", "王芳"),
    ("민준", "김민준"), ("pierre", "Jean-Pierre Müller"), ("mueller", "Jean-Pierre Müller"),
    (unicodedata.normalize("NFD", "Dæhlie Bjørn"), "Bjørn Dæhlie"),
])
def test_people_find_themselves(query: str, name: str) -> None:
    found = [n for n in NAMES if matches(query_terms(query), name_keys(n))]
    assert found == [name]


@pytest.mark.parametrize("query", ["", "  ", "bj", "a-"])
def test_too_short_a_query_finds_nobody(query: str) -> None:
    assert query_terms(query) == []


def test_sql_condition_agrees_with_matches(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE p (name TEXT, keys TEXT)")
    conn.executemany("INSERT INTO p VALUES (?, ?)", [(n, name_keys(n)) for n in NAMES])
    for query in ("bjoern", "王 芳", "jean pierre", "zzz"):
        condition, params = sql_condition("keys", query_terms(query))
        by_sql = [r[0] for r in conn.execute(f"SELECT name FROM p WHERE {condition}", params)]
        assert by_sql == [n for n in NAMES if matches(query_terms(query), name_keys(n))]


@given(st.text(max_size=40), st.text(max_size=12))
def test_matching_never_fails_and_a_name_finds_itself(name: str, extra: str) -> None:
    keys = name_keys(name, extra)
    terms = query_terms(name)
    assert not terms or matches(terms, keys)


@pytest.mark.parametrize("name, full, goes_by", [
    (PersonName("Erzsébet", "Nagy", True), "Nagy Erzsébet", "Erzsébet"),
    (PersonName("芳", "王", True), "王芳", "芳"),
    (PersonName("Kari", "Nordmann"), "Kari Nordmann", "Kari"),
    (PersonName("Madonna"), "Madonna", "Madonna"),
    (PersonName("", "Nguyễn"), "Nguyễn", "Nguyễn"),
])
def test_names_show_in_the_persons_order(name: PersonName, full: str, goes_by: str) -> None:
    assert (name.full, name.goes_by) == (full, goes_by)


def test_cjk_names_put_the_family_first_by_default() -> None:
    assert family_first_by_default("芳", "王") and not family_first_by_default("Kari", "Nordmann")


def test_atomic_write_replaces_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    atomic_write(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_write_into_a_folder_names_it(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        atomic_write(tmp_path, b"x")
    assert str(tmp_path) in str(caught.value)

