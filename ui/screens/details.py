"""The visitor's details: each field checked by the service as it is left, messages beside it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from kiosk.errors import Message, N_
from kiosk.hosts import HostMatch
from kiosk.validation import VisitorDetails
from kiosk.visitor_types import VISITOR_TYPES
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import Field, button, clear_results, footer, label, wipe

#: Field, label source text, column of the form.
_FIELDS = (
    ("full_name", N_("Full name"), 0), ("company", N_("Company"), 0), ("title", N_("Title"), 0),
    ("email", N_("E-mail"), 0), ("host_id", N_("Who are you visiting?"), 1),
    ("phone", N_("Mobile phone"), 1), ("car_reg", N_("Car registration (for parking)"), 1),
)
MAX_HOST_RESULTS = 6


class _Field(Field):
    """A form field with the source text of its caption and the service's verdict on it."""

    def __init__(self, name: str, source: str) -> None:
        super().__init__(f"details_{name}")
        self.source = source
        self.problem: Message | None = None


class DetailsScreen(Screen):
    name = "details"
    submitted = Signal(object)
    back = Signal()
    host_query = Signal(str)

    def __init__(self, language: Language,
                 field_problem: Callable[[str, str | None], Message | None]) -> None:
        super().__init__(language)
        self._field_problem = field_problem
        self.host: HostMatch | None = None
        self.title = label("details_title", "title")
        self.type_caption = label("details_type_caption")
        self.type_group = QButtonGroup(self)
        type_row = QHBoxLayout()
        self.type_buttons: dict[str, QPushButton] = {}
        for code in VISITOR_TYPES:
            choice = button(f"details_type_{code}", "choice")
            choice.setCheckable(True)
            self.type_group.addButton(choice)
            self.type_buttons[code] = choice
            type_row.addWidget(choice)
            choice.toggled.connect(lambda on, _c=code: on and self._type_changed())
        self.fields: dict[str, _Field] = {}
        columns = (QVBoxLayout(), QVBoxLayout())
        for name, source, column in _FIELDS:
            item = _Field(name, source)
            box = item.box
            if name == "host_id":
                self.host_results = QVBoxLayout()
                self.host_hint = label("details_host_hint", "hint")
                box.addWidget(self.host_hint)
                box.addLayout(self.host_results)
            columns[column].addLayout(box)
            columns[column].addSpacing(8)
            self.fields[name] = item
            item.edit.editingFinished.connect(lambda n=name: self._check(n))
        self.fields["host_id"].edit.textEdited.connect(self._host_edited)
        hints = Qt.InputMethodHint
        self.fields["email"].edit.setInputMethodHints(hints.ImhEmailCharactersOnly | hints.ImhNoAutoUppercase)
        self.fields["phone"].edit.setInputMethodHints(hints.ImhDialableCharactersOnly)
        self.fields["car_reg"].edit.setInputMethodHints(hints.ImhPreferUppercase | hints.ImhNoPredictiveText)
        form = QWidget()
        inner = QVBoxLayout(form)
        inner.setContentsMargins(0, 0, 16, 0)
        inner.addWidget(self.type_caption)
        inner.addLayout(type_row)
        inner.addSpacing(8)
        grid = QHBoxLayout()
        grid.setSpacing(32)
        for column_box in columns:
            column_box.addStretch(1)
            grid.addLayout(column_box, 1)
        inner.addLayout(grid)
        inner.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setObjectName("details_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form)
        self.back_button = button("details_back")
        self.next_button = button("details_next", "primary")
        buttons = footer(self.back_button, self.next_button)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(scroll, 1)
        self.layout_.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self._submit)
        self.clear()

    # What the visitor typed -------------------------------------------------------------

    def details(self) -> VisitorDetails:
        text = {name: item.edit.text() for name, item in self.fields.items()}
        return VisitorDetails(
            full_name=text["full_name"], company=text["company"], title=text["title"],
            email=text["email"], phone=text["phone"], host_id=self.host.id if self.host else None,
            visitor_type=self.visitor_type(), car_reg=text["car_reg"])

    def visitor_type(self) -> str:
        return next(code for code, choice in self.type_buttons.items() if choice.isChecked())

    def show_problems(self, problems: dict[str, Message]) -> None:
        """Show the service's verdict on every field; the first field in trouble gets focus."""
        for name, item in self.fields.items():
            self._set_problem(item, problems.get(name))
        first = next((self.fields[n] for n, *_ in _FIELDS if n in problems), None)
        if first:
            first.edit.setFocus()
            self.scroll.ensureWidgetVisible(first.error, 0, first.edit.height() + 40)

    # Host search ---------------------------------------------------------------------------

    def show_host_matches(self, query: str, matches: list[HostMatch]) -> None:
        """Results of a search; ignored when the visitor has typed on since it was asked."""
        if query != self.fields["host_id"].edit.text() or self.host:
            return
        clear_results(self.host_results)
        for index, match in enumerate(matches[:MAX_HOST_RESULTS]):
            choice = button(f"details_host_result_{index}", "result")
            choice.setText(f"{match.name}  ·  {match.department}" if match.department else match.name)
            choice.clicked.connect(lambda _=False, m=match: self.choose_host(m))
            self.host_results.addWidget(choice)
        self._host_hint_text = (N_("No one by that name. Check the spelling or ask reception.")
                                if not matches and len(query.strip()) >= 2 else "")
        self._retranslate_host_hint()

    def choose_host(self, match: HostMatch) -> None:
        self.host = match
        self.fields["host_id"].edit.setText(match.name)
        clear_results(self.host_results)
        self._host_hint_text = ""
        self._retranslate_host_hint()
        self._set_problem(self.fields["host_id"], None)

    def _host_edited(self, text: str) -> None:
        self.host = None
        self._set_problem(self.fields["host_id"], None)
        clear_results(self.host_results)
        self._host_hint_text = N_("Type at least two letters of the name.") if len(text.strip()) < 2 else ""
        self._retranslate_host_hint()
        if len(text.strip()) >= 2:
            self.host_query.emit(text)

    # Internals ---------------------------------------------------------------------------------

    def _check(self, name: str) -> None:
        if name == "host_id":
            return
        self._set_problem(self.fields[name], self._field_problem(name, self.fields[name].edit.text()))

    def _set_problem(self, item: _Field, problem: Message | None) -> None:
        item.problem = problem
        item.set_error(self.language.message(problem) if problem else None)

    def _submit(self) -> None:
        self.submitted.emit(self.details())

    def _type_changed(self) -> None:
        self._retranslate_captions()

    def _retranslate_captions(self) -> None:
        required = VISITOR_TYPES[self.visitor_type()].required
        for name, item in self.fields.items():
            item.set_caption(self.tr_(item.source), name in required)

    def _retranslate_host_hint(self) -> None:
        self.host_hint.setText(self.tr_(self._host_hint_text) if self._host_hint_text else "")
        self.host_hint.setVisible(bool(self._host_hint_text))

    def retranslate(self) -> None:
        self.title.setText(self.tr_("Your details"))
        self.type_caption.setText(self.tr_("What brings you here? Fields marked * are required."))
        for code, choice in self.type_buttons.items():
            choice.setText(self.tr_(VISITOR_TYPES[code].label))
        self._retranslate_captions()
        self.fields["car_reg"].edit.setPlaceholderText(self.tr_("For example EL 12345"))
        self.fields["phone"].edit.setPlaceholderText(self.tr_("For example 912 34 567"))
        self.fields["host_id"].edit.setPlaceholderText(self.tr_("Start typing a name"))
        for item in self.fields.values():
            if item.problem:
                item.set_error(self.language.message(item.problem))
        self._retranslate_host_hint()
        self.back_button.setText(self.tr_("Back"))
        self.next_button.setText(self.tr_("Next"))

    def clear(self) -> None:
        self.host = None
        self._host_hint_text = ""
        clear_results(self.host_results)
        for item in self.fields.values():
            wipe(item.edit)
            self._set_problem(item, None)
        self.type_buttons["guest"].setChecked(True)
        self.retranslate()
