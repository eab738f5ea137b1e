"""The console's sync page: where the kiosk sends its records and how that is going.

Read from the kiosk's own database and sync.json on the database lane; it never asks
the network, so it answers as fast offline as online.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout

from kiosk.errors import N_
from sync.settings import SyncSettings, load_settings
from sync.status import SyncStatus, sync_status
from ui.console.pages import Page
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.launch import SyncLane

NOT_ENROLLED = N_("This kiosk is not connected to a central service yet.")
WORKING = N_("Sync is working.")
FAILING = N_("Sync is failing. Visitors are not affected: records wait here and are sent by "
             "themselves when the service answers again.")
SYNC_NOW = N_("Sync now")
SYNCING = N_("Syncing…")
NEVER = N_("never")
NONE = N_("none")
ROWS = (("server", N_("Server")), ("site", N_("Enrolled site")), ("kiosk", N_("Kiosk")),
        ("last_success", N_("Last success")), ("waiting", N_("Records waiting")),
        ("last_error", N_("Last error")))


@dataclass(frozen=True)
class SyncView:
    settings: SyncSettings | None
    status: SyncStatus


class SyncPage(Page):
    """Server URL, enrolled site, last success, records waiting and the last error."""

    title = N_("Sync")

    def __init__(self, *args: Any, lane: SyncLane | None = None) -> None:
        super().__init__("console_sync", *args)
        self.lane = lane
        self.sync_now = button("sync_now", "primary")
        self.sync_now.clicked.connect(self._sync_now)
        self.sync_now.setVisible(lane is not None)
        if lane is not None:
            lane.round_done.connect(self._round_done)
        form = QFormLayout()
        self.captions = {name: label(f"sync_{name}_caption", "body") for name, _ in ROWS}
        self.values = {name: label(f"sync_{name}", "body") for name, _ in ROWS}
        for name, _ in ROWS:
            self.values[name].setWordWrap(True)
            form.addRow(self.captions[name], self.values[name])
        self.layout_.addWidget(self.status)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.sync_now)
        self.layout_.addStretch(1)
        self.view: SyncView | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.sync_now.setText(self.tr(SYNC_NOW))
        for name, caption in ROWS:
            self.captions[name].setText(self.tr(caption))
        if self.view:
            self.show_view(self.view)

    def _sync_now(self) -> None:
        """A round at once on the sync thread; the page reloads when it has run."""
        if self.lane is None:  # the button shows only with a lane
            return
        self.sync_now.setEnabled(False)
        self.say(SYNCING)
        self.lane.sync_now()

    def _round_done(self, _result: object) -> None:
        if not self.sync_now.isEnabled():
            self.sync_now.setEnabled(True)
            self.refresh()

    def refresh(self) -> None:
        service = self.service

        def work() -> SyncView:
            settings = load_settings(service.data_dir) if service.data_dir else None
            return SyncView(settings, sync_status(service.db, enrolled=settings is not None))

        self.run(work, self.show_view)

    def _moment(self, moment: datetime | None) -> str:
        if moment is None:
            return self.tr(NEVER)
        return moment.astimezone(self.service.config.zone).strftime("%d.%m.%Y %H:%M:%S")

    def show_view(self, view: SyncView) -> None:
        self.view = view
        settings, status = view.settings, view.status
        texts = {"server": settings.server if settings else "—",
                 "site": settings.site_id if settings else "—",
                 "kiosk": settings.kiosk_id if settings else "—",
                 "last_success": self._moment(status.last_success),
                 "waiting": str(status.waiting),
                 "last_error": (f"{self._moment(status.last_error_at)}: "
                                f"{self.language.message(status.last_error)}"
                                if status.last_error else self.tr(NONE))}
        for name, text in texts.items():
            self.values[name].setText(text)
        self.say(NOT_ENROLLED if settings is None else FAILING if status.failing else WORKING)
