"""The PIN that guards staff and admin screens: hashed, peppered, backed off, audited."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.access import (PEPPER_NAME, Access, AccessError, Role, access_for, check_new_pin,
                          wait_after)
from kiosk.errors import ValidationError
from kiosk.service import open_service

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def access(service):
    return access_for(service)


def audit_actions(db) -> list[tuple[str, list[str]]]:
    return [(row["action"], json.loads(row["record_refs"]))
            for row in db.query("SELECT action, record_refs FROM audit_log ORDER BY id")
            if row["action"].startswith("access.")]


def test_pin_is_stored_as_argon2id_with_owasp_parameters_and_a_pepper(access, service, data_dir):
    access.set_pin(Role.ADMIN, "480213")
    [stored] = [r["pin_hash"] for r in service.db.query("SELECT pin_hash FROM access_pins")]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "480213" not in stored
    pepper = data_dir / PEPPER_NAME
    assert os.stat(pepper).st_mode & 0o777 == 0o600
    assert len(pepper.read_bytes()) == 32
    # Without the pepper the hash of the bare PIN does not verify: a stolen database is not enough.
    from argon2 import PasswordHasher
    with pytest.raises(Exception):
        PasswordHasher().verify(stored, "480213")


def test_right_pin_grants_its_role_and_wrong_pin_is_refused(access):
    access.set_pin(Role.ADMIN, "480213")
    access.set_pin(Role.STEWARD, "771940")
    assert access.attempt("480213", Role.ADMIN).role is Role.ADMIN
    assert access.attempt("771940", Role.STEWARD).role is Role.STEWARD
    refused = access.attempt("771940", Role.ADMIN)
    assert refused.role is None and refused.message.text == "Wrong PIN."
    assert access.attempt("999999", Role.STEWARD).role is None


def test_admin_pin_opens_the_steward_screens_too(access):
    access.set_pin(Role.ADMIN, "480213")
    assert access.attempt("480213", Role.STEWARD).role is Role.ADMIN
    assert Role.SUPERVISOR.allows(Role.STEWARD) and not Role.STEWARD.allows(Role.SUPERVISOR)


def test_no_pin_set_means_no_way_in(access):
    assert access.attempt("000000", Role.STEWARD).role is None
    assert access.roles_with_pin() == set()


@pytest.mark.parametrize("pin, why", [
    ("12345", "A PIN has {low} to {high} digits."),
    ("12a456", "A PIN is made of digits only."),
    ("١٢٣٤٥٦٧", "A PIN is made of digits only."),  # Arabic-Indic digits
    ("000000", "This PIN is too easy to guess; choose another."),
    ("345678", "This PIN is too easy to guess; choose another."),
    ("987654", "This PIN is too easy to guess; choose another."),
])
def test_weak_or_malformed_pins_are_refused(pin, why):
    with pytest.raises(ValidationError) as caught:
        check_new_pin(pin)
    assert caught.value.errors["pin"].text == why


def test_backoff_doubles_and_survives_a_restart(access, service, clock, data_dir):
    access.set_pin(Role.ADMIN, "480213")
    assert [access.attempt("111112", Role.ADMIN).retry_after_s for _ in range(3)] == [0, 0, 2]
    assert access.attempt("111112", Role.ADMIN).message.text.startswith("Too many wrong PINs")
    clock.advance(seconds=2)
    assert access.attempt("111112", Role.ADMIN).retry_after_s == 4
    # Even the right PIN waits its turn, and is not checked meanwhile.
    waiting = access.attempt("480213", Role.ADMIN)
    assert waiting.role is None and waiting.retry_after_s == 4
    service.db.close()
    reopened = open_service(data_dir, clock)
    again = access_for(reopened)
    assert again.retry_after() == 4
    clock.advance(seconds=4)
    assert again.attempt("480213", Role.ADMIN).role is Role.ADMIN
    assert again.retry_after() == 0
    reopened.db.close()


def test_wait_is_capped():
    assert [wait_after(n) for n in range(1, 6)] == [0, 0, 2, 4, 8]
    assert wait_after(100) == 15 * 60


def test_every_attempt_is_audited_without_the_pin(access, service, clock):
    access.set_pin(Role.SUPERVISOR, "480213")
    for pin in ("111112", "111113", "111114"):
        access.attempt(pin, Role.SUPERVISOR)
    access.attempt("480213", Role.SUPERVISOR)
    clock.advance(seconds=2)
    access.attempt("480213", Role.SUPERVISOR)
    assert audit_actions(service.db) == [
        ("access.pin_set", ["role:supervisor"]),
        ("access.denied", ["needed:supervisor"]),
        ("access.denied", ["needed:supervisor"]),
        ("access.denied", ["needed:supervisor"]),
        ("access.refused_backoff", ["needed:supervisor"]),
        ("access.granted", ["needed:supervisor", "role:supervisor"]),
    ]
    dump = "\n".join(service.db.conn.iterdump())
    assert "480213" not in dump and "111112" not in dump


def test_a_damaged_pepper_is_named(service, data_dir):
    (data_dir / PEPPER_NAME).write_bytes(b"short")
    with pytest.raises(AccessError) as caught:
        access_for(service)
    assert str(data_dir / PEPPER_NAME) in str(caught.value)


def test_a_changed_pepper_locks_old_pins_out(access, service, data_dir):
    access.set_pin(Role.ADMIN, "480213")
    (data_dir / PEPPER_NAME).write_bytes(os.urandom(32))
    assert access_for(service).attempt("480213", Role.ADMIN).role is None


def set_pin_cli(data_dir: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "admin",
                           "set-pin", *args], input=stdin, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_set_pin_command_from_stdin(tmp_path):
    done = set_pin_cli(tmp_path, "--role", "steward", "--pin-stdin", stdin="583920\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "The PIN for steward is set."
    kiosk = open_service(tmp_path)
    assert Access(kiosk.db, kiosk.clock, "test").attempt("583920", Role.STEWARD).granted
    kiosk.db.close()


@pytest.mark.parametrize("pin, message", [("123", "A PIN has 6 to 32 digits."),
                                          ("111111", "This PIN is too easy to guess")])
def test_set_pin_command_refuses_a_bad_pin(tmp_path, pin, message):
    done = set_pin_cli(tmp_path, "--pin-stdin", stdin=pin + "\n")
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_set_pin_command_in_norwegian(tmp_path):
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path), "--lang", "nb",
                           "admin", "set-pin", "--pin-stdin"], input="12\n", cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "PIN-koden har 6 til 32 sifre." in done.stderr
