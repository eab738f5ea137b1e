"""The sign-in flow decides the steps without a screen: run it the way the window does, no Qt."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.consent import ConsentWording
from kiosk.flow import FlowError, SignInFlow, Step
from kiosk.marketing import ConsentShown, Decision
from kiosk.notices import Notice
from kiosk.service import KioskService
from kiosk.validation import VisitorDetails
from kiosk.visits import NoticeShown

NOTICE = Notice("2026-11", "en", "We keep your name for 90 days.\n", "abc123", date(2026, 11, 1))
WORDING = ConsentWording("marketing:1:en", "marketing", "1", "en", "Yes, send me news.", "h1")
WORDING_NB = ConsentWording("marketing:1:nb", "marketing", "1", "nb", "Ja, send meg nyheter.", "h2")


def details(service: KioskService, **typed: str):
    if "given_name" not in typed:
        typed.update(given_name="Kari", family_name="Nordmann")
    typed.setdefault("host_id", "demo-host-1")
    return service.validate(VisitorDetails(**typed))


def through_details(service: KioskService, *, suppressed: bool = False,
                    wording: ConsentWording | None = WORDING) -> SignInFlow:
    flow = SignInFlow("en")
    assert flow.step == Step.NOTICE
    assert flow.notice_read(NOTICE) == Step.DETAILS
    flow.details_given(details(service), "Ingrid Bakken", suppressed=suppressed, wording=wording)
    return flow


def test_a_visitor_goes_through_every_step_in_order(service: KioskService) -> None:
    flow = through_details(service)
    assert flow.step == Step.CONSENT
    assert flow.consent_decided(Decision.GIVEN) == Step.CONFIRM
    registration = flow.confirmed()
    assert flow.step == Step.CONFIRM, "the summary stays until the visit is stored"
    assert flow.stored() == Step.DONE and flow.finished
    assert registration.notice == NoticeShown("2026-11", "abc123")
    assert registration.consent == ConsentShown(Decision.GIVEN, "Yes, send me news.", "marketing:1:en")
    assert registration.details.name.full == "Kari Nordmann"
    assert registration.language == "en"


def test_the_flow_builds_what_the_service_stores(service: KioskService) -> None:
    notice = service.notice("en")
    flow = SignInFlow("en")
    flow.notice_read(notice)
    flow.details_given(details(service), "Ingrid Bakken", suppressed=False,
                       wording=service.marketing_wording("en"))
    flow.consent_decided(Decision.REFUSED)
    visit = service.register_visit(flow.confirmed())
    assert flow.stored() == Step.DONE
    stored = service.db.execute("SELECT notice_version, notice_hash, language FROM visits").fetchall()
    assert stored == [(notice.version, notice.text_hash, "en")]
    assert visit.host_name == "Ingrid Bakken"
    event = service.db.execute(
        "SELECT e.decision, e.wording, w.text, w.version, w.language FROM consent_events e "
        "JOIN consent_wordings w ON w.id = e.wording_id").fetchall()
    assert event == [("refused", *[service.marketing_wording("en").text] * 2, "1", "en")]


def test_a_suppressed_person_is_not_asked_about_marketing(service: KioskService) -> None:
    flow = through_details(service, suppressed=True)
    assert flow.step == Step.CONFIRM
    assert flow.confirmed().consent.decision is Decision.NOT_ASKED
    with pytest.raises(FlowError):
        flow.consent_decided(Decision.GIVEN)


def test_without_an_installed_wording_marketing_is_not_asked(service: KioskService) -> None:
    flow = through_details(service, wording=None)
    assert flow.step == Step.CONFIRM
    assert flow.draft.consent == ConsentShown(Decision.NOT_ASKED, "")


def test_a_shown_question_cannot_be_answered_not_asked(service: KioskService) -> None:
    flow = through_details(service)
    with pytest.raises(FlowError):
        flow.consent_decided(Decision.NOT_ASKED)


def test_the_answer_keeps_the_words_the_question_was_shown_in(service: KioskService) -> None:
    flow = through_details(service)
    flow.wording_shown(WORDING_NB)
    flow.consent_decided(Decision.GIVEN)
    assert flow.confirmed().consent == ConsentShown(Decision.GIVEN, "Ja, send meg nyheter.",
                                                    "marketing:1:nb")


def test_back_retraces_the_steps_actually_taken(service: KioskService) -> None:
    asked = through_details(service)
    asked.consent_decided(Decision.REFUSED)
    assert [asked.back(), asked.back(), asked.back(), asked.back()] == [
        Step.CONSENT, Step.DETAILS, Step.NOTICE, None]
    skipped = through_details(service, suppressed=True)
    assert skipped.back() == Step.DETAILS, "a suppressed person never saw the marketing step"


def test_going_back_and_changing_the_details_replaces_them(service: KioskService) -> None:
    flow = through_details(service, suppressed=True)
    flow.back()
    flow.details_given(details(service, given_name="Kari", family_name="Nordmann-Lie"),
                       "Ingrid Bakken", suppressed=False, wording=WORDING)
    assert flow.step == Step.CONSENT
    flow.consent_decided(Decision.GIVEN)
    registration = flow.confirmed()
    assert registration.details.name.full == "Kari Nordmann-Lie"
    assert registration.consent.decision is Decision.GIVEN


def test_there_is_no_way_back_from_a_stored_visit(service: KioskService) -> None:
    flow = through_details(service, suppressed=True)
    flow.confirmed()
    flow.stored()
    assert flow.back() is None and flow.step == Step.DONE


@pytest.mark.parametrize("act", [
    lambda f, d: f.details_given(d, "", suppressed=False, wording=WORDING),
    lambda f, d: f.consent_decided(Decision.GIVEN),
    lambda f, d: f.confirmed(),
    lambda f, d: f.stored(),
])
def test_an_action_out_of_turn_is_refused(service: KioskService, act) -> None:  # noqa: ANN001
    flow = SignInFlow("en")
    with pytest.raises(FlowError):
        act(flow, details(service))
    assert flow.step == Step.NOTICE


def test_the_visit_is_stored_in_the_language_the_person_ends_in(service: KioskService) -> None:
    flow = through_details(service, suppressed=True)
    flow.language_chosen("nb")
    assert flow.confirmed().language == "nb"


@pytest.mark.parametrize("visitor_type, needed", [
    ("guest", {"given_name", "host_id"}),
    ("contractor", {"given_name", "company", "phone", "host_id"}),
    ("delivery", {"given_name", "company"}),
    ("no-such-type", set()),
])
def test_the_fields_a_kind_of_visit_needs(visitor_type: str, needed: set[str]) -> None:
    assert SignInFlow.required_fields(visitor_type) == needed


def test_a_flow_is_extended_by_its_navmap(service: KioskService) -> None:
    """How the event walk-in reuses it: the same steps, one more at the end."""

    class WalkIn(SignInFlow):
        def navmap(self):  # noqa: ANN202
            steps = super().navmap()
            steps[Step.CONFIRM] = lambda d: "check_in"
            steps["check_in"] = lambda d: Step.DONE
            return steps

    flow = WalkIn("en")
    flow.notice_read(NOTICE)
    flow.details_given(details(service), "", suppressed=True, wording=WORDING)
    flow.confirmed()
    assert flow.stored() == "check_in"
    assert flow.back() == Step.CONFIRM

