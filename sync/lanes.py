"""How the service's requests reach the database: reads side by side, writes committed together.

Each request crosses to a worker thread once, with its access check and its work
in one function, rather than once per connect, begin, check, handler and commit:
fifty kiosks arriving at once spent more on those hops than on their records.

Writes go one group at a time. Whatever requests arrive while a group is being
written wait together and become the next group: one transaction, one commit
(one flush to disk) for all of them. The writes of one process are serial anyway,
since SQLite has one writer and PostgreSQL the service's advisory lock, so a
group costs a waiting request nothing, and fifty batches take one commit instead
of fifty. Each request still gets its own answer, and its records are stored whole
or not at all: should one request of a group fail past its access check, the
group is undone and runs again, this time asking first what it took for granted
the first time (store.OPTIMISTIC); should that fail too, every request of it runs
again alone. An answer leaves only after its group's commit, so "stored" is never
a promise a crash could break.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from fastapi import HTTPException
from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from sync import access
from sync.store import OPTIMISTIC

T = TypeVar("T")
#: What a request does in the database: given its connection, its caller and the request's time.
Work = Callable[[Connection, Any, datetime], T]
#: Requests one write transaction takes at most: the longest a request can wait behind a group.
GROUP = 64
#: Roles a job may need; ANY is any valid token, a job without a role needs none.
KIOSK, ADMIN, ANY = "kiosk", "admin", "*"


@dataclass(frozen=True)
class Job(Generic[T]):
    """What one request does in the database, as whom: a job without a role or token (an
    enrollment, whose code is its credential) is nobody's."""

    work: Work[T]
    now: datetime
    token: str = ""
    role: str | None = None


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: BaseException | None = None
    #: Refused before it wrote anything (a bad token or code): the group goes on without it.
    refused: bool = False


def authenticate(job: Job[Any], rows: dict[str, Any]) -> access.Caller | None:
    """The caller a token stands for, or the refusal the client is answered with; `rows`
    holds the stored rows of the jobs' tokens (access.token_rows)."""
    if job.role is None:
        return None
    try:
        who = access.judge(rows.get(job.token), job.now)
    except access.AccessDenied as exc:
        raise HTTPException(401, exc.code, headers={"WWW-Authenticate": "Bearer"}) from exc
    if job.role not in (ANY, who.role):
        raise HTTPException(403, f"a{'n' if job.role == ADMIN else ''} {job.role} token is required")
    return who


def _tokens(conn: Connection, jobs: list[Job[Any]]) -> dict[str, Any]:
    """One query for the tokens of every job that needs one: fifty requests of a group,
    each asking on its own, waited for fifty answers from PostgreSQL in a row."""
    return access.token_rows(conn, {job.token for job in jobs if job.role is not None})


def _attempt(conn: Connection, job: Job[Any], rows: dict[str, Any]) -> Outcome:
    try:
        who = authenticate(job, rows)
    except HTTPException as exc:
        return Outcome(error=exc, refused=True)
    try:
        return Outcome(value=job.work(conn, who, job.now))
    except HTTPException as exc:
        # Work refuses only before it writes (an unknown enrollment code changes no row).
        return Outcome(error=exc, refused=True)
    except Exception as exc:  # noqa: BLE001 - handed to the request that caused it
        return Outcome(error=exc)


class Lanes:
    """The database of one service process, as its requests use it."""

    def __init__(self, engine: Engine, readers: int) -> None:
        self._engine = engine
        self._readers = asyncio.Semaphore(readers)
        self._waiting: list[tuple[Job[Any], asyncio.Future[Any]]] = []
        self._writer: asyncio.Future[None] | None = None

    async def read(self, job: Job[T]) -> T:
        """Run a read on a worker thread; at most `readers` at once hold a connection.

        The wait for a connection is here, on the event loop, never on a worker thread:
        were fifty kiosks to wait in the pool on worker threads, the requests holding the
        connections would find no thread left to finish on."""
        async with self._readers:
            return await run_in_threadpool(self._read, job)  # type: ignore[no-any-return]

    def _read(self, job: Job[T]) -> T:
        with self._engine.connect() as conn, conn.begin():
            return job.work(conn, authenticate(job, _tokens(conn, [job])), job.now)

    async def write(self, job: Job[T]) -> T:
        """Queue a write for the next group and wait for its commit."""
        answer: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((job, answer))
        if self._writer is None or self._writer.done():
            # A task of its own: a client that hangs up cancels only its own wait.
            self._writer = asyncio.ensure_future(self._drain())
        return await answer

    async def _drain(self) -> None:
        group: list[tuple[Job[Any], asyncio.Future[Any]]] = []
        try:
            while self._waiting:
                group, self._waiting = self._waiting[:GROUP], self._waiting[GROUP:]
                outcomes = await run_in_threadpool(self._commit, [job for job, _ in group])
                for (_, answer), outcome in zip(group, outcomes):
                    if answer.done():  # its client hung up
                        continue
                    if outcome.error is None:
                        answer.set_result(outcome.value)
                    else:
                        answer.set_exception(outcome.error)
        finally:
            # Only when the service shuts down mid-group: no request is left waiting forever.
            for _, answer in group + self._waiting:
                answer.cancel()

    def _commit(self, jobs: list[Job[Any]], optimistic: bool = True) -> list[Outcome]:
        try:
            with self._engine.begin() as conn:
                conn.execution_options(**{OPTIMISTIC: optimistic})
                rows = _tokens(conn, jobs)
                outcomes = [_attempt(conn, job, rows) for job in jobs]
                failed = next((o.error for o in outcomes if o.error and not o.refused), None)
                if failed is not None:
                    raise failed
            return outcomes
        except Exception as exc:  # noqa: BLE001 - the group is undone; see the module's note
            if optimistic:
                return self._commit(jobs, optimistic=False)
            if len(jobs) == 1:
                return [Outcome(error=exc)]
            return [self._commit([job], optimistic=False)[0] for job in jobs]
