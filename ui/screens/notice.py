"""The privacy notice in the visitor's language, with its version and last-updated date."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTextBrowser

from kiosk.notices import Notice
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, footer, label


class NoticeScreen(Screen):
    name = "notice"
    accepted = Signal()
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.notice: Notice | None = None
        self.title = label("notice_title", "title")
        self.updated = label("notice_updated", "hint")
        self.text = QTextBrowser()
        self.text.setObjectName("notice_text")
        # A link in the notice (the privacy contact's e-mail) is text to read here: a tap
        # must neither navigate the browser away from the notice nor start a selection.
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button = button("notice_back")
        self.accept_button = button("notice_accept", "primary")
        row = footer(self.back_button, self.accept_button)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.updated)
        self.layout_.addWidget(self.text, 1)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.accept_button.clicked.connect(self.accepted)
        self.retranslate()

    def show_notice(self, notice: Notice) -> None:
        """Show this version; the flow stores exactly this version and hash with the visit."""
        self.notice = notice
        self.text.setMarkdown(notice.text)
        self.accept_button.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Privacy notice"))
        self.back_button.setText(self.tr_("Back"))
        self.accept_button.setText(self.tr_("I have read it, continue"))
        if self.notice:
            from babel.dates import format_date  # loaded by the window's lane at start

            self.updated.setText(self.tr_(
                "Version {version}, last updated {date}", version=self.notice.version,
                date=format_date(self.notice.updated_on, "long", locale=self.language.code)))
        else:
            self.updated.setText(self.tr_("Loading…"))

    def clear(self) -> None:
        self.notice = None
        self.text.clear()
        self.accept_button.setEnabled(False)
        self.retranslate()
