"""A summary to check before anything is stored."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel

from kiosk.captions import CAPTIONS
from kiosk.errors import N_
from kiosk.marketing import ConsentShown, Decision
from kiosk.validation import CleanDetails, display_phone
from kiosk.visitor_types import public_type
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import button, footer, label

#: The summary's rows; a field's row is captioned as everywhere else (kiosk/captions.py).
_ROWS = (("name", N_("Name")), *((f, CAPTIONS[f]) for f in ("company", "title", "email", "phone")),
         ("host", N_("Visiting")), ("visitor_type", N_("Visit")), ("car_reg", CAPTIONS["car_reg"]),
         ("marketing", N_("News and invitations")))


class ConfirmScreen(Screen):
    name = "confirm"
    confirmed = Signal()
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self._details: CleanDetails | None = None
        self._host = ""
        self._consent: ConsentShown | None = None
        self.title = label("confirm_title", "title")
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(32)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key, _source in _ROWS:
            self.captions[key] = label(f"confirm_{key}_label", "hint")
            self.values[key] = label(f"confirm_{key}")
            form.addRow(self.captions[key], self.values[key])
        self.busy = label("confirm_busy", "hint")
        self.back_button = button("confirm_back")
        self.confirm_button = button("confirm_submit", "primary")
        row = footer(self.back_button, self.busy, self.confirm_button)
        self.layout_.addWidget(self.title)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.confirm_button.clicked.connect(self._confirm)
        self.clear()

    def show_summary(self, details: CleanDetails, host: str, consent: ConsentShown) -> None:
        self._details, self._host, self._consent = details, host, consent
        self.set_busy(False)
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        """While the visit is being stored, a second tap must not store it twice."""
        self.confirm_button.setEnabled(not busy and self._details is not None)
        self.back_button.setEnabled(not busy)
        self.busy.setText(self.tr_("Saving…") if busy else "")

    def _confirm(self) -> None:
        self.set_busy(True)
        self.confirmed.emit()

    def _marketing_text(self) -> str:
        if self._consent is None or self._consent.decision is Decision.NOT_ASKED:
            return self.tr_("Not asked: you told us earlier you do not want marketing")
        return self.tr_("Yes, please") if self._consent.decision is Decision.GIVEN else self.tr_("No, thank you")

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Is this right?"))
        for key, source in _ROWS:
            self.captions[key].setText(self.tr_(source))
        d = self._details
        values = {
            "name": d.name.full, "company": d.company, "title": d.title, "email": d.email,
            "phone": display_phone(d.phone), "host": self._host,
            "visitor_type": self.tr_(public_type(d.visitor_type).label),
            "car_reg": d.car_reg_display, "marketing": self._marketing_text(),
        } if d else {}
        for key, value_label in self.values.items():
            value_label.setText(values.get(key) or "—")
        self.back_button.setText(self.tr_("Change"))
        self.confirm_button.setText(self.tr_("Confirm and print badge"))

    def holds_data(self) -> bool:
        return self._details is not None

    def clear(self) -> None:
        self._details, self._host, self._consent = None, "", None
        self.set_busy(False)
        self.retranslate()
