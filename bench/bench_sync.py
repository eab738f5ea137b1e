"""Sync figures against the real service on loopback. Prints; never asserts.

    python bench/bench_sync.py [--quick] [--postgres URL] [--only NAME ...]

- doors:    two doors of one event with runners every 0.5 s; time from a check-in at
            one door to the check-in being known at the other (target p95 <= 2 s)
- upload:   10,000 queued records in one `sync` round, on SQLite and PostgreSQL (<= 5 s)
- many:     50 kiosks x 200 records syncing at once; every record stored once, p95 request
            <= 200 ms. Each kiosk is a process of its own, as each is a machine of its own:
            fifty threads of one process would time the bench's own lock, not the service.
            On a machine of two cores or more the service gets one core and the kiosks the
            others, as the service and the kiosks have machines of their own where it runs;
            the same run with everything sharing every core is printed after it. Each
            request is timed as the whole call and on the wire (see kiosk_round).
            Then the harder case of fifty kiosks on machines of their own: every upload
            sent in the same millisecond (whole requests written beforehand, one socket
            per kiosk on the other core, see Wire), then each kiosk's download (bench_wave).
            The service's PostgreSQL shares that other core with the fifty kiosks.
- empty:    a round with nothing new (<= 50 ms)
- download: an event of 50,000 attendees reaching a door (<= 5 s)

`--quick` divides the sizes by 20 (to prove the script works while others use the machine).
PostgreSQL: the role .ci/postgres creates (or --postgres), with a new database per run.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.clock import SystemClock  # noqa: E402
from kiosk.config import DATABASE_NAME  # noqa: E402
from kiosk.db import open_database, write_transaction  # noqa: E402
from kiosk.ids import new_id  # noqa: E402
from sync.access import issue_admin_token, issue_code  # noqa: E402
from sync.client import CentralClient  # noqa: E402
from sync.database import database_url, open_central  # noqa: E402
from sync.enrollment import enroll_kiosk  # noqa: E402
from sync.rounds import run_round  # noqa: E402
from sync.settings import SyncSettings  # noqa: E402

PG = "postgresql://kiosk:kiosk@127.0.0.1:5432/kiosk"
CLOCK = SystemClock()
#: An event door's round interval ("about every second"): upload and download each wait at
#: most one interval, so two intervals plus the rounds must fit in 2 s.
DOOR_INTERVAL_S = 0.5


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


class Service:
    """A `server` process on 127.0.0.1 and admin access to its database."""

    def __init__(self, folder: Path, db: str | None) -> None:
        argv = [sys.executable, "main.py", "--data-dir", str(folder), "server", "--port", "0"]
        self.process = subprocess.Popen(argv + (["--db", db] if db else []), cwd=ROOT,
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        self.url = "http://127.0.0.1:" + line.rsplit(":", 1)[1].strip()
        self.engine = open_central(database_url(folder, db))

    def code(self, site: str) -> str:
        with self.engine.begin() as conn:
            return issue_code(conn, site, CLOCK.now())

    def admin(self) -> CentralClient:
        with self.engine.begin() as conn:
            return CentralClient(self.url, issue_admin_token(conn, CLOCK.now()))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(20)
        self.engine.dispose()


def kiosk(service: Service, folder: Path, site: str, interval: float = 30.0) -> SyncSettings:
    return enroll_kiosk(folder, service.url, service.code(site), interval_s=interval)


def visit(site: str, kiosk_id: str, number: int, stamp: str) -> dict[str, object]:
    """A sign-in's visit record as the kiosk's outbox holds it: what the registry lets leave."""
    return {"id": new_id(), "site_id": site, "kiosk_id": kiosk_id, "badge_number": number,
            "person_id": new_id(), "host_id": "host-1", "visitor_type": "guest",
            "signed_in_at": stamp, "signed_out_at": None}


def queue(folder: Path, settings: SyncSettings, count: int) -> None:
    """Synthetic outbox rows, as sign-ins leave them."""
    db = open_database(folder / DATABASE_NAME)
    stamp = CLOCK.now().isoformat()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO outbox (uuid, kind, record_id, payload, created_at) VALUES (?, 'visit', ?, ?, ?)",
            [(new_id(), str(n), json.dumps(visit(settings.site_id, settings.kiosk_id, n, stamp)), stamp)
             for n in range(count)])
    db.close()


def one_round(folder: Path, settings: SyncSettings) -> tuple[float, object]:
    db = open_database(folder / DATABASE_NAME)
    start = time.perf_counter()
    result = run_round(db, settings, CLOCK.now(), force=True)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, result


def bench_upload(tmp: Path, db: str | None, label: str, count: int) -> None:
    service = Service(tmp / f"central-{label}", db)
    try:
        settings = kiosk(service, tmp / f"upload-{label}", "oslo-hq")
        queue(tmp / f"upload-{label}", settings, count)
        elapsed, result = one_round(tmp / f"upload-{label}", settings)
        print(f"upload {count} records on {label}: {elapsed:.2f} s ({result.uploaded} stored), "
              "target <= 5 s")
        # As the runner does it: one connection to the kiosk database, one kept-alive client.
        db = open_database(tmp / f"upload-{label}" / DATABASE_NAME)
        empty = []
        with CentralClient(settings.server, settings.token) as client:
            for _ in range(20):
                start = time.perf_counter()
                run_round(db, settings, CLOCK.now(), client=client)
                empty.append((time.perf_counter() - start) * 1000)
        db.close()
        print(f"empty round on {label} (kept-alive client): median {statistics.median(empty):.1f} ms, "
              f"p95 {p95(empty):.1f} ms, target <= 50 ms")
    finally:
        service.close()


def kiosk_round(folder: Path, setting: SyncSettings, start: Any, out: Any) -> None:
    """One kiosk, in a process of its own as on its own machine: ready, then a round on the
    signal, timing each request the round makes twice: the whole call, and on the wire (from
    the request leaving to the answer's head arriving), which leaves out the kiosk's own work
    of encoding and decoding, slowed here by fifty kiosks sharing the bench's cores."""
    calls: list[float] = []
    wire: list[float] = []
    client = CentralClient(setting.server, setting.token)
    original = client._call
    sent: list[float] = []
    client._http.event_hooks = {"request": [lambda _request: sent.append(time.perf_counter())],
                                "response": [lambda _answer: wire.append(
                                    (time.perf_counter() - sent[-1]) * 1000)]}

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            calls.append((time.perf_counter() - began) * 1000)
    client._call = timed  # type: ignore[method-assign]
    db = open_database(folder / DATABASE_NAME)
    start.wait()
    began = time.perf_counter()
    result = run_round(db, setting, CLOCK.now(), force=True, client=client)
    out.put((result.uploaded, calls, wire, (began, time.perf_counter())))


def bench_many(tmp: Path, db: str | None, label: str, kiosks: int, each: int,
               apart: bool) -> None:
    run = f"{label}-{'apart' if apart else 'shared'}"
    service = Service(tmp / f"central-many-{run}", db)
    processes = multiprocessing.get_context("fork")
    try:
        folders = [tmp / f"many-{run}-{n}" for n in range(kiosks)]
        settings = [kiosk(service, f, f"site-{n % 5}") for n, f in enumerate(folders)]
        for folder, setting in zip(folders, settings):
            queue(folder, setting, each)
        start, out = processes.Barrier(kiosks + 1), processes.Queue()
        workers = [processes.Process(target=kiosk_round, args=(f, s, start, out))
                   for f, s in zip(folders, settings)]
        for worker in workers:
            worker.start()
        if apart:
            cores = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(service.process.pid, cores[:1])
            for worker in workers:
                os.sched_setaffinity(worker.pid, cores[1:])
        # Before the signal: once it is given, this process may wait behind fifty kiosks.
        busy = cpu_seconds(service.process.pid)
        start.wait()
        answers = [out.get(timeout=120) for _ in workers]
        busy = cpu_seconds(service.process.pid) - busy
        # perf_counter is the machine's monotonic clock, the same in every process (Linux).
        wall = max(end for *_, (_, end) in answers) - min(began for *_, (began, _) in answers)
        for worker in workers:
            worker.join()
        uploaded = sum(n for n, *_ in answers)
        timings = [t for _, times, *_ in answers for t in times]
        wire = [t for _, _, times, _ in answers for t in times]
        with service.engine.connect() as conn:
            from sqlalchemy import func, select

            from sync.tables import records
            stored, distinct = conn.execute(select(func.count(), func.count(records.c.id.distinct()))).one()
        where = "service on a core of its own" if apart else "service and kiosks on shared cores"
        print(f"{kiosks} kiosks x {each} records on {label}, {where}: {uploaded} uploaded, {stored} stored "
              f"({distinct} distinct) in {wall:.2f} s; {len(timings)} requests, p95 {p95(timings):.0f} ms, "
              f"median {statistics.median(timings):.0f} ms (target p95 <= 200 ms); on the wire p95 "
              f"{p95(wire):.0f} ms, median {statistics.median(wire):.0f} ms; the service used "
              f"{busy:.2f} s of CPU")
    finally:
        service.close()


def wave_bodies(kiosks: int, each: int) -> list[bytes]:
    """Each kiosk's batch as it goes on the wire (its visits, as in `queue`)."""
    stamp = CLOCK.now().isoformat()
    return [json.dumps({"records": [
        {"id": new_id(), "kind": "visit", "occurred_at": stamp,
         "payload": visit(f"site-{n % 5}", f"wave-{n}", number, stamp)}
        for number in range(each)]}).encode() for n in range(kiosks)]


class Wire:
    """One kiosk's keep-alive HTTP/1.1 connection, its requests written out beforehand.

    The bench is one process for fifty kiosks. Through httpx, its own work of sending
    fifty uploads took 60-90 ms, and the later kiosks' requests waited for it before
    they left: time that was counted as the service's. Ready-made bytes leave in a
    millisecond or two, as fifty machines' would."""

    def __init__(self, reader: Any, writer: Any, host: str, token: str) -> None:
        self.reader, self.writer, self.host, self.token = reader, writer, host, token

    @classmethod
    async def open(cls, url: str, token: str) -> Wire:
        import asyncio

        host, port = url.removeprefix("http://").rsplit(":", 1)
        reader, writer = await asyncio.open_connection(host, int(port))
        return cls(reader, writer, f"{host}:{port}", token)

    def request(self, method: str, path: str, body: bytes = b"") -> bytes:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        return head.encode() + body

    async def answer(self) -> int:
        """The next answer's status, its body read to the end."""
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        length = next(int(line.split(":", 1)[1]) for line in head
                      if line.lower().startswith("content-length:"))
        await self.reader.readexactly(length)
        return int(head[0].split()[1])

    async def call(self, method: str, path: str, body: bytes = b"") -> None:
        self.writer.write(self.request(method, path, body))
        if (status := await self.answer()) != 200:
            raise RuntimeError(f"{method} {path} answered {status}")


async def fire(url: str, tokens: list[str],
               bodies: list[bytes]) -> tuple[list[float], list[float], float]:
    """Connect every kiosk first, then send all uploads at once; each kiosk downloads once its
    upload is answered, as a round does. Each upload is timed from the moment the first
    one leaves."""
    import asyncio

    wires = [await Wire.open(url, token) for token in tokens]
    for wire in wires:
        await wire.call("GET", "/v1/whoami")
    requests = [wire.request("POST", "/v1/records", body) for wire, body in zip(wires, bodies)]
    uploads: list[float] = []
    downloads: list[float] = []

    async def kiosk(wire: Wire) -> None:
        if (status := await wire.answer()) != 200:
            raise RuntimeError(f"an upload answered {status}")
        uploads.append((time.perf_counter() - began) * 1000)
        asked = time.perf_counter()
        await wire.call("GET", "/v1/changes?since=0&limit=5000")
        downloads.append((time.perf_counter() - asked) * 1000)
    began = time.perf_counter()
    for wire, request in zip(wires, requests):
        wire.writer.write(request)
    await asyncio.gather(*(kiosk(wire) for wire in wires))
    wall = time.perf_counter() - began
    for wire in wires:
        wire.writer.close()
    return uploads, downloads, wall


def bench_wave(tmp: Path, db: str | None, label: str, kiosks: int, each: int) -> None:
    import asyncio

    from sync.access import enroll

    service = Service(tmp / f"central-wave-{label}", db)
    try:
        now = CLOCK.now()
        with service.engine.begin() as conn:
            tokens = [enroll(conn, issue_code(conn, f"site-{n % 5}", now), f"wave-{n}", now).token
                      for n in range(kiosks)]
        bodies = wave_bodies(kiosks, each)
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > 1:
            os.sched_setaffinity(service.process.pid, cores[:1])
            os.sched_setaffinity(0, cores[1:])
        busy = cpu_seconds(service.process.pid)
        uploads, downloads, wall = asyncio.run(fire(service.url, tokens, bodies))
        busy = cpu_seconds(service.process.pid) - busy
        os.sched_setaffinity(0, cores)
        every = uploads + downloads
        print(f"{kiosks} kiosks x {each} records on {label}, all uploads sent in the same "
              f"millisecond: {len(every)} requests, p95 {p95(every):.0f} ms, median "
              f"{statistics.median(every):.0f} ms (target p95 <= 200 ms); uploads p95 "
              f"{p95(uploads):.0f} ms, downloads p95 {p95(downloads):.0f} ms; all answered in "
              f"{wall:.2f} s; the service used {busy:.2f} s of CPU")
    finally:
        service.close()


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux): how much of a wall time is the service's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def event_rows(count: int) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    now = CLOCK.now()
    event_id = str(uuid.uuid4())
    event = {"id": event_id, "name": "Bench", "venue": "", "starts_at": now.isoformat(),
             "ends_at": (now + timedelta(hours=4)).isoformat(),
             "checkin_opens_at": (now - timedelta(hours=1)).isoformat(),
             "checkin_closes_at": (now + timedelta(hours=4)).isoformat(), "badge_format": None,
             "door_mode": "entry", "offline_policy": "allow_with_warning",
             "auto_checkout_at": None, "created_at": now.isoformat()}
    people = [{"id": str(uuid.uuid4()), "event_id": event_id, "given_name": f"G{n}",
               "family_name": "Bench", "family_first": 0, "company": "", "email": "",
               "ticket_type": "", "ticket_code": f"T{n:06d}", "order_code": "",
               "attendee_number": "", "import_key": f"code:T{n:06d}", "person_key": f"p{n}",
               "name_keys": f"g{n} bench", "status": "valid", "source": "bench",
               "created_at": now.isoformat(), "updated_at": now.isoformat()} for n in range(count)]
    return event, people


def publish(admin: CentralClient, site: str, event: dict, people: list[dict]) -> None:  # type: ignore[type-arg]
    stamp = CLOCK.now().isoformat()
    records = [{"id": str(uuid.uuid4()), "kind": "event", "occurred_at": stamp, "payload": event}]
    records += [{"id": str(uuid.uuid4()), "kind": "attendee", "occurred_at": stamp, "payload": p}
                for p in people]
    for start in range(0, len(records), 2000):
        admin.post("/v1/admin/publish", {"site_id": site, "records": records[start:start + 2000]})


def bench_download(tmp: Path, count: int) -> None:
    service = Service(tmp / "central-download", None)
    try:
        settings = kiosk(service, tmp / "download", "venue")
        event, people = event_rows(count)
        with service.admin() as admin:
            publish(admin, "venue", event, people)
        elapsed, result = one_round(tmp / "download", settings)
        print(f"download of an event with {count} attendees: {elapsed:.2f} s "
              f"({result.downloaded} records applied), target <= 5 s")
    finally:
        service.close()


def bench_doors(tmp: Path, trials: int) -> None:
    from kiosk.checkin import Door, check_in
    from kiosk.events import get_event
    from sync.runner import SyncRunner

    service = Service(tmp / "central-doors", None)
    runners = []
    try:
        folders = [tmp / "door-a", tmp / "door-b"]
        settings = [kiosk(service, f, "venue", interval=DOOR_INTERVAL_S) for f in folders]
        event, people = event_rows(max(trials, 10))
        with service.admin() as admin:
            publish(admin, "venue", event, people)
        for folder, setting in zip(folders, settings):
            one_round(folder, setting)
        runners = [SyncRunner(f, s) for f, s in zip(folders, settings)]
        for runner in runners:
            runner.start()
        a, b = (open_database(f / DATABASE_NAME) for f in folders)
        seen = []
        for n in range(trials):
            code = people[n]["ticket_code"]
            start = time.perf_counter()
            check_in(a, get_event(a, event["id"]), code, CLOCK.now(), Door(settings[0].kiosk_id))
            while not b.execute("SELECT 1 FROM checkins c JOIN attendees t ON t.id = c.attendee_id "
                                "WHERE t.ticket_code = ?", [code]).fetchone():
                time.sleep(0.01)
                if time.perf_counter() - start > 30:
                    break
            seen.append(time.perf_counter() - start)
        print(f"two doors, runners every {DOOR_INTERVAL_S} s: known at the other door after median "
              f"{statistics.median(seen):.2f} s, p95 {p95(seen):.2f} s over {trials} tickets "
              "(target p95 <= 2 s)")
    finally:
        for runner in runners:
            runner.stop()
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", default=PG)
    parser.add_argument("--only", nargs="*", default=["doors", "upload", "many", "empty", "download"])
    args = parser.parse_args()
    scale = 20 if args.quick else 1
    pg = fresh_database(args.postgres)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if "upload" in args.only or "empty" in args.only:
            bench_upload(tmp, None, "SQLite", 10_000 // scale)
            bench_upload(tmp, pg(), "PostgreSQL", 10_000 // scale)
        if "many" in args.only:
            kiosks, each = (12, 40) if args.quick else (50, 200)
            for apart in ([True] if len(os.sched_getaffinity(0)) > 1 else []) + [False]:
                bench_many(tmp, None, "SQLite", kiosks, each, apart)
                bench_many(tmp, pg(), "PostgreSQL", kiosks, each, apart)
            bench_wave(tmp, None, "SQLite", kiosks, each)
            bench_wave(tmp, pg(), "PostgreSQL", kiosks, each)
        if "download" in args.only:
            bench_download(tmp, 50_000 // scale)
        if "doors" in args.only:
            bench_doors(tmp, 40 // (4 if args.quick else 1))


def fresh_database(admin_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    def make() -> str:
        name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return admin_url.rsplit("/", 1)[0] + f"/{name}"
    return make


if __name__ == "__main__":
    main()
