"""The per-run VACUUM on PostgreSQL (``storage.runs.reclaim_space``) covers every table a run rewrites."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.runs import RECLAIMED_TABLES, reclaim_space


@pytest.mark.postgres
def test_reclaim_space_vacuums_every_per_run_table_including_page_validators(postgres_db):
    assert "page_validators" in RECLAIMED_TABLES  # upserted and pruned by every conditional crawl
    reclaim_space(postgres_db)
    with postgres_db.engine.connect() as conn:
        vacuumed = set(conn.scalars(text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL")))
    assert set(RECLAIMED_TABLES) <= vacuumed and "page_validators" in vacuumed
