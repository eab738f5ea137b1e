"""Who may open the staff and admin screens: PINs per role, hashed, with backoff and an audit trail.

A kiosk stands in a lobby, so its PIN pad is reachable by anyone. The PIN is
therefore hashed with argon2id at OWASP's parameters, mixed with a pepper that
lives in a file outside the database (a copied database alone cannot be
brute-forced offline), and every wrong attempt makes the next one wait longer.
The wait is stored in the database, so pulling the plug does not reset it.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlite_utils import Database

from kiosk.clock import Clock
from kiosk.db import storage_errors, write_transaction
from kiosk.errors import KioskError, Message, N_, ValidationError
from kiosk.files import atomic_write, write_problem
from kiosk.records import audit

if TYPE_CHECKING:
    from kiosk.service import KioskService

PEPPER_NAME = "pin-pepper"
PEPPER_BYTES = 32
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 32
#: Wrong attempts allowed before any wait, then the wait doubles with each one.
FREE_ATTEMPTS = 2
FIRST_WAIT_S = 2
MAX_WAIT_S = 15 * 60

#: OWASP's password storage cheat sheet, argon2id: 19 MiB of memory, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


class Role(StrEnum):
    """From least to most trusted; a role may do everything the roles below it may."""

    STEWARD = "steward"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try at the PIN pad: a role, or the reason and how long to wait."""

    role: Role | None
    retry_after_s: int
    message: Message | None

    @property
    def granted(self) -> bool:
        return self.role is not None


class AccessError(KioskError):
    code = "access"


def check_new_pin(pin: str) -> str:
    """Refuse PINs that are short, not digits, or guessed first (one digit repeated, a run)."""
    if not pin.isascii() or not pin.isdigit():
        problem = N_("A PIN is made of digits only.")
    elif not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        problem = N_("A PIN has {low} to {high} digits.")
    elif len(set(pin)) == 1 or pin in "0123456789012345678909876543210":
        problem = N_("This PIN is too easy to guess; choose another.")
    else:
        return pin
    raise ValidationError({"pin": Message(problem, {"low": MIN_PIN_DIGITS, "high": MAX_PIN_DIGITS})})


def data_folder(db: Database) -> Path:
    """The folder of the database file; the pepper sits next to it, outside the database."""
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        raise AccessError(Message(N_("The PIN needs a database stored in a data folder.")))
    return Path(path).parent


def load_pepper(folder: Path) -> bytes:
    """Read the pepper, making it (0600) on first use."""
    path = folder / PEPPER_NAME
    try:
        if not path.exists():
            atomic_write(path, secrets.token_bytes(PEPPER_BYTES))
        pepper = path.read_bytes()
    except OSError as exc:
        raise write_problem(path, exc) from exc
    if len(pepper) != PEPPER_BYTES:
        raise AccessError(Message(
            N_("{path} is damaged; restore it from a backup, or remove it and set every PIN again."),
            {"path": str(path)}), code="pepper")
    return pepper


def wait_after(failures: int) -> int:
    """Seconds to wait after this many wrong attempts in a row."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS - 1), MAX_WAIT_S)


class Access:
    """The PIN check every protected screen and `admin set-pin` share."""

    def __init__(self, db: Database, clock: Clock, actor: str, folder: Path | None = None) -> None:
        self.db = db
        self.clock = clock
        self.actor = actor
        self._pepper = load_pepper(folder or data_folder(db))

    def _peppered(self, pin: str) -> bytes:
        return hmac.new(self._pepper, pin.encode("ascii", "replace"), hashlib.sha256).digest()

    def set_pin(self, role: Role, pin: str) -> None:
        """Store a new PIN for a role, replacing the old one; the change is audited."""
        digest = HASHER.hash(self._peppered(check_new_pin(pin)))
        now = self.clock.now()
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO access_pins (role, pin_hash, set_at) VALUES (?, ?, ?) "
                "ON CONFLICT (role) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at",
                [role.value, digest, now.isoformat()])
            audit(self.db, self.actor, "access.pin_set", [f"role:{role.value}"], now)

    def roles_with_pin(self) -> set[Role]:
        with storage_errors():
            return {Role(r) for (r,) in self.db.execute("SELECT role FROM access_pins").fetchall()}

    def retry_after(self) -> int:
        """Seconds until the PIN pad takes another attempt (0: now)."""
        with storage_errors():
            row = self.db.execute(
                "SELECT failures, last_failure_at FROM access_backoff WHERE id = 1").fetchone()
        if row is None:
            return 0
        until = datetime.fromisoformat(row[1]) + timedelta(seconds=wait_after(row[0]))
        return max(0, int((until - self.clock.now()).total_seconds() + 0.999))

    def attempt(self, pin: str, needed: Role) -> Attempt:
        """Try a PIN for a screen that needs `needed`; every attempt is audited."""
        wait = self.retry_after()
        if wait:
            self._note("access.refused_backoff", needed, None)
            return Attempt(None, wait, Message(N_("Too many wrong PINs. Try again in {seconds} s."),
                                               {"seconds": wait}))
        role = self._matching_role(pin)
        if role is None or not role.allows(needed):
            failures = self._note("access.denied", needed, None)
            wait = wait_after(failures)
            text = (N_("Wrong PIN. Try again in {seconds} s.") if wait else N_("Wrong PIN."))
            return Attempt(None, wait, Message(text, {"seconds": wait}))
        self._note("access.granted", needed, role)
        return Attempt(role, 0, None)

    def _matching_role(self, pin: str) -> Role | None:
        """The most trusted role whose PIN this is; every stored hash is checked alike."""
        with storage_errors():
            stored = self.db.execute("SELECT role, pin_hash FROM access_pins").fetchall()
        peppered = self._peppered(pin)
        found: list[Role] = []
        for role, digest in stored:
            try:
                HASHER.verify(digest, peppered)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                continue
            found.append(Role(role))
            if HASHER.check_needs_rehash(digest):
                self._rehash(Role(role), peppered)
        return max(found, key=lambda r: r.rank, default=None)

    def _rehash(self, role: Role, peppered: bytes) -> None:
        """Bring an old hash up to today's parameters while the PIN is at hand."""
        with write_transaction(self.db):
            self.db.execute("UPDATE access_pins SET pin_hash = ? WHERE role = ?",
                            [HASHER.hash(peppered), role.value])

    def _note(self, action: str, needed: Role, role: Role | None) -> int:
        """Audit the attempt and keep the count of wrong ones; returns that count."""
        now = self.clock.now()
        refs = [f"needed:{needed.value}"] + ([f"role:{role.value}"] if role else [])
        with write_transaction(self.db):
            if action == "access.granted":
                self.db.execute("DELETE FROM access_backoff WHERE id = 1")
            elif action == "access.denied":
                self.db.execute(
                    "INSERT INTO access_backoff (id, failures, last_failure_at) VALUES (1, 1, ?) "
                    "ON CONFLICT (id) DO UPDATE SET failures = failures + 1, "
                    "last_failure_at = excluded.last_failure_at", [now.isoformat()])
            audit(self.db, self.actor, action, refs, now)
            row = self.db.execute("SELECT failures FROM access_backoff WHERE id = 1").fetchone()
        return row[0] if row else 0



def access_for(service: KioskService) -> Access:
    """The access of a running kiosk: its database, its clock, attempts audited as the kiosk."""
    return Access(service.db, service.clock, f"kiosk:{service.config.kiosk_id}")
