"""Keeping the notice's promise about time: what goes when, and that nothing is left behind.

Each retention setting the field registry names has one rule here; the days
come from kiosk.toml. A purge removes rows and their copies (outbox payloads,
reprint queue, print log), is audited with its counts, and then scrubs the
files: `secure_delete` zeroes the freed space and a truncating checkpoint
empties the WAL, so a purged name cannot be read from the disk afterwards.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from sqlite_utils import Database

from kiosk.audit import forget_before
from kiosk.config import KioskConfig
from kiosk.db import bulk_page_cache, storage_errors, write_transaction
from kiosk.errors import N_
from kiosk.records import audit, enqueue
from kiosk.registry import PERSONAL_FIELDS, Retention

PURGE_ACTION = "retention.purged"
PURGE_EVERY = timedelta(days=1)
#: Kept as long as the record itself is wanted: the host directory and suppressions.
KEPT = frozenset({Retention.HOST_DIRECTORY, Retention.SUPPRESSION})


@dataclass(frozen=True)
class Rule:
    """One kind of record that ages out: its name in reports and how to count or remove it."""

    name: str
    label: str
    setting: Retention
    count: Callable[[Database, str], int]
    remove: Callable[[Database, str], int]


def _count(sql: str) -> Callable[[Database, str], int]:
    return lambda db, cutoff: db.execute(sql, [cutoff]).fetchone()[0]


def _remove_visits(db: Database, cutoff: str) -> int:
    """Old visits with every copy of them, then the people no visit refers to any more.

    Set-based, and each copy found from its own (small) table with an indexed look-up into
    visits or people, rather than by first gathering every old visit's id: on 100,000 visits
    that gathering alone took a fifth of a second."""
    old_visit = "SELECT 1 FROM visits WHERE visits.{} = {}.{} AND visits.signed_in_at < ?"
    db.execute("DELETE FROM outbox WHERE EXISTS "
               f"({old_visit.format('id', 'outbox', 'record_id')})", [cutoff])
    for table in ("reprint_queue", "print_log"):
        db.execute(f"DELETE FROM {table} WHERE EXISTS "
                   f"({old_visit.format('badge_token', table, 'badge_token')})", [cutoff])
    removed = db.execute("DELETE FROM visits WHERE signed_in_at < ?", [cutoff]).rowcount
    unvisited = ("people.created_at < ? AND NOT EXISTS "
                 "(SELECT 1 FROM visits WHERE visits.person_id = people.id)")
    db.execute("DELETE FROM outbox WHERE EXISTS (SELECT 1 FROM people WHERE "
               f"people.id = outbox.record_id AND {unvisited})", [cutoff])
    db.execute(f"DELETE FROM people WHERE {unvisited}", [cutoff])
    return removed


def _clear_plates(db: Database, cutoff: str) -> int:
    return db.execute("UPDATE visits SET car_reg_display = NULL, car_reg_normalized = NULL "
                      "WHERE car_reg_display IS NOT NULL AND signed_in_at < ?", [cutoff]).rowcount


def _remove_audit(db: Database, cutoff: str) -> int:
    return forget_before(db, datetime.fromisoformat(cutoff))


def _remove_events(db: Database, cutoff: str) -> int:
    """Events that ended before the cutoff, with their attendee lists, check-ins and outbox rows,
    and the walk-ins' people who are on no other list and never visited (their consent
    history stays, as a visitor's does)."""
    old = "SELECT id FROM events WHERE ends_at < ?"
    walk_ins = (f"SELECT person_id FROM attendees WHERE event_id IN ({old}) "
                "AND person_id IS NOT NULL")
    kept = ("EXISTS (SELECT 1 FROM visits WHERE visits.person_id = people.id) OR EXISTS "
            f"(SELECT 1 FROM attendees WHERE attendees.person_id = people.id "
            f"AND attendees.event_id NOT IN ({old}))")
    gone = f"people.id IN ({walk_ins}) AND NOT ({kept})"
    db.execute(f"DELETE FROM outbox WHERE kind = 'person' AND record_id IN "
               f"(SELECT id FROM people WHERE {gone})", [cutoff] * 2)
    db.execute(f"DELETE FROM people WHERE {gone}", [cutoff] * 2)
    db.execute(f"DELETE FROM outbox WHERE kind = 'checkin' AND record_id IN "
               f"(SELECT id FROM checkins WHERE event_id IN ({old}))", [cutoff])
    db.execute(f"DELETE FROM checkins WHERE event_id IN ({old})", [cutoff])
    db.execute(f"DELETE FROM attendees WHERE event_id IN ({old})", [cutoff])
    return db.execute("DELETE FROM events WHERE ends_at < ?", [cutoff]).rowcount


def _simple(table: str, column: str) -> Callable[[Database, str], int]:
    return lambda db, cutoff: db.execute(f"DELETE FROM {table} WHERE {column} < ?", [cutoff]).rowcount


RULES: tuple[Rule, ...] = (
    Rule("car_registrations", N_("car registrations"), Retention.CAR_REGISTRATION,
         _count("SELECT count(*) FROM visits WHERE car_reg_display IS NOT NULL AND signed_in_at < ?"),
         _clear_plates),
    Rule("visits", N_("visits"), Retention.VISIT,
         _count("SELECT count(*) FROM visits WHERE signed_in_at < ?"), _remove_visits),
    Rule("consent_events", N_("consent events"), Retention.CONSENT,
         _count("SELECT count(*) FROM consent_events WHERE occurred_at < ?"),
         _simple("consent_events", "occurred_at")),
    Rule("print_log", N_("print log entries"), Retention.PRINT_LOG,
         _count("SELECT count(*) FROM print_log WHERE occurred_at < ?"),
         _simple("print_log", "occurred_at")),
    Rule("outbox", N_("outbox rows"), Retention.OUTBOX,
         _count("SELECT count(*) FROM outbox WHERE created_at < ?"), _simple("outbox", "created_at")),
    Rule("events", N_("events with their attendees and check-ins"), Retention.CHECKINS,
         _count("SELECT count(*) FROM events WHERE ends_at < ?"), _remove_events),
    Rule("rights_log", N_("rights requests"), Retention.AUDIT,
         _count("SELECT count(*) FROM rights_log WHERE received_at < ?"),
         _simple("rights_log", "received_at")),
    Rule("audit_log", N_("audit entries"), Retention.AUDIT,
         _count("SELECT count(*) FROM audit_log WHERE occurred_at < ?"), _remove_audit),
)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed (or, dry, would remove), per rule name, in rule order."""

    counts: dict[str, int]
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def cutoff(config: KioskConfig, rule: Rule, now: datetime) -> str:
    days = asdict(config.retention)[rule.setting.value]
    return (now - timedelta(days=days)).isoformat()


def uncovered_settings() -> set[Retention]:
    """Retention settings the registry uses that no rule applies (a test keeps this empty)."""
    used = {f.retention for f in PERSONAL_FIELDS}
    return used - KEPT - {rule.setting for rule in RULES}


def purge(db: Database, config: KioskConfig, now: datetime, actor: str,
          dry_run: bool = False) -> PurgeReport:
    """Apply every rule; audited with its counts; the files are scrubbed afterwards."""
    if dry_run:
        with storage_errors():
            return PurgeReport({r.name: r.count(db, cutoff(config, r, now)) for r in RULES}, True)
    with storage_errors():
        db.execute("PRAGMA secure_delete = ON")
    with bulk_page_cache(db), write_transaction(db):
        counts = {rule.name: rule.remove(db, cutoff(config, rule, now)) for rule in RULES}
        audit(db, actor, PURGE_ACTION, [f"{name}:{count}" for name, count in counts.items()], now)
    scrub(db)
    return PurgeReport(counts, False)


def scrub(db: Database) -> None:
    """Leave no copy of removed rows in the files: empty the WAL into the zeroed database."""
    with storage_errors():
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def purge_due(db: Database, now: datetime) -> bool:
    """Whether a day has passed since the last purge (or none ran yet)."""
    with storage_errors():
        (last,) = db.execute("SELECT max(occurred_at) FROM audit_log WHERE action = ?",
                             [PURGE_ACTION]).fetchone()
    return last is None or now - datetime.fromisoformat(last) >= PURGE_EVERY


def last_sign_out_moment(config: KioskConfig, now: datetime) -> datetime:
    """The latest moment, at or before now, at which the site signs everyone out."""
    local = now.astimezone(config.zone)
    moment = datetime.combine(local.date(), time.fromisoformat(config.auto_sign_out_at), config.zone)
    if moment > local:
        moment = datetime.combine(local.date() - timedelta(days=1),
                                  time.fromisoformat(config.auto_sign_out_at), config.zone)
    return moment.astimezone(now.tzinfo)


def auto_sign_out(db: Database, config: KioskConfig, now: datetime) -> int:
    """Sign out, as of the site's sign-out time, visitors who are still signed in from before it."""
    moment = last_sign_out_moment(config, now).isoformat()
    with write_transaction(db):
        ids = [r[0] for r in db.execute(
            "SELECT id FROM visits WHERE site_id = ? AND signed_out_at IS NULL AND signed_in_at < ?",
            [config.site_id, moment]).fetchall()]
        for visit_id in ids:
            db.execute("UPDATE visits SET signed_out_at = ?, sign_out_method = 'automatic' "
                       "WHERE id = ?", [moment, visit_id])
            enqueue(db, "visit", "visits", {"id": visit_id, "signed_out_at": moment}, ("id",), now)
        if ids:
            audit(db, f"kiosk:{config.kiosk_id}", "visit.signed_out_automatically",
                  [f"visit:{v}" for v in ids], now)
    return len(ids)


def housekeeping(db: Database, config: KioskConfig, now: datetime) -> PurgeReport | None:
    """What the kiosk does by itself at start and then regularly: sign-outs, and the daily purge."""
    auto_sign_out(db, config, now)
    if purge_due(db, now):
        return purge(db, config, now, f"kiosk:{config.kiosk_id}")
    return None
