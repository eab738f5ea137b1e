"""The hosts directory: employees a visitor can name, found by typing, never listed whole."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

MIN_QUERY = 2
MAX_RESULTS = 6


@dataclass(frozen=True)
class HostMatch:
    id: str
    name: str
    department: str


def _words(text: str) -> list[str]:
    return text.casefold().split()


def matches(name: str, query: str) -> bool:
    """Every typed word starts some word of the name: "ol nor" finds "Ola Nordmann"."""
    name_words = _words(name)
    return all(any(w.startswith(q) for w in name_words) for q in _words(query))


def search_hosts(db: Database, site_id: str, query: str) -> list[HostMatch]:
    """At most a handful of active hosts at the site, and none before two characters."""
    if len(query.strip()) < MIN_QUERY:
        return []
    rows = db.query("SELECT id, name, department FROM hosts WHERE site_id = ? AND active = 1 "
                    "ORDER BY name COLLATE NOCASE", [site_id])
    found: list[HostMatch] = []
    for row in rows:
        if matches(row["name"], query):
            found.append(HostMatch(row["id"], row["name"], row["department"] or ""))
            if len(found) == MAX_RESULTS:
                break
    return found


def host_name(db: Database, host_id: str | None) -> str:
    if not host_id:
        return ""
    rows = list(db.query("SELECT name FROM hosts WHERE id = ?", [host_id]))
    return rows[0]["name"] if rows else ""
