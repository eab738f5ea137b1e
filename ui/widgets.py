"""Small builders so every screen makes its buttons, labels and fields the same way."""
from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (QAbstractScrollArea, QComboBox, QDateEdit, QFrame, QHBoxLayout,
                               QLabel, QLayout, QLineEdit, QPushButton, QScrollArea, QScroller,
                               QScrollerProperties, QStyledItemDelegate, QStyleOptionViewItem,
                               QVBoxLayout, QWidget)

from ui import tokens


def styled(widget: QWidget, role: str) -> None:
    """Give a widget its role in the stylesheet and refresh its look."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def button(name: str, role: str = "secondary", parent: QWidget | None = None) -> QPushButton:
    """A button a finger can hit. A tap does not take the keyboard focus (so a touched button
    does not stay highlighted), Tab does; Enter then activates the focused button."""
    widget = QPushButton(parent)
    widget.setObjectName(name)
    widget.setProperty("role", role)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setMinimumHeight(tokens.FINGER)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    widget.setAutoDefault(True)
    return widget


def label(name: str, role: str = "body", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    widget.setObjectName(name)
    widget.setProperty("role", role)
    widget.setWordWrap(True)
    return widget


def line_edit(name: str, parent: QWidget | None = None) -> QLineEdit:
    """A text field. No clear button: Qt's is 22×18 px, far under a fingertip, and the
    on-screen keyboard's backspace does its work."""
    widget = QLineEdit(parent)
    widget.setObjectName(name)
    return widget


class _FingerRows(QStyledItemDelegate):
    """Rows of a drop-down's list as tall as a fingertip: Qt's are about 30 px."""

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return super().sizeHint(option, index).expandedTo(QSize(0, tokens.FINGER))


def choice_box(name: str, parent: QWidget | None = None) -> QComboBox:
    """A drop-down a finger can open and choose from: as tall as a button (the stylesheet's
    QComboBox rule and this minimum, like `button`), and so is each row of its list."""
    widget = QComboBox(parent)
    widget.setObjectName(name)
    widget.setMinimumHeight(tokens.FINGER)
    widget.setItemDelegate(_FingerRows(widget))
    # As wide as its longest item in the language shown, not the one it first appeared in.
    widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return widget


def date_field(name: str, date: QDate, parent: QWidget | None = None) -> QDateEdit:
    """A date, typed day, month and year, framed and sized like a text field (the stylesheet's
    QAbstractSpinBox rule). Qt ignores a spin box's padding, so its text gets the margin here."""
    widget = QDateEdit(date, parent)
    widget.setObjectName(name)
    widget.lineEdit().setTextMargins(tokens.FIELD_PADDING, 0, 0, 0)
    return widget


class Field:
    """A text field with its caption above and its error message below, tied together so that
    assistive technology reads the caption as the field's name and the error as its
    description, and a keyboard shortcut in the caption reaches the field (QLabel buddy).

    `box` holds the three in order; a screen may add more below (search results), and
    `row` holds the field, for a control beside it.
    """

    def __init__(self, name: str) -> None:
        self.caption = label(f"{name}_label")
        self.edit = line_edit(name)
        self.error = label(f"{name}_error", "error")
        self.caption.setBuddy(self.edit)
        self.error.hide()
        self.row = QHBoxLayout()
        self.row.addWidget(self.edit, 1)
        self.box = QVBoxLayout()
        self.box.setSpacing(4)
        self.box.addWidget(self.caption)
        self.box.addLayout(self.row)
        self.box.addWidget(self.error)

    def set_caption(self, text: str, required: bool = False) -> None:
        """Show the caption, with a star when the field must be filled in."""
        self.caption.setText(f"{text} *" if required else text)
        self.edit.setAccessibleName(text)

    def set_error(self, text: str | None) -> None:
        """Show an error under the field (None clears it); the field announces it too."""
        self.error.setText(text or "")
        self.error.setVisible(text is not None)
        self.edit.setAccessibleDescription(text or "")
        mark_invalid(self.edit, text is not None)


def touch_scroll(area: QAbstractScrollArea) -> None:
    """Let a finger drag scroll the area, kinetically, instead of selecting what is under it."""
    if area.property("touch_scroll"):
        return
    area.setProperty("touch_scroll", True)
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    # Qt holds every press back a quarter second to see whether it becomes a drag; a tap on a
    # button in the area would answer that late. The press goes through at once instead, and
    # a drag that follows cancels it.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(properties)


def scrolling(content: QLayout | QWidget, name: str) -> QScrollArea:
    """A list that may outgrow the screen scrolls under a finger instead of growing the window."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    area.setWidget(content)
    area.setMinimumHeight(0)
    touch_scroll(area)
    return area


def touch_scroll_all(root: QWidget) -> None:
    """Touch scrolling on every scrolling area under `root`, whoever built it."""
    for area in root.findChildren(QAbstractScrollArea):
        touch_scroll(area)


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
