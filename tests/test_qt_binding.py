"""The Qt binding itself must not corrupt Python: a kiosk calls slots millions of times a week.

PySide6 6.12.0 dropped a reference on every slot call (seen as None losing
references, which crashed the interpreter after some thousands of taps in the
2,000-visit benchmark). None is immortal from Python 3.12 on, so counting its
references proves nothing there; these tests count the references of ordinary
objects that pass through slots instead, which every Python version tracks.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

CALLS = 500


class Carrier(QObject):
    carried = Signal(object)


class Sentinel:
    """An ordinary, mortal object: its reference count moves with every reference taken or dropped."""


def test_a_slots_return_value_keeps_its_references(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    returned = Sentinel()
    calls = []

    def slot() -> Sentinel:
        calls.append(1)
        return returned  # the binding drops this result; it must drop it exactly once

    button.clicked.connect(slot)
    before = sys.getrefcount(returned)
    for _ in range(CALLS):
        button.click()
    assert len(calls) == CALLS
    assert sys.getrefcount(returned) == before, "the Qt binding leaks or drops slot results"


def test_an_object_passed_through_a_signal_keeps_its_references(qtbot):
    carrier = Carrier()
    passed = Sentinel()
    received = []
    carrier.carried.connect(lambda value: received.append(value is passed))
    before = sys.getrefcount(passed)
    for _ in range(CALLS):
        carrier.carried.emit(passed)
    assert received == [True] * CALLS
    assert sys.getrefcount(passed) == before, "the Qt binding leaks or drops signal arguments"


def test_the_slot_itself_keeps_its_references(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    calls = []

    def slot() -> None:
        calls.append(1)

    button.clicked.connect(slot)
    before = sys.getrefcount(slot)
    for _ in range(CALLS):
        button.click()
    assert len(calls) == CALLS
    assert sys.getrefcount(slot) == before
