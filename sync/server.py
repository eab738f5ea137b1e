"""Running the central service: uvicorn serving the API on one database.

The process holds nothing but its connection pool, so several of them (or a
venue laptop and the company's machine) can run side by side on one PostgreSQL.
"""
from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator

import uvicorn
from sqlalchemy import Engine

from kiosk.errors import ConfigError, Message, N_
from kiosk.heap import settle
from sync.api import create_app
from sync.database import warm

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Server(uvicorn.Server):
    """uvicorn's server, except that a stop signal ends it and nothing more.

    uvicorn raises the signal again once it has shut down, so Ctrl+C ended in a
    KeyboardInterrupt traceback and systemd's SIGTERM killed the process before the
    forwarder was told to stop. Both are an admin's ordinary stop: status 0.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve(engine: Engine, host: str, port: int,
          ready: Callable[[int], None] | None = None,
          background: Callable[[threading.Event], None] | None = None) -> None:
    """Serve until SIGINT or SIGTERM; `ready` hears the port once it listens.

    `background` (the forwarder of a venue laptop) runs on its own thread and is
    told to stop through the event when the server stops.
    """
    listener = bind(host, port)
    warm(engine)
    config = uvicorn.Config(create_app(engine), log_level="warning", access_log=False)
    server = _Server(config)
    stopping = threading.Event()
    helper = threading.Thread(target=background, args=(stopping,), daemon=True) \
        if background else None

    async def run() -> None:
        task = asyncio.create_task(server.serve(sockets=[listener]))
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        # Once uvicorn has loaded its protocols and the app its middleware (on startup).
        settle(collect_young=True)
        if server.started and ready:
            ready(listener.getsockname()[1])
        if helper:
            helper.start()
        await task

    try:
        asyncio.run(run())
    finally:
        stopping.set()
        engine.dispose()


def bind(host: str, port: int) -> socket.socket:
    """Listen before uvicorn starts, so a taken port is an admin's message, not uvicorn's exit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it (Linux): uvicorn writes an answer's head and body
    # apart, and with Nagle's algorithm the body of every answer after a connection's
    # first waits for the kiosk's delayed ACK, 40 ms of a 45 ms empty round.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        text = N_("Port {port} on {host} is already in use; choose another with --port.") \
            if exc.errno == errno.EADDRINUSE else N_("Cannot listen on {host}:{port}: {reason}")
        raise ConfigError(Message(text, {"host": host, "port": port,
                                         "reason": exc.strerror or str(exc)})) from exc
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener
