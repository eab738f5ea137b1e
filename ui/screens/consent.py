"""Marketing as a separate, unticked choice that never stands between the visitor and the badge."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox

from kiosk.marketing import Decision
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, footer, label


class ConsentScreen(Screen):
    name = "consent"
    decided = Signal(object)
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("consent_title", "title")
        self.explain = label("consent_explain", "subtitle")
        self.choice = QCheckBox()
        self.choice.setObjectName("consent_marketing")
        self.choice.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.note = label("consent_note", "hint")
        self.back_button = button("consent_back")
        self.next_button = button("consent_next", "primary")
        row = footer(self.back_button, self.next_button)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.explain)
        self.layout_.addSpacing(24)
        self.layout_.addWidget(self.choice)
        self.layout_.addWidget(self.note)
        self.layout_.addStretch(1)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self._decide)
        self.retranslate()

    def show_wording(self, text: str) -> None:
        """The installed wording, word for word: it belongs to the company's notice, not to the
        kiosk's translations, and the answer is stored with it."""
        self.choice.setText(text)

    def _decide(self) -> None:
        self.decided.emit(Decision.GIVEN if self.choice.isChecked() else Decision.REFUSED)

    def retranslate(self) -> None:
        self.title.setText(self.tr_("News and invitations"))
        self.explain.setText(self.tr_("Would you like to hear from us? This is up to you and does not affect your visit."))
        self.note.setText(self.tr_("If you leave the box empty, we will not send you marketing and will not ask again."))
        self.back_button.setText(self.tr_("Back"))
        self.next_button.setText(self.tr_("Continue"))

    def holds_data(self) -> bool:
        """The visitor reaches this screen only with their details filled in."""
        return True

    def clear(self) -> None:
        self.choice.setChecked(False)
