"""Site settings on the console, through the real widgets: seen and changed after the PIN,
refused with the settings file's own message, audited, and used by the running kiosk."""
from __future__ import annotations

import tomllib
import pytest

from kiosk import central_settings
from kiosk.config import read_config
from tests.test_admin_console import console_window, open_page, unlocked  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS, enter_text, tap
from ui import tokens
from ui.console import start_housekeeping


def settings_page(qtbot, window):  # noqa: ANN001
    console = unlocked(qtbot, window)
    return open_page(console, "console_settings")


def retype(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.selectAll()
    qtbot.keyClick(field, "\b")
    enter_text(qtbot, field, text)


def audit_rows(service) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return [(r["actor"], r["action"], r["record_refs"]) for r in service.db.query(
        "SELECT actor, action, record_refs FROM audit_log WHERE action = 'setting.changed' "
        "ORDER BY id")]


def test_every_site_setting_has_a_caption():
    from ui.console.settings_page import CAPTIONS

    assert list(CAPTIONS) == list(central_settings.SITE_SETTINGS)


def test_the_page_shows_the_settings_the_kiosk_runs_with(qtbot, console_window, service):  # noqa: F811
    page = settings_page(qtbot, console_window)
    fields = page.fields
    assert fields["auto_sign_out_at"].text() == "23:00"
    assert (fields["idle_timeout_s"].text(), fields["idle_warning_s"].text()) == ("60", "20")
    assert fields["retention.visits_days"].text() == "90"
    assert fields["retention.car_registration_days"].text() == "7"
    assert page.captions["auto_sign_out_at"].text().startswith("Sjekk ut besøkende")
    page.layout().activate()
    for widget in (*fields.values(), page.save):
        assert widget.height() >= tokens.FINGER, widget.objectName()


def test_a_new_sign_out_time_is_saved_audited_and_used_without_a_restart(
        qtbot, console_window, service, clock, data_dir, cups):  # noqa: F811
    """The visitors signed in at 09:30 stay on site at 10:30 under the default 23:00; after
    the admin sets 10:00 the running kiosk's housekeeping signs them out."""
    housekeeping = start_housekeeping(console_window)
    clock.advance(hours=1)
    housekeeping.timeout.emit()
    console_window.tasks.wait()
    assert service.db.execute("SELECT count(*) FROM visits WHERE signed_out_at IS NULL").fetchone()[0] == 2
    page = settings_page(qtbot, console_window)
    retype(qtbot, page.fields["auto_sign_out_at"], "10:00")
    retype(qtbot, page.fields["idle_timeout_s"], "90")
    tap(qtbot, page.save)
    qtbot.waitUntil(lambda: page.status.text().startswith("Lagret"), timeout=WAIT_MS)
    assert "Sjekk ut besøkende" in page.status.text()
    on_disk = read_config(data_dir)
    assert (on_disk.auto_sign_out_at, on_disk.idle_timeout_s) == ("10:00", 90)
    assert service.config.auto_sign_out_at == "10:00"
    assert service.config.printing.printer == cups.ok, "the running kiosk keeps its printers"
    assert console_window.idle._idle.interval() == 90 * console_window.tick_ms
    assert audit_rows(service) == [
        ("admin:console", "setting.changed", '["setting:auto_sign_out_at", "old:23:00", "new:10:00"]'),
        ("admin:console", "setting.changed", '["setting:idle_timeout_s", "old:60", "new:90"]')]
    housekeeping.timeout.emit()
    console_window.tasks.wait()
    methods = [r[0] for r in service.db.execute("SELECT sign_out_method FROM visits").fetchall()]
    assert methods == ["automatic", "automatic"]
    housekeeping.stop()


SIGN_OUT = "«Sjekk ut besøkende som fortsatt er sjekket inn, klokken (TT:MM)»"


@pytest.mark.parametrize("name, typed, message", [
    ("auto_sign_out_at", "25:00", f'Innstillingen {SIGN_OUT} i kiosk.toml må være et '
                                  'klokkeslett, for eksempel "23:00".'),
    ("auto_sign_out_at", "  ", f'Innstillingen {SIGN_OUT} i kiosk.toml må være et '
                               'klokkeslett, for eksempel "23:00".'),
    ("idle_warning_s", "abc", "Innstillingen «Sekunder varselet teller ned før skjermen starter "
                              "på nytt» i kiosk.toml må være et heltall."),
    ("retention.visits_days", "-5", "Innstillingen «Dager besøk lagres» i kiosk.toml må være "
                                    "mellom 1 og 3650."),
    ("idle_timeout_s", "5", "Innstillingen «Sekunder uten berøring før skjermen til en besøkende "
                            "varsler» i kiosk.toml må være mellom 10 og 3600."),
])
def test_a_bad_value_gets_the_settings_check_message_and_changes_nothing(
        qtbot, console_window, service, data_dir, name, typed, message):  # noqa: F811
    before = (data_dir / "kiosk.toml").read_bytes()
    running = service.config
    page = settings_page(qtbot, console_window)
    retype(qtbot, page.fields["retention.print_log_days"], "14")  # a good change beside it
    retype(qtbot, page.fields[name], typed)
    tap(qtbot, page.save)
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=WAIT_MS)
    assert page.status.text() == message
    assert page.fields[name].property("invalid")
    assert not page.fields["retention.print_log_days"].property("invalid")
    assert page.fields[name].text() == typed and page.fields["retention.print_log_days"].text() == "14"
    assert (data_dir / "kiosk.toml").read_bytes() == before
    assert service.config == running and audit_rows(service) == []


def test_saving_what_is_shown_changes_nothing(qtbot, console_window, service, data_dir):  # noqa: F811
    before = (data_dir / "kiosk.toml").read_bytes()
    page = settings_page(qtbot, console_window)
    tap(qtbot, page.save)
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=WAIT_MS)
    assert page.status.text() == "Ingenting ble endret."
    assert (data_dir / "kiosk.toml").read_bytes() == before and audit_rows(service) == []


def test_a_console_change_keeps_the_rest_of_the_settings_file(service, data_dir, clock):
    changes = central_settings.change(data_dir, service.db, {"retention.visits_days": " 30 "},
                                      "admin:console", clock.now())
    assert changes == {"retention.visits_days": (90, 30)}
    raw = tomllib.loads((data_dir / "kiosk.toml").read_text("utf-8"))
    assert raw["retention"]["visits_days"] == 30 and raw["site_id"] == service.config.site_id
