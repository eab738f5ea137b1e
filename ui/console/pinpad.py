"""The PIN pad in front of the console: big digit keys, the PIN never shown, the wait counted down."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.access import MAX_PIN_DIGITS
from kiosk.errors import Message
from ui.language import Language
from ui.widgets import button, label


class PinPad(QWidget):
    """Collects digits and hands the PIN over; it never checks it itself."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__()
        self.setObjectName("console_pinpad")
        self.language = language
        self.title = label("pin_title", "title")
        self.field = QLineEdit()
        self.field.setObjectName("pin_field")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(MAX_PIN_DIGITS)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.returnPressed.connect(self._submit)
        self.message = label("pin_message", "error")
        self.message.setWordWrap(True)
        keys = QGridLayout()
        self.digits = {}
        for n, digit in enumerate("123456789"):
            self.digits[digit] = self._key(digit)
            keys.addWidget(self.digits[digit], n // 3, n % 3)
        self.digits["0"] = self._key("0")
        self.erase = button("pin_erase", "secondary")
        self.erase.clicked.connect(self.field.backspace)
        self.ok = button("pin_ok", "primary")
        self.ok.clicked.connect(self._submit)
        self.cancel = button("pin_cancel", "secondary")
        self.cancel.clicked.connect(self._cancel)
        keys.addWidget(self.erase, 3, 0)
        keys.addWidget(self.digits["0"], 3, 1)
        keys.addWidget(self.ok, 3, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addLayout(keys)
        layout.addWidget(self.cancel)
        language.changed.connect(self.retranslate)
        self.retranslate()

    def _key(self, digit: str) -> QPushButton:
        key = button(f"pin_digit_{digit}", "secondary")
        key.setText(digit)
        key.setMinimumSize(96, 72)
        key.clicked.connect(lambda: self.field.insert(digit))
        return key

    def retranslate(self) -> None:
        _ = self.language.translator
        self.title.setText(_("Enter the PIN"))
        self.erase.setText(_("Erase"))
        self.ok.setText(_("Open"))
        self.cancel.setText(_("Cancel"))

    def _submit(self) -> None:
        pin = self.field.text()
        self.field.clear()
        if pin:
            self.entered.emit(pin)

    def _cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def show_message(self, message: Message | None) -> None:
        self.message.setText(self.language.translator.message(message) if message else "")

    def reset(self) -> None:
        self.field.clear()
        self.message.clear()

