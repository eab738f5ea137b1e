"""The real central service for tests: a `server` process on 127.0.0.1, on SQLite or PostgreSQL.

PostgreSQL is never skipped: when it cannot be reached the test fails and says how
to start it (`.ci/run` does this in CI).
"""
from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The role .ci/run creates; it may create databases, one per test.
PG_ADMIN_URL = os.environ.get("KIOSK_TEST_POSTGRES",
                              "postgresql://kiosk:kiosk@127.0.0.1:5432/kiosk")
_numbers = itertools.count()


def cli(data_dir: Path, *args: str, db: str | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `main.py --data-dir DIR ARGS`; `db` is added after `server`'s job name."""
    argv = [sys.executable, "main.py", "--data-dir", str(data_dir), *args]
    if db:
        argv += ["--db", db]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} exited {done.returncode}: {done.stderr}")
    return done


@dataclass
class Central:
    data_dir: Path
    db: str | None
    port: int = 0
    process: subprocess.Popen[str] | None = None
    #: More options for `server` (a venue laptop's --forward-to ...).
    extra: tuple[str, ...] = ()
    #: The URL the service said it listens on.
    announced: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> Central:
        argv = [sys.executable, "main.py", "--data-dir", str(self.data_dir), "server",
                "--port", str(port or self.port)]
        if self.db:
            argv += ["--db", self.db]
        argv += self.extra
        self.process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        assert self.process.stdout
        line = self.process.stdout.readline()
        if "listening" not in line:
            self.process.kill()
            raise AssertionError(f"server did not start: {line} {self.process.stderr.read()}")
        self.port = int(line.rsplit(":", 1)[1])
        self.announced = line.split()[-1]
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(20)
        if self.process:
            for stream in (self.process.stdout, self.process.stderr):
                if stream:
                    stream.close()
        self.process = None

    def job(self, *args: str) -> str:
        """A `server JOB` admin command on this service's database."""
        return cli(self.data_dir, "server", *args, db=self.db).stdout.strip()

    def code(self, site: str) -> str:
        return self.job("enroll", "--site", site)

    def admin_token(self) -> str:
        return self.job("admin-token")

    def admin(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30,
                            headers={"Authorization": f"Bearer {self.admin_token()}"})

    def engine_url(self) -> str:
        from sync.database import database_url

        return database_url(self.data_dir, self.db)


def fresh_postgres_database() -> str:
    """A new, empty database on the local PostgreSQL; fails (never skips) when unreachable."""
    import psycopg

    name = f"kiosk_test_{os.getpid()}_{next(_numbers)}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc}). Start it with "
                    "`pg_ctlcluster 15 main start` and create the role as .ci/run does.")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def central_db(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The service's database: None for its embedded SQLite, else a fresh PostgreSQL one."""
    if request.param == "sqlite":
        yield None
        return
    url = fresh_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture
def central(tmp_path: Path, central_db: str | None) -> Iterator[Central]:
    service = Central(tmp_path / "central", central_db).start()
    yield service
    service.stop()


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Central]:
    service = Central(tmp_path / "central", None).start()
    yield service
    service.stop()


def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Poll a condition of the outside world (a process, a port); fails after `timeout`."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def enrolled_kiosk(central: Central, folder: Path, site: str, clock=None,  # type: ignore[no-untyped-def]
                   interval_s: float = 30.0):
    """A kiosk data folder enrolled with the service: demo site, notice and hosts, then a token."""
    from kiosk.demo import ensure_site_and_notice, load_demo_hosts
    from kiosk.service import open_service
    from sync.enrollment import enroll_kiosk

    settings = enroll_kiosk(folder, central.url, central.code(site), interval_s=interval_s)
    service = open_service(folder, clock)
    ensure_site_and_notice(service)
    load_demo_hosts(service)
    return service, settings


def central_rows(central: Central, kind: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    """What really reached the service, read from its database."""
    import json

    from sqlalchemy import create_engine, select

    from sync.tables import records

    engine = create_engine(central.engine_url())
    try:
        with engine.connect() as conn:
            query = select(records)
            if kind:
                query = query.where(records.c.kind == kind)
            rows = [dict(r._mapping) for r in conn.execute(query.order_by(records.c.seq))]
    finally:
        engine.dispose()
    for row in rows:
        row["payload"] = json.loads(row["payload"])
    return rows
