"""Storage: SQLAlchemy models, migrations and the small API the spiders, alerts and dashboard use.

This package imports none of the others (spiders, dashboard, rivalwatch).
"""

from storage.apply import ApplyPolicy, apply_run, release_held
from storage.db import Database, StorageConfig, make_engine
from storage.migrate import upgrade
from storage.runs import (
    RunSummary,
    StoreInfo,
    abort_stale_runs,
    finish_run,
    run_summaries,
    stage_items,
    start_run,
    sync_store,
)

__all__ = [
    "ApplyPolicy", "Database", "RunSummary", "release_held", "StorageConfig", "StoreInfo", "abort_stale_runs", "apply_run",
    "finish_run", "make_engine", "run_summaries", "stage_items", "start_run", "sync_store", "upgrade",
]
