"""The dashboard's connection to storage: the database URL, one cached ``Database`` per URL, the
schema state the pages check first, and the cache lifetimes every read in ``dashboard.data`` uses."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from alembic.script import ScriptDirectory

from storage import Database, StorageConfig, queries
from storage.migrate import alembic_config, current_revision

CACHE_TTL_SECONDS = 60
# Past days of the price index do not change; recomputing them costs ~0.5 s a day at 1M prices.
HISTORY_TTL_SECONDS = 600
INDEX_HISTORY_DAYS = 14
CHANGES_PAGE_LIMIT = 1000
EMPTY_STATE = "No data yet — run `rivalwatch crawl` or `rivalwatch demo`."
NOT_MIGRATED = "The database has no RivalWatch tables yet — run `rivalwatch db upgrade`."
OUTDATED = "The database schema is older than this version of RivalWatch — run `rivalwatch db upgrade`."


def database_url() -> str:
    """The configured database URL (``RIVALWATCH_DATABASE_URL`` or the default SQLite file)."""
    return StorageConfig.from_env().url


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database.connect(url)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def state(url: str) -> str:
    """``ready``, ``empty`` (migrated, nothing crawled), ``not-migrated`` or ``outdated`` (behind head)."""
    db = _database(url)
    revision = current_revision(db)
    if revision is None:
        return "not-migrated"
    if revision != ScriptDirectory.from_config(alembic_config(db)).get_current_head():
        return "outdated"
    return "ready" if queries.has_observations(db) else "empty"



def _only(frame: pd.DataFrame, store: str | None, column: str = "store") -> pd.DataFrame:
    return frame if not store else frame[frame[column] == store].reset_index(drop=True)

