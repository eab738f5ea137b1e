"""Typing any script into the kiosk's fields, as the on-screen keyboard does."""
from __future__ import annotations

import pytest

from tests.ui_helpers import (WAIT_MS, enter_text, fill_guest, focus_window, open_details, tap,
                              type_into)
from ui.widgets import line_edit

NAMES = ["Óðinn", "王芳", "Ñandú", "Åse Ødegård", "Nguyễn Thị Minh Khai", "Zoë 😀"]


@pytest.mark.parametrize("text", NAMES)
def test_enter_text_types_any_unicode(qtbot, text):
    field = line_edit("typing_probe")
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    enter_text(qtbot, field, text)
    assert field.text() == text


def test_a_name_in_any_script_reaches_the_confirm_screen(qtbot, window):
    focus_window(qtbot, window)
    open_details(qtbot, window, "en")
    fill_guest(qtbot, window, "Óðinn", "Ñandú")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    assert window.confirm.values["name"].text() == "Óðinn Ñandú"


def test_a_cjk_name_typed_character_by_character(qtbot, window):
    focus_window(qtbot, window)
    open_details(qtbot, window, "en")
    type_into(qtbot, window, "given_name", "芳")
    type_into(qtbot, window, "family_name", "王")
    assert window.details.person_name().full == "王芳"
