"""Consent wordings come from the notice, word for word, with an identity and a version of their own."""
from __future__ import annotations

import pytest

from kiosk import notices
from kiosk.clock import ManualClock
from kiosk.consent import split_wordings
from kiosk.errors import ValidationError
from kiosk.marketing import ConsentShown, Decision
from kiosk.service import KioskService
from tests.fixtures.visitors import registration

NOTICE = """version: 2027-01
updated: 2027-01-02
---
# Privacy notice

We keep your name for 90 days.

=== consent marketing, version {version} ===
{words}
"""


def install(service: KioskService, language: str = "en", version: str = "2",
            words: str = "Yes, Fjord AS may e-mail me.", notice: str = "2027-01") -> None:
    content = NOTICE.format(version=version, words=words).replace("2027-01\n", f"{notice}\n", 1)
    notices.install_notice(service.db, language, content, service.clock.now())


def test_the_example_notice_brings_a_wording_in_every_language(service: KioskService) -> None:
    for language in service.config.languages:
        wording = service.marketing_wording(language)
        assert (wording.id, wording.purpose, wording.version, wording.language) == (
            f"marketing:1:{language}", "marketing", "1", language)
        assert "Eksempel AS" in wording.text
        assert "=== consent" not in service.notice(language).text, "the notice is shown without it"


def test_the_newest_installed_wording_is_asked(service: KioskService, clock: ManualClock) -> None:
    clock.advance(minutes=1)
    install(service, words="Yes, Fjord AS may send me   news.\nI can say no.")
    wording = service.marketing_wording("en")
    assert (wording.id, wording.text) == ("marketing:2:en", "Yes, Fjord AS may send me news. I can say no.")
    assert service.marketing_wording("nb").id == "marketing:1:nb", "each language keeps its own"


def test_a_version_is_never_reworded(service: KioskService, clock: ManualClock) -> None:
    install(service, words="Yes, Fjord AS may e-mail me.")
    install(service, words="Yes, Fjord AS may e-mail me.", notice="2027-02")  # same words: fine
    with pytest.raises(ValidationError) as refused:
        install(service, words="Yes, Fjord AS may phone me.", notice="2027-03")
    assert "already installed with other words" in refused.value.message.text
    assert service.marketing_wording("en").text == "Yes, Fjord AS may e-mail me."
    assert service.db.execute("SELECT count(*) FROM notices WHERE version = '2027-03'").fetchone() == (0,)


def test_a_section_without_words_is_refused() -> None:
    with pytest.raises(ValidationError):
        split_wordings("Notice.\n\n=== consent marketing, version 3 ===\n   \n")


def test_a_notice_without_wordings_asks_nothing() -> None:
    assert split_wordings("Notice text.\n") == ("Notice text.\n", [])


@pytest.mark.parametrize("shown", ["Yes, you may sell my data.", ""])
def test_a_consent_is_stored_only_with_the_words_installed(service: KioskService, shown: str) -> None:
    wording = service.marketing_wording("nb")
    reg = registration(service, decision=Decision.GIVEN, email="kari@example.com")
    forged = ConsentShown(Decision.GIVEN, shown, wording.id)
    with pytest.raises(ValidationError):
        service.register_visit(type(reg)(reg.details, reg.language, reg.notice, forged))
    assert service.db.execute("SELECT count(*) FROM visits").fetchone() == (0,)
    service.register_visit(type(reg)(reg.details, reg.language, reg.notice,
                                     ConsentShown.answer(Decision.GIVEN, wording)))
    assert service.db.execute("SELECT wording_id, wording FROM consent_events").fetchall() == [
        (wording.id, wording.text)]
