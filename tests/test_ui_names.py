"""Names on the screens and the badge as the person writes and uses them."""
from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kiosk.i18n import Translator
from kiosk.matching import name_keys, query_terms, matches
from kiosk.names import PersonName
from printing.badge import person_badge
from printing.formats import FORMATS
from printing.render import render_pdf
from tests.ui_helpers import WAIT_MS, choose_host, open_details, tap, type_into


def test_a_cjk_name_is_written_family_first_until_the_visitor_says_otherwise(qtbot, window):
    open_details(qtbot, window, "en")
    details = window.details
    type_into(qtbot, window, "given_name", "芳")
    type_into(qtbot, window, "family_name", "王")
    assert details.family_first.isChecked()
    assert details.full_name.text() == "Your name: 王芳"
    tap(qtbot, details.family_first)
    assert details.full_name.text() == "Your name: 芳王"
    type_into(qtbot, window, "given_name", "小芳")
    assert not details.family_first.isChecked(), "the visitor's own choice stays"


def test_a_hungarian_visitor_is_greeted_by_the_given_name(qtbot, window, service):
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "Erzsébet")
    type_into(qtbot, window, "family_name", "Nagy")
    assert not window.details.family_first.isChecked(), "Latin names default to given first"
    tap(qtbot, window.details.family_first)
    assert window.details.full_name.text() == "Your name: Nagy Erzsébet"
    tap(qtbot, window.details.next_button)
    assert window.details.step() == 1
    choose_host(qtbot, window, "ola")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    assert window.confirm.values["name"].text() == "Nagy Erzsébet"
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    assert window.done.title.text() == "Welcome, Erzsébet!"
    assert service.db.execute("SELECT given_name, family_name, family_first FROM people"
                              ).fetchall() == [("Erzsébet", "Nagy", 1)]


def test_the_first_step_asks_for_the_name_before_going_on(qtbot, window):
    open_details(qtbot, window, "en")
    tap(qtbot, window.details.next_button)
    assert window.details.step() == 0
    assert window.details.fields["given_name"].error.text() == "Required for this kind of visit."
    tap(qtbot, window.details.back_button)
    assert window.current() is window.notice


@pytest.mark.parametrize("name, large, full", [
    (PersonName("Erzsébet", "Nagy", True), "Erzsébet", "Nagy Erzsébet"),
    (PersonName("Åse", "Nygård"), "Åse", "Åse Nygård"),
])
def test_the_badge_prints_the_name_gone_by_large_and_the_full_name(name, large, full):
    badge = person_badge(name, "", "visitor", date(2026, 11, 25), "VTOKEN")
    assert (badge.goes_by, badge.full_name) == (large, full)
    pdf = render_pdf([badge], FORMATS["a6"], Translator("en"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert large in text and full in text


def test_a_name_in_one_piece_is_printed_once():
    badge = person_badge(PersonName("Nguyễn Văn An"), "", "visitor", date(2026, 11, 25), "VTOKEN")
    assert (badge.goes_by, badge.full_name) == ("Nguyễn Văn An", "")


WORDS = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=3, max_size=12)


@settings(max_examples=300)
@given(st.lists(WORDS, min_size=1, max_size=3), st.sampled_from(["NFC", "NFD", "NFKC"]),
       st.booleans())
def test_a_name_finds_itself_however_it_is_normalised_or_cased(words, form, upper):
    import unicodedata

    stored = " ".join(words)
    typed = unicodedata.normalize(form, stored.upper() if upper else stored.lower())
    terms = query_terms(typed)
    assert not terms or matches(terms, name_keys(stored))
