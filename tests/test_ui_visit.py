"""A visitor signs in and out through the real widgets, in each shipped language."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLineEdit, QTextBrowser

from kiosk.config import Printing
from kiosk.i18n import Translator
from kiosk.marketing import ConsentShown, Decision
from kiosk.matching import MAX_RESULTS
from kiosk.validation import VisitorDetails
from kiosk.visits import NoticeShown, Registration
from ui.screens.done import PRINTED
from printing.service import ASK_RECEPTION
from tests.ui_helpers import (WAIT_MS, database_locked, fill_guest, focus_window, open_details, tap,
                             to_confirm, type_into, visible_texts)


def register_directly(service, given: str, family: str, email: str = "",
                      decision: Decision = Decision.REFUSED):
    notice = service.notice("en")
    details = service.validate(VisitorDetails(given_name=given, family_name=family, company="Havbris Energi", email=email,
                                              host_id="demo-host-1"))
    return service.register_visit(Registration(details, "en", NoticeShown(notice.version, notice.text_hash),
                                               ConsentShown(decision, "test")))


@pytest.mark.parametrize("printer, badge_word", [("ok", PRINTED.text), ("stopped", ASK_RECEPTION)])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_visitor_signs_in_and_out(qtbot, make_window, service, cups, language, printer, badge_word):
    service.config = replace(service.config, printing=Printing(printer=getattr(cups, printer)))
    window = make_window()
    _ = Translator(language)
    open_details(qtbot, window, language)
    notice = service.notice(language)
    fill_guest(qtbot, window, "Åse", "Kristiansen", email="ase@fjordbygg.no")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    assert not window.consent.choice.isChecked(), "marketing must start unticked"
    assert window.consent.choice.text() == service.marketing_wording(language).text
    tap(qtbot, window.consent.choice)
    tap(qtbot, window.consent.next_button)
    assert window.confirm.values["name"].text() == "Åse Kristiansen"
    assert window.confirm.values["host"].text() == "Ola Nordmann"
    assert window.confirm.values["phone"].text() == "—", "no phone was given"
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    assert window.done.title.text() == _("Welcome, {name}!", name="Åse")
    qtbot.waitUntil(lambda: window.done.status.text() == _(badge_word), timeout=30_000)
    assert not window.banner.isVisible()

    visit = service.db.execute(
        "SELECT v.notice_version, v.notice_hash, v.language, v.car_reg_display, v.car_reg_normalized, "
        "v.signed_out_at, h.name FROM visits v JOIN hosts h ON h.id = v.host_id").fetchall()
    assert visit == [(notice.version, notice.text_hash, language, "el 12-345", "EL12345", None, "Ola Nordmann")]
    wording = service.marketing_wording(language)
    assert wording.language == language
    consent = service.db.execute(
        "SELECT decision, wording, wording_id, notice_hash FROM consent_events").fetchall()
    assert consent == [("given", wording.text, wording.id, notice.text_hash)]

    tap(qtbot, window.done.finish_button)
    tap(qtbot, window.header.language_buttons[language])
    tap(qtbot, window.welcome.sign_out_button)
    qtbot.keyClicks(window.sign_out.search, "kri")
    qtbot.waitUntil(lambda: window.sign_out.results.count() == 1, timeout=WAIT_MS)
    result = window.sign_out.results.itemAt(0).widget()
    qtbot.waitUntil(result.isVisible, timeout=WAIT_MS)
    assert result.text() == "Åse  ·  Fjord Bygg AS", "only the given name and company may be shown"
    tap(qtbot, result)
    qtbot.waitUntil(lambda: window.current() is window.goodbye, timeout=WAIT_MS)
    assert window.goodbye.title.text() == _("Goodbye, {name}!", name="Åse")
    assert service.db.execute("SELECT signed_out_at IS NOT NULL FROM visits").fetchone() == (1,)


def test_language_switch_retranslates_every_screen_at_once(qtbot, window):
    assert window.event_screen in window.screens  # built on first use: checked here too
    texts = {}
    for language in ("en", "nb"):
        tap(qtbot, window.header.language_buttons[language])
        texts[language] = {screen.name: visible_texts(screen) for screen in window.screens}
    for screen in window.screens:
        assert texts["en"][screen.name] != texts["nb"][screen.name], screen.name
    assert window.welcome.register_button.text() == "Registrer besøk"


def test_field_messages_are_in_the_visitors_language(qtbot, window):
    open_details(qtbot, window, "nb")
    type_into(qtbot, window, "email", "ikke-en-adresse")
    error = window.details.fields["email"].error
    assert error.isVisible()
    assert error.text() == Translator("nb")(
        "This does not look like an e-mail address, for example name@company.no.")
    tap(qtbot, window.header.language_buttons["en"])
    assert error.text().startswith("This does not look like an e-mail address")


def test_required_fields_follow_the_visitor_type(qtbot, window, service):
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "Per")
    type_into(qtbot, window, "family_name", "Hansen")
    window.details.show_step(0)
    tap(qtbot, window.details.type_buttons["contractor"])
    assert window.details.fields["phone"].caption.text().endswith("*")
    tap(qtbot, window.details.next_button)
    assert window.details.step() == 0, "the company is still missing"
    assert window.details.fields["company"].error.isVisible()
    type_into(qtbot, window, "company", "Fjord Bygg AS")
    tap(qtbot, window.details.next_button)
    assert window.details.step() == 1
    tap(qtbot, window.details.next_button)
    assert window.current() is window.details
    for name in ("phone", "host_id"):
        assert window.details.fields[name].error.isVisible(), name
    assert service.db.execute("SELECT count(*) FROM visits").fetchone() == (0,)


def test_host_search_needs_three_letters_and_never_lists_everyone(qtbot, window):
    open_details(qtbot, window, "en")
    window.details.show_field("host_id")
    host = window.details.fields["host_id"].edit
    qtbot.keyClicks(host, "ol")
    assert window.details.host_hint.text() == "Type at least three letters of the name."
    assert window.details.host_results.count() == 0
    qtbot.keyClicks(host, "a")
    qtbot.waitUntil(lambda: window.details.host_results.count() > 0, timeout=WAIT_MS)
    assert window.details.host_results.count() <= MAX_RESULTS


def test_confirm_shows_the_phone_as_people_read_it(qtbot, window):
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Eva", "Dahl")
    type_into(qtbot, window, "phone", "91234567")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    assert window.confirm.values["phone"].text() == "+47 91 23 45 67", "as phonenumbers groups it"


def test_visitor_who_refused_before_is_not_asked_again(qtbot, window, service):
    register_directly(service, "Nils", "Berg", email="nils@havbris.no")
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Nils", "Berg", email="NILS@havbris.no")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.confirm, timeout=WAIT_MS)
    assert window.confirm.values["marketing"].text().startswith("Not asked")
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    assert service.db.execute("SELECT count(*) FROM consent_events").fetchone() == (1,)


def test_idle_visitor_is_forgotten(qtbot, make_window, service):
    window = make_window(tick_ms=5)
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Sigrun", "Fossheim", email="sigrun@example.no")
    type_into(qtbot, window, "phone", "+47 912 34 567")
    qtbot.waitUntil(lambda: window.idle.overlay.isVisible(), timeout=WAIT_MS)
    assert "seconds" in window.idle.overlay.countdown.text()
    qtbot.waitUntil(lambda: window.current() is window.welcome, timeout=WAIT_MS)
    left = visible_texts(window)
    for secret in ("Sigrun", "Fossheim", "sigrun@example.no", "912", "Ola Nordmann", "EL", "12-345"):
        assert secret not in left, secret
    assert window.details.host is None
    remembering = [f.objectName() for f in window.findChildren(QLineEdit) if f.isUndoAvailable()]
    assert remembering == [], "undo would bring the visitor's text back"
    assert window.language.code == service.config.default_language


def test_continue_keeps_the_visitor(qtbot, make_window):
    window = make_window(tick_ms=20)
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "Tor Moen")
    qtbot.waitUntil(lambda: window.idle.overlay.isVisible(), timeout=WAIT_MS)
    tap(qtbot, window.idle.overlay.continue_button)
    assert not window.idle.overlay.isVisible()
    assert window.current() is window.details
    assert window.details.fields["given_name"].edit.text() == "Tor Moen"


def test_badge_scan_on_the_welcome_screen_says_goodbye(qtbot, window, service):
    visit = register_directly(service, "Mette", "Solberg")
    focus_window(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget() or window, visit.badge_token + "\r")
    qtbot.waitUntil(lambda: window.current() is window.goodbye, timeout=WAIT_MS)
    assert window.goodbye.title.text() == "Goodbye, Mette!"
    assert service.db.execute("SELECT sign_out_method FROM visits").fetchone() == ("badge",)


def test_badge_scan_while_someone_fills_in_the_form_keeps_their_form(qtbot, window, service):
    visit = register_directly(service, "Mette", "Solberg")
    focus_window(qtbot, window)
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "company", "Nordlys Data")
    name = window.details.fields["given_name"].edit
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=WAIT_MS)
    qtbot.keyClicks(name, "Tor")
    qtbot.keyClicks(name, visit.badge_token + "\r")
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=WAIT_MS)
    assert window.toast.text.text() == "Mette is signed out. Goodbye!"
    assert service.db.execute("SELECT sign_out_method FROM visits").fetchone() == ("badge",)
    assert window.current() is window.details, "the person at the kiosk stays where they were"
    assert name.hasFocus(), "the message takes no focus from the person typing"
    assert name.text() == "Tor", "the scanned token is taken back out of the field, the name stays"
    assert window.details.fields["company"].edit.text() == "Nordlys Data"
    qtbot.waitUntil(lambda: not window.toast.isVisible(), timeout=WAIT_MS)
    assert window.current() is window.details and name.text() == "Tor"


def test_unknown_badge_says_so(qtbot, window):
    focus_window(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget() or window, "VAAAAAAAAAAAAAAAA\r")
    qtbot.waitUntil(lambda: window.current() is window.goodbye, timeout=WAIT_MS)
    default = Translator(window.service.config.default_language)
    assert window.goodbye.text.text() == default("This badge is not known here. Please ask reception.")


def test_event_check_in_is_a_page_not_a_crash(qtbot, window):
    tap(qtbot, window.welcome.event_button)
    assert window.current() is window.event_screen
    tap(qtbot, window.event_screen.back_button)
    assert window.current() is window.welcome


NASTY = [
    "A" * 500,
    "Kari\x00Nordmann",
    "Ola\u202eNordmann",
    "Ola 😀 Nordmann",
    "\u0645\u062d\u0645\u062f \u0639\u0644\u064a",
    "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9",
    "   ",
    "Zoë Ağaoğlu-Ŋuolbmá",
]


@pytest.mark.parametrize("text", NASTY)
def test_bad_input_gives_a_message_and_stores_nothing_half(qtbot, window, service, text):
    open_details(qtbot, window, "en")
    for name in ("given_name", "family_name", "company", "title", "email", "phone", "car_reg"):
        type_into(qtbot, window, name, text)
    tap(qtbot, window.details.next_button)
    assert window.current() is window.details
    shown = [n for n, f in window.details.fields.items() if not f.error.isHidden()]
    assert "host_id" in shown
    assert ("email" in shown and "phone" in shown) if text.strip() else ("given_name" in shown)
    assert service.db.execute("SELECT count(*) FROM people").fetchone() == (0,)


def test_locked_database_shows_a_message_and_keeps_the_visitor(qtbot, window, service, data_dir):
    to_confirm(qtbot, window, "en")
    with database_locked(data_dir):
        tap(qtbot, window.confirm.confirm_button)
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
        assert window.banner.text() == "The kiosk is busy saving. Please try again."
        assert window.current() is window.confirm
        assert window.confirm.confirm_button.isEnabled()
    assert service.db.execute("SELECT count(*) FROM people").fetchone() == (0,)
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    assert service.db.execute("SELECT count(*) FROM visits").fetchone() == (1,)


def test_every_interactive_widget_has_a_stable_name(window):
    kinds = (QAbstractButton, QLineEdit, QCheckBox, QTextBrowser)
    # QLineEdit's own clear button is Qt's, not ours; it carries Qt's accessible name.
    unnamed = [type(w).__name__ for kind in kinds for w in window.findChildren(kind)
               if not w.objectName() and type(w).__name__ != "QToolButton"]
    assert unnamed == []


def test_the_marketing_question_is_asked_and_stored_in_the_installed_words(qtbot, window, service):
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Eva", "Dahl", email="eva@fjordbygg.no")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    assert window.consent.choice.text() == service.marketing_wording("en").text
    tap(qtbot, window.header.language_buttons["nb"])
    norwegian = service.marketing_wording("nb")
    qtbot.waitUntil(lambda: window.consent.choice.text() == norwegian.text, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    assert service.db.execute("SELECT decision, wording_id, wording FROM consent_events").fetchall() == [
        ("refused", norwegian.id, norwegian.text)]


def test_tapping_next_twice_moves_on_once(qtbot, window):
    """A second tap while the kiosk still checks the first must not trip the flow."""
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Pia", "Holm")
    tap(qtbot, window.details.next_button)
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=WAIT_MS)
    assert window.flow.step == "consent"
    assert window.current() is window.consent
