"""After sign-in: a welcome by the name the visitor goes by, the badge preview and where to get the badge."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.errors import Message, N_
from kiosk.visits import Visit
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, label

PRINTING = Message(N_("Your badge is being printed…"))
PRINTED = Message(N_("Please take your badge from the printer and wear it visibly."))
#: The badge preview fits in this box, whichever way the label runs.
PREVIEW_BOX = QSize(460, 420)
_FRAME = 24


class DoneScreen(Screen):
    name = "done"
    finished = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self._visit: Visit | None = None
        self._status: Message = PRINTING
        self.title = label("done_title", "success")
        self.host = label("done_host", "subtitle")
        self.status = label("done_status", "subtitle")
        self.preview = label("done_preview", "badge")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_BOX + QSize(_FRAME, _FRAME))
        self.finish_button = button("done_finish", "primary")
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.host)
        text.addSpacing(24)
        text.addWidget(self.status)
        text.addStretch(1)
        text.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addLayout(text, 1)
        row.addWidget(self.preview)
        self.layout_.addLayout(row, 1)
        self.finish_button.clicked.connect(self.finished)
        self.retranslate()

    def show_visit(self, visit: Visit) -> None:
        self._visit = visit
        self._status = PRINTING
        self.preview.clear()
        self.retranslate()

    def show_badge(self, image: QImage, status: Message | None) -> None:
        """The preview from the printed PDF, and the printer's result in the visitor's words."""
        if not image.isNull():
            self.preview.setFixedSize(image.size() + QSize(_FRAME, _FRAME))
            self.preview.setPixmap(QPixmap.fromImage(image))
        self._status = status or PRINTED
        self.retranslate()

    def retranslate(self) -> None:
        visit = self._visit
        self.title.setText(self.tr_("Welcome, {name}!", name=visit.name.goes_by) if visit else "")
        self.host.setText(self.tr_("Your host is {host}.", host=visit.host_name)
                          if visit and visit.host_name else "")
        self.status.setText(self.language.message(self._status))
        self.finish_button.setText(self.tr_("Done"))

    def clear(self) -> None:
        self._visit = None
        self._status = PRINTING
        self.preview.clear()
        self.retranslate()
