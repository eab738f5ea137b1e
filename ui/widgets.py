"""Small builders so every screen makes its buttons, labels and fields the same way."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QWidget

from ui import tokens


def styled(widget: QWidget, role: str) -> None:
    """Give a widget its role in the stylesheet and refresh its look."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def button(name: str, role: str = "secondary", parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(parent)
    widget.setObjectName(name)
    widget.setProperty("role", role)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setMinimumHeight(tokens.FINGER)
    return widget


def label(name: str, role: str = "body", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    widget.setObjectName(name)
    widget.setProperty("role", role)
    widget.setWordWrap(True)
    return widget


def line_edit(name: str, parent: QWidget | None = None) -> QLineEdit:
    widget = QLineEdit(parent)
    widget.setObjectName(name)
    widget.setClearButtonEnabled(True)
    return widget


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def wipe(field: QLineEdit) -> None:
    """Empty a field for the next visitor. QLineEdit.clear() is undoable, so the next person
    could bring the last one's text back with undo; setText drops the undo history too."""
    field.setText("")


def footer(back: QWidget, *forward: QWidget) -> QHBoxLayout:
    """The row at the foot of a screen: the way back on the left, the way on at the right,
    where a thumb finds them on every screen."""
    row = QHBoxLayout()
    row.addWidget(back)
    row.addStretch(1)
    for widget in forward:
        row.addWidget(widget)
    return row


def clear_results(results: QLayout) -> None:
    """Remove search result buttons. deleteLater, because the tapped one is still
    delivering its click when the list is cleared."""
    while results.count():
        widget = results.takeAt(0).widget()
        widget.hide()
        widget.deleteLater()
