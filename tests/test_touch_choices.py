"""Drop-downs and date fields on the console and the event screens fit a finger: the closed
control as tall as a button, and each row of an opened list as tall as well."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from kiosk.import_files import Column, Preview
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.test_admin_console import console_window, open_page, unlocked  # noqa: F401 - fixture
from tests.test_event_ui import SUPERVISOR_PIN, door, open_staff  # noqa: F401 - fixture
from tests.ui_helpers import tap
from ui import tokens


def touch_sized(qtbot, root: QWidget) -> list[str]:  # noqa: ANN001
    """The drop-downs and date fields shown under `root`, each checked open and closed."""
    root.layout().activate()
    checked = []
    for widget in root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox):
        if not widget.isVisible():
            continue
        assert widget.height() >= tokens.FINGER, widget.objectName()
        if isinstance(widget, QComboBox):
            assert widget.count() > 0, widget.objectName()
            widget.showPopup()
            view = widget.view()
            qtbot.waitUntil(view.isVisible)
            rows = [view.visualRect(widget.model().index(row, 0)).height()
                    for row in range(widget.count())]
            widget.hidePopup()
            assert min(rows) >= tokens.FINGER, (widget.objectName(), rows)
        checked.append(widget.objectName())
    return checked


def test_every_drop_down_on_the_console_fits_a_finger(qtbot, console_window):  # noqa: F811
    console = unlocked(qtbot, console_window)
    checked = []
    for page in console.pages:
        open_page(console, page.objectName())
        checked += touch_sized(qtbot, page)
    assert set(checked) >= {"export_dataset", "export_format", "export_from", "export_to",
                            "rights_field", "stats_chart_kind", "stats_format"}


def test_every_drop_down_on_the_event_screens_fits_a_finger(qtbot, door):  # noqa: F811
    open_staff(qtbot, door, SUPERVISOR_PIN)
    tap(qtbot, door.door_page.buttons["settings"])
    assert set(touch_sized(qtbot, door.settings_page)) == {
        "event_settings_door_mode", "event_settings_offline_policy"}
    door.pages.setCurrentWidget(door.import_page)
    door.import_page.show_preview(Preview(Path("deltakere.csv"), b"", [
        Column("Fornavn", "Astrid", "given_name"), Column("Merknad", "vegetar", "ignore")], 2))
    qtbot.waitUntil(lambda: all(box.isVisible() for box in door.import_page.boxes))
    assert set(touch_sized(qtbot, door.import_page)) == {"event_import_field_0",
                                                         "event_import_field_1"}


def test_the_consoles_tabs_and_their_scroll_arrows_fit_a_finger(qtbot, console_window):  # noqa: F811
    """Ten pages do not fit one row at 1280 px: the arrows that scroll the row are touch
    controls as much as the tabs."""
    from PySide6.QtWidgets import QToolButton

    console_window.resize(1280, 800)
    bar = unlocked(qtbot, console_window).tabs.tabBar()
    assert all(bar.tabRect(index).height() >= tokens.FINGER for index in range(bar.count()))
    arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    assert len(arrows) == 2
    assert all(b.width() >= 48 and b.height() >= 48 for b in arrows), \
        [(b.width(), b.height()) for b in arrows]
