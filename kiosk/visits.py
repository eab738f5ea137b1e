"""Signing visitors in and out.

`register_visit` is the one write of a sign-in: person, visit, consent event,
suppression, audit entry and outbox rows go in together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any

from sqlite_utils import Database

from kiosk.badge_tokens import new_badge_token
from kiosk.config import KioskConfig
from kiosk.consent import shown_wording_matches
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import KioskError, Message, N_, NotFound, ValidationError
from kiosk.ids import new_id
from kiosk.marketing import PURPOSE, ConsentShown, Decision, suppress
from kiosk.matching import MAX_RESULTS, query_terms, sql_condition
from kiosk.names import PersonName
from kiosk.records import audit, enqueue
from kiosk.validation import CleanDetails

#: How a consent record says the notice reached the person: on the kiosk's screen, or
#: handed over by reception at the desk (where marketing is not asked).
KIOSK, RECEPTION = "kiosk", "reception"


@dataclass(frozen=True)
class NoticeShown:
    version: str
    text_hash: str


@dataclass(frozen=True)
class Registration:
    details: CleanDetails
    language: str
    notice: NoticeShown
    consent: ConsentShown
    method: str = KIOSK


@dataclass(frozen=True)
class Visit:
    id: str
    name: PersonName
    company: str
    host_name: str
    visitor_type: str
    badge_token: str
    badge_number: int
    language: str
    signed_in_at: datetime
    signed_out_at: datetime | None


@dataclass(frozen=True)
class OnSiteMatch:
    """What a sign-out search may show a stranger at the kiosk: the name the person goes by
    and the company."""

    visit_id: str
    goes_by: str
    company: str


def _day_start(config: KioskConfig, now: datetime) -> str:
    local_midnight = datetime.combine(now.astimezone(config.zone).date(), time(), config.zone)
    return local_midnight.astimezone(timezone.utc).isoformat()


def _preflight(db: Database, config: KioskConfig, now: datetime,
               registration: Registration) -> tuple[str, int]:
    """The host's name and the day's next badge number, in the one read a sign-in makes.

    The notice shown must still be installed and the host still in the directory,
    or nothing is stored. The day's count is split in two so that each half is a
    range on the visits_on_site index (site, out-time, in-time); a plain
    `signed_in_at >= ?` reads every visit the site ever kept. A visit signed out
    today was signed in before it, so the halves count each visit once.
    """
    notice, host_id = registration.notice, registration.details.host_id
    shown, host, today = db.execute(
        "SELECT (SELECT 1 FROM notices WHERE version = :version AND text_hash = :hash), "
        "(SELECT name FROM hosts WHERE id = :host AND active = 1), "
        "(SELECT count(*) FROM visits WHERE site_id = :site AND signed_out_at IS NULL "
        "AND signed_in_at >= :start) + (SELECT count(*) FROM visits WHERE site_id = :site "
        "AND signed_out_at >= :start AND signed_in_at >= :start)",
        {"version": notice.version, "hash": notice.text_hash, "host": host_id,
         "site": config.site_id, "start": _day_start(config, now)}).fetchone()
    if not shown:
        raise ValidationError({"notice": Message(N_("The privacy notice has changed. Please read it again."))})
    if host_id and host is None:
        raise ValidationError({"host_id": Message(N_("Choose your host from the list."))})
    return host or "", int(today) + 1


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    """One plain INSERT; sqlite-utils' `table.insert` re-reads the schema on every call,
    which made a sign-in several times slower than the commit it waits for."""
    marks = ", ".join("?" * len(row))
    db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values()))


def register_visit(db: Database, config: KioskConfig, now: datetime, secret: bytes,
                   registration: Registration) -> Visit:
    """Store a sign-in whole; a failure leaves the database as it was."""
    d = registration.details
    visit_id = new_id()
    stamp = now.isoformat()
    # The checks read inside the write's own transaction: one commit, and no host
    # can leave the directory between the check and the write.
    with write_transaction(db):
        host, number = _preflight(db, config, now, registration)
        person_id, refs = record_person(db, config, now, secret, registration)
        visit = {"id": visit_id, "person_id": person_id, "site_id": config.site_id,
                 "kiosk_id": config.kiosk_id, "host_id": d.host_id, "visitor_type": d.visitor_type,
                 "car_reg_display": d.car_reg_display or None,
                 "car_reg_normalized": d.car_reg_normalized or None,
                 "badge_token": new_badge_token(), "badge_number": number,
                 "notice_version": registration.notice.version,
                 "notice_hash": registration.notice.text_hash, "language": registration.language,
                 "signed_in_at": stamp, "signed_out_at": None, "sign_out_method": None}
        _insert(db, "visits", visit)
        refs.append(f"visit:{visit_id}")
        enqueue(db, "visit", "visits", visit, ("id", "site_id", "kiosk_id", "badge_number"), now)
        audit(db, f"{registration.method}:{config.kiosk_id}", "visit.registered", refs, now)
    return Visit(visit_id, d.name, d.company, host, d.visitor_type,
                 visit["badge_token"], number, registration.language, now, None)


def record_person(db: Database, config: KioskConfig, now: datetime, secret: bytes,
                  registration: Registration) -> tuple[str, list[str]]:
    """The person, their answer to the marketing question (with the wording shown) and a
    refusal's suppression, inside the caller's transaction; a visitor's sign-in and an
    event walk-in store a person the same way. Returns the person's id and the references
    for the audit entry."""
    d = registration.details
    person_id, stamp = new_id(), now.isoformat()
    person = {"id": person_id, "given_name": d.given_name, "family_name": d.family_name,
              "family_first": int(d.family_first), "company": d.company or None,
              "title": d.title or None, "email": d.email or None, "phone": d.phone or None,
              "language": registration.language, "created_at": stamp}
    _insert(db, "people", person)
    refs = [f"person:{person_id}"]
    consent = registration.consent
    # A kiosk that skipped the question (the person said no before) has nothing to
    # record; reception records that it handed the notice over without asking.
    if consent.decision is not Decision.NOT_ASKED or registration.method != KIOSK:
        if consent.wording_id and not shown_wording_matches(db, consent.wording_id,
                                                            consent.wording):
            raise ValidationError({"consent": Message(N_(
                "The question about news and invitations has changed. Please answer it again."))})
        event = {"id": new_id(), "wording_id": consent.wording_id,
                 "person_id": person_id, "purpose": PURPOSE,
                 "decision": consent.decision.value, "occurred_at": stamp, "received_at": None,
                 "kiosk_id": config.kiosk_id, "method": registration.method,
                 "language": registration.language,
                 "notice_version": registration.notice.version,
                 "notice_hash": registration.notice.text_hash, "wording": consent.wording}
        _insert(db, "consent_events", event)
        enqueue(db, "consent", "consent_events", event,
                ("id", "wording_id", "purpose", "occurred_at", "kiosk_id", "method",
                 "language", "notice_version", "notice_hash"), now)
        refs.append(f"consent:{event['id']}")
    if consent.decision is Decision.REFUSED:
        for key in suppress(db, secret, d.email, d.phone, now):
            enqueue(db, "suppression", "suppressions",
                    {"id": key, "key_hash": key, "scope": PURPOSE}, ("scope",), now)
    enqueue(db, "person", "people", person, ("id",), now)
    return person_id, refs


_VISIT_SELECT = (
    "SELECT v.id, p.given_name, p.family_name, p.family_first, p.company, h.name AS host_name, v.visitor_type, v.badge_token, "
    "v.badge_number, v.language, v.signed_in_at, v.signed_out_at FROM visits v "
    "JOIN people p ON p.id = v.person_id LEFT JOIN hosts h ON h.id = v.host_id ")


def person_name(row: dict) -> PersonName:
    """A stored person's name, from a row holding the three name columns."""
    return PersonName(row["given_name"], row["family_name"], bool(row["family_first"]))


def _visit(row: dict) -> Visit:
    out = row["signed_out_at"]
    return Visit(row["id"], person_name(row), row["company"] or "", row["host_name"] or "",
                 row["visitor_type"], row["badge_token"], row["badge_number"], row["language"],
                 datetime.fromisoformat(row["signed_in_at"]),
                 datetime.fromisoformat(out) if out else None)


def visit_by_token(db: Database, token: str) -> Visit:
    with storage_errors():
        rows = list(db.query(_VISIT_SELECT + "WHERE v.badge_token = ?", [token.strip().upper()]))
    if not rows:
        raise NotFound(Message(N_("This badge is not known here. Please ask reception.")),
                       code="unknown_badge")
    return _visit(rows[0])


def find_on_site(db: Database, config: KioskConfig, now: datetime, query: str) -> list[OnSiteMatch]:
    """Today's visitors still on site whose name matches, shown as name and company only."""
    terms = query_terms(query)
    if not terms:
        return []
    condition, params = sql_condition("p.name_keys", terms)
    with storage_errors():
        rows = db.execute(
            "SELECT v.id, p.given_name, p.family_name, p.family_first, p.company FROM visits v "
            "JOIN people p ON p.id = v.person_id WHERE v.site_id = ? AND v.signed_out_at IS NULL "
            f"AND v.signed_in_at >= ? AND {condition} ORDER BY v.signed_in_at DESC LIMIT ?",
            [config.site_id, _day_start(config, now), *params, MAX_RESULTS]).fetchall()
    return [OnSiteMatch(r[0], PersonName(r[1], r[2], bool(r[3])).goes_by, r[4] or "") for r in rows]


def sign_out(db: Database, config: KioskConfig, now: datetime, visit_id: str, method: str) -> Visit:
    """Close a visit; signing out twice is refused so the first out-time stands."""
    with write_transaction(db):
        rows = list(db.query(_VISIT_SELECT + "WHERE v.id = ?", [visit_id]))
        if not rows:
            raise NotFound(Message(N_("This visit is not known here. Please ask reception.")))
        if rows[0]["signed_out_at"]:
            raise KioskError(Message(N_("You are already signed out. Thank you for visiting!")),
                             code="already_signed_out")
        db.execute("UPDATE visits SET signed_out_at = ?, sign_out_method = ? WHERE id = ?",
                   [now.isoformat(), method, visit_id])
        enqueue(db, "visit", "visits", {"id": visit_id, "signed_out_at": now.isoformat()},
                ("id",), now)
        audit(db, f"kiosk:{config.kiosk_id}", "visit.signed_out", [f"visit:{visit_id}"], now)
    return visit_by_token(db, rows[0]["badge_token"])
