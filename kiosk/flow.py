"""The visitor's way through signing in, decided without a screen.

Shaped like Electrum's wizard: named steps, a navigation map that decides the
next step from what is known so far, and a back stack. A window shows the
screen of `flow.step` and reports what the person did; the flow decides where
that leads (a person who already refused marketing is not asked again), which
fields their kind of visit needs, and builds the `Registration` that is stored.

The event walk-in and self-service check-in reuse it by subclassing: override
`navmap` to add or skip steps, and `registration` for what they store.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.consent import ConsentWording
from kiosk.marketing import ConsentShown, Decision
from kiosk.notices import Notice
from kiosk.validation import CleanDetails
from kiosk.visitor_types import VISITOR_TYPES
from kiosk.visits import NoticeShown, Registration


class Step(StrEnum):
    NOTICE = "notice"
    DETAILS = "details"
    CONSENT = "consent"
    CONFIRM = "confirm"
    DONE = "done"


class FlowError(RuntimeError):
    """A screen reported an action that does not belong to the current step: a bug, not a person's
    mistake, so it is never shown to the visitor as a message."""


@dataclass(frozen=True)
class Draft:
    """What the flow knows about the person so far; dropped whole when the kiosk starts over."""

    language: str
    notice: NoticeShown | None = None
    details: CleanDetails | None = None
    host_name: str = ""
    #: The installed words the marketing question is asked with; None when it is not asked
    #: (a suppressed person, or a notice without a marketing wording).
    wording: ConsentWording | None = None
    consent: ConsentShown | None = None

    @property
    def ask_marketing(self) -> bool:
        return self.wording is not None


#: For each step, the step that follows it, decided from the draft.
NavMap = dict[str, Callable[[Draft], str]]


class SignInFlow:
    """A visitor signing in at the kiosk: notice, details, marketing choice, confirmation."""

    first: str = Step.NOTICE
    last: str = Step.DONE

    def __init__(self, language: str) -> None:
        self.draft = Draft(language)
        self.step: str = self.first
        self._back: list[str] = []

    def navmap(self) -> NavMap:
        return {
            Step.NOTICE: lambda d: Step.DETAILS,
            Step.DETAILS: lambda d: Step.CONSENT if d.ask_marketing else Step.CONFIRM,
            Step.CONSENT: lambda d: Step.CONFIRM,
            Step.CONFIRM: lambda d: Step.DONE,
        }

    # What the person did ------------------------------------------------------------------

    def notice_read(self, notice: Notice) -> str:
        """The person read this notice version to the end; its version and hash are stored."""
        self._expect(Step.NOTICE)
        self.draft = replace(self.draft, notice=NoticeShown(notice.version, notice.text_hash))
        return self._advance()

    def details_given(self, details: CleanDetails, host_name: str, *, suppressed: bool,
                      wording: ConsentWording | None) -> str:
        """Validated details; whether this person already refused marketing, and the installed
        wording in their language that the question would be asked with."""
        self._expect(Step.DETAILS)
        shown = None if suppressed else wording
        consent = None if shown else ConsentShown(Decision.NOT_ASKED, "")
        self.draft = replace(self.draft, details=details, host_name=host_name, wording=shown,
                             consent=consent)
        return self._advance()

    def wording_shown(self, wording: ConsentWording) -> None:
        """The question is now shown in other words (the person changed language on it)."""
        if self.draft.wording is not None:
            self.draft = replace(self.draft, wording=wording)

    def consent_decided(self, decision: Decision) -> str:
        """The answer to the question in exactly the words the flow gave the screen."""
        self._expect(Step.CONSENT)
        if decision is Decision.NOT_ASKED or self.draft.wording is None:
            raise FlowError("a marketing question was answered that was not asked")
        self.draft = replace(self.draft, consent=ConsentShown.answer(decision, self.draft.wording))
        return self._advance()

    def confirmed(self) -> Registration:
        """The person checked the summary: what to store. The step stays until it is stored,
        so a failed write leaves the summary up to try again."""
        self._expect(Step.CONFIRM)
        return self.registration()

    def stored(self) -> str:
        """The registration is stored; the flow moves past the summary."""
        self._expect(Step.CONFIRM)
        return self._advance()

    def language_chosen(self, language: str) -> None:
        """The visit is stored in the language the person ends in."""
        self.draft = replace(self.draft, language=language)

    def back(self) -> str | None:
        """The step before this one, or None when the person leaves the flow from its first step."""
        if not self._back or self.step == self.last:
            return None
        self.step = self._back.pop()
        return self.step

    # What the screens ask ----------------------------------------------------------------

    @staticmethod
    def required_fields(visitor_type: str) -> frozenset[str]:
        """The fields this kind of visit needs; an unknown kind needs none beyond validation."""
        kind = VISITOR_TYPES.get(visitor_type)
        return kind.required if kind else frozenset()

    def registration(self) -> Registration:
        draft = self.draft
        if draft.notice is None or draft.details is None or draft.consent is None:
            raise FlowError("the summary was confirmed before every step was done")
        return Registration(draft.details, draft.language, draft.notice, draft.consent)

    @property
    def finished(self) -> bool:
        return self.step == self.last

    # Navigation ---------------------------------------------------------------------------

    def _expect(self, step: str) -> None:
        if self.step != step:
            raise FlowError(f"{step} reported while the flow is at {self.step}")

    def _advance(self) -> str:
        following = self.navmap()[self.step](self.draft)
        self._back.append(self.step)
        self.step = following
        return following
