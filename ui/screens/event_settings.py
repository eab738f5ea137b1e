"""The supervisor's event pages: the event's settings, and importing a list by touch.

Both only show and collect: parsing, checking and storing happen in kiosk/ on the
database lane (kiosk/events.py settings_from_text, kiosk/import_files.py), so the
screen and `kiosk events create|edit` and `kiosk attendees import` follow one rule.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.captions import CAPTIONS
from kiosk.errors import Message, N_
from kiosk.events import DoorMode, Event, OfflinePolicy, SOUND_OFF, SOUND_ON
from kiosk.import_files import CHOICES, Preview
from kiosk.importers import ImportReport
from kiosk.importers.mapping import FIELDS, IGNORE
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import (button, choice_box, clear_results, footer, label, line_edit, mark_invalid,
                        scrolling)

#: The typed settings, in the order of the form: (key, label).
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")), ("venue", N_("Venue")), ("starts_at", N_("Starts")),
    ("ends_at", N_("Ends")), ("checkin_opens_at", N_("Check-in opens")),
    ("checkin_closes_at", N_("Check-in closes")), ("auto_checkout_at", N_("Check everyone out at")),
    ("badge_format", N_("Badge format")),
)
DOOR_MODES = {DoorMode.ENTRY: N_("Entry only"), DoorMode.ENTRY_EXIT: N_("Entry, exit and re-entry")}
POLICIES = {OfflinePolicy.ALLOW_WITH_WARNING: N_("Let in with a warning"),
            OfflinePolicy.REFUSE_WHEN_UNSURE: N_("Refuse when unsure")}
MOMENT_FORMAT = "%Y-%m-%d %H:%M"
#: What a list's column can be imported as, captioned as everywhere else (kiosk/captions.py).
FIELD_NAMES = {**{field: CAPTIONS[field] for field in FIELDS}, IGNORE: N_("Not imported")}


class EventSettingsPage(Screen):
    """Name, venue, times, badge format, door mode, offline policy, check-out time, sound."""

    name = "event_settings"
    saved = Signal(object)  # the typed settings: dict key → text
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_settings_title", "title")
        self.captions: dict[str, object] = {}
        self.fields = {key: line_edit(f"event_settings_{key}") for key, _ in TEXT_FIELDS}
        self.door_mode = choice_box("event_settings_door_mode")
        self.offline_policy = choice_box("event_settings_offline_policy")
        self.sound = QCheckBox()
        self.sound.setObjectName("event_settings_sound")
        self.message = label("event_settings_message", "body")
        self.back_button = button("event_settings_back")
        self.save_button = button("event_settings_save", "primary")
        grid = QGridLayout()
        rows = [*((key, self.fields[key]) for key, _ in TEXT_FIELDS),
                ("door_mode", self.door_mode), ("offline_policy", self.offline_policy)]
        for number, (key, widget) in enumerate(rows):
            caption = label(f"event_settings_{key}_label", "hint")
            self.captions[key] = caption
            grid.addWidget(caption, (number // 2) * 2, number % 2)
            grid.addWidget(widget, (number // 2) * 2 + 1, number % 2)
        grid.addWidget(self.sound, len(rows) + 1, 0, 1, 2)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(scrolling(grid, "event_settings_scroll"), 1)
        self.layout_.addWidget(self.message)
        self.layout_.addLayout(footer(self.back_button, self.save_button))
        self.back_button.clicked.connect(self.back)
        self.save_button.clicked.connect(lambda: self.saved.emit(self.values()))
        self.event: Event | None = None
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr(N_("Event settings")) if self.event else tr(N_("New event")))
        for key, text in TEXT_FIELDS:
            self.captions[key].setText(tr(text))
        self.captions["door_mode"].setText(tr(N_("At the door")))
        self.captions["offline_policy"].setText(tr(N_("While other doors have not reported")))
        for key in ("starts_at", "ends_at", "checkin_opens_at", "checkin_closes_at", "auto_checkout_at"):
            self.fields[key].setPlaceholderText("2026-05-04 09:00")
        for box, texts in ((self.door_mode, DOOR_MODES), (self.offline_policy, POLICIES)):
            chosen = box.currentIndex()
            box.clear()
            for value, text in texts.items():
                box.addItem(tr(text), str(value))
            box.setCurrentIndex(max(chosen, 0))
        self.sound.setText(tr(N_("A short sound with each answer")))
        self.back_button.setText(tr(N_("Back")))
        self.save_button.setText(tr(N_("Save")))

    def show_event(self, event: Event | None, local: Callable[[datetime], datetime]) -> None:
        """The event's settings to change, or an empty form for a new event."""
        self.event = event
        self.show_problems({})
        texts = _texts(event, local) if event else {}
        for key, field in self.fields.items():
            field.setText(texts.get(key, ""))
        self.door_mode.setCurrentIndex(self.door_mode.findData(str(event.door_mode if event else DoorMode.ENTRY)))
        self.offline_policy.setCurrentIndex(self.offline_policy.findData(
            str(event.offline_policy if event else OfflinePolicy.ALLOW_WITH_WARNING)))
        self.sound.setChecked(bool(event and event.result_sound))
        self.retranslate()

    def values(self) -> dict[str, str]:
        texts = {key: field.text() for key, field in self.fields.items()}
        texts.update(door_mode=self.door_mode.currentData(),
                     offline_policy=self.offline_policy.currentData(),
                     result_sound=SOUND_ON if self.sound.isChecked() else SOUND_OFF)
        return texts

    def show_problems(self, problems: dict[str, Message]) -> None:
        """Each refused field named and marked; what was typed stays as it was."""
        captions = dict(TEXT_FIELDS)
        for key, field in self.fields.items():
            mark_invalid(field, key in problems)
        self.message.setText("\n".join(
            f"{self.language.tr(captions[key])}: {self.language.message(m)}" if key in captions
            else self.language.message(m) for key, m in problems.items()))

    def clear(self) -> None:
        self.show_event(None, lambda moment: moment)


def _texts(event: Event, local: Callable[[datetime], datetime]) -> dict[str, str]:
    def moment(value: datetime | None) -> str:
        return local(value).strftime(MOMENT_FORMAT) if value else ""
    return {"name": event.name, "venue": event.venue, "badge_format": event.badge_format or "",
            "starts_at": moment(event.starts_at), "ends_at": moment(event.ends_at),
            "checkin_opens_at": moment(event.checkin_opens_at),
            "checkin_closes_at": moment(event.checkin_closes_at),
            "auto_checkout_at": moment(event.auto_checkout_at)}


class ImportPage(Screen):
    """Choose a list from a folder by touch, confirm what each column holds, see the result."""

    name = "event_import"
    file_chosen = Signal(object)  # a Path
    confirmed = Signal(object)  # the field chosen for each column, in order
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_import_title", "title")
        self.text = label("event_import_text", "subtitle")
        self.items = QVBoxLayout()
        self.items.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.boxes: list[QComboBox] = []
        self.back_button = button("event_import_back")
        self.import_button = button("event_import_run", "primary")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.text)
        self.layout_.addWidget(scrolling(self.items, "event_import_scroll"), 1)
        self.layout_.addLayout(footer(self.back_button, self.import_button))
        self.back_button.clicked.connect(self.back)
        self.import_button.clicked.connect(
            lambda: self.confirmed.emit([box.currentData() for box in self.boxes]))
        self.stage = "files"
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr(N_("Import a list")))
        self.back_button.setText(tr(N_("Back")))
        self.import_button.setText(tr(N_("Import")))
        for box in self.boxes:
            for index in range(box.count()):
                box.setItemText(index, tr(FIELD_NAMES[box.itemData(index)]))

    def _reset(self, stage: str, text: str) -> None:
        self.stage = stage
        clear_results(self.items)
        self.boxes = []
        self.text.setText(text)
        self.import_button.setVisible(stage == "mapping")

    def show_files(self, files: list[Path], folders: list[Path]) -> None:
        tr = self.language.tr
        places = ", ".join(str(f) for f in folders)
        self._reset("files", tr(N_("Tap a list (CSV or XLSX) in {folders}."), folders=places) if files
                    else tr(N_("No list found. Put a CSV or XLSX file in {folders}."), folders=places))
        for number, path in enumerate(files):
            choice = button(f"event_import_file_{number}")
            choice.setText(f"{path.name}  ·  {path.parent}")
            choice.clicked.connect(lambda _c=False, p=path: self.file_chosen.emit(p))
            self.items.addWidget(choice)

    def show_preview(self, preview: Preview) -> None:
        """Each column with an example and the guessed field, for the supervisor to confirm."""
        tr = self.language.tr
        self._reset("mapping", tr(N_("{file}: {rows} rows. Check what each column holds."),
                                  file=preview.path.name, rows=preview.rows))
        for number, column in enumerate(preview.columns):
            row = QWidget()  # one widget per column, so clearing the list removes it whole
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            caption = label(f"event_import_column_{number}", "body")
            caption.setText(f"{column.header}  ({column.example})" if column.example else column.header)
            box = choice_box(f"event_import_field_{number}")
            for value in CHOICES:
                box.addItem(tr(FIELD_NAMES[value]), value)
            box.setCurrentIndex(box.findData(column.field))
            line.addWidget(caption, 1)
            line.addWidget(box, 1)
            self.items.addWidget(row)
            self.boxes.append(box)

    def show_report(self, report: ImportReport) -> None:
        tr = self.language.tr
        self._reset("report", tr("Imported {imported}, updated {updated}, rejected {rejected}.",
                                 imported=report.imported, updated=report.updated,
                                 rejected=len(report.rejected)))
        lines = label("event_import_rejected", "body")
        lines.setTextFormat(Qt.TextFormat.PlainText)
        lines.setText("\n".join(tr("Line {line}: {reason}", line=r.line,
                                   reason=self.language.message(r.reason)) for r in report.rejected))
        self.items.addWidget(lines)

    def show_problem(self, text: str) -> None:
        self.text.setText(text)

    def clear(self) -> None:
        self._reset("files", "")
