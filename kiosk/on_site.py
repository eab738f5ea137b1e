"""Who is on site now: the list reception reads at the desk and the fire warden at the door.

It matches names as the sign-out screen does (kiosk.matching), but it is not cut at
today or at a handful of results: a visitor who never signed out is still on the list.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from kiosk.config import KioskConfig
from kiosk.db import storage_errors
from kiosk.matching import sql_condition


@dataclass(frozen=True)
class OnSiteVisit:
    visit_id: str
    given_name: str
    family_name: str
    family_first: bool
    company: str
    host: str
    signed_in_at: datetime
    plate: str
    plate_normalized: str
    badge_token: str


def on_site(db: Database, config: KioskConfig, terms: list[str] | None = None) -> list[OnSiteVisit]:
    """Visits at this site not signed out, earliest first; `terms` (from `query_terms`)
    narrow the list to matching names. Times are in the site's time zone."""
    condition, params = sql_condition("p.name_keys", terms) if terms else ("1", [])
    with storage_errors():
        rows = db.execute(
            "SELECT v.id, p.given_name, p.family_name, p.family_first, p.company, h.name, "
            "v.signed_in_at, v.car_reg_display, v.car_reg_normalized, v.badge_token "
            "FROM visits v JOIN people p ON p.id = v.person_id LEFT JOIN hosts h ON h.id = v.host_id "
            f"WHERE v.site_id = ? AND v.signed_out_at IS NULL AND {condition} "
            "ORDER BY v.signed_in_at", [config.site_id, *params]).fetchall()
    return [OnSiteVisit(r[0], r[1], r[2], bool(r[3]), r[4] or "", r[5] or "",
                        datetime.fromisoformat(r[6]).astimezone(config.zone), r[7] or "",
                        r[8] or "", r[9]) for r in rows]
