"""What a visitor sees: every screen can be photographed, texts are readable, targets fit a finger."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from kiosk.i18n import LANGUAGES
from main import main
from tests.ui_helpers import WAIT_MS, open_details
from ui import tokens

SCREENS = ["welcome", "notice", "details-errors", "details-about-you", "details-host-search", "details", "consent",
           "confirm", "done", "done-ask-reception", "idle-warning", "sign-out", "goodbye", "event",
           "event-pin", "event-door-ok", "event-door-already", "event-door-unknown", "event-door-search",
           "event-inside", "event-walk-in-notice", "event-walk-in", "event-walk-in-consent",
           "event-settings", "event-import-files", "event-import-columns", "event-self-service",
           "console-pin", "console-on-site", "console-evacuation", "console-reprint", "console-exports",
           "console-rights", "console-retention", "console-stats", "console-record", "console-settings",
           "console-sync", "console-audit"]


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("fg, bg", tokens.TEXT_PAIRS)
def test_text_colours_reach_wcag_aa(fg, bg):
    assert contrast(tokens.COLOURS[fg], tokens.COLOURS[bg]) >= 4.5


def test_placeholders_are_among_the_checked_pairs():
    assert ("placeholder", "surface") in tokens.TEXT_PAIRS


@pytest.mark.parametrize("look", sorted(tokens.CONTROL_LOOKS))
def test_focus_shows_at_3_to_1_on_every_kind_of_control(look):
    """The focused look must differ from the unfocused one by 3:1 (in its fill or its edge),
    and its ring must stand out 3:1 from the page around it (WCAG 2.4.13, 1.4.11)."""
    colour = tokens.COLOURS
    fill, edge = tokens.CONTROL_LOOKS[look]
    focus_fill, ring = tokens.FOCUSED_FIELD if "field" in look else tokens.FOCUSED_BUTTON
    changed = max(contrast(colour[focus_fill], colour[fill]), contrast(colour[ring], colour[edge]))
    assert changed >= 3, look
    for page in ("background", "surface"):
        assert contrast(colour[ring], colour[page]) >= 3, (look, page)


def test_every_target_fits_a_finger(qtbot, window):
    open_details(qtbot, window, "en")
    assert window.event_screen in window.screens  # built on first use: checked here too
    for screen in window.screens:
        window.stack.setCurrentWidget(screen)
        qtbot.waitUntil(screen.isVisible, timeout=WAIT_MS)
        screen.layout().activate()
        for widget in screen.findChildren(QAbstractButton) + screen.findChildren(QLineEdit):
            if widget.isVisible() and widget.objectName():
                assert widget.height() >= tokens.FINGER, (screen.name, widget.objectName())


def test_screenshot_tour_saves_every_screen_in_every_language(qapp, tmp_path: Path):
    assert main(["--screenshot-tour", str(tmp_path)]) == 0
    for language in LANGUAGES:
        saved = sorted(p.name for p in (tmp_path / language).glob("*.png"))
        assert saved == [f"{n:02d}-{name}.png" for n, name in enumerate(SCREENS, 1)]
        for png in (tmp_path / language).glob("*.png"):
            image = QImage(str(png))
            assert (image.width(), image.height()) == tokens.WINDOW_SIZE
            assert len({image.pixel(x, y) for x in range(0, image.width(), 16)
                        for y in range(0, image.height(), 16)}) > 3, f"{png} looks blank"
    assert (tmp_path / "nb" / "01-welcome.png").read_bytes() != (tmp_path / "en" / "01-welcome.png").read_bytes()
