"""The migrations build exactly the tables the code queries (sync/tables.py), on both databases."""
from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sync.database import database_url, open_central
from sync.tables import metadata
from tests.sync_fixtures import central_db  # noqa: F401 - a fixture


def test_the_migrated_schema_is_the_one_the_code_describes(tmp_path: Path,
                                                           central_db: str | None) -> None:  # noqa: F811
    engine = open_central(database_url(tmp_path, central_db))
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert differences == []
