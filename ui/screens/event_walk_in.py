"""A walk-in at the event door, the visitor's way: the same notice and consent screens.

The pages are the visitor's NoticeScreen and ConsentScreen and a short form; the
steps are decided by the Qt-free flow (kiosk/walk_in.py WalkInFlow, the visitor's
SignInFlow), and everything that reads or writes runs on the database lane. Once
the flow reaches its confirmation the walk-in is stored and checked in at once.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.attendees import AttendeeData
from kiosk.captions import CAPTIONS
from kiosk.consent import ConsentWording
from kiosk.door import EventDoor
from kiosk.errors import KioskError, Message, N_, ValidationError
from kiosk.flow import Step
from kiosk.marketing import Decision
from kiosk.notices import Notice
from kiosk.validation import CleanDetails
from kiosk.walk_in import WalkInFlow, walk_in_details
from ui.language import Language
from ui.screens.base import Screen
from ui.screens.consent import ConsentScreen
from ui.screens.notice import NoticeScreen
from ui.tasks import TaskRunner
from ui.widgets import button, footer, label, line_edit

FORM_FIELDS = ("given_name", "family_name", "company", "email")


class WalkInPage(Screen):
    """The short form for someone without a ticket, after the privacy notice."""

    name = "event_walk_in"
    submitted = Signal(object)
    back = Signal()

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        self.title = label("event_walk_in_title", "title")
        self.fields = {name: line_edit(f"event_walk_in_{name}") for name in FORM_FIELDS}
        self.message = label("event_walk_in_message", "body")
        self.back_button = button("event_walk_in_back")
        self.done_button = button("event_walk_in_done", "primary")
        self.layout_.addWidget(self.title)
        for field in self.fields.values():
            self.layout_.addWidget(field)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.layout_.addLayout(footer(self.back_button, self.done_button))
        self.back_button.clicked.connect(self.back)
        self.done_button.clicked.connect(self._submit)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.language.tr
        self.title.setText(tr(N_("Walk-in")))
        for name in FORM_FIELDS:
            self.fields[name].setPlaceholderText(tr(CAPTIONS[name]))
        self.back_button.setText(tr(N_("Back")))
        self.done_button.setText(tr(N_("Check in and print")))

    def _submit(self) -> None:
        self.submitted.emit(AttendeeData(*(self.fields[n].text() for n in FORM_FIELDS)))

    def clear(self) -> None:
        for field in self.fields.values():
            field.setText("")
        self.message.setText("")


class WalkIn(QObject):
    """Leads a walk-in through notice, form and consent; the event screen shows the pages."""

    #: A page to show (the event screen's stack holds them).
    page_wanted = Signal(object)
    #: The walk-in is stored and checked in: the CheckinResult.
    checked_in = Signal(object)
    #: Back from the first page: to the door.
    left = Signal()

    def __init__(self, language: Language, tasks: TaskRunner | None,
                 door: Callable[[], EventDoor | None], actor: Callable[[], str]) -> None:
        super().__init__()
        self.language, self.tasks, self._door, self._actor = language, tasks, door, actor
        self.notice_page = NoticeScreen(language)
        self.form_page = WalkInPage(language)
        self.consent_page = ConsentScreen(language)
        self.pages: tuple[Screen, ...] = (self.notice_page, self.form_page, self.consent_page)
        self.flow: WalkInFlow | None = None
        self.notice_page.accepted.connect(self._notice_read)
        self.notice_page.back.connect(self._back)
        self.form_page.submitted.connect(self._form_given)
        self.form_page.back.connect(self._back)
        self.consent_page.decided.connect(self._consent_decided)
        self.consent_page.back.connect(self._back)

    def start(self) -> None:
        door = self._door()
        if door is None or self.tasks is None:
            return
        self.flow = WalkInFlow(self.language.code)
        for page in self.pages:
            page.clear()
        self._show(self.flow.step)
        service, language = door.service, self.language.code
        self.tasks.run(lambda: service.notice(language), self._notice_loaded, self._failed)

    def _notice_loaded(self, notice: Notice) -> None:
        if self.flow is not None and self.flow.step == Step.NOTICE:
            self.notice_page.show_notice(notice)

    def _show(self, step: str) -> None:
        page = {Step.NOTICE: self.notice_page, Step.DETAILS: self.form_page,
                Step.CONSENT: self.consent_page}.get(step)
        if page is not None:
            self.page_wanted.emit(page)

    def _back(self) -> None:
        step = self.flow.back() if self.flow else None
        if step is None:
            self.flow = None
            self.left.emit()
        else:
            self._show(step)

    def _notice_read(self) -> None:
        if self.flow is not None and self.notice_page.notice is not None:
            self._show(self.flow.notice_read(self.notice_page.notice))

    def _form_given(self, data: AttendeeData) -> None:
        door, flow = self._door(), self.flow
        if door is None or flow is None:
            return
        try:
            clean = walk_in_details(door.service, data.given_name, data.family_name, data.company,
                                    data.email)
        except ValidationError as exc:
            self.form_page.message.setText(self.language.message(next(iter(exc.errors.values()))))
            return
        self.form_page.message.setText("")
        service, language = door.service, self.language.code
        self.tasks.run(lambda: (service.is_suppressed(clean), service.marketing_wording(language)),
                       lambda known: self._marketing_known(flow, clean, *known), self._failed)

    def _marketing_known(self, flow: WalkInFlow, clean: CleanDetails, suppressed: bool,
                         wording: ConsentWording | None) -> None:
        if flow is not self.flow or flow.step != Step.DETAILS:
            return  # left, or Next tapped twice and the first answer already moved on
        step = flow.details_given(clean, "", suppressed=suppressed, wording=wording)
        if wording is not None:
            self.consent_page.show_wording(wording.text)
        self._next(step)

    def _consent_decided(self, decision: Decision) -> None:
        if self.flow is not None and self.flow.step == Step.CONSENT:
            self._next(self.flow.consent_decided(decision))

    def _next(self, step: str) -> None:
        """No summary at the door: reaching the confirmation stores the walk-in."""
        if step != Step.CONFIRM:
            self._show(step)
            return
        flow, door, actor = self.flow, self._door(), self._actor()
        flow.language_chosen(self.language.code)
        registration = flow.confirmed()
        self.tasks.run(lambda: door.walk_in(registration, actor),
                       lambda result: self._stored(flow, result), self._failed)

    def _stored(self, flow: WalkInFlow, result: object) -> None:
        flow.stored()
        if flow is self.flow:
            self.flow = None
        for page in self.pages:
            page.clear()
        self.checked_in.emit(result)

    def _failed(self, error: Exception) -> None:
        """Shown on the form, where staff can correct it; the notice failing leaves the walk-in."""
        text = self.language.message(error.message if isinstance(error, KioskError) else Message(
            N_("Something went wrong. Please ask reception for help.")))
        flow = self.flow
        if flow is None or flow.step == Step.NOTICE:
            self.flow = None
            self.left.emit()
            return
        while flow.step != Step.DETAILS and flow.back():
            pass
        self.page_wanted.emit(self.form_page)
        self.form_page.message.setText(text)

    def clear(self) -> None:
        self.flow = None
        for page in self.pages:
            page.clear()
