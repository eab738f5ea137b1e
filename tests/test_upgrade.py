"""A kiosk installed with an older release keeps its records when the new release opens them.

Each released schema has a stored database in tests/fixtures (made by its
make_schema_*.py script); the test upgrades a copy of it.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.clock import ManualClock
from kiosk.config import DATABASE_NAME
from kiosk.db import open_database, schema_columns
from kiosk.demo import ensure_site_and_notice
from kiosk.migrations import MIGRATIONS
from kiosk.service import KioskService, open_service
from tests.fixtures.make_schema_0001 import NOTICE_HASH, ROWS
from tests.fixtures.visitors import registration

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def upgraded(data_dir: Path, clock: ManualClock) -> KioskService:
    data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_0001.sqlite3", data_dir / DATABASE_NAME)
    kiosk = open_service(data_dir, clock)
    yield kiosk
    kiosk.db.close()


def test_fixture_holds_only_the_first_schema() -> None:
    # immutable: reading must not leave -wal or -shm files beside the committed fixture
    conn = sqlite3.connect(f"file:{FIXTURES / 'schema_0001.sqlite3'}?immutable=1", uri=True)
    db = Database(conn, execute_plugins=False)
    try:
        assert [m.name for m in MIGRATIONS.applied(db)] == ["0001_initial"]
    finally:
        db.close()


def test_every_migration_is_recorded_after_upgrade(upgraded: KioskService) -> None:
    everything = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
    assert [m.name for m in MIGRATIONS.applied(upgraded.db)] == everything
    assert MIGRATIONS.pending(upgraded.db) == []


def test_upgraded_schema_matches_a_fresh_one(upgraded: KioskService, tmp_path: Path) -> None:
    fresh = open_database(tmp_path / "fresh.sqlite3")
    assert schema_columns(upgraded.db) == schema_columns(fresh)


#: Columns a later migration moved, as (table, old column) -> new column.
MOVED = {("people", "full_name"): "given_name"}


@pytest.mark.parametrize("table", sorted(ROWS))
def test_old_rows_are_intact(upgraded: KioskService, table: str) -> None:
    for old in ROWS[table]:
        key = "id"
        stored = list(upgraded.db.query(f"SELECT * FROM {table} WHERE {key} = ?", [old[key]]))
        assert len(stored) == 1
        assert {k: stored[0][MOVED.get((table, k), k)] for k in old} == old


def test_old_names_are_searchable_after_upgrade(upgraded: KioskService) -> None:
    assert [h.id for h in upgraded.search_hosts("oeverby")] == ["host-old-1"]
    keys = upgraded.db.execute("SELECT name_keys FROM people WHERE id = 'person-old-1'").fetchone()[0]
    assert " odegard" in keys and " oedegaard" in keys and " åse" in keys


def test_old_visitor_is_still_on_record_and_can_sign_out(upgraded: KioskService) -> None:
    visit = upgraded.visit_by_token("voldbadgetoken0001")
    # the old full name is kept whole as the given name: never split at a space
    assert (visit.name.given, visit.name.family, visit.name.full) == ("Åse Ødegård", "", "Åse Ødegård")
    assert visit.host_name == "Lars Øverby"
    assert upgraded.sign_out_by_token("VOLDBADGETOKEN0001").signed_out_at == upgraded.clock.now()


def test_new_visit_can_be_registered_after_upgrade(upgraded: KioskService) -> None:
    reg = registration(upgraded, given_name="Nils", family_name="Nygård", host_id="host-old-1",
                       email="nils@example.com")
    assert reg.notice.text_hash == NOTICE_HASH  # the notice installed by the old release
    visit = upgraded.register_visit(reg)
    assert upgraded.visit_by_token(visit.badge_token).name.full == "Nils Nygård"
    assert visit.host_name == "Lars Øverby"
    assert upgraded.db["visits"].count == 2


def test_upgraded_demo_kiosk_asks_for_marketing_at_once(upgraded: KioskService) -> None:
    """The old release's notice had no consent wording; the demo takes the example's."""
    assert upgraded.marketing_wording("nb") is None
    ensure_site_and_notice(upgraded)
    wording = upgraded.marketing_wording("nb")
    assert wording is not None and wording.version == "1"
    assert wording.text.startswith("Ja, Eksempel AS")
    assert upgraded.marketing_wording("en").text.startswith("Yes, Eksempel AS")


def test_upgraded_company_kiosk_keeps_its_notice_and_warns_the_admin(
        upgraded: KioskService, caplog: pytest.LogCaptureFixture) -> None:
    upgraded.config = replace(upgraded.config, configured=True)
    ensure_site_and_notice(upgraded)
    assert upgraded.marketing_wording("nb") is None
    assert upgraded.notice("nb").text_hash == NOTICE_HASH
    assert "has no marketing consent wording" in caplog.text
    assert "setup --notice-dir" in caplog.text
