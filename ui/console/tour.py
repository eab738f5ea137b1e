"""The console's part of the screenshot tour: the PIN pad and every page, in one language."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.access import Role, access_for

TOUR_PIN = "583920"


def walk_console(window: Any, language: str, shoot: Callable[[str], None],
                 wait: Callable[[Callable[[], bool]], None]) -> None:
    """Open the console with a tour PIN, and shoot the PIN pad and each page once it has loaded."""
    access = access_for(window.service)
    if Role.ADMIN not in access.roles_with_pin():
        access.set_pin(Role.ADMIN, TOUR_PIN)
    window.open_console()
    window.header.language_buttons[language].click()
    console = window.console
    shoot("console-pin")
    for digit in TOUR_PIN:
        console.pinpad.digits[digit].click()
    console.pinpad.ok.click()
    wait(lambda: console.stack.currentIndex() == 1)
    for index, page in enumerate(console.pages):
        console.tabs.setCurrentIndex(index)
        window.tasks.wait()
        QApplication.processEvents()
        QApplication.processEvents()
        shoot(f"console-{page.objectName().removeprefix('console_').replace('_', '-')}")
    console.lock()
