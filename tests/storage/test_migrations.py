"""Migrations bring an empty SQLite and PostgreSQL database to head, with no pending model changes."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import Database, upgrade
from storage.migrate import alembic_config, current_revision
from storage.models import Base


def _assert_at_head_without_diff(db: Database) -> None:
    upgrade(db)
    head = ScriptDirectory.from_config(alembic_config(db)).get_current_head()
    assert current_revision(db) == head
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ; run alembic revision --autogenerate: {diff}"


def test_sqlite_upgrade_to_head_has_no_pending_diff(sqlite_url):
    db = Database.connect(sqlite_url)
    _assert_at_head_without_diff(db)
    upgrade(db)  # running again is a no-op
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.postgres
def test_postgres_upgrade_to_head_has_no_pending_diff(postgres_url):
    _assert_at_head_without_diff(Database.connect(postgres_url))
