"""Writes of concurrent requests share one commit, and one bad request costs the others nothing."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi import HTTPException
from sqlalchemy import Engine, event, insert, select

from kiosk.clock import SystemClock
from sync.database import open_central
from sync.lanes import KIOSK, Job, Lanes
from sync.tables import audit

NOW = SystemClock().now()


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_central(f"sqlite:///{tmp_path / 'central.sqlite3'}")
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
