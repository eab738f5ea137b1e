"""The console's site settings: the automatic sign-out time, the idle timeouts and how long
each kind of record is kept.

The page only shows and collects texts. Checking, writing kiosk.toml and the audit happen
in kiosk/central_settings.py on the database lane, through the checks kiosk.toml's own
values pass, so a value refused here is refused there with the same message.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout

from kiosk import central_settings
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError, Message, N_
from ui.console.pages import Page
from ui.widgets import button, label, line_edit, mark_invalid, scrolling

ACTOR = "admin:console"
#: What each site setting is called on the page, with its unit.
CAPTIONS: dict[str, str] = {
    "auto_sign_out_at": N_("Sign out visitors still signed in at (time of day, HH:MM)"),
    "idle_timeout_s": N_("Seconds without a touch before a visitor's screen warns"),
    "idle_warning_s": N_("Seconds the warning counts down before the screen starts over"),
    "retention.visits_days": N_("Days visits are kept"),
    "retention.consents_days": N_("Days consent answers are kept"),
    "retention.audit_days": N_("Days the audit log and rights requests are kept"),
    "retention.print_log_days": N_("Days the print log is kept"),
    "retention.car_registration_days": N_("Days car registrations are kept"),
    "retention.checkins_days": N_("Days attendee lists and check-ins are kept after the event"),
    "retention.outbox_days": N_("Days records wait for the central service at most"),
}
#: Fields side by side: the sign-out time and the idle times make the first row, and all ten
#: fit on the 1280×800 screen without scrolling.
COLUMNS = 3
SAVED = N_("Saved; the kiosk uses the new settings now: {names}.")
#: A field's caption inside a sentence, where kiosk.toml's check would name the setting's key.
QUOTED = N_("“{caption}”")
UNCHANGED = N_("Nothing was changed.")


class SettingsPage(Page):
    """Every site setting as a field; Save checks them all and changes all or none."""

    title = N_("Settings")
    #: The running kiosk's settings after a change, for the window to use at once.
    changed = Signal(object)

    def __init__(self, *args: Any) -> None:
        super().__init__("console_settings", *args)
        grid = QGridLayout()
        self.captions = {}
        self.fields = {}
        for number, name in enumerate(central_settings.SITE_SETTINGS):
            key = name.replace(".", "_")
            self.captions[name] = label(f"settings_{key}_caption", "hint")
            self.fields[name] = line_edit(f"settings_{key}")
            self.fields[name].textEdited.connect(lambda _text, n=name: mark_invalid(self.fields[n], False))
            row, column = divmod(number, COLUMNS)
            grid.addWidget(self.captions[name], row * 2, column)
            grid.addWidget(self.fields[name], row * 2 + 1, column)
        self.save = button("settings_save", "primary")
        self.save.clicked.connect(self._save)
        # Beside the last field, in the row's free cells: the page then fits without scrolling.
        last = len(central_settings.SITE_SETTINGS)
        grid.addWidget(self.save, (last // COLUMNS) * 2 + 1, last % COLUMNS, 1, COLUMNS - last % COLUMNS)
        self.layout_.addWidget(scrolling(grid, "settings_scroll"), 1)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        for name, caption in self.captions.items():
            caption.setText(self.tr(CAPTIONS[name]))
        self.save.setText(self.tr("Save the settings"))

    def refresh(self) -> None:
        """The settings the kiosk runs with (kept in memory: nothing to wait for)."""
        self.status.setText("")
        self.show_config(self.service.config)

    def show_config(self, config: KioskConfig) -> None:
        for name, field in self.fields.items():
            field.setText(str(central_settings.value_of(config, name)))
            mark_invalid(field, False)

    def _save(self) -> None:
        service = self.service
        values = {name: field.text() for name, field in self.fields.items()}

        def work() -> tuple[dict[str, tuple[Any, Any]], KioskConfig] | Message:
            try:
                changes = central_settings.change(service.data_dir, service.db, values, ACTOR,
                                                  service.clock.now())
            except ConfigError as exc:
                return exc.message
            running = central_settings.with_values(
                service.config, {name: new for name, (_old, new) in changes.items()})
            return changes, running

        self.run(work, self._saved)

    def _saved(self, result: tuple[dict[str, tuple[Any, Any]], KioskConfig] | Message) -> None:
        if isinstance(result, Message):
            # The typed values stay, the refused one is marked: the admin corrects just that.
            name = str(result.params.get("key", ""))
            if name in self.fields:
                mark_invalid(self.fields[name], True)
                result = Message(result.text, {**result.params, "key": self.tr(
                    QUOTED, caption=self.tr(CAPTIONS[name]))})
            self.status.setText(self.language.message(result))
            return
        changes, running = result
        if changes:
            self.changed.emit(running)
            self.show_config(running)
            self.say(SAVED, names=", ".join(self.tr(CAPTIONS[name]) for name in changes))
        else:
            self.say(UNCHANGED)
