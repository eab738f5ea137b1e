"""The details step fits the screen without scrolling, with every message showing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from kiosk.errors import Message
from kiosk.hosts import HostMatch
from kiosk.matching import MAX_RESULTS
from kiosk.visits import OnSiteMatch
from tests.ui_helpers import open_details
from ui import tokens

#: The longest message each field can show.
WORST = {
    "given_name": Message("Please use letters only, without emoji or symbols."),
    "family_name": Message("Please use letters only, without emoji or symbols."),
    "company": Message("Too long: at most {limit} characters.", {"limit": 80}),
    "title": Message("Contains characters that cannot be used here."),
    "host_id": Message("Choose your host from the list."),
    "email": Message("This does not look like an e-mail address, for example name@company.no."),
    "phone": Message("This does not look like a phone number, for example 912 34 567 or "
                     "+46 70 123 45 67."),
    "car_reg": Message("Use the letters and digits on the plate, for example EL 12345."),
}
HOSTS = [HostMatch(f"h{n}", f"Wolfeschlegelsteinhausen {n}", "Consulting and Management")
         for n in range(MAX_RESULTS)]


def on_screen(widget: QWidget, window: QWidget) -> bool:
    """Wholly inside the window and not cut by any parent or covered by a sibling."""
    box = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return (window.rect().contains(box) and widget.visibleRegion().boundingRect() == widget.rect()
            and widget.height() > 0)


def fits_its_text(widget: QWidget) -> bool:
    """A label tall enough for all its lines; a control at least a fingertip tall."""
    if isinstance(widget, QLabel):
        return widget.height() >= (widget.heightForWidth(widget.width()) if widget.wordWrap()
                                   else widget.minimumSizeHint().height())
    return widget.height() >= tokens.FINGER


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_field_label_message_and_button_is_on_screen(qtbot, window, size, language):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    open_details(qtbot, window, language)
    details = window.details
    assert not details.findChildren(QScrollArea), "the form never scrolls"
    details.show_problems(WORST)
    details.fields["host_id"].edit.setText("wol")
    details.show_host_matches("wol", HOSTS)
    details.fields["given_name"].edit.setText("Nagy Erzsébet Wolfeschlegelsteinhausenberger")
    for step in range(2):
        details.show_step(step)
        QApplication.processEvents()
        shown = [details.title, details.back_button, details.next_button, details.step_label]
        for field in details.fields.values():
            if field.step == step:
                assert field.error.text(), field.edit.objectName()
                shown += [field.caption, field.edit, field.error]
        if step == 0:
            shown += [details.type_caption, details.family_first, details.full_name,
                      *details.type_buttons.values()]
        else:
            results = [details.host_results.itemAt(i).widget()
                       for i in range(details.host_results.count())]
            assert len(results) == MAX_RESULTS
            shown += results
        for widget in shown:
            assert widget.isVisible(), (step, widget.objectName())
            assert on_screen(widget, window), (step, widget.objectName(), widget.geometry())
            assert fits_its_text(widget), (step, widget.objectName(), widget.height())


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_longest_sign_out_list_fits_a_small_screen(qtbot, window, language):
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1280, 800))
    window.header.language_buttons[language].click()
    window.welcome.sign_out_button.click()
    screen = window.sign_out
    screen.search.setText("wolfe")
    screen.show_matches("wolfe", [OnSiteMatch(f"v{n}", "Wolfeschlegelsteinhausen", "Consulting AS")
                                  for n in range(MAX_RESULTS)])
    QApplication.processEvents()
    results = [screen.results.itemAt(i).widget() for i in range(screen.results.count())]
    assert len(results) == MAX_RESULTS
    for widget in [screen.title, screen.scan_hint, screen.search, screen.back_button, *results]:
        assert widget.isVisible() and on_screen(widget, window), widget.objectName()
        assert fits_its_text(widget), widget.objectName()
