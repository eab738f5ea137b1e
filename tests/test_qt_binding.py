"""The Qt binding itself must not corrupt Python: a kiosk calls slots millions of times a week.

PySide6 6.12.0 dropped a reference to None on every slot call, which crashed the
interpreter after some thousands of taps (seen in the 2,000-visit benchmark).
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QPushButton


def test_slot_calls_keep_none_alive(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    calls = []
    button.clicked.connect(lambda: calls.append(1))
    before = sys.getrefcount(None)
    for _ in range(500):
        button.click()
    assert len(calls) == 500
    assert sys.getrefcount(None) - before > -50, "the Qt binding leaks references to None"
