"""The hosts directory: employees a visitor can name, found by typing, never listed whole."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from kiosk.errors import Message, N_, ValidationError
from kiosk.matching import MAX_RESULTS, query_terms, sql_condition


@dataclass(frozen=True)
class HostMatch:
    id: str
    name: str
    department: str


def search_hosts(db: Database, site_id: str, query: str, limit: int = MAX_RESULTS) -> list[HostMatch]:
    """At most a handful of active hosts at the site, and none before the query is long enough.

    The stored name keys make "bjorn", "Bjørn" and "BJOERN" find the same person.
    """
    terms = query_terms(query)
    if not terms:
        return []
    condition, params = sql_condition("name_keys", terms)
    rows = db.execute(
        f"SELECT id, name, department FROM hosts WHERE site_id = ? AND active = 1 AND {condition} "
        "ORDER BY name COLLATE NOCASE LIMIT ?", [site_id, *params, limit]).fetchall()
    return [HostMatch(r[0], r[1], r[2] or "") for r in rows]


def resolve_host(db: Database, site_id: str, name_or_id: str) -> HostMatch:
    """The one active host an admin meant: by id, by the exact name, or by the only match.

    Raises ValidationError on the `host_id` field naming the candidates when the name
    fits several hosts, so that the admin can retype it or use an id.
    """
    rows = db.execute("SELECT id, name, department FROM hosts WHERE site_id = ? AND active = 1 "
                      "AND id = ?", [site_id, name_or_id]).fetchall()
    if rows:
        return HostMatch(rows[0][0], rows[0][1], rows[0][2] or "")
    found = search_hosts(db, site_id, name_or_id, limit=-1)
    exact = [h for h in found if h.name.casefold() == name_or_id.strip().casefold()]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise ValidationError({"host_id": Message(
            N_("No host matches {name}. Check the spelling or use the host's id."),
            {"name": name_or_id})})
    candidates = ", ".join(f"{h.name} ({h.id})" for h in found[:MAX_RESULTS])
    raise ValidationError({"host_id": Message(
        N_("{name} matches several hosts: {candidates}. Give more of the name or the host's id."),
        {"name": name_or_id, "candidates": candidates})})


def host_name(db: Database, host_id: str | None) -> str:
    if not host_id:
        return ""
    rows = list(db.query("SELECT name FROM hosts WHERE id = ?", [host_id]))
    return rows[0]["name"] if rows else ""
