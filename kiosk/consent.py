"""Consent wordings: the exact words a choice is asked with, each with an identity and a version.

The words belong to the company's privacy notice, not to the kiosk's
translations: they are written in each notice file, after the notice itself,
in a section per purpose:

    === consent marketing, version 1 ===
    Yes, Eksempel AS may send me news and invitations to events.

Installing the notice stores each section as a wording (purpose, version,
language, text and its hash). The consent screen shows a stored wording's text
and the consent event references that wording, so the company can show which
words a person said yes or no to. Versions are append-only: the same version
with other words is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from kiosk.db import storage_errors
from kiosk.errors import Message, N_, ValidationError

_SECTION = re.compile(r"^=== consent (?P<purpose>[a-z_]+), version (?P<version>\S+) ===[ \t]*$",
                      re.MULTILINE)


@dataclass(frozen=True)
class WordingText:
    """One consent section of a notice file, before it is installed."""

    purpose: str
    version: str
    text: str


@dataclass(frozen=True)
class ConsentWording:
    """An installed wording: what the consent screen shows, word for word."""

    id: str
    purpose: str
    version: str
    language: str
    text: str
    text_hash: str


def wording_id(purpose: str, version: str, language: str) -> str:
    return f"{purpose}:{version}:{language}"


def split_wordings(body: str) -> tuple[str, list[WordingText]]:
    """The notice text, and the consent sections that follow it in the file."""
    first = _SECTION.search(body)
    if first is None:
        return body, []
    notice = body[: first.start()].strip() + "\n"
    marks = list(_SECTION.finditer(body))
    sections = []
    for mark, following in zip(marks, marks[1:] + [None]):
        text = " ".join(body[mark.end(): following.start() if following else len(body)].split())
        if not text:
            raise ValidationError({"file": Message(
                N_("The consent section {purpose}, version {version} has no text."),
                {"purpose": mark["purpose"], "version": mark["version"]})})
        sections.append(WordingText(mark["purpose"], mark["version"], text))
    return notice, sections


def install_wordings(db: Database, language: str, notice_version: str,
                     wordings: list[WordingText], now: datetime) -> None:
    """Store a notice file's wordings, inside the caller's transaction. A version already
    installed with the same words is kept as it is; with other words it is refused."""
    from kiosk.notices import text_hash  # the notice installs its wordings: import it late

    for wording in wordings:
        key = wording_id(wording.purpose, wording.version, language)
        existing = db.execute("SELECT text FROM consent_wordings WHERE id = ?", [key]).fetchone()
        if existing and existing[0] != wording.text:
            raise ValidationError({"file": Message(
                N_("Consent wording {purpose}, version {version} ({language}) is already installed "
                   "with other words. Give the new words a new version."),
                {"purpose": wording.purpose, "version": wording.version, "language": language})})
        if existing:
            continue
        db.execute(
            "INSERT INTO consent_wordings (id, purpose, version, language, notice_version, text, "
            "text_hash, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [key, wording.purpose, wording.version, language, notice_version, wording.text,
             text_hash(wording.text), now.isoformat()])


def current_wording(db: Database, purpose: str, language: str) -> ConsentWording | None:
    """The wording last installed for a purpose in a language; None when the notice has none,
    and then the question is not asked."""
    with storage_errors():
        row = db.execute(
            "SELECT id, purpose, version, language, text, text_hash FROM consent_wordings "
            "WHERE purpose = ? AND language = ? ORDER BY installed_at DESC, rowid DESC LIMIT 1",
            [purpose, language]).fetchone()
    return ConsentWording(*row) if row else None


def shown_wording_matches(db: Database, wording_id_: str, text: str) -> bool:
    """Whether a wording is installed with exactly these words (checked before a consent is stored)."""
    row = db.execute("SELECT text FROM consent_wordings WHERE id = ?", [wording_id_]).fetchone()
    return row is not None and row[0] == text
