"""Opening the central database, SQLite or PostgreSQL, and bringing its schema up to date."""
from __future__ import annotations

import contextlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from kiosk.errors import ConfigError, Message, N_, StorageError
from sync import streaming

CENTRAL_DATABASE = "central.sqlite3"
MIGRATIONS = Path(__file__).with_name("alembic")
#: Any fixed number: the processes of one service take this lock so only one migrates.
MIGRATION_LOCK = 7_031_907


def database_url(data_dir: Path, url: str | None) -> str:
    """`--db` as given, else the embedded SQLite file in the data folder."""
    if url is None:
        return f"sqlite:///{data_dir / CENTRAL_DATABASE}"
    if not url.startswith(("postgresql://", "postgresql+psycopg://", "sqlite:///")):
        raise ConfigError(Message(N_("--db must be a postgresql:// or sqlite:/// URL, not {url}"),
                                  {"url": url}))
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # A relative file would land in whatever folder the service was started from.
        raise ConfigError(Message(N_("--db sqlite:/// needs an absolute path, such as "
                                     "sqlite:////var/lib/kiosk/central.sqlite3, not {url}"),
                                  {"url": url}))
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


#: Connections one service process keeps open, all opened at start (`warm`); the API lets no
#: more requests than that use the database at once. None are opened and closed per peak:
#: a connection to PostgreSQL costs a process on its side and milliseconds to open, and
#: fifty kiosks arriving together paid that for every connection over a smaller pool.
CONNECTIONS = 20


def create(url: str) -> Engine:
    """An engine with the durability the records need; WAL and a busy wait on SQLite."""
    try:
        engine = create_engine(url, pool_pre_ping=True, pool_size=CONNECTIONS, max_overflow=0)
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError) as exc:
        # ValueError: a port that is not a number; TypeError: sqlite:/// with no file (memory)
        raise ConfigError(Message(N_("--db is not a database URL the service can use: {url}"),
                                  {"url": url})) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        streaming.attach(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Apply Alembic's migrations; several processes starting at once migrate one at a time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as exc:
        raise unreachable(engine, exc) from exc


def unreachable(engine: Engine, exc: Exception) -> StorageError:
    """An admin's message for a database that cannot be used, naming it without its password,
    with the driver's own reason (not SQLAlchemy's wrapping of it) and what to do."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    if engine.dialect.name == "sqlite":
        text = N_("The central database {url} cannot be used: {reason}. Free disk space if the "
                  "disk is full; if the file is damaged, restore a backup or move it away.")
    else:
        text = N_("The central database {url} cannot be used: {reason}. Check that PostgreSQL "
                  "is running and that the host, port, user, password and database in --db "
                  "are right.")
    return StorageError(Message(text, {"url": engine.url.render_as_string(hide_password=True),
                                       "reason": reason[0] if reason else type(exc).__name__}),
                        code="database")


def warm(engine: Engine) -> None:
    """Open every connection of the pool now, before the first kiosk needs one."""
    try:
        with contextlib.ExitStack() as held:
            for _ in range(CONNECTIONS):
                held.enter_context(engine.connect())
    except DBAPIError as exc:  # gone since the migration, or refusing more connections
        raise unreachable(engine, exc) from exc


def _guard_file(engine: Engine) -> None:
    """Refuse every transaction once the SQLite file is deleted or replaced under the service.

    SQLite goes on writing to a file it holds open after the file is deleted: the
    kiosks' records were answered "stored" into a file nobody would ever open again,
    and were gone at the next start. Refused, they wait on their kiosks until the
    service is restarted on a file that is there.
    """
    path = Path(str(engine.url.database))
    known = path.stat()

    def still_there(_conn: Connection) -> None:
        try:
            now = path.stat()
        except OSError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != (known.st_dev, known.st_ino):
            raise StorageError(Message(N_("The central database {path} was deleted or replaced "
                                          "while the service ran; restore it and restart the "
                                          "service."), {"path": str(path)}), code="database")
    event.listen(engine, "begin", still_there)


def open_central(url: str) -> Engine:
    engine = create(url)
    migrate(engine)
    if engine.dialect.name == "sqlite":
        _guard_file(engine)
    return engine
