"""A TCP proxy on loopback that misbehaves on purpose: drops, delays, cuts answers in half.

It stands between a kiosk and the real service, so the kiosk meets the faults of a
real network (reset connections, half an HTTP answer) rather than a mocked client.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable


class FaultProxy:
    """Modes: "pass", "drop" (close at once), "delay" (wait `delay_s` first), "half" (send
    the request on, but only half of the answer back), "hook" (call `on_request` once the
    request is on its way, e.g. to kill the service mid-batch)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.mode = "pass"
        self.delay_s = 0.5
        self.on_request: Callable[[], None] | None = None
        self.connections = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(client, self.mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        with client:
            if mode == "drop":
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
                return
            if mode == "delay":
                time.sleep(self.delay_s)
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
            except OSError:
                return
            with upstream:
                up = threading.Thread(target=self._pump, args=(client, upstream, mode), daemon=True)
                up.start()
                self._answer(upstream, client, mode)

    def _pump(self, source: socket.socket, target: socket.socket, mode: str) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
                if mode == "hook" and self.on_request:
                    hook, self.on_request = self.on_request, None
                    hook()
        except OSError:
            pass

    def _answer(self, upstream: socket.socket, client: socket.socket, mode: str) -> None:
        try:
            while data := upstream.recv(65536):
                if mode == "half":
                    client.sendall(data[: len(data) // 2])
                    # Closing alone would wait for the other thread's recv on the socket to
                    # end, and the kiosk would see a silent connection, not a cut one.
                    client.shutdown(socket.SHUT_RDWR)
                    return
                client.sendall(data)
        except OSError:
            pass
