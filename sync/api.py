"""The central service's HTTP API (FastAPI), described by the OpenAPI document it serves.

FastAPI rather than bare Starlette: the request and answer models below are
the validation, the documentation and the OpenAPI schema at once, which is what
schemathesis tests the service against. Handlers check their input on the event
loop and hand their database work, with its access check, to sync/lanes.py.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from kiosk.clock import Clock, SystemClock
from kiosk.errors import StorageError
from sync import access, reports, store
from sync.database import CONNECTIONS
from sync.kinds import MAX_ID, MAX_SITE_NAME
from sync.lanes import ADMIN, ANY, KIOSK, Job, Lanes, Work

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
log = logging.getLogger(__name__)

ID = Annotated[str, Field(min_length=1, max_length=MAX_ID, pattern=r"^[A-Za-z0-9_.:@+=/-]+$")]
MAX_BATCH = 2000


class EnrollIn(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=MAX_ID)]
    kiosk_id: ID


SiteName = Annotated[str, Field(min_length=1, max_length=MAX_SITE_NAME,
                                 pattern=r"^[^\x00-\x1f\x7f]+$")]


class EnrollOut(BaseModel):
    token: str
    site_id: str
    kiosk_id: str
    company_key: str
    site_name: str | None = None


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
    site_name: SiteName | None = None


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


async def token(auth: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """A request without a token is refused before its body is read; the token itself is
    checked with the request's database work (sync/lanes.py)."""
    if auth is None:
        raise HTTPException(401, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return auth.credentials


Token = Annotated[str, Depends(token)]
#: Answers any endpoint may give; the kiosk retries on 503 and stops on 401/403.
COMMON_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"description": "the body is not JSON"},
    401: {"description": "no token, or an unknown, revoked or expired one"},
    403: {"description": "a token of the wrong role"},
    503: {"description": "the database is unavailable; try again later"},
}


def answer(outcomes: list[store.Outcome]) -> Response:
    """A batch's results as BatchOut describes them, encoded at once: building and checking
    a model per record cost as much as storing it."""
    return Response(orjson.dumps({"results": outcomes}), media_type="application/json")


def incoming(body: BatchIn) -> list[store.Incoming]:
    return [store.Incoming(r.id, r.kind, r.occurred_at, r.payload) for r in body.records]


#: Bodies that endpoints read with `checked`, and so describe with `described`.
BATCHES = (BatchIn, PublishIn)
_COMPONENT = "#/components/schemas/{model}"


async def checked(request: Request, model: type[M]) -> M:
    """The body, checked by pydantic straight from its bytes: FastAPI's decoding to Python
    objects and checking those took twice as long, and the difference was a tenth of the
    service's time in a wave of fifty batches. A mistake is answered as FastAPI answers it:
    422, located in the body, though without the input, which may be bytes no JSON can
    carry, or megabytes of them."""
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError([
            {**error, "loc": ("body", *error["loc"])}
            for error in exc.errors(include_url=False, include_input=False)]) from exc


def described(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI of an endpoint whose body `checked` reads: its body, and the 422 answer
    FastAPI documents by itself only for bodies it reads itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": _COMPONENT.format(model=model.__name__)}}}},
        "responses": {"422": {"description": "Validation Error", "content": {
            "application/json": {"schema": {"$ref": _COMPONENT.format(
                model="HTTPValidationError")}}}}}}


def describe_batches(app: FastAPI) -> None:
    """Add the models of BATCHES to the app's OpenAPI components, where `described` points."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = generate()["components"]["schemas"]
            for model in BATCHES:
                found = model.model_json_schema(ref_template=_COMPONENT)
                schemas.update(found.pop("$defs", {}))
                schemas[model.__name__] = found
        return app.openapi_schema  # type: ignore[return-value]
    app.openapi = openapi  # type: ignore[method-assign]


def create_app(engine: Engine, clock: Clock | None = None) -> FastAPI:
    """The API on one engine; it keeps nothing between requests but what the database holds."""
    app = FastAPI(title="Reception kiosk central service", version="1", responses=COMMON_ANSWERS)
    lanes = Lanes(engine, readers=CONNECTIONS - 1)
    time = clock or SystemClock()

    def job(work: Work[T], auth: str = "", role: str | None = None) -> Job[T]:
        return Job(work, time.now(), auth, role)

    @app.exception_handler(RequestValidationError)
    def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Without the input: FastAPI's own answer echoed it, and an input of NaN (which its
        # JSON parser takes) could not be written back, so a mistake became a 500.
        return JSONResponse({"detail": jsonable_encoder(
            [{k: v for k, v in error.items() if k != "input"} for error in exc.errors()])},
            status_code=422)

    @app.exception_handler(DBAPIError)
    @app.exception_handler(StorageError)
    def database_down(_request: Request, exc: Exception) -> JSONResponse:
        # The kiosk keeps the batch and tries again later; the admin reads why in the log.
        log.warning("the database cannot be used: %s",
                    str(getattr(exc, "orig", None) or exc).strip())
        return JSONResponse({"detail": "database unavailable"}, status_code=503)

    @app.post("/v1/enroll", response_model=EnrollOut,
              responses={401: {"description": "unknown, used or expired code"}})
    async def enroll(body: EnrollIn) -> EnrollOut:
        """Exchange a one-time enrollment code (the credential of this call) for a kiosk token."""
        def work(conn: Connection, _who: Any, now: datetime) -> EnrollOut:
            try:
                done = access.enroll(conn, body.code, body.kiosk_id, now)
            except access.AccessDenied as exc:
                raise HTTPException(401, exc.code) from exc
            return EnrollOut(token=done.token, site_id=done.site_id, kiosk_id=done.kiosk_id,
                             company_key=done.company_key, site_name=done.site_name)
        return await lanes.write(job(work))

    @app.get("/v1/whoami", response_model=WhoOut)
    async def whoami(auth: Token) -> WhoOut:
        def work(_conn: Connection, who: access.Caller, now: datetime) -> WhoOut:
            return WhoOut(role=who.role, site_id=who.site_id, kiosk_id=who.kiosk_id,
                          time=now.isoformat())
        return await lanes.read(job(work, auth, ANY))

    @app.get("/v1/company-key", response_model=KeyOut)
    async def company_key(auth: Token) -> KeyOut:
        """The company's suppression key, as enrollment hands it out: for a venue laptop's
        service, whose doors must key their entries as every other kiosk does."""
        def work(conn: Connection, _who: Any, _now: datetime) -> KeyOut:
            store.serialise_writes(conn)
            return KeyOut(company_key=access.company_key(conn))
        return await lanes.write(job(work, auth, KIOSK))

    @app.post("/v1/records", response_model=BatchOut, openapi_extra=described(BatchIn))
    async def upload(request: Request, auth: Token) -> Response:
        """Store a kiosk's batch; each record is stored once, whatever the retries."""
        batch = incoming(await checked(request, BatchIn))
        return answer(await lanes.write(job(
            lambda conn, who, now: store.store(conn, who, batch, now), auth, KIOSK)))

    @app.get("/v1/changes", response_model=PageOut)
    async def changes(auth: Token, since: Annotated[int, Query(ge=0, le=2**62)] = 0,
                      limit: Annotated[int, Query(ge=1, le=store.MAX_PAGE)] = 1000) -> Response:
        """Records this kiosk may see, after its cursor, oldest first."""
        page = await lanes.read(job(
            lambda conn, who, _now: store.changes(conn, who, since, limit), auth, KIOSK))
        return Response(page, media_type="application/json")

    @app.post("/v1/admin/enrollment-codes", response_model=CodeOut)
    async def new_code(body: CodeIn, auth: Token) -> CodeOut:
        code = await lanes.write(job(
            lambda conn, _who, now: access.issue_code(conn, body.site_id, now,
                                                      site_name=body.site_name), auth, ADMIN))
        return CodeOut(code=code)

    @app.post("/v1/admin/publish", response_model=BatchOut, openapi_extra=described(PublishIn))
    async def publish(request: Request, auth: Token) -> Response:
        """Hosts, events, attendees, notices and settings, for the kiosks of one site."""
        body = await checked(request, PublishIn)
        batch = incoming(body)
        return answer(await lanes.write(job(
            lambda conn, who, now: store.store(conn, who, batch, now, site_id=body.site_id),
            auth, ADMIN)))

    @app.put("/v1/admin/events/{event_id}/sites", response_model=CountOut)
    async def share(event_id: ID, body: SitesIn, auth: Token) -> CountOut:
        """Let the kiosks of more sites check in to one event."""
        def work(conn: Connection, _who: Any, _now: datetime) -> int:
            store.serialise_writes(conn)
            store.share_event(conn, event_id, body.site_ids)
            return len(store.sites_of_event(conn, event_id))
        return CountOut(count=await lanes.write(job(work, auth, ADMIN)))

    @app.post("/v1/admin/kiosks/{kiosk_id}/revoke", response_model=CountOut)
    async def revoke(kiosk_id: ID, auth: Token) -> CountOut:
        return CountOut(count=await lanes.write(job(
            lambda conn, _who, now: access.revoke(conn, kiosk_id, now), auth, ADMIN)))

    @app.post("/v1/admin/erasures", response_model=CountOut)
    async def erase(body: ErasureIn, auth: Token) -> CountOut:
        """Erase a person centrally; the erasure then reaches every kiosk."""
        return CountOut(count=await lanes.write(job(
            lambda conn, _who, now: reports.erase_centrally(conn, body.person_id, now),
            auth, ADMIN)))

    @app.get("/v1/admin/conflicts", response_model=list[Conflict])
    async def conflicts(auth: Token, event_id: ID | None = None) -> list[Conflict]:
        """Tickets checked in more than once (offline double use), every check-in kept."""
        found = await lanes.read(job(
            lambda conn, _who, _now: reports.conflicts(conn, event_id), auth, ADMIN))
        return [Conflict(**c) for c in found]

    describe_batches(app)
    return app
