"""Privacy-rights requests end to end: find, access, rectify, erase, object, and the rights log."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import audit, rights
from kiosk.errors import NotFound, ValidationError
from kiosk.marketing import Decision, is_suppressed
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "Bjorn.Daehlie@Example.no"


@pytest.fixture
def two_visits(service, clock):
    """Bjørn came twice (two people rows), and a stranger once."""
    first = service.register_visit(registration(
        service, given_name="Bjørn", family_name="Dæhlie", email=EMAIL, phone="+47 912 34 567",
        company="Langrenn AS", car_reg="EL 12345", decision=Decision.GIVEN))
    clock.advance(days=1)
    second = service.register_visit(registration(
        service, given_name="Bjørn", family_name="Dæhlie", email=EMAIL.lower(), company="Langrenn AS"))
    service.register_visit(registration(service, given_name="Kari", family_name="Nordmann",
                                        email="kari@example.no"))
    return first, second


def test_found_by_email_phone_or_name(service, two_visits):
    by_email = rights.find_subject(service.db, service.config, email="bjorn.daehlie@example.no")
    assert len(by_email.person_ids) == 2
    by_phone = rights.find_subject(service.db, service.config, phone="91234567")
    assert len(by_phone.person_ids) == 1
    by_name = rights.find_subject(service.db, service.config, name="bjoern daehlie")
    assert set(by_name.person_ids) == set(by_email.person_ids)
    with pytest.raises(NotFound):
        rights.find_subject(service.db, service.config, email="nobody@example.no")
    with pytest.raises(ValidationError):
        rights.find_subject(service.db, service.config, name="b")


@pytest.mark.parametrize("text, records", [
    ("bjorn.daehlie@example.no", 2), ("+47 912 34 567", 1), ("(912) 34-567", 1),
    ("bjoern dæhlie", 2), ("  Kari  ", 1)])
def test_one_search_field_tells_email_phone_and_name_apart(service, two_visits, text, records):
    subject = rights.find_by_text(service.db, service.config, text)
    assert len(subject.person_ids) == records


def test_the_admin_sees_who_was_found(service, two_visits):
    subject = rights.find_by_text(service.db, service.config, "912 34 567")
    assert rights.describe(service.db, subject) == [
        "Bjørn Dæhlie · Langrenn AS · Bjorn.Daehlie@example.no"]


def test_access_export_carries_every_item_with_its_registry_account(service, two_visits, clock):
    subject = rights.find_subject(service.db, service.config, email=EMAIL)
    document = rights.access_document(service.db, subject, clock.now())
    items = document["items"]
    values = {(i["table"], i["column"]): i for i in items}
    assert values[("people", "given_name")]["value"] == "Bjørn"
    assert values[("visits", "car_reg_display")]["value"] == "EL 12345"
    assert values[("visits", "car_reg_display")]["retention"] == "car_registration_days"
    assert values[("consent_events", "decision")]["value"] == "given"
    for item in items:
        assert item["category"] and item["purpose"] and item["basis"] and item["retention"]
    assert not any(i["value"] == "Kari" for i in items)
    assert json.loads(rights.access_json(document))["records"] == 2


def test_access_pdf_is_readable(service, two_visits, clock):
    import io

    import pdfplumber

    from kiosk.i18n import Translator
    from printing.documents import access_pdf

    subject = rights.find_subject(service.db, service.config, email=EMAIL)
    document = rights.access_document(service.db, subject, clock.now())
    pdf = access_pdf(document, Translator("en"))
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        text = "\n".join(page.extract_text() for page in opened.pages)
    assert "Bjørn" in text and "Dæhlie" in text and "EL 12345" in text
    assert "legitimate" in text and "Legal basis" in text and "Your visits" in text


def test_rectification_corrects_every_row_and_is_audited(service, two_visits, clock):
    subject = rights.find_subject(service.db, service.config, email=EMAIL)
    rights.rectify(service.db, service.config, subject, "family_name", "Dæhlie-Olsen", "admin:test",
                   clock.now(), clock.now())
    names = {r[0] for r in service.db.execute(
        f"SELECT family_name FROM people WHERE id IN ({','.join('?' * 2)})", subject.person_ids)}
    assert names == {"Dæhlie-Olsen"}
    assert rights.find_subject(service.db, service.config, name="daehlie-olsen").person_ids
    with pytest.raises(ValidationError):
        rights.rectify(service.db, service.config, subject, "email", "not-an-email", "admin:test",
                       clock.now(), clock.now())
    with pytest.raises(ValidationError):
        rights.rectify(service.db, service.config, subject, "badge_token", "x", "admin:test",
                       clock.now(), clock.now())
    assert [r.kind for r in rights.rights_log(service.db)] == ["rectification"]
    assert audit.verify(service.db) is None


def test_erasure_keeps_the_counts_and_the_proof_and_nothing_else(service, two_visits, clock, data_dir):
    first, _ = two_visits
    subject = rights.find_subject(service.db, service.config, email=EMAIL)
    visits_before = service.db.execute("SELECT count(*) FROM visits").fetchone()[0]
    consents_before = service.db.execute("SELECT count(*) FROM consent_events").fetchone()[0]
    assert rights.erase(service.db, subject, "admin:test", clock.now(), clock.now()) == 2
    assert service.db.execute("SELECT count(*) FROM visits").fetchone()[0] == visits_before
    assert service.db.execute("SELECT count(*) FROM consent_events").fetchone()[0] == consents_before
    with pytest.raises(NotFound):
        rights.find_subject(service.db, service.config, email=EMAIL)
    # Only the erasure itself waits for the central service, which then erases its copy.
    queued = list(service.db.query("SELECT kind, payload FROM outbox WHERE record_id IN (?, ?)",
                                   [first.id, subject.person_ids[0]]))
    assert queued == [{"kind": "erasure", "payload": f'{{"id": "{subject.person_ids[0]}"}}'}]
    for path in (p for p in data_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes().lower()
        for trace in ("dæhlie", "daehlie", "langrenn", "el 12345", "bjorn.daehlie@example.no",
                      "+4791234567"):
            assert trace.encode("utf-8") not in raw, f"{trace!r} left in {path.name}"
    assert [r.kind for r in rights.rights_log(service.db)] == ["erasure"]


def test_a_refusal_survives_erasure(service, clock):
    service.register_visit(registration(service, email="nei@example.no", decision=Decision.REFUSED))
    subject = rights.find_subject(service.db, service.config, email="nei@example.no")
    rights.erase(service.db, subject, "admin:test", clock.now(), clock.now())
    assert is_suppressed(service.db, service.suppression_secret, "nei@example.no", "")


def test_objection_adds_a_withdrawal_and_a_suppression(service, two_visits, clock):
    subject = rights.find_subject(service.db, service.config, email=EMAIL)
    rights.object_to_marketing(service.db, service.config, service.suppression_secret, subject,
                               "admin:test", clock.now(), clock.now())
    decisions = [r[0] for r in service.db.execute(
        "SELECT decision FROM consent_events WHERE decision = 'withdrawn'")]
    assert decisions == ["withdrawn", "withdrawn"]
    assert is_suppressed(service.db, service.suppression_secret, "bjorn.daehlie@example.no", "")
    # the history is kept as proof even when the person is erased afterwards
    rights.erase(service.db, subject, "admin:test", clock.now(), clock.now())
    assert service.db.execute("SELECT count(*) FROM consent_events WHERE decision = 'withdrawn'"
                              ).fetchone()[0] == 2


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_subject_commands_end_to_end(service, two_visits, data_dir, tmp_path):
    service.db.close()
    out = tmp_path / "access.json"
    done = run(data_dir, "subject", "export", "--email", EMAIL, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text("utf-8"))["records"] == 2
    pdf = tmp_path / "access.pdf"
    assert run(data_dir, "subject", "export", "--name", "bjørn dæhlie", "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    fixed = run(data_dir, "subject", "rectify", "--email", EMAIL, "--set", "company=Ski AS")
    assert fixed.returncode == 0, fixed.stderr
    objected = run(data_dir, "subject", "object-marketing", "--email", EMAIL)
    assert objected.returncode == 0, objected.stderr
    erased = run(data_dir, "subject", "erase", "--email", EMAIL)
    assert erased.returncode == 0, erased.stderr
    assert "2" in erased.stdout
    missing = run(data_dir, "subject", "erase", "--email", EMAIL)
    assert missing.returncode == 2 and "No one with these details" in missing.stderr


@pytest.mark.parametrize("args", [["subject", "erase"],
                                  ["subject", "rectify", "--email", "a@b.no", "--set", "nonsense"],
                                  ["subject", "export", "--phone", "abc", "--out", "x.json"],
                                  ["subject", "export", "--email", "notanemail", "--out", "x.json"]])
def test_subject_commands_refuse_bad_input(tmp_path, args):
    done = run(tmp_path, *args)
    assert done.returncode == 2 and done.stderr.strip() and "Traceback" not in done.stderr


def test_a_malformed_email_is_a_message_not_a_crash(service, two_visits):
    with pytest.raises(ValidationError) as refused:
        rights.find_subject(service.db, service.config, email="notanemail")
    assert "e-mail" in refused.value.errors["email"].text
