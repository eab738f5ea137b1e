"""What a visitor may type: plates, names in any script, e-mail and phone, required fields."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.errors import Message, ValidationError
from kiosk.plates import normalize_plate, plate_problem
from kiosk.registry import max_length
from kiosk.validation import (FIELDS, REQUIRED, VisitorDetails, field_problem,
                              validate_details)
from kiosk.visitor_types import VISITOR_TYPES

PLATE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÆØÅæøå0123456789 -"
plates = st.text(alphabet=PLATE_CHARS, max_size=20)


# --- car registrations -------------------------------------------------------------------

@given(st.text())
@example("ΐ")  # upper case decomposes it
@example("A-\u0301")  # the accent meets its letter once the hyphen is gone
def test_plate_normalisation_is_idempotent(typed: str) -> None:
    once = normalize_plate(typed)
    assert normalize_plate(once) == once


@given(st.text())
def test_normalised_plate_has_no_spaces_or_hyphens(typed: str) -> None:
    normalized = normalize_plate(typed)
    assert "-" not in normalized
    assert not any(ch.isspace() for ch in normalized)


@given(plates)
def test_plate_normalisation_ignores_case(typed: str) -> None:
    assert normalize_plate(typed.lower()) == normalize_plate(typed.upper()) == normalize_plate(typed)


@given(plates)
def test_plate_normalisation_keeps_nordic_letters(typed: str) -> None:
    normalized = normalize_plate(typed)
    for lower, upper in ("æÆ", "øØ", "åÅ"):
        assert normalized.count(upper) == typed.count(lower) + typed.count(upper)


@pytest.mark.parametrize("a, b", [
    ("el 12-345", "EL12345"), ("EL 12345", "el12345"), ("ab–12 345", "AB12345"),
    ("  æø 1234 ", "ÆØ1234"),
])
def test_same_plate_typed_differently_normalises_equal(a: str, b: str) -> None:
    assert normalize_plate(a) == normalize_plate(b)


@pytest.mark.parametrize("typed", ["EL 12345", "ÆØ 1234", "cd-98765", "ABC123"])
def test_real_plates_are_accepted(typed: str) -> None:
    assert plate_problem(typed) is None


@pytest.mark.parametrize("typed", ["E", "EL 12345 678 90", "EL 12!45", "\u202eEL12345"])
def test_impossible_plates_are_refused(typed: str) -> None:
    assert plate_problem(typed) is not None


# --- any text -------------------------------------------------------------------------------

LIMITS = {"given_name": max_length("people", "given_name"),
          "family_name": max_length("people", "family_name"), "company": max_length("people", "company"),
          "title": max_length("people", "title"), "email": max_length("people", "email"),
          "phone": max_length("people", "phone"),
          "car_reg_display": max_length("visits", "car_reg_display")}


@settings(deadline=None, max_examples=300)
@given(given_name=st.text(), family_name=st.text(), company=st.text(), title=st.text(), email=st.text(),
       phone=st.text(), car_reg=st.text(),
       visitor_type=st.sampled_from(sorted(VISITOR_TYPES)) | st.text(max_size=12))
def test_any_text_is_accepted_within_limits_or_refused_with_messages(**typed: str) -> None:
    try:
        clean = validate_details(VisitorDetails(host_id="demo-host-1", **typed), "NO")
    except ValidationError as refused:
        assert refused.errors and set(refused.errors) <= set(FIELDS)
        assert all(isinstance(m, Message) and m.text for m in refused.errors.values())
        return
    for name, limit in LIMITS.items():
        assert len(getattr(clean, name)) <= limit, name


TEXT_FIELDS = ("given_name", "family_name", "company", "title")
CHARACTERS = "Contains characters that cannot be used here."


@pytest.mark.parametrize("name", TEXT_FIELDS)
@pytest.mark.parametrize("value, expected", [
    ("Kari\x00Nordmann", CHARACTERS),
    ("Kari\x07", CHARACTERS),
    ("Kari \x1b[31mNordmann", CHARACTERS),
    ("Kari\x7f", CHARACTERS),
    ("\u202eannamdroN iraK", CHARACTERS),
    ("Kari\u202dNordmann", CHARACTERS),
    ("x" * 81, "Too long: at most {limit} characters."),
])
def test_bad_text_gives_the_fields_message(name: str, value: str, expected: str) -> None:
    problem = field_problem(name, value, "NO")
    assert problem is not None and problem.text == expected
    with pytest.raises(ValidationError) as refused:
        validate_details(VisitorDetails(**{"given_name": "Kari", "host_id": "h", name: value}), "NO")
    assert refused.value.errors[name].text == expected


def test_too_long_names_the_limit() -> None:
    assert field_problem("given_name", "x" * 81, "NO").params == {"limit": 80}
    assert field_problem("family_name", "x" * 80, "NO") is None


@pytest.mark.parametrize("name", [
    "محمد الأحمد", "فاطمه‌زهرا رضایی", "דוד כהן", "\u200fשרה לוי",
    "Åse Ødegård", "Bjørn Æsøy", "Máret Ánde Sárá", "Čáhppes Ŋuolla", "Biret-Máret Đuđu",
    "Ánte Ŧuŧu Žanna", "Sigríður Þórðardóttir", "Jürgen Müller-Lüdenscheidt", "O'Neill",
])
def test_names_in_any_script_are_accepted(name: str) -> None:
    clean = validate_details(VisitorDetails(given_name=name, host_id="h"), "NO")
    assert (clean.given_name, clean.family_name, clean.name.full) == (name, "", name)


@pytest.mark.parametrize("name", ["Kari 😀", "Ola 👍🏽 Nordmann", "❤️ Kari", "Kari ☃"])
@pytest.mark.parametrize("part", ["given_name", "family_name"])
def test_emoji_in_a_name_is_refused(name: str, part: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_details(VisitorDetails(**{"given_name": "Kari", "host_id": "h", part: name}), "NO")
    assert refused.value.errors[part].text == "Please use letters only, without emoji or symbols."


# --- e-mail and phone ----------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("kari@example.com", "kari@example.com"),
    ("  Kari.Nordmann@Example.NO ", "Kari.Nordmann@example.no"),
    ("åse@bryggen.no", "åse@bryggen.no"),
])
def test_good_email_is_stored_normalised(typed: str, stored: str) -> None:
    assert validate_details(VisitorDetails(given_name="Kari", host_id="h", email=typed), "NO").email == stored


@pytest.mark.parametrize("typed", ["kari@", "kari example.no", "@example.no", "kari@@example.no",
                                   "a" * 250 + "@example.no"])
def test_bad_email_is_refused(typed: str) -> None:
    assert field_problem("email", typed, "NO") is not None


@pytest.mark.parametrize("typed, stored", [
    ("912 34 567", "+4791234567"),
    ("+47 912 34 567", "+4791234567"),
    ("0047 91234567", "+4791234567"),
    ("+46 70 123 45 67", "+46701234567"),
    ("+45 20 12 34 56", "+4520123456"),
])
def test_good_phone_is_stored_in_e164(typed: str, stored: str) -> None:
    assert validate_details(VisitorDetails(given_name="Kari", host_id="h", phone=typed), "NO").phone == stored


@pytest.mark.parametrize("typed", ["12", "not a phone", "912 34 567 891 234", "+46 70", "9" * 40])
def test_bad_phone_is_refused(typed: str) -> None:
    problem = field_problem("phone", typed, "NO")
    assert problem is not None and "912 34 567" in problem.text


# --- visitor types ----------------------------------------------------------------------------

COMPLETE = {"given_name": "Kari", "family_name": "Nordmann", "company": "Fjord Bygg AS", "title": "Engineer",
            "email": "kari@example.com", "phone": "912 34 567", "host_id": "demo-host-1",
            "car_reg": "EL 12345"}


@pytest.mark.parametrize("code", sorted(VISITOR_TYPES))
def test_complete_details_are_accepted_for_every_type(code: str) -> None:
    assert validate_details(VisitorDetails(visitor_type=code, **COMPLETE), "NO").visitor_type == code


@pytest.mark.parametrize("code, required", [
    (code, name) for code, kind in sorted(VISITOR_TYPES.items()) for name in sorted(kind.required)])
@pytest.mark.parametrize("blank", ["", "   ", None])
def test_required_field_is_enforced(code: str, required: str, blank: str | None) -> None:
    typed = {**COMPLETE, required: blank}
    with pytest.raises(ValidationError) as refused:
        validate_details(VisitorDetails(visitor_type=code, **typed), "NO")
    assert refused.value.errors == {required: REQUIRED}


@pytest.mark.parametrize("code", sorted(VISITOR_TYPES))
def test_fields_not_required_may_be_left_out(code: str) -> None:
    typed = {k: v for k, v in COMPLETE.items() if k in VISITOR_TYPES[code].required}
    assert validate_details(VisitorDetails(visitor_type=code, **typed), "NO")


@pytest.mark.parametrize("code", ["", "vip", "GUEST"])
def test_unknown_visitor_type_is_refused(code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_details(VisitorDetails(visitor_type=code, **COMPLETE), "NO")
    assert set(refused.value.errors) == {"visitor_type"}
