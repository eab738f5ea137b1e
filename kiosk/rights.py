"""Answering privacy-rights requests: find the person, show them everything, correct, erase, object.

A kiosk stores one people row per visit, so "the person" is every row whose
e-mail, phone or name matches. Every item in an access export says, from the
field registry, why it is kept, on which basis and for how long. Erasure keeps
the counts (visits stay, anonymised) and the proof of choices (consent events
and the suppression entry), and removes everything else that names the person.
Each request is written to the rights log and the audit log.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk.config import KioskConfig
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import Message, N_, NotFound, ValidationError
from kiosk.ids import new_id
from kiosk.marketing import PURPOSE, suppress
from kiosk.matching import query_terms, sql_condition
from kiosk.names import PersonName
from kiosk.notices import current_notice
from kiosk.records import audit, enqueue
from kiosk.registry import PERSONAL_FIELDS, PersonalField
from kiosk.retention import scrub
from kiosk.validation import field_problem, normalize_email, normalize_phone

#: What a rectification may correct, and the column it writes.
RECTIFIABLE = ("given_name", "family_name", "company", "title", "email", "phone")
OBJECTION_WORDING = N_("Objection to marketing, received as a privacy-rights request.")


@dataclass(frozen=True)
class Subject:
    """The person a request is about: every people row that matched, and how they were found."""

    person_ids: tuple[str, ...]
    how: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Item:
    """One stored value, with the registry's account of it."""

    table: str
    record: str
    column: str
    value: Any
    category: str
    purpose: str
    basis: str
    retention: str


def find_subject(db: Database, config: KioskConfig, *, email: str = "", phone: str = "",
                 name: str = "") -> Subject:
    """Every people row with this e-mail, phone or name (foundation matching); none is an error."""
    if email:
        problem = field_problem("email", email, config.phone_region)
        if problem:
            raise ValidationError({"email": problem})
        wanted, how, column = normalize_email(email), "email", "email"
    elif phone:
        if field_problem("phone", phone, config.phone_region):
            raise ValidationError({"phone": Message(N_("This is not a phone number."))})
        wanted, how, column = normalize_phone(phone, config.phone_region), "phone", "phone"
    else:
        terms = query_terms(name)
        if not terms:
            raise ValidationError({"name": Message(N_("Give an e-mail, a phone or a name to search."))})
        condition, params = sql_condition("name_keys", terms)
        with storage_errors():
            ids = tuple(r[0] for r in db.execute(
                f"SELECT id FROM people WHERE {condition} ORDER BY created_at", params))
        return _found(Subject(ids, "name"))
    # E-mail domains are stored in lower case and local parts as typed; people mean one address.
    with storage_errors():
        ids = tuple(r[0] for r in db.execute(
            f"SELECT id FROM people WHERE lower({column}) = lower(?) ORDER BY created_at", [wanted]))
    return _found(Subject(ids, how, wanted if how == "email" else "", wanted if how == "phone" else ""))


#: What a phone number typed by a person looks like: digits, perhaps a leading +, spaces,
#: dashes, dots and brackets.
_PHONE_LIKE = re.compile(r"\+?[\d\s().-]+")


def find_by_text(db: Database, config: KioskConfig, text: str) -> Subject:
    """The console's one search field: with an @ it is an e-mail, shaped like a number a
    phone, anything else a name."""
    text = text.strip()
    if "@" in text:
        return find_subject(db, config, email=text)
    if any(ch.isdigit() for ch in text) and _PHONE_LIKE.fullmatch(text):
        return find_subject(db, config, phone=text)
    return find_subject(db, config, name=text)


def describe(db: Database, subject: Subject) -> list[str]:
    """One line per matched record, so the admin can see the right person was found."""
    ids = list(subject.person_ids)
    with storage_errors():
        rows = db.execute("SELECT given_name, family_name, family_first, company, email FROM people "
                          f"WHERE id IN ({_marks(ids)}) ORDER BY created_at", ids).fetchall()
    return [" · ".join(part for part in (PersonName(r[0], r[1], bool(r[2])).full, r[3], r[4]) if part)
            for r in rows]


def _found(subject: Subject) -> Subject:
    if not subject.person_ids:
        raise NotFound(Message(N_("No one with these details is stored on this kiosk.")),
                       code="no_subject")
    return subject


def _marks(values: tuple[str, ...] | list[str]) -> str:
    return ",".join("?" * len(values))


def _declared(table: str) -> dict[str, PersonalField]:
    return {f.column: f for f in PERSONAL_FIELDS if f.table == table}


def _items(table: str, rows: list[dict[str, Any]]) -> list[Item]:
    declared = _declared(table)
    return [Item(table, str(row["id"]), column, row[column], f.category.value, f.purpose,
                 f.basis.value, f.retention.value)
            for row in rows for column, f in declared.items()
            if column in row and row[column] not in (None, "")]


def access_items(db: Database, subject: Subject) -> list[Item]:
    """Everything stored about the person, field by field, as the registry declares it."""
    ids = list(subject.person_ids)
    with storage_errors():
        people = [dict(r) for r in db.query(f"SELECT * FROM people WHERE id IN ({_marks(ids)})", ids)]
        visits = [dict(r) for r in db.query(
            f"SELECT * FROM visits WHERE person_id IN ({_marks(ids)})", ids)]
        consents = [dict(r) for r in db.query(
            f"SELECT * FROM consent_events WHERE person_id IN ({_marks(ids)})", ids)]
        tokens = [v["badge_token"] for v in visits]
        printed = [dict(r) for r in db.query(
            f"SELECT * FROM print_log WHERE badge_token IN ({_marks(tokens)})", tokens)]
    return (_items("people", people) + _items("visits", visits)
            + _items("consent_events", consents) + _items("print_log", printed))


def access_document(db: Database, subject: Subject, now: datetime) -> dict[str, Any]:
    """The access export as data: the JSON file, and what the PDF shows."""
    return {"generated_at": now.isoformat(), "found_by": subject.how,
            "records": len(subject.person_ids),
            "items": [asdict(item) for item in access_items(db, subject)]}


def access_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _visit_ids(db: Database, subject: Subject) -> list[str]:
    ids = list(subject.person_ids)
    return [r[0] for r in db.execute(f"SELECT id FROM visits WHERE person_id IN ({_marks(ids)})", ids)]


def _log(db: Database, kind: str, subject: Subject, actor: str, received: datetime,
         now: datetime) -> None:
    """Rights log and audit entry; both reference the people rows, neither copies them."""
    refs = [f"person:{p}" for p in subject.person_ids]
    db.execute("INSERT INTO rights_log (kind, received_at, completed_at, handled_by, record_refs) "
               "VALUES (?, ?, ?, ?, ?)", [kind, received.isoformat(), now.isoformat(), actor,
                                          json.dumps(refs)])
    audit(db, actor, f"subject.{kind}", refs, now)


def record_access(db: Database, subject: Subject, actor: str, received: datetime,
                  now: datetime) -> None:
    with write_transaction(db):
        _log(db, "access", subject, actor, received, now)


def rectify(db: Database, config: KioskConfig, subject: Subject, column: str, value: str,
            actor: str, received: datetime, now: datetime) -> None:
    """Correct one field on every row of the person, validated as the form validates it."""
    if column not in RECTIFIABLE:
        raise ValidationError({"field": Message(N_("Only these can be corrected: {fields}."),
                                                {"fields": ", ".join(RECTIFIABLE)})})
    problem = field_problem(column, value, config.phone_region)
    if problem is not None:
        raise ValidationError({column: problem})
    stored = (normalize_email(value) if column == "email" and value
              else normalize_phone(value, config.phone_region) if column == "phone" and value
              else value.strip())
    ids = list(subject.person_ids)
    with write_transaction(db):
        db.execute(f"UPDATE people SET {column} = ? WHERE id IN ({_marks(ids)})", [stored, *ids])
        _log(db, "rectification", subject, actor, received, now)


def erase(db: Database, subject: Subject, actor: str, received: datetime, now: datetime) -> int:
    """Anonymise the person's visits, delete their contact data and every copy; returns visits kept.

    The consent events and any suppression entry stay: they prove the person's choices
    and keep a "no" a "no". The files are scrubbed afterwards like after a purge.
    """
    ids = list(subject.person_ids)
    visits = _visit_ids(db, subject)
    with storage_errors():
        db.execute("PRAGMA secure_delete = ON")
    with write_transaction(db):
        tokens = [r[0] for r in db.execute(
            f"SELECT badge_token FROM visits WHERE id IN ({_marks(visits)})", visits)]
        db.execute(f"DELETE FROM outbox WHERE record_id IN ({_marks(ids + visits)}) AND kind != 'consent'",
                   ids + visits)
        db.execute(f"DELETE FROM print_log WHERE badge_token IN ({_marks(tokens)})", tokens)
        db.execute(f"DELETE FROM reprint_queue WHERE badge_token IN ({_marks(tokens)})", tokens)
        db.execute(f"UPDATE visits SET car_reg_display = NULL, car_reg_normalized = NULL "
                   f"WHERE id IN ({_marks(visits)})", visits)
        db.execute(f"UPDATE people SET given_name = '', family_name = '', company = NULL, "
                   f"title = NULL, email = NULL, phone = NULL WHERE id IN ({_marks(ids)})", ids)
        for person_id in ids:
            # The central copy goes too: the service deletes what names the person.
            enqueue(db, "erasure", "people", {"id": person_id}, ("id",), now)
        _log(db, "erasure", subject, actor, received, now)
    scrub(db)
    return len(visits)


def object_to_marketing(db: Database, config: KioskConfig, secret: bytes, subject: Subject,
                        actor: str, received: datetime, now: datetime) -> None:
    """A `withdrawn` consent event for each row, and a suppression entry for the contact points."""
    ids = list(subject.person_ids)
    with storage_errors():
        contacts = db.execute(f"SELECT email, phone, language FROM people WHERE id IN ({_marks(ids)})",
                              ids).fetchall()
    with write_transaction(db):
        for person_id, (email, phone, language) in zip(ids, contacts):
            notice = current_notice(db, language if language in config.languages
                                    else config.default_language)
            db.execute(
                "INSERT INTO consent_events (id, person_id, purpose, decision, occurred_at, "
                "kiosk_id, method, language, notice_version, notice_hash, wording) "
                "VALUES (?, ?, ?, 'withdrawn', ?, ?, 'rights_request', ?, ?, ?, ?)",
                [new_id(), person_id, PURPOSE, now.isoformat(), config.kiosk_id, notice.language,
                 notice.version, notice.text_hash, OBJECTION_WORDING])
            suppress(db, secret, email or "", phone or "", now)
        suppress(db, secret, subject.email, subject.phone, now)
        _log(db, "objection", subject, actor, received, now)


@dataclass(frozen=True)
class RightsRequest:
    kind: str
    received_at: str
    completed_at: str | None
    handled_by: str


def rights_log(db: Database) -> list[RightsRequest]:
    with storage_errors():
        return [RightsRequest(*r) for r in db.execute(
            "SELECT kind, received_at, completed_at, handled_by FROM rights_log ORDER BY id DESC")]
