"""The field registry keeps the privacy notice's promises: every column accounted for,
only marked fields leave the kiosk, and contact details never reach a badge."""
from __future__ import annotations

import json
from dataclasses import fields

import pytest
from sqlite_utils import Database

from kiosk.config import Retention as RetentionSettings
from kiosk.db import schema_columns
from kiosk.marketing import Decision
from kiosk.registry import (PERSONAL_FIELDS, Basis, Category, PersonalField, Retention,
                            printable_on_badge, undeclared_columns)
from kiosk.service import KioskService
from tests.fixtures.visitors import registration


def test_every_stored_column_is_declared(service: KioskService) -> None:
    assert undeclared_columns(schema_columns(service.db)) == []


def test_an_undeclared_column_is_named(service: KioskService) -> None:
    service.db.execute("ALTER TABLE people ADD COLUMN shoe_size INTEGER")
    assert undeclared_columns(schema_columns(service.db)) == ["people.shoe_size"]


def test_an_undeclared_table_is_named(service: KioskService) -> None:
    service.db.execute("CREATE TABLE pets (id TEXT PRIMARY KEY, name TEXT)")
    assert undeclared_columns(schema_columns(service.db)) == ["pets.id", "pets.name"]


def test_every_declaration_names_a_stored_column(service: KioskService) -> None:
    stored = {(t, c) for t, cols in schema_columns(service.db).items() for c in cols}
    assert [f"{f.table}.{f.column}" for f in PERSONAL_FIELDS if (f.table, f.column) not in stored] == []


def test_no_column_is_declared_twice() -> None:
    names = [(f.table, f.column) for f in PERSONAL_FIELDS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("declared", PERSONAL_FIELDS, ids=lambda f: f"{f.table}.{f.column}")
def test_personal_field_has_purpose_basis_and_retention(declared: PersonalField) -> None:
    assert declared.purpose.strip()
    assert isinstance(declared.category, Category)
    assert isinstance(declared.basis, Basis)
    assert isinstance(declared.retention, Retention)


@pytest.mark.parametrize("rule", [r for r in Retention if r.value.endswith("_days")])
def test_retention_in_days_has_a_setting(rule: Retention) -> None:
    assert rule.value in {f.name for f in fields(RetentionSettings)}


@pytest.mark.parametrize("table, column", [
    ("people", "email"), ("people", "phone"), ("people", "title"),
    ("visits", "car_reg_display"), ("visits", "car_reg_normalized"),
    ("hosts", "email"), ("hosts", "phone"),
])
def test_contact_details_and_plates_are_not_printable_on_a_badge(table: str, column: str) -> None:
    assert not printable_on_badge(table, column)


def test_undeclared_fields_are_not_printable() -> None:
    assert not printable_on_badge("people", "shoe_size")


SECRETS = {"email": "kari.hemmelig@example.com", "phone": "912 34 567",
           "title": "Chief Mystery Officer", "car_reg": "EL 98765"}
#: How those values look once validated and normalised, and parts of them.
SECRET_TEXTS = ("kari.hemmelig", "example.com", "+4791234567", "91234567", "912 34 567",
                "Mystery", "EL 98765", "EL98765", "98765")


def outbox(db: Database) -> list[dict]:
    return [{"kind": r["kind"], "payload": r["payload"]} for r in db.query("SELECT * FROM outbox")]


@pytest.mark.parametrize("decision", list(Decision))
def test_outbox_carries_no_field_that_stays_on_the_kiosk(service: KioskService,
                                                         decision: Decision) -> None:
    visit = service.register_visit(registration(service, decision=decision, **SECRETS))
    service.sign_out(visit.id, "badge")
    rows = outbox(service.db)
    assert {"person", "visit"} <= {r["kind"] for r in rows}
    for row in rows:
        for secret in SECRET_TEXTS:
            assert secret.casefold() not in row["payload"].casefold(), (row["kind"], secret)


def test_outbox_keys_are_marked_to_leave_or_technical(service: KioskService) -> None:
    service.register_visit(registration(service, decision=Decision.REFUSED, **SECRETS))
    staying = {f.column for f in PERSONAL_FIELDS if not f.leaves_kiosk}
    for row in outbox(service.db):
        assert staying.isdisjoint(json.loads(row["payload"])), row
