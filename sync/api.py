"""The central service's HTTP API (FastAPI), described by the OpenAPI document it serves.

FastAPI rather than bare Starlette: the request and answer models below are
the validation, the documentation and the OpenAPI schema at once, which is what
schemathesis tests the service against. Handlers are plain functions, so they run
on uvicorn's thread pool with a blocking SQLAlchemy connection each.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from kiosk.clock import Clock, SystemClock
from sync import access, reports, store
from sync.database import CONNECTIONS

ID = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:@+=/-]+$")]
MAX_BATCH = 2000


class EnrollIn(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=64)]
    kiosk_id: ID


class EnrollOut(BaseModel):
    token: str
    site_id: str
    kiosk_id: str
    company_key: str


class KeyOut(BaseModel):
    company_key: str


class RecordIn(BaseModel):
    id: ID
    kind: Annotated[str, Field(min_length=1, max_length=32)]
    occurred_at: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9T:.+Z-]+$")]
    payload: dict[str, Any]


class BatchIn(BaseModel):
    records: Annotated[list[RecordIn], Field(max_length=MAX_BATCH)]


class PublishIn(BatchIn):
    site_id: ID


class Result(BaseModel):
    id: str
    status: str
    code: str | None = None


class BatchOut(BaseModel):
    results: list[Result]


class RecordOut(BaseModel):
    id: str
    kind: str
    kiosk_id: str
    occurred_at: str
    received_at: str
    payload: dict[str, Any]


class PageOut(BaseModel):
    records: list[RecordOut]
    cursor: int
    more: bool


class CodeIn(BaseModel):
    site_id: ID


class CodeOut(BaseModel):
    code: str


class SitesIn(BaseModel):
    site_ids: Annotated[list[ID], Field(min_length=1, max_length=500)]


class CountOut(BaseModel):
    count: int


class ErasureIn(BaseModel):
    person_id: ID


class WhoOut(BaseModel):
    role: str
    site_id: str | None
    kiosk_id: str | None
    time: str


class Conflict(BaseModel):
    event_id: str
    attendee_id: str
    checkins: list[dict[str, Any]]


bearer = HTTPBearer(auto_error=False)
#: Answers any endpoint may give; the kiosk retries on 503 and stops on 401/403.
COMMON_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"description": "the body is not JSON"},
    401: {"description": "no token, or an unknown, revoked or expired one"},
    403: {"description": "a token of the wrong role"},
    503: {"description": "the database is unavailable; try again later"},
}


async def connection(request: Request) -> AsyncIterator[Connection]:
    """One transaction per request: a batch is stored whole or not at all.

    A request waits for a free connection here, on the event loop, never on a worker
    thread: were fifty kiosks to wait in the pool on worker threads, the requests that
    hold the connections would find no thread left to finish on, and all would stall
    until the pool's timeout.

    Writes queue one at a time for the writer, in the order they came. They take the
    database's write lock one after another anyway; waiting for it inside SQLite means
    sleeping in steps of up to 100 ms, and on PostgreSQL it holds a pooled connection.
    """
    writes = request.method != "GET"
    async with request.app.state.writer if writes else contextlib.nullcontext(), \
            request.app.state.connection_slots:
        conn = await run_in_threadpool(request.app.state.engine.connect)
        try:
            transaction = await run_in_threadpool(conn.begin)
            try:
                yield conn
            except BaseException:
                await run_in_threadpool(transaction.rollback)
                raise
            await run_in_threadpool(transaction.commit)
        finally:
            await run_in_threadpool(conn.close)


def answer(outcomes: list[store.Outcome]) -> Response:
    """A batch's results as BatchOut describes them, encoded at once: building and checking
    a model per record cost as much as storing it."""
    return Response(json.dumps({"results": [vars(o) for o in outcomes]}),
                    media_type="application/json")


def clock(request: Request) -> Clock:
    return request.app.state.clock  # type: ignore[no-any-return]


# "function": the transaction commits before the answer leaves, so "stored" is never a promise
# that a crash right after could break.
Conn = Annotated[Connection, Depends(connection, scope="function")]
Time = Annotated[Clock, Depends(clock)]


def caller(conn: Conn, time: Time,
           auth: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> access.Caller:
    if auth is None:
        raise HTTPException(401, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        return access.caller(conn, auth.credentials, time.now())
    except access.AccessDenied as exc:
        raise HTTPException(401, exc.code, headers={"WWW-Authenticate": "Bearer"}) from exc


Who = Annotated[access.Caller, Depends(caller)]


def kiosk(who: Who) -> access.Caller:
    if who.role != "kiosk":
        raise HTTPException(403, "a kiosk token is required")
    return who


def admin(who: Who) -> access.Caller:
    if who.role != "admin":
        raise HTTPException(403, "an admin token is required")
    return who


Kiosk = Annotated[access.Caller, Depends(kiosk)]
Admin = Annotated[access.Caller, Depends(admin)]


def create_app(engine: Engine, clock: Clock | None = None) -> FastAPI:
    """The API on one engine; it keeps nothing between requests but what the database holds."""
    app = FastAPI(title="Reception kiosk central service", version="1", responses=COMMON_ANSWERS)
    app.state.engine = engine
    app.state.connection_slots = asyncio.Semaphore(CONNECTIONS)
    app.state.writer = asyncio.Lock()
    app.state.clock = clock or SystemClock()

    @app.exception_handler(DBAPIError)
    def database_down(_request: Request, exc: DBAPIError) -> JSONResponse:
        # The kiosk keeps the batch and tries again later.
        return JSONResponse({"detail": "database unavailable"}, status_code=503)

    @app.post("/v1/enroll", response_model=EnrollOut,
              responses={401: {"description": "unknown, used or expired code"}})
    def enroll(body: EnrollIn, conn: Conn, time: Time) -> EnrollOut:
        """Exchange a one-time enrollment code (the credential of this call) for a kiosk token."""
        try:
            done = access.enroll(conn, body.code, body.kiosk_id, time.now())
        except access.AccessDenied as exc:
            raise HTTPException(401, exc.code) from exc
        return EnrollOut(token=done.token, site_id=done.site_id, kiosk_id=done.kiosk_id,
                         company_key=done.company_key)

    @app.get("/v1/whoami", response_model=WhoOut)
    def whoami(who: Who, time: Time) -> WhoOut:
        return WhoOut(role=who.role, site_id=who.site_id, kiosk_id=who.kiosk_id,
                      time=time.now().isoformat())

    @app.get("/v1/company-key", response_model=KeyOut)
    def company_key(_who: Kiosk, conn: Conn) -> KeyOut:
        """The company's suppression key, as enrollment hands it out: for a venue laptop's
        service, whose doors must key their entries as every other kiosk does."""
        store.serialise_writes(conn)
        return KeyOut(company_key=access.company_key(conn))

    @app.post("/v1/records", response_model=BatchOut)
    def upload(body: BatchIn, who: Kiosk, conn: Conn, time: Time) -> Response:
        """Store a kiosk's batch; each record is stored once, whatever the retries."""
        batch = [store.Incoming(r.id, r.kind, r.occurred_at, r.payload) for r in body.records]
        return answer(store.store(conn, who, batch, time.now()))

    @app.get("/v1/changes", response_model=PageOut)
    def changes(who: Kiosk, conn: Conn, since: Annotated[int, Query(ge=0, le=2**62)] = 0,
                limit: Annotated[int, Query(ge=1, le=store.MAX_PAGE)] = 1000) -> Response:
        """Records this kiosk may see, after its cursor, oldest first."""
        return Response(store.changes(conn, who, since, limit), media_type="application/json")

    @app.post("/v1/admin/enrollment-codes", response_model=CodeOut)
    def new_code(body: CodeIn, _who: Admin, conn: Conn, time: Time) -> CodeOut:
        return CodeOut(code=access.issue_code(conn, body.site_id, time.now()))

    @app.post("/v1/admin/publish", response_model=BatchOut)
    def publish(body: PublishIn, who: Admin, conn: Conn, time: Time) -> Response:
        """Hosts, events, attendees, notices and settings, for the kiosks of one site."""
        batch = [store.Incoming(r.id, r.kind, r.occurred_at, r.payload) for r in body.records]
        return answer(store.store(conn, who, batch, time.now(), site_id=body.site_id))

    @app.put("/v1/admin/events/{event_id}/sites", response_model=CountOut)
    def share(event_id: ID, body: SitesIn, _who: Admin, conn: Conn) -> CountOut:
        """Let the kiosks of more sites check in to one event."""
        store.serialise_writes(conn)
        store.share_event(conn, event_id, body.site_ids)
        return CountOut(count=len(store.sites_of_event(conn, event_id)))

    @app.post("/v1/admin/kiosks/{kiosk_id}/revoke", response_model=CountOut)
    def revoke(kiosk_id: ID, _who: Admin, conn: Conn, time: Time) -> CountOut:
        return CountOut(count=access.revoke(conn, kiosk_id, time.now()))

    @app.post("/v1/admin/erasures", response_model=CountOut)
    def erase(body: ErasureIn, _who: Admin, conn: Conn, time: Time) -> CountOut:
        """Erase a person centrally; the erasure then reaches every kiosk."""
        return CountOut(count=reports.erase_centrally(conn, body.person_id, time.now()))

    @app.get("/v1/admin/conflicts", response_model=list[Conflict])
    def conflicts(_who: Admin, conn: Conn, event_id: ID | None = None) -> list[Conflict]:
        """Tickets checked in more than once (offline double use), every check-in kept."""
        return [Conflict(**c) for c in reports.conflicts(conn, event_id)]

    return app

