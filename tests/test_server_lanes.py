"""Writes of concurrent requests share one commit, and one bad request costs the others nothing.

On SQLite and on PostgreSQL, where a group's batches stream through one COPY
(sync/streaming.py) and a repeated record is found by the unique index."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi import HTTPException
from sqlalchemy import Engine, create_engine, event, insert, select

from kiosk.clock import SystemClock
from sync import streaming
from sync.access import Caller
from sync.database import database_url, open_central
from sync.lanes import KIOSK, Job, Lanes
from sync.store import Incoming, Outcome, store
from sync.tables import audit, records
from tests.sync_fixtures import central_db  # noqa: F401 - a fixture
from tests.sync_fixtures import drop_postgres_database, fresh_postgres_database

NOW = SystemClock().now()
DOOR = Caller("kiosk", "oslo-hq", "door-1")


@pytest.fixture
def engine(tmp_path: Path, central_db: str | None) -> Engine:  # noqa: F811
    engine = open_central(database_url(tmp_path, central_db))
    yield engine
    engine.dispose()


def note(name: str, fail: bool = False, role: str | None = None) -> Job[str]:
    """A request that writes one audit line, and fails after writing it when told to."""
    def work(conn: Any, _who: Any, now: Any) -> str:
        conn.execute(insert(audit).values(actor=name, action="test", occurred_at=now.isoformat(),
                                          detail="{}"))
        if fail:
            raise OSError("No space left on device")
        return name
    return Job(work, NOW, token="not-a-token" if role else "", role=role)


def run_together(engine: Engine, jobs: list[Job[str]]) -> tuple[list[Any], int]:
    """The jobs' answers, as concurrent requests get them, and how many commits they took."""
    commits = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    lanes = Lanes(engine, readers=4)

    async def requests() -> list[Any]:
        return await asyncio.gather(*(lanes.write(job) for job in jobs), return_exceptions=True)
    return asyncio.run(requests()), len(commits)


def written(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(audit.c.actor).where(audit.c.action == "test")).scalars())


def test_concurrent_writes_share_one_commit(engine: Engine) -> None:
    answers, commits = run_together(engine, [note(f"kiosk-{n}") for n in range(8)])
    assert answers == [f"kiosk-{n}" for n in range(8)]
    assert commits == 1
    assert written(engine) == {f"kiosk-{n}" for n in range(8)}


def test_a_failing_write_is_undone_alone(engine: Engine) -> None:
    answers, _commits = run_together(engine, [note(f"kiosk-{n}", fail=n == 3) for n in range(8)])
    assert isinstance(answers[3], OSError)
    assert [a for n, a in enumerate(answers) if n != 3] == [f"kiosk-{n}" for n in range(8) if n != 3]
    assert written(engine) == {f"kiosk-{n}" for n in range(8) if n != 3}


def test_a_refused_token_leaves_the_group_in_one_commit(engine: Engine) -> None:
    jobs = [note(f"kiosk-{n}", role=KIOSK if n == 5 else None) for n in range(8)]
    answers, commits = run_together(engine, jobs)
    assert isinstance(answers[5], HTTPException) and answers[5].status_code == 401
    assert commits == 1
    assert written(engine) == {f"kiosk-{n}" for n in range(8) if n != 5}


def visit(number: int, person: str = "") -> Incoming:
    return Incoming(f"visit-{number}", "visit", NOW.isoformat(),
                    {"id": f"visit-{number}", "site_id": "oslo-hq", "kiosk_id": "door-1",
                     "person_id": person or f"person-{number}"})


def upload(batch: list[Incoming]) -> Job[list[Outcome]]:
    """A kiosk's upload, as the API hands it to the write lane."""
    return Job(lambda conn, _who, now: store(conn, DOOR, batch, now), NOW)


def statuses(answer: list[Outcome]) -> dict[str, str]:
    return {outcome.id: outcome.status for outcome in answer}


def stored_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(records.c.id)).scalars())


def test_a_repeat_in_a_group_is_answered_duplicate_and_stored_once(engine: Engine) -> None:
    run_together(engine, [upload([visit(1), visit(2)])])
    # A kiosk that never heard its answer sends visit 2 again, among new ones; another kiosk's
    # batch of the same group carries visit 5 twice over.
    answers, commits = run_together(engine, [
        upload([visit(3)]), upload([visit(4), visit(2), visit(5)]), upload([visit(5), visit(6)])])
    assert [statuses(a) for a in answers] == [
        {"visit-3": "stored"},
        {"visit-4": "stored", "visit-2": "duplicate", "visit-5": "stored"},
        {"visit-5": "duplicate", "visit-6": "stored"}]
    assert commits == 1
    assert stored_ids(engine) == [f"visit-{n}" for n in range(1, 7)]


def test_a_request_failing_after_a_batch_leaves_the_batch_stored(engine: Engine) -> None:
    def fail(_conn: Any, _who: Any, _now: Any) -> None:
        raise OSError("No space left on device")
    answers, _commits = run_together(engine, [
        upload([visit(1)]), Job(fail, NOW), upload([visit(2)])])
    assert statuses(answers[0]) == {"visit-1": "stored"}
    assert isinstance(answers[1], OSError)
    assert statuses(answers[2]) == {"visit-2": "stored"}
    assert stored_ids(engine) == ["visit-1", "visit-2"]


def test_an_erasure_reaches_visits_of_its_own_group(engine: Engine) -> None:
    erasure = Incoming("erasure-1", "erasure", NOW.isoformat(), {"id": "person-1"})
    answers, _commits = run_together(engine, [
        upload([visit(1), visit(2)]), upload([visit(3, person="person-1")]), upload([erasure])])
    assert all(set(statuses(a).values()) == {"stored"} for a in answers)
    assert stored_ids(engine) == ["erasure-1", "visit-2"]


def test_batches_stored_through_an_engine_of_its_own(engine: Engine) -> None:
    """Outside the service's engine, each batch is written as it comes, so the statements
    after it in the same transaction see it."""
    other = create_engine(engine.url)
    try:
        with other.begin() as conn:
            store(conn, DOOR, [visit(1)], NOW)
            store(conn, DOOR, [visit(2)], NOW)
            assert sorted(conn.execute(select(records.c.id)).scalars()) == ["visit-1", "visit-2"]
    finally:
        other.dispose()
    assert stored_ids(engine) == ["visit-1", "visit-2"]


def test_rows_for_two_tables_in_one_transaction_reach_both(tmp_path: Path) -> None:
    """A COPY into another table ends the open one first: PostgreSQL has one COPY at a time."""
    url = fresh_postgres_database()
    engine = open_central(database_url(tmp_path, url))
    try:
        with engine.begin() as conn:
            store(conn, DOOR, [visit(1)], NOW)
            streaming.write(conn, "COPY audit (actor, action, occurred_at, detail) FROM STDIN",
                            [("door-1", "test", NOW.isoformat(), "{}")])
            store(conn, DOOR, [visit(2)], NOW)
        assert stored_ids(engine) == ["visit-1", "visit-2"]
        assert written(engine) == {"door-1"}
    finally:
        engine.dispose()
        drop_postgres_database(url)
