"""Rows written to PostgreSQL through one COPY that stays open across a write group.

A group of fifty batches (sync/lanes.py) ended fifty COPYs. Each end waited while
PostgreSQL indexed that batch's rows, and only then did the service check the
next batch: a group of 48 batches of 200 records took 140 ms, less than half of it
the service's own work. With one COPY open for the whole group, PostgreSQL stores
one batch while the service checks the next, and the group takes 75 ms.

The COPY ends when anything else is about to run on its connection, and at
commit. A rollback abandons it. `attach` hooks those moments on the engine; on an
engine without them, each `write` ends its own COPY.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

#: Where a connection keeps its open COPY: (statement, ExitStack that ends it, the Copy).
_OPEN = "sync.streaming.copy"


def attach(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _before_statement)
    event.listen(engine, "commit", finish)
    event.listen(engine, "rollback", abandon)


def write(conn: Connection, statement: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Send rows through the connection's COPY `statement`, opening it if need be."""
    held = conn.info.get(_OPEN)
    if held is not None and held[0] != statement:
        finish(conn)
        held = None
    try:
        if held is None:
            held = conn.info[_OPEN] = _begin(conn, statement)
        for row in rows:
            held[2].write_row(row)
    except conn.dialect.loaded_dbapi.Error as exc:
        abandon(conn)
        raise _wrapped(conn, statement, exc) from exc
    if not event.contains(conn.engine, "commit", finish):
        finish(conn)


def finish(conn: Connection) -> None:
    """End the connection's COPY, if it has one: its rows are in, or its error is raised
    as SQLAlchemy raises the driver's (a repeated id as IntegrityError, a lost server as
    OperationalError), so the service answers it as it answers any other."""
    held = conn.info.pop(_OPEN, None)
    if held is None:
        return
    try:
        held[1].close()
    except conn.dialect.loaded_dbapi.Error as exc:
        raise _wrapped(conn, held[0], exc) from exc


def abandon(conn: Connection) -> None:
    """Drop the connection's COPY without its rows, before its transaction is undone.

    The driver holds its connection's lock while a COPY is open, so the rollback would
    otherwise wait for it forever."""
    held = conn.info.pop(_OPEN, None)
    if held is not None:
        undone = RuntimeError("the transaction is rolled back")
        with contextlib.suppress(Exception):  # the connection may be gone as well
            held[1].__exit__(RuntimeError, undone, None)


def _begin(conn: Connection, statement: str) -> tuple[str, contextlib.ExitStack, Any]:
    with contextlib.ExitStack() as opening:
        cursor = opening.enter_context(conn.connection.driver_connection.cursor())
        copy = opening.enter_context(cursor.copy(statement))
        return statement, opening.pop_all(), copy


def _before_statement(conn: Connection, *_statement: Any) -> None:
    finish(conn)


def _wrapped(conn: Connection, statement: str, exc: Exception) -> DBAPIError:
    return DBAPIError.instance(statement, None, exc, conn.dialect.loaded_dbapi.Error)
