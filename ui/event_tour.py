"""The event screens' part of the screenshot tour: PIN, the door's answers, self-service, walk-in."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.access import Role, access_for
from kiosk.checkin import inside_count
from kiosk.event_demo import load_demo_event
from kiosk.events import list_events
from kiosk.import_files import preview_of

TOUR_PIN = "482916"
#: A list as a spreadsheet saves it, for the column-mapping screen (never imported).
EXAMPLE_LIST = ("Fornavn;Etternavn;Firma;E-post;Billettkode;Merknad\r\n"
                "Astrid;Lindqvist;Vimmerby AB;astrid@example.se;A-1;vegetar\r\n").encode("cp1252")


def walk_event(window, shoot: Callable[[str], None], wait: Callable[[Callable[[], bool]], None]) -> None:  # noqa: ANN001
    """Open the door with a steward PIN on a demo event and show each answer; prints nothing."""
    service, screen = window.service, window.event_screen
    if not list_events(service.db):
        load_demo_event(service.db, 40, service.clock.now())
        access_for(service).set_pin(Role.SUPERVISOR, TOUR_PIN)
    screen.badges = None  # the tour never sends a badge to a printer
    window.welcome.event_button.click()
    wait(lambda: screen.door is not None)
    shoot("event-pin")
    screen.pin_page.pin.setText(TOUR_PIN)
    screen.pin_page.open_button.click()
    wait(lambda: screen.page() is screen.door_page)
    page = screen.door_page
    code = f"DEMO{inside_count(service.db, screen.door.event.id) + 1:07d}"  # one not yet in
    for code, look, name in ((code, "ok", "event-door-ok"), (code, "warn", "event-door-already"),
                             ("NOT-A-TICKET", "bad", "event-door-unknown")):
        screen.scanner._last_code = ""
        screen.scan(code)
        wait(lambda look=look: page.result.look == look)
        shoot(name)
    page.search.setText("ida")
    page.search.textEdited.emit("ida")
    wait(lambda: page.results.count() > 0)
    shoot("event-door-search")
    page.buttons["who_is_in"].click()
    wait(lambda: screen.page() is screen.inside_page)
    shoot("event-inside")
    screen.inside_page.back_button.click()
    walk_in = screen.walk_in
    page.buttons["walk_in"].click()
    wait(lambda: walk_in.notice_page.notice is not None)
    shoot("event-walk-in-notice")
    walk_in.notice_page.accept_button.click()
    form = walk_in.form_page
    for name, text in (("given_name", "Ingrid"), ("family_name", "Solberg"),
                       ("company", "Fjellstrøm AS"), ("email", "ingrid@example.no")):
        form.fields[name].setText(text)
    shoot("event-walk-in")
    form.done_button.click()
    wait(lambda: screen.page() is walk_in.consent_page)
    shoot("event-walk-in-consent")
    for back in (walk_in.consent_page.back_button, form.back_button, walk_in.notice_page.back_button):
        back.click()  # the tour stores no walk-in
    page.buttons["settings"].click()
    shoot("event-settings")
    screen.settings_page.back_button.click()
    page.buttons["import_list"].click()
    wait(lambda: screen.import_page.stage == "files" and screen.import_page.text.text() != "")
    shoot("event-import-files")
    screen.import_page.show_preview(preview_of(Path("deltakere.csv"), EXAMPLE_LIST))
    shoot("event-import-columns")
    screen.import_page.back_button.click()
    wait(lambda: screen.import_page.stage == "files")
    screen.import_page.back_button.click()
    page.buttons["self_service"].click()
    screen.scan("DEMO0000040")
    wait(lambda: screen.self_page.attendee is not None)
    shoot("event-self-service")
    window.start_over()
