"""Event check-in before any event is set up on this kiosk: say so, plainly."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, label


class EventScreen(Screen):
    name = "event"
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_title", "title")
        self.text = label("event_text", "subtitle")
        # Centred by its own alignment, not the layout's: a layout-aligned label gets its
        # one-line size hint and squeezes a wrapped text into a single line.
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = button("event_back", "primary")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.text)
        self.layout_.addSpacing(32)
        self.layout_.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.back_button.clicked.connect(self.back)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Event check-in"))
        self.text.setText(self.tr_("No event is open on this kiosk yet. Please ask reception for help."))
        self.back_button.setText(self.tr_("Back to start"))
