"""Car registrations that match at the gate, whatever keyboard typed them."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.plates import normalize_plate, plate_problem
from kiosk.service import KioskService
from tests.fixtures.visitors import registration

CYRILLIC = "АВЕКМНОРСТУХ"
GREEK = "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"
LATIN_OF_CYRILLIC = "ABEKMHOPCTYX"
LATIN_OF_GREEK = "ABEZHIKMNOPTYX"
PLATE_CHARS = st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWXYZ0123456789ÆØÅ -")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@settings(max_examples=500)
@given(st.text())
def test_normalising_twice_changes_nothing(typed: str) -> None:
    once = normalize_plate(typed)
    assert normalize_plate(once) == once


@settings(max_examples=300)
@given(st.text(PLATE_CHARS, min_size=1, max_size=12))
def test_full_width_plates_match_ascii_ones(typed: str) -> None:
    assert normalize_plate(full_width(typed)) == normalize_plate(typed)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(range(len(CYRILLIC))), min_size=1, max_size=3),
       st.text(st.sampled_from("0123456789"), min_size=2, max_size=5))
def test_cyrillic_look_alikes_match_latin_letters(letters: list[int], digits: str) -> None:
    cyrillic = "".join(CYRILLIC[i] for i in letters) + " " + digits
    latin = "".join(LATIN_OF_CYRILLIC[i] for i in letters) + digits
    assert normalize_plate(cyrillic) == normalize_plate(latin) == latin
    assert normalize_plate(cyrillic.lower()) == latin


@settings(max_examples=300)
@given(st.lists(st.sampled_from(range(len(GREEK))), min_size=1, max_size=3),
       st.text(st.sampled_from("0123456789"), min_size=2, max_size=5))
def test_greek_look_alikes_match_latin_letters(letters: list[int], digits: str) -> None:
    greek = "".join(GREEK[i] for i in letters) + "-" + digits
    latin = "".join(LATIN_OF_GREEK[i] for i in letters) + digits
    assert normalize_plate(greek) == normalize_plate(latin) == latin


@pytest.mark.parametrize("typed, normalized", [
    ("el 12-345", "EL12345"),
    ("ＥＬ　１２３４５", "EL12345"),
    ("EL ¹²³⁴⁵", "EL12345"),
    ("EL ١٢٣٤٥", "EL12345"),  # Arabic-Indic digits
    ("EL १२३४५", "EL12345"),  # Devanagari digits
    ("ÆØ 1234", "ÆØ1234"),
    ("Жук 123", "ЖYK123"),  # Ж has no Latin twin and stays
])
def test_compatibility_forms_and_other_digits_become_ascii(typed: str, normalized: str) -> None:
    assert normalize_plate(typed) == normalized
    assert plate_problem(typed) is None


def test_the_plate_is_shown_as_typed_and_matched_normalised(service: KioskService) -> None:
    service.register_visit(registration(service, car_reg="ЕК 12345"))
    row = service.db.execute("SELECT car_reg_display, car_reg_normalized FROM visits").fetchone()
    assert row == ("ЕК 12345", "EK12345")
