"""Privacy notice versions: installed into the database, shown in the visitor's language.

The visit stores the version and a hash of the exact text the visitor was shown,
so the company can later prove which words a person agreed to.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

from sqlite_utils import Database

from kiosk.consent import install_wordings, split_wordings
from kiosk.db import write_transaction
from kiosk.errors import Message, N_, NotFound, ValidationError


@dataclass(frozen=True)
class Notice:
    version: str
    language: str
    text: str
    text_hash: str
    updated_on: date


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_notice_file(content: str) -> tuple[str, date, str]:
    """Split a notice file into version, last-updated date and the text shown.

    The header is `version:` and `updated:` lines, ended by a line `---`.
    """
    header, sep, body = content.partition("\n---\n")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    try:
        version = fields["version"].strip()
        updated = date.fromisoformat(fields["updated"].strip())
    except (KeyError, ValueError):
        raise ValidationError({"file": Message(
            N_("A notice file starts with 'version:' and 'updated:' lines and a line '---'."))}) from None
    if not sep or not body.strip() or not version:
        raise ValidationError({"file": Message(N_("The notice file has no text."))})
    return version, updated, body.strip() + "\n"


def shown_text(content: str) -> str:
    """The part of a notice file a visitor reads, without its header and consent wordings."""
    return split_wordings(parse_notice_file(content)[2])[0]


def version_conflict(db: Database, language: str, content: str) -> Message | None:
    """Why a notice file may not be installed: its version exists with other text.

    Versions are append-only: visits and consents name the version their visitor was
    shown, so a version's text never changes once installed.
    """
    version = parse_notice_file(content)[0]
    for row in db.query("SELECT text_hash FROM notices WHERE version = ? AND language = ?",
                        [version, language]):
        if row["text_hash"] != text_hash(shown_text(content)):
            return Message(N_("Notice version {version} ({language}) is already installed with "
                              "other text; give the new text a new version."),
                           {"version": version, "language": language})
    return None


def install_notice(db: Database, language: str, content: str, now: datetime) -> Notice:
    """Make a notice file the current version for its language, with its consent wordings;
    the same text installed again changes nothing, other text under an installed version is
    refused."""
    version, updated, body = parse_notice_file(content)
    text, wordings = split_wordings(body)
    notice = Notice(version, language, text, text_hash(text), updated)
    with write_transaction(db):
        conflict = version_conflict(db, language, content)
        if conflict:
            raise ValidationError({"file": conflict})
        install_wordings(db, language, version, wordings, now)
        db.execute(
            "INSERT OR IGNORE INTO notices (version, language, text, text_hash, updated_on, "
            "installed_at) VALUES (?, ?, ?, ?, ?, ?)",
            [version, language, text, notice.text_hash, updated.isoformat(), now.isoformat()])
    return notice


def install_examples(db: Database, languages: tuple[str, ...], now: datetime) -> None:
    """Give a fresh kiosk the example notice, which the company replaces with its own."""
    for language in languages:
        content = resources.files("kiosk.notices").joinpath(f"example.{language}.md").read_text("utf-8")
        install_notice(db, language, content, now)


def current_notice(db: Database, language: str) -> Notice:
    rows = list(db.query(
        "SELECT version, language, text, text_hash, updated_on FROM notices "
        "WHERE language = ? ORDER BY installed_at DESC, id DESC LIMIT 1", [language]))
    if not rows:
        raise NotFound(Message(N_("No privacy notice is installed for this language.")))
    row = rows[0]
    return Notice(row["version"], row["language"], row["text"], row["text_hash"],
                  date.fromisoformat(row["updated_on"]))
