"""Touch, keyboard and screen-reader basics of the screens, tried on the real widgets."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLineEdit, QScroller

from kiosk.i18n import Translator
from kiosk.marketing import ConsentShown, Decision
from kiosk.validation import VisitorDetails
from kiosk.visitor_types import VISITOR_TYPES
from kiosk.visits import NoticeShown, Registration
from printing.badge import visit_badge
from printing.render import render_pdf
from printing.service import choose_format
from tests.ui_helpers import WAIT_MS, fill_guest, focus_window, open_details, tap, type_into
from ui import tokens


def open_notice(qtbot, window):
    tap(qtbot, window.welcome.register_button)
    qtbot.waitUntil(window.notice.accept_button.isEnabled, timeout=WAIT_MS)
    return window.notice.text


def drag(qtbot, viewport, start: QPoint, end: QPoint, steps: int = 20) -> None:
    """A finger drag as the touchscreen's synthesised mouse delivers it: press, moves a few
    milliseconds apart (the scroller measures speed from them), release."""
    def send(kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
        local = QPointF(point)
        QApplication.sendEvent(viewport, QMouseEvent(
            kind, local, viewport.mapToGlobal(local), Qt.MouseButton.LeftButton, buttons,
            Qt.KeyboardModifier.NoModifier))

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(QEvent.Type.MouseButtonPress, start, left)
    for i in range(1, steps + 1):
        qtbot.wait(10)  # pacing the finger, not waiting for a result
        send(QEvent.Type.MouseMove, start + (end - start) * i / steps, left)
    send(QEvent.Type.MouseButtonRelease, end, none)


# Touch -------------------------------------------------------------------------------------

def test_a_finger_drag_scrolls_the_notice_and_selects_nothing(qtbot, window):
    focus_window(qtbot, window)
    text = open_notice(qtbot, window)
    bar = text.verticalScrollBar()
    assert bar.maximum() > 0, "the example notice is taller than its box"
    viewport = text.viewport()
    middle = viewport.rect().center()
    drag(qtbot, viewport, middle + QPoint(0, 200), middle - QPoint(0, 200), steps=20)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=WAIT_MS)
    assert not text.textCursor().hasSelection()


def test_every_scrolling_area_scrolls_by_touch(qtbot, window):
    open_details(qtbot, window, "en")
    assert window.event_screen in window.screens  # built on first use: checked here too
    areas = []
    for screen in window.screens:
        window.stack.setCurrentWidget(screen)
        qtbot.waitUntil(screen.isVisible, timeout=WAIT_MS)
        areas += screen.findChildren(QAbstractScrollArea)
    assert areas, "the notice at least scrolls"
    for area in areas:
        assert QScroller.hasScroller(area.viewport()), area.objectName()


def test_tapping_the_e_mail_address_in_the_notice_keeps_the_notice(qtbot, window):
    text = open_notice(qtbot, window)
    shown = text.toPlainText()
    found = text.document().find("@")
    assert not found.isNull(), "the example notice gives the privacy contact's address"
    text.setTextCursor(found)
    text.ensureCursorVisible()
    anchor = QTextCursor(found)
    rect = text.cursorRect(anchor)
    assert text.anchorAt(rect.center()), "the address is a link in the notice"
    text.setTextCursor(QTextCursor(text.document()))
    text.ensureCursorVisible()
    text.verticalScrollBar().setValue(text.verticalScrollBar().maximum())
    rect = text.cursorRect(anchor)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert text.toPlainText() == shown
    assert text.source().isEmpty()
    assert window.notice.accept_button.isEnabled()


def test_no_text_field_has_a_clear_button_too_small_for_a_finger(window):
    assert window.event_screen in window.screens  # built on first use: checked here too
    fields = window.findChildren(QLineEdit)
    assert fields
    assert [f.objectName() for f in fields if f.isClearButtonEnabled()] == []


def test_placeholders_reach_aa_contrast_on_the_field(window):
    from tests.test_look import contrast

    assert window.event_screen in window.screens  # built on first use: checked here too
    for field in window.findChildren(QLineEdit):
        field.ensurePolished()
        palette = field.palette()
        hint = palette.color(palette.ColorRole.PlaceholderText).name()
        assert hint == tokens.COLOURS["placeholder"].lower(), field.objectName()
        assert contrast(hint, tokens.COLOURS["surface"]) >= 4.5


def test_the_event_page_text_wraps_and_shows_whole(qtbot, window):
    tap(qtbot, window.welcome.event_button)
    text = window.event_screen.text
    qtbot.waitUntil(text.isVisible, timeout=WAIT_MS)
    window.event_screen.layout().activate()
    line = text.fontMetrics().height()
    assert text.wordWrap()
    assert text.height() >= text.heightForWidth(text.width())
    one_line = text.fontMetrics().horizontalAdvance(text.text())
    assert text.width() >= min(one_line, window.width() // 2)
    assert text.height() >= line


# "Start over" ------------------------------------------------------------------------------

def test_start_over_keeps_its_distance_from_the_language_buttons(qtbot, window):
    open_details(qtbot, window, "en")
    home = window.header.home_button
    assert home.isVisible()
    home_right = home.mapTo(window, QPoint(home.width(), 0)).x()
    nearest = min(b.mapTo(window, QPoint(0, 0)).x() for b in window.header.language_buttons.values())
    assert nearest - home_right >= tokens.DANGER_GAP


def test_start_over_asks_before_it_wipes_a_filled_form(qtbot, window):
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "Åse")
    tap(qtbot, window.header.home_button)
    question = window.header.question()
    assert question.isVisible()
    assert window.current() is window.details
    tap(qtbot, question.keep_button)
    assert not question.isVisible()
    assert window.current() is window.details
    assert window.details.fields["given_name"].edit.text() == "Åse"
    tap(qtbot, window.header.home_button)
    tap(qtbot, window.header.question().erase_button)
    assert window.current() is window.welcome
    assert window.details.fields["given_name"].edit.text() == ""


def test_start_over_from_an_empty_form_needs_no_question(qtbot, window):
    open_details(qtbot, window, "en")
    tap(qtbot, window.header.home_button)
    assert window.current() is window.welcome
    assert window.header._question is None or not window.header.question().isVisible()


def test_the_idle_reset_takes_the_question_away_too(qtbot, make_window):
    window = make_window(tick_ms=5)
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "Åse")
    tap(qtbot, window.header.home_button)
    assert window.header.question().isVisible()
    window.idle.warn()
    qtbot.waitUntil(lambda: window.current() is window.welcome, timeout=WAIT_MS)
    assert not window.header.question().isVisible()


# Keyboard and assistive technology --------------------------------------------------------------

def test_every_field_is_named_by_its_caption_and_announces_its_error(qtbot, window):
    open_details(qtbot, window, "en")
    for name, item in window.details.fields.items():
        caption = item.caption.text().removesuffix(" *")
        assert caption and item.edit.accessibleName() == caption, name
        assert item.caption.buddy() is item.edit, name
        assert item.edit.accessibleDescription() == "", name
    type_into(qtbot, window, "email", "not-an-address")
    email = window.details.fields["email"]
    assert email.error.isVisible()
    assert email.edit.accessibleDescription() == email.error.text()
    type_into(qtbot, window, "email", "ase@fjordbygg.no")
    assert email.edit.accessibleDescription() == ""
    tap(qtbot, window.header.language_buttons["nb"])
    assert email.edit.accessibleName() == Translator("nb")("E-mail")


def test_the_sign_out_search_has_an_accessible_name(qtbot, window):
    tap(qtbot, window.header.language_buttons["en"])
    tap(qtbot, window.welcome.sign_out_button)
    assert window.sign_out.search.accessibleName() == "Your name"
    tap(qtbot, window.header.language_buttons["nb"])
    assert window.sign_out.search.accessibleName() == Translator("nb")("Your name")


def test_enter_presses_the_main_button_from_welcome_to_confirm(qtbot, window):
    focus_window(qtbot, window)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.current() is window.notice
    qtbot.waitUntil(window.notice.accept_button.isEnabled, timeout=WAIT_MS)
    assert QApplication.focusWidget() is not window.header.home_button
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Enter)
    assert window.current() is window.details
    fill_guest(qtbot, window, "Åse", "Kristiansen")
    field = window.details.fields["host_id"].edit
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_Return)  # a text field passes Enter on to its screen
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.current() is window.confirm


def test_enter_on_the_sign_out_screen_chooses_the_only_match(qtbot, window, service):
    from tests.test_ui_visit import register_directly

    register_directly(service, "Åse", "Kristiansen")
    focus_window(qtbot, window)
    tap(qtbot, window.welcome.sign_out_button)
    window.sign_out.search.setFocus()
    qtbot.keyClicks(window.sign_out.search, "kristiansen")
    # the match is on screen (Qt shows a button added to a shown screen a moment later)
    qtbot.waitUntil(lambda: window.sign_out.main_button() is not None, timeout=WAIT_MS)
    assert window.sign_out.results.count() == 1
    QTest.keyClick(window.sign_out.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current() is window.goodbye, timeout=WAIT_MS)


def test_the_idle_warning_takes_the_focus_and_enter_answers_it(qtbot, window):
    focus_window(qtbot, window)
    open_details(qtbot, window, "en")
    window.details.fields["given_name"].edit.setFocus()
    window.idle.warn()
    overlay = window.idle.overlay
    assert overlay.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is overlay.continue_button, timeout=WAIT_MS)
    QTest.keyClick(overlay.continue_button, Qt.Key.Key_Return)
    assert not overlay.isVisible()
    assert QApplication.focusWidget() is window.details.fields["given_name"].edit


# Interview candidates are not pointed out -----------------------------------------------------

def register(service, visitor_type: str):
    notice = service.notice("en")
    details = service.validate(VisitorDetails(
        given_name="Kari", family_name="Nordmann", email="kari@example.no", company="",
        host_id="demo-host-1", visitor_type=visitor_type))
    return service.register_visit(Registration(details, "en", NoticeShown(notice.version, notice.text_hash),
                                               ConsentShown(Decision.REFUSED, "test")))


@pytest.mark.parametrize("language", ["en", "nb"])
def test_an_interview_badge_says_what_a_guest_badge_says(service, language):
    translate = Translator(language)
    words = {}
    for kind in ("interview", "guest"):
        content = visit_badge(register(service, kind), service.config)
        pdf = render_pdf([content], choose_format(service.config), translate)
        words[kind] = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert content.band_colour == VISITOR_TYPES["guest"].colour
    assert translate("Interview") not in words["interview"]
    assert translate("Guest") in words["interview"]


def test_the_confirm_screen_does_not_say_interview(qtbot, window):
    open_details(qtbot, window, "en")
    tap(qtbot, window.details.type_buttons["interview"])
    fill_guest(qtbot, window, "Kari", "Nordmann", email="kari@example.no")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    assert window.current() is window.confirm
    assert window.confirm.values["visitor_type"].text() == "Guest"
    assert "Interview" not in " ".join(v.text() for v in window.confirm.values.values())


# Focus as drawn ---------------------------------------------------------------------------------

def _edge_and_fill(widget) -> tuple[str, str]:
    """The colour of the widget's left edge and of its fill just inside, as drawn."""
    image = widget.grab().toImage()
    y = image.height() // 2
    return image.pixelColor(1, y).name(), image.pixelColor(tokens.FOCUS_WIDTH + 3, y).name()


def test_focus_is_drawn_at_3_to_1_on_selected_primary_and_invalid_controls(qtbot, window):
    """The stylesheet really draws what tests/test_look.py checks on the tokens."""
    from tests.test_look import contrast

    focus_window(qtbot, window)
    tap(qtbot, window.header.language_buttons["en"])
    controls = [window.welcome.register_button, window.welcome.sign_out_button,
                window.header.language_buttons["en"], window.header.language_buttons["nb"]]
    checked = []
    for widget in controls:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus, timeout=WAIT_MS)
        checked.append((widget, _edge_and_fill(widget)))
        window.welcome.setFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus(), timeout=WAIT_MS)
        checked[-1] = (widget, _edge_and_fill(widget), checked[-1][1])
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "email", "not-an-address")
    for name in ("email", "company"):
        field = window.details.fields[name].edit
        window.details.setFocus()
        qtbot.waitUntil(lambda f=field: not f.hasFocus(), timeout=WAIT_MS)
        unfocused = _edge_and_fill(field)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(field.hasFocus, timeout=WAIT_MS)
        checked.append((field, unfocused, _edge_and_fill(field)))
    assert window.details.fields["email"].edit.property("invalid")
    for widget, (edge, fill), (focus_edge, focus_fill) in checked:
        name = widget.objectName()
        assert max(contrast(edge, focus_edge), contrast(fill, focus_fill)) >= 3, (name, edge, focus_edge)
        assert contrast(focus_edge, tokens.COLOURS["background"]) >= 3, name
        assert contrast(focus_edge, tokens.COLOURS["surface"]) >= 3, name
