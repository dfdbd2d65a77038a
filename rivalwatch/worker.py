"""``rivalwatch worker``: seed a store run into Redis, or work on it from any number of processes.

The seeding side (``--seed``; what a scheduler on a scale-out setup runs) opens the shared
``crawl_runs`` row and pushes one JSON start entry per configured source; it fetches nothing.
Workers (``rivalwatch worker --store SLUG``) run the ``store-worker`` spider on the shared
scrapy-redis frontier; storage must be a database all machines reach (PostgreSQL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rivalwatch.config import load_config_dir
from spiders.distributed import run_key
from spiders.extensions import store_info
from storage import Database, start_run, sync_store, upgrade

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WorkerOptions:
    """Everything ``rivalwatch worker`` was given."""

    store: str
    config_dir: Path
    database_url: str | None
    redis_url: str
    key_prefix: str = "rivalwatch"
    idle_seconds: float = 10.0


def _redis(url: str):
    import redis

    return redis.Redis.from_url(url)


def seed_store(options: WorkerOptions) -> int:
    """Open the shared run and enqueue the store's start entries; print the run id."""
    configs = load_config_dir(options.config_dir)
    store = configs.get(options.store)
    if store is None:
        print(f"error: unknown store {options.store!r}", file=sys.stderr)
        return 2
    db = Database.connect(options.database_url)
    upgrade(db)
    sync_store(db, store_info(store))
    run_id = start_run(db, store.slug, "store-worker")
    server = _redis(options.redis_url)
    entries = [json.dumps({"url": s.url, "meta": {"source": i}}) for i, s in enumerate(store.sources)]
    with server.pipeline() as pipe:
        pipe.delete(run_key(options.key_prefix, store.slug, run_id, "start_urls"))
        pipe.rpush(run_key(options.key_prefix, store.slug, run_id, "start_urls"), *entries)
        pipe.set(f"{options.key_prefix}:{store.slug}:run", run_id)
        pipe.execute()
    print(f"seeded run {run_id} of {store.slug}: {len(entries)} start URL(s)")
    return 0


def run_worker(options: WorkerOptions) -> int:
    """Run one worker process on the store's current shared run (exit 3 when nothing is seeded)."""
    run_id = _redis(options.redis_url).get(f"{options.key_prefix}:{options.store}:run")
    if run_id is None:
        print(f"nothing to do: no seeded run for {options.store} (run `rivalwatch worker --seed` first)", file=sys.stderr)
        return 3
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store-worker", "-a", f"store={options.store}",
           "-a", f"config={options.config_dir}", "-a", f"redis_url={options.redis_url}",
           "-a", f"prefix={options.key_prefix}", "-a", f"run_id={int(run_id)}", "-a", f"idle={options.idle_seconds}",
           "-s", "LOG_LEVEL=INFO"]
    if options.database_url:
        cmd += ["-s", f"RIVALWATCH_DATABASE_URL={options.database_url}"]
    # scrapy needs the project's scrapy.cfg: run from the repository root (its own process: one reactor)
    return subprocess.call(cmd, cwd=REPO_ROOT, env=os.environ.copy())
