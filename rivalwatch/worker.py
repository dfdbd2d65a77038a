"""``rivalwatch worker``: seed store runs into Redis, and work on them from any number of processes.

Seeding (``seed_run``; ``rivalwatch worker --store SLUG --seed`` or ``rivalwatch schedule --enqueue``)
opens the shared ``crawl_runs`` row and pushes one JSON start entry per configured source; it fetches
nothing. A store with a queued or running run (``{prefix}:{store}:run``) is not seeded again.

Workers run the ``store-worker`` spider on the shared scrapy-redis frontier, each crawl in its own
process (one Twisted reactor per crawl); storage must be a database all machines reach (PostgreSQL).
``rivalwatch worker`` without ``--store`` runs until SIGTERM, polling for seeded runs of any store;
with ``--store`` it works on that store's current run once and exits.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from storage.extras import require_extra

require_extra("distributed", "rivalwatch worker")

from core.config import load_config_dir  # noqa: E402 - after the one-line extra check
from storage.lease_holder import StoreLeases
from spiders.queue.distributed import run_key, run_pointer, seeded_key
from spiders.extensions.recording import store_info
from storage import Database, start_run, sync_store, upgrade
from storage.runs import DISTRIBUTED_SPIDER

logger = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WorkerOptions:
    """Everything ``rivalwatch worker`` was given."""

    store: str | None
    config_dir: Path
    database_url: str | None
    redis_url: str
    key_prefix: str = "rivalwatch"
    idle_seconds: float = 10.0
    poll_seconds: float = 5.0
    name: str | None = None


def redis_client(url: str):
    """A Redis client that has answered a PING (raises ``ConnectionError`` with a clear message)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        raise ConnectionError(f"cannot reach Redis at {url}: {exc}") from None
    return client


def seed_run(db: Database, server, prefix: str, store) -> int | None:
    """Open a shared run of ``store`` and enqueue its start entries; None when one is queued/running.

    The store lease makes check-and-seed atomic across schedulers; the Redis run pointer keeps the
    store from being seeded again until the last worker has applied (or failed) the run.
    """
    leases = StoreLeases(db)
    if not leases.acquire(store.slug):
        return None
    try:
        current = server.get(run_pointer(prefix, store.slug))
        if current is not None:
            finalizing = server.exists(run_key(prefix, store.slug, int(current), "finalizing"))
            if finalizing or _still_running(db, int(current)):  # recorded but still being applied: wait too
                logger.info("store %s: run %s is still queued or running; not seeding another", store.slug,
                            int(current), extra={"store": store.slug})
                return None
            logger.warning("store %s: run %s is no longer running; dropping its Redis keys", store.slug,
                           int(current), extra={"store": store.slug})
            _drop_run_keys(server, prefix, store.slug, int(current))
        sync_store(db, store_info(store))
        run_id = start_run(db, store.slug, DISTRIBUTED_SPIDER)
        entries = [json.dumps({"url": s.url, "meta": {"source": i}}) for i, s in enumerate(store.sources)]
        with server.pipeline() as pipe:
            pipe.delete(run_key(prefix, store.slug, run_id, "start_urls"))
            pipe.rpush(run_key(prefix, store.slug, run_id, "start_urls"), *entries)
            pipe.set(run_pointer(prefix, store.slug), run_id)
            pipe.sadd(seeded_key(prefix), store.slug)
            pipe.execute()
        logger.info("seeded run %s of %s: %d start URL(s)", run_id, store.slug, len(entries), extra={"store": store.slug})
        return run_id
    finally:
        leases.release_all()


def _still_running(db: Database, run_id: int) -> bool:
    from storage.models import CrawlRun

    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        return run is not None and run.status == "running"


def _drop_run_keys(server, prefix: str, slug: str, run_id: int) -> None:
    keys = list(server.scan_iter(run_key(prefix, slug, run_id, "*")))
    if keys:
        server.delete(*keys)
    server.delete(run_pointer(prefix, slug))
    server.srem(seeded_key(prefix), slug)


def seed_store(options: WorkerOptions) -> int:
    """``--seed``: open the shared run and enqueue the store's start entries; print the run id."""
    configs = load_config_dir(options.config_dir)
    store = configs.get(options.store)
    if store is None:
        print(f"error: unknown store {options.store!r}", file=sys.stderr)
        return 2
    try:
        server = redis_client(options.redis_url)
    except ConnectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = Database.connect(options.database_url)
    upgrade(db)
    run_id = seed_run(db, server, options.key_prefix, store)
    db.dispose()
    if run_id is None:
        print(f"not seeded: {store.slug} already has a queued or running run (or its lease is held)", file=sys.stderr)
        return 3
    print(f"seeded run {run_id} of {store.slug}: {len(store.sources)} start URL(s)")
    return 0


def crawl_command(options: WorkerOptions, slug: str, run_id: int) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store-worker", "-a", f"store={slug}",
           "-a", f"config={options.config_dir}", "-a", f"redis_url={options.redis_url}",
           "-a", f"prefix={options.key_prefix}", "-a", f"run_id={run_id}", "-a", f"idle={options.idle_seconds}",
           "-s", "LOG_LEVEL=INFO"]
    if options.name:
        cmd += ["-a", f"worker={options.name}"]
    if options.database_url:
        cmd += ["-s", f"RIVALWATCH_DATABASE_URL={options.database_url}"]
    return cmd


def run_worker(options: WorkerOptions) -> int:
    """``--store``: work on the store's current shared run once (exit 3 when nothing is seeded)."""
    try:
        run_id = redis_client(options.redis_url).get(run_pointer(options.key_prefix, options.store))
    except ConnectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if run_id is None:
        print(f"nothing to do: no seeded run for {options.store} (run `rivalwatch worker --seed` first)", file=sys.stderr)
        return 3
    # scrapy needs the project's scrapy.cfg: run from the repository root (its own process: one reactor)
    return subprocess.call(crawl_command(options, options.store, int(run_id)), cwd=REPO_ROOT, env=os.environ.copy())


def next_seeded_run(server, prefix: str, known: set[str]) -> tuple[str, int] | None:
    """A seeded run this worker can help with: queued work, or no live worker (a dead one's requests)."""
    for raw in sorted(server.smembers(seeded_key(prefix))):
        slug = raw.decode()
        run_id = server.get(run_pointer(prefix, slug))
        if run_id is None:
            server.srem(seeded_key(prefix), slug)
            continue
        if slug not in known:
            continue  # another config set's store; its own workers take it
        base = f"{prefix}:{slug}:{int(run_id)}"
        if server.exists(f"{base}:finalizing"):
            continue
        queued = server.llen(f"{base}:start_urls") + server.zcard(f"{base}:requests")
        nobody = next(server.scan_iter(f"{base}:alive:*"), None) is None
        if queued or nobody:
            return slug, int(run_id)
    return None


def serve(options: WorkerOptions) -> int:
    """Poll for seeded runs of any configured store and crawl them, until SIGTERM/SIGINT."""
    try:
        server = redis_client(options.redis_url)
    except ConnectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stopping = threading.Event()
    child: list[subprocess.Popen] = []

    def stop(signum, _frame):
        stopping.set()
        for process in child:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # Scrapy closes it; unanswered requests go back

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("worker polling %s for seeded runs every %g s", options.redis_url, options.poll_seconds)
    while not stopping.is_set():
        configs = load_config_dir(options.config_dir)  # stores added since the last run are picked up
        job = next_seeded_run(server, options.key_prefix, {s.slug for s in configs.stores})
        if job is None:
            stopping.wait(options.poll_seconds)
            continue
        slug, run_id = job
        logger.info("joining run %s of %s", run_id, slug, extra={"store": slug})
        process = subprocess.Popen(crawl_command(options, slug, run_id), cwd=REPO_ROOT, env=os.environ.copy())
        child[:] = [process]
        code = process.wait()
        child.clear()
        logger.info("run %s of %s: worker crawl ended with exit code %s", run_id, slug, code, extra={"store": slug})
        if code != 0 and not stopping.is_set():
            stopping.wait(options.poll_seconds)  # do not spin on a crawl that fails at once
    return 0
