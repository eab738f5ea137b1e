"""The screenshot tour: every screen, in every shipped language, saved as PNG, offscreen.

It drives the real widgets the way a visitor would, on a throwaway data folder
with demo data, so the pictures show what a visitor sees.
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from kiosk.demo import ensure_site_and_notice, load_demo_hosts, load_demo_visits
from kiosk.errors import Message
from kiosk.i18n import Translator
from kiosk.marketing import ConsentShown, Decision
from kiosk.service import KioskService, open_service
from kiosk.validation import VisitorDetails
from kiosk.visits import NoticeShown, Registration, Visit
from printing.service import ASK_RECEPTION, BadgePrinting
from ui.console.tour import walk_console
from ui.event_tour import walk_event
from ui.launch import application, build_window
from ui.window import KioskWindow


#: Visits of the last two weeks in the tour's kiosk.
TOUR_VISITS = 150


@dataclass(frozen=True)
class _Rendered:
    printed: bool
    pdf: bytes
    message: Message | None


class _RenderOnly:
    """The tour shows badges but must never send one to a printer of the machine it runs on."""

    def __init__(self, printing: BadgePrinting) -> None:
        self._printing = printing

    def issue(self, visit: Visit, translate: Translator) -> _Rendered:
        return _Rendered(True, self._printing.render(visit, translate), None)


def _wait(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready in time")
        QApplication.processEvents()
        QThread.msleep(5)


def _on_site_today(service: KioskService) -> None:
    """A visitor who signed in this morning, for the sign-out search to find."""
    notice = service.notice(service.config.default_language)
    details = service.validate(VisitorDetails(given_name="Marte", family_name="Kirkerud", company="Fjord Bygg AS",
                                              host_id="demo-host-2"))
    service.register_visit(Registration(details, notice.language,
                                        NoticeShown(notice.version, notice.text_hash),
                                        ConsentShown(Decision.REFUSED, "tour")))


def _type(window: KioskWindow, name: str, text: str) -> None:
    window.details.show_field(name)
    field = window.details.fields[name].edit
    field.setText(text)
    field.editingFinished.emit()


class _Camera:
    def __init__(self, window: KioskWindow, folder: Path) -> None:
        self.window, self.folder, self.count = window, folder, 0
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, name: str) -> None:
        for _ in range(5):  # layouts settle over a few passes of the event loop
            QApplication.processEvents()
            QThread.msleep(10)
        self.count += 1
        if not self.window.grab().save(str(self.folder / f"{self.count:02d}-{name}.png")):
            raise OSError(f"could not save {name}")


def _walk(window: KioskWindow, camera: _Camera) -> None:
    w = window
    camera.shoot("welcome")
    w.welcome.register_button.click()
    _wait(lambda: w.notice.notice is not None)
    camera.shoot("notice")
    w.notice.accept_button.click()
    _type(w, "given_name", "Ingrid")
    _type(w, "family_name", "Olsen")
    _type(w, "email", "ingrid@")
    _type(w, "phone", "12")
    w.details.next_button.click()
    camera.shoot("details-errors")
    w.details.show_step(0)
    camera.shoot("details-about-you")
    _type(w, "company", "Nordlys Data")
    _type(w, "title", "Prosjektleder")
    _type(w, "email", "ingrid.olsen@nordlys.no")
    _type(w, "phone", "913 45 678")  # not the demo visitors' number, who all said no
    _type(w, "car_reg", "EL 12345")
    w.details.show_field("host_id")
    host = w.details.fields["host_id"].edit
    host.setText("nor")
    host.textEdited.emit("nor")
    _wait(lambda: w.details.host_results.count() > 0)
    camera.shoot("details-host-search")
    w.details.host_results.itemAt(0).widget().click()
    camera.shoot("details")
    w.details.next_button.click()
    _wait(lambda: w.current() is w.consent)
    camera.shoot("consent")
    w.consent.choice.setChecked(True)
    w.consent.next_button.click()
    camera.shoot("confirm")
    w.confirm.confirm_button.click()
    _wait(lambda: w.done.preview.pixmap() is not None and not w.done.preview.pixmap().isNull())
    camera.shoot("done")
    w.done.show_badge(w.done.preview.pixmap().toImage(), Message(ASK_RECEPTION))
    camera.shoot("done-ask-reception")
    w.idle.warn()
    camera.shoot("idle-warning")
    w.start_over()


def _walk_out(window: KioskWindow, camera: _Camera, language: str) -> None:
    w = window
    w.header.language_buttons[language].click()
    w.welcome.sign_out_button.click()
    w.sign_out.search.setText("mar")
    w.sign_out.search.textEdited.emit("mar")
    _wait(lambda: w.sign_out.results.count() > 0)
    camera.shoot("sign-out")
    w.sign_out.results.itemAt(0).widget().click()
    _wait(lambda: w.current() is w.goodbye)
    camera.shoot("goodbye")
    w.start_over()
    w.header.language_buttons[language].click()
    w.welcome.event_button.click()
    camera.shoot("event")
    w.start_over()
    w.header.language_buttons[language].click()
    walk_event(w, camera.shoot, _wait)


def screenshot_tour(out: Path) -> int:
    """Save `out/<lang>/<NN>-<screen>.png` for every screen; 0 when every one was saved."""
    with tempfile.TemporaryDirectory() as folder:
        service = open_service(Path(folder))
        ensure_site_and_notice(service)
        load_demo_hosts(service)
        # Two weeks of reception, so the console's lists and statistics have something to show
        # (a figure under 5 is never shown).
        load_demo_visits(service, TOUR_VISITS, days=14)
        app = application()
        window = build_window(service, _RenderOnly(BadgePrinting.for_service(service)))
        window.show()
        for language in service.config.languages:
            _on_site_today(service)
            camera = _Camera(window, out / language)
            window.start_over()
            window.header.language_buttons[language].click()
            _walk(window, camera)
            _walk_out(window, camera, language)
            walk_console(window, language, camera.shoot, _wait)
            print(f"{language}: {camera.count} screens saved in {camera.folder}")
        window.finish_work()
        window.close()
        app.removeEventFilter(window.idle)
        app.removeEventFilter(window.scanner)
        service.db.close()
    return 0
