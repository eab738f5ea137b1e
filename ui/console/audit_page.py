"""The console's audit log: the newest entries, and a check of the whole chain on request.

What an entry names are references (a visit's id, a setting's name), never the person,
so the page can list them as they are. The export page writes the whole log to a file.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from kiosk import audit
from kiosk.clock import recorded_moment
from kiosk.errors import Message, N_
from ui.console.pages import Page
from ui.widgets import button

#: The entries the page lists, newest first; an export gives the rest.
SHOWN = 500
COLUMNS = (N_("Time"), N_("Who"), N_("What"), N_("Which records"))


class AuditPage(Page):
    """The newest audit entries in local time, and "Check the log" for the whole chain."""

    title = N_("Audit log")

    def __init__(self, *args: Any) -> None:
        super().__init__("console_audit", *args)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("audit_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.check = button("audit_check", "primary")
        self.check.clicked.connect(self._check)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.check)
        self.layout_.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.check.setText(self.tr("Check the whole log"))

    def refresh(self) -> None:
        service = self.service
        self.run(lambda: audit.latest(service.db, SHOWN), self._show)

    def _show(self, found: tuple[list[audit.Entry], int]) -> None:
        entries, total = found
        zone = self.service.config.zone
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = recorded_moment(entry.occurred_at)
            cells = (f"{when.astimezone(zone):%d.%m.%Y %H:%M:%S}" if when else entry.occurred_at,
                     entry.actor, entry.action, ", ".join(entry.record_refs))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setUpdatesEnabled(True)
        self.say(N_("The newest {shown} of {total} entries; the Exports page writes them all "
                    "to a file."), shown=len(entries), total=total)

    def _check(self) -> None:
        service = self.service

        def work() -> Message:
            broken = audit.verify_witnessed(service.db, service.data_dir)
            return broken.message if broken else audit.whole(service.db)

        self.check.setEnabled(False)
        self.run(work, self._checked)

    def _checked(self, result: Message) -> None:
        self.check.setEnabled(True)
        self.status.setText(self.language.message(result))
