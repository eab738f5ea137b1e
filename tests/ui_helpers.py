"""Driving the kiosk window the way a visitor does: taps and typing on the real widgets."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ui.window import KioskWindow

WAIT_MS = 10_000


def tap(qtbot, widget) -> None:  # noqa: ANN001 - pytest-qt's bot
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def enter_text(qtbot, field, text: str) -> None:  # noqa: ANN001
    """Type as a keyboard does, one key event per character: ASCII through QTest's real key
    codes; any other character ("Ó", "王", "ð", emoji) as a key event that carries its text,
    the way an on-screen or national keyboard delivers it. QTest.keyClicks cannot: it turns
    each character into a key code and aborts the whole run on those it has none for."""
    for ch in text:
        if ch.isascii() and ch.isprintable():
            qtbot.keyClick(field, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                    Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, window: KioskWindow, name: str, text: str) -> None:  # noqa: ANN001
    """Focus a details field, replace its text by typing, and leave it (which checks it)."""
    window.details.show_field(name)
    field = window.details.fields[name].edit
    field.clear()
    enter_text(qtbot, field, text)
    field.editingFinished.emit()


def open_details(qtbot, window: KioskWindow, language: str) -> None:  # noqa: ANN001
    tap(qtbot, window.header.language_buttons[language])
    tap(qtbot, window.welcome.register_button)
    qtbot.waitUntil(lambda: window.notice.accept_button.isEnabled(), timeout=WAIT_MS)
    tap(qtbot, window.notice.accept_button)
    assert window.current() is window.details


def choose_host(qtbot, window: KioskWindow, query: str) -> str:  # noqa: ANN001
    window.details.show_field("host_id")
    host = window.details.fields["host_id"].edit
    qtbot.keyClicks(host, query)
    qtbot.waitUntil(lambda: window.details.host_results.count() > 0, timeout=WAIT_MS)
    choice = window.details.host_results.itemAt(0).widget()
    qtbot.waitUntil(choice.isVisible, timeout=WAIT_MS)
    tap(qtbot, choice)
    return host.text()


def fill_guest(qtbot, window: KioskWindow, given: str, family: str, email: str = "",  # noqa: ANN001
               host: str = "ola") -> None:
    type_into(qtbot, window, "given_name", given)
    type_into(qtbot, window, "family_name", family)
    type_into(qtbot, window, "company", "Fjord Bygg AS")
    if email:
        type_into(qtbot, window, "email", email)
    type_into(qtbot, window, "car_reg", "el 12-345")
    choose_host(qtbot, window, host)


def to_confirm(qtbot, window: KioskWindow, language: str) -> None:  # noqa: ANN001
    """A guest's way from the welcome screen to "Is this right?", marketing left unanswered."""
    open_details(qtbot, window, language)
    fill_guest(qtbot, window, "Guro", "Lie")
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)


@contextmanager
def database_locked(data_dir: Path) -> Iterator[None]:
    """Another program holds the kiosk's database for as long as the block runs."""
    blocker = sqlite3.connect(data_dir / "kiosk.sqlite3")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        blocker.rollback()
        blocker.close()


def visible_texts(window: KioskWindow) -> str:
    """Every text any widget of the window holds, shown or not: what a curious next visitor could find."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTextBrowser

    texts = []
    for widget in window.findChildren(QLineEdit):
        texts.append(widget.text())
    for widget in window.findChildren(QLabel):
        texts.append(widget.text())
    for widget in window.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in window.findChildren(QTextBrowser):
        texts.append(widget.toPlainText())
    return "\n".join(texts)


def focus_window(qtbot, window: KioskWindow) -> None:  # noqa: ANN001
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
