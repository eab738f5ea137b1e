"""The visitor's details in two short steps that fit a 1280×800 screen without scrolling.

Step one asks who the visitor is (kind of visit, name, company, title), step two
whom they visit and how to reach them. Each field is checked by the service as it
is left, with its message beside it; the whole form is checked by the service when
the second step is sent, and the first step holding a problem is shown again.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.captions import CAPTIONS
from kiosk.errors import Message, N_
from kiosk.hosts import HostMatch
from kiosk.matching import query_terms
from kiosk.names import PersonName, family_first_by_default
from kiosk.validation import REQUIRED, VisitorDetails
from kiosk.visitor_types import VISITOR_TYPES
from ui.language import Language
from ui.screens.base import Screen
from ui.widgets import Field, button, clear_results, footer, label, wipe

#: Field, label source text, step, column within the step. Every field is captioned as
#: everywhere else (kiosk/captions.py); the host is chosen by a search, so it is asked.
_FIELDS = (
    ("given_name", CAPTIONS["given_name"], 0, 0), ("family_name", CAPTIONS["family_name"], 0, 0),
    ("company", CAPTIONS["company"], 0, 1), ("title", CAPTIONS["title"], 0, 1),
    ("host_id", N_("Who are you visiting?"), 1, 0), ("email", CAPTIONS["email"], 1, 1),
    ("phone", CAPTIONS["phone"], 1, 1), ("car_reg", CAPTIONS["car_reg"], 1, 1),
)
STEPS = 2
_TITLES = (N_("About you"), N_("Your visit"))


class _Field(Field):
    """A form field (caption and error tied to it in ui/widgets.Field), its step, the source
    text of its caption and the service's verdict on it."""

    def __init__(self, name: str, source: str, step: int) -> None:
        super().__init__(f"details_{name}")
        self.source, self.step = source, step
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
        self._order_chosen = False
        self.title = label("details_title", "title")
        self.steps = QStackedWidget()
        self.steps.setObjectName("details_steps")
        pages = [QWidget() for _ in range(STEPS)]
        columns = [(QVBoxLayout(), QVBoxLayout()) for _ in range(STEPS)]
        for column in (c for pair in columns for c in pair):
            column.setSpacing(4)  # else a column takes the 48 px between columns as its own
        self.fields: dict[str, _Field] = {}
        self._build_name_order()
        for name, source, step, column in _FIELDS:
            item = _Field(name, source, step)
            self.fields[name] = item
            beside = self.family_first if name == "family_name" else None
            columns[step][column].addLayout(self._field_box(item, beside))
            item.edit.editingFinished.connect(lambda n=name: self._check(n))
        self._build_type_row()
        columns[0][1].addWidget(self.full_name)
        self._build_host_results(columns[1][0])
        first = QVBoxLayout(pages[0])
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.type_caption)
        first.addLayout(self.type_row)
        first.addSpacing(8)
        for step, page in enumerate(pages):
            box = first if step == 0 else QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            grid = QHBoxLayout()
            grid.setSpacing(48)
            for column in columns[step]:
                column.addStretch(1)
                grid.addLayout(column, 1)
            box.addLayout(grid, 1)
            self.steps.addWidget(page)
        self._connect_fields()
        self.back_button = button("details_back")
        self.step_label = label("details_step", "hint")
        self.next_button = button("details_next", "primary")
        # Narrower top and bottom margins than other screens: with every message and five
        # host results showing, the second step needs every pixel of a 1280×800 screen.
        self.layout_.setContentsMargins(48, 16, 48, 16)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.steps, 1)
        self.layout_.addLayout(footer(self.back_button, self.step_label, self.next_button))
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        self.clear()

    # Building --------------------------------------------------------------------------------

    @staticmethod
    def _field_box(item: _Field, beside: QWidget | None) -> QVBoxLayout:
        """Caption, field (with a control beside it) and the field's message below it."""
        if beside is not None:
            item.row.addWidget(beside)
        item.box.addSpacing(8)
        return item.box

    def _build_type_row(self) -> None:
        self.type_caption = label("details_type_caption")
        self.type_group = QButtonGroup(self)
        self.type_row = QHBoxLayout()
        self.type_buttons: dict[str, QPushButton] = {}
        for code in VISITOR_TYPES:
            choice = button(f"details_type_{code}", "choice")
            choice.setCheckable(True)
            self.type_group.addButton(choice)
            self.type_buttons[code] = choice
            self.type_row.addWidget(choice)
            choice.toggled.connect(lambda on, _c=code: on and self._retranslate_captions())

    def _build_name_order(self) -> None:
        """The family-name-first switch beside the family name, and the whole name as it
        will be written, so the visitor sees the order before the badge prints it."""
        self.family_first = button("details_family_first", "choice")
        self.family_first.setCheckable(True)
        self.family_first.clicked.connect(self._order_clicked)
        self.full_name = label("details_full_name", "subtitle")

    def _build_host_results(self, column: QVBoxLayout) -> None:
        self.host_hint = label("details_host_hint", "hint")
        self.host_results = QVBoxLayout()
        self.host_results.setSpacing(4)
        column.addWidget(self.host_hint)
        column.addLayout(self.host_results)

    def _connect_fields(self) -> None:
        self.fields["host_id"].edit.textEdited.connect(self._host_edited)
        for name in ("given_name", "family_name"):
            self.fields[name].edit.textChanged.connect(self._name_changed)
        hints = Qt.InputMethodHint
        self.fields["email"].edit.setInputMethodHints(hints.ImhEmailCharactersOnly | hints.ImhNoAutoUppercase)
        self.fields["phone"].edit.setInputMethodHints(hints.ImhDialableCharactersOnly)
        self.fields["car_reg"].edit.setInputMethodHints(hints.ImhPreferUppercase | hints.ImhNoPredictiveText)

    # What the visitor typed -------------------------------------------------------------

    def details(self) -> VisitorDetails:
        text = {name: item.edit.text() for name, item in self.fields.items()}
        return VisitorDetails(
            given_name=text["given_name"], family_name=text["family_name"],
            family_first=self.family_first.isChecked(), company=text["company"],
            title=text["title"], email=text["email"], phone=text["phone"],
            host_id=self.host.id if self.host else None, visitor_type=self.visitor_type(),
            car_reg=text["car_reg"])

    def person_name(self) -> PersonName:
        return PersonName(self.fields["given_name"].edit.text().strip(),
                          self.fields["family_name"].edit.text().strip(),
                          self.family_first.isChecked())

    def visitor_type(self) -> str:
        return next(code for code, choice in self.type_buttons.items() if choice.isChecked())

    def step(self) -> int:
        return self.steps.currentIndex()

    def show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self._retranslate_step()

    def show_field(self, name: str) -> None:
        """Bring the step holding a field on screen and put the cursor in it."""
        self.show_step(self.fields[name].step)
        self.fields[name].edit.setFocus()

    def show_problems(self, problems: dict[str, Message]) -> None:
        """Show the service's verdict on every field; the first field in trouble gets focus."""
        for name, item in self.fields.items():
            self._set_problem(item, problems.get(name))
        first = next((n for n, *_ in _FIELDS if n in problems), None)
        if first:
            self.show_field(first)

    # Host search ---------------------------------------------------------------------------

    def show_host_matches(self, query: str, matches: list[HostMatch]) -> None:
        """Results of a search; ignored when the visitor has typed on since it was asked."""
        if query != self.fields["host_id"].edit.text() or self.host:
            return
        clear_results(self.host_results)
        for index, match in enumerate(matches):
            choice = button(f"details_host_result_{index}", "result")
            choice.setText(f"{match.name}  ·  {match.department}" if match.department else match.name)
            choice.clicked.connect(lambda _=False, m=match: self.choose_host(m))
            self.host_results.addWidget(choice)
        self._host_hint_text = (N_("No one by that name. Check the spelling or ask reception.")
                                if not matches else "")
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
        searchable = bool(query_terms(text))
        self._host_hint_text = "" if searchable else N_("Type at least three letters of the name.")
        self._retranslate_host_hint()
        if searchable:
            self.host_query.emit(text)

    # Internals ---------------------------------------------------------------------------------

    def _check(self, name: str) -> None:
        if name == "host_id":
            return
        self._set_problem(self.fields[name], self._field_problem(name, self.fields[name].edit.text()))

    def _step_problems(self, step: int) -> dict[str, Message]:
        """The problems of one step's fields, as each field's check and the kind of visit see them."""
        required = VISITOR_TYPES[self.visitor_type()].required
        problems: dict[str, Message] = {}
        for name, item in self.fields.items():
            if item.step != step or name == "host_id":
                continue
            problem = self._field_problem(name, item.edit.text())
            if problem is None and name in required and not item.edit.text().strip():
                problem = REQUIRED
            if problem:
                problems[name] = problem
        return problems

    def _set_problem(self, item: _Field, problem: Message | None) -> None:
        item.problem = problem
        item.set_error(self.language.message(problem) if problem else None)

    def _next(self) -> None:
        if self.step() + 1 < STEPS:
            problems = self._step_problems(self.step())
            for name, item in self.fields.items():
                if item.step == self.step():
                    self._set_problem(item, problems.get(name))
            if problems:
                self.show_problems(problems)
                return
            self.show_step(self.step() + 1)
            return
        self.submitted.emit(self.details())

    def _back(self) -> None:
        if self.step() > 0:
            self.show_step(self.step() - 1)
        else:
            self.back.emit()

    def _name_changed(self) -> None:
        """Until the visitor chooses, the order follows the name: family first for CJK names."""
        if not self._order_chosen:
            given, family = (self.fields[n].edit.text() for n in ("given_name", "family_name"))
            self.family_first.setChecked(family_first_by_default(given, family))
        self._retranslate_full_name()

    def _order_clicked(self) -> None:
        self._order_chosen = True
        self._retranslate_full_name()

    def _retranslate_captions(self) -> None:
        required = VISITOR_TYPES[self.visitor_type()].required
        for name, item in self.fields.items():
            item.set_caption(self.tr_(item.source), name in required)

    def _retranslate_full_name(self) -> None:
        full = self.person_name().full
        self.full_name.setText(self.tr_("Your name: {name}", name=full) if full else "")

    def _retranslate_host_hint(self) -> None:
        self.host_hint.setText(self.tr_(self._host_hint_text) if self._host_hint_text else "")
        self.host_hint.setVisible(bool(self._host_hint_text))

    def _retranslate_step(self) -> None:
        step = self.step()
        self.title.setText(self.tr_(_TITLES[step]))
        self.step_label.setText(self.tr_("Step {step} of {steps}", step=step + 1, steps=STEPS))
        self.next_button.setText(self.tr_("Next"))

    def retranslate(self) -> None:
        self.type_caption.setText(self.tr_("What brings you here? Fields marked * are required."))
        for code, choice in self.type_buttons.items():
            choice.setText(self.tr_(VISITOR_TYPES[code].label))
        self._retranslate_captions()
        self.family_first.setText(self.tr_("Family name first"))
        self._retranslate_full_name()
        self.fields["car_reg"].edit.setPlaceholderText(self.tr_("Only for parking, for example EL 12345"))
        self.fields["phone"].edit.setPlaceholderText(self.tr_("For example 912 34 567"))
        self.fields["host_id"].edit.setPlaceholderText(self.tr_("Start typing a name"))
        for item in self.fields.values():
            if item.problem:
                item.set_error(self.language.message(item.problem))
        self._retranslate_host_hint()
        self._retranslate_step()
        self.back_button.setText(self.tr_("Back"))

    def clear(self) -> None:
        self.host = None
        self._host_hint_text = ""
        self._order_chosen = False
        clear_results(self.host_results)
        for item in self.fields.values():
            wipe(item.edit)
            self._set_problem(item, None)
        self.family_first.setChecked(False)
        self.type_buttons["guest"].setChecked(True)
        self.steps.setCurrentIndex(0)
        self.retranslate()
