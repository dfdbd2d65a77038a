"""One scheduled store job: lease, crawl in a child process under a wall-clock budget, then alerts.

In enqueue mode (``rivalwatch schedule --enqueue``) a job only seeds the store's run into Redis
(``rivalwatch.worker.seed_run``) for ``rivalwatch worker`` processes to crawl; the worker that
applies the run sends its alerts (``alert_step``), so the scheduler fetches nothing.

The crawl runs as ``python -m rivalwatch crawl --store SLUG`` in its own process group (a crash or a
leak there cannot take the scheduler down, and the Twisted reactor gets a fresh process each run).
Past ``politeness.max_run_minutes`` the watchdog stops it (SIGTERM, then SIGKILL after a grace
period) and records the run as ``failed`` with finish reason ``timeout``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from storage.lease_holder import HOLDER_ENV, StoreLeases
from rivalwatch.procs import stop_tree
from storage import Database
from storage.models import utcnow
from storage.run_ops import mark_timed_out, record_timeout_before_start

logger = logging.getLogger(__name__)


@dataclass
class JobContext:
    """What every job needs: where configs and the database are, and how to start a crawl."""

    config_dir: Path
    database_url: str | None
    log_format: str = "text"
    grace_seconds: float = 20.0
    crawl_command: list[str] | None = None  # tests replace the crawl; default: python -m rivalwatch crawl
    redis_url: str | None = None  # set: enqueue mode (seed runs for workers instead of crawling)
    key_prefix: str = "rivalwatch"
    running: dict[str, subprocess.Popen] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def command(self, slug: str) -> list[str]:
        if self.crawl_command is not None:
            return [*self.crawl_command, slug]
        cmd = [sys.executable, "-m", "rivalwatch", "crawl", "--store", slug, "--config", str(self.config_dir),
               "--log-format", self.log_format, "--no-progress", "--verbose"]
        return cmd + (["--database-url", self.database_url] if self.database_url else [])


@dataclass(frozen=True)
class JobResult:
    """How a job ended: ``crawled``, ``timeout``, ``refused`` (the store was already being crawled),
    ``enqueued`` (a run was seeded for the workers) or ``busy`` (a run is still queued or running)."""

    store: str
    outcome: str
    returncode: int | None = None
    run_id: int | None = None


def alert_step(configs):
    """The after-crawl step: plan alerts for new change events and deliver everything due."""
    from rivalwatch.alerts.planner import plan_alerts
    from rivalwatch.alerts.sender import send_due

    def step(db: Database) -> None:
        planned = plan_alerts(db, configs)
        report = send_due(db, configs.settings)
        logger.info("alerts: planned %s, sent %s, retrying %s, failed %s", planned, report.sent, report.retrying, report.failed)

    return step


def after_shared_run(db: Database, config_dir, slug: str) -> None:
    """Plan and deliver alerts after a shared (distributed) run was applied, as after a local crawl.

    Named by the Scrapy setting ``RIVALWATCH_AFTER_SHARED_RUN`` (``spiders.settings``): the
    distributed recorder calls it without importing the app."""
    from core.config import load_config_dir
    from core.config.loader import default_config_dir

    alert_step(load_config_dir(config_dir or default_config_dir()))(db)


def run_enqueue_job(ctx: JobContext, store, server) -> JobResult:
    """Seed one store run into Redis for the workers (nothing is fetched here)."""
    from rivalwatch.worker import seed_run

    db = Database.connect(ctx.database_url)
    try:
        run_id = seed_run(db, server, ctx.key_prefix, store)
    finally:
        db.dispose()
    return JobResult(store.slug, "busy" if run_id is None else "enqueued", run_id=run_id)


def run_store_job(ctx: JobContext, store, *, alerts=None) -> JobResult:
    """Crawl one store under its lease and budget, then plan and send alerts (``alerts(db)``)."""
    db = Database.connect(ctx.database_url)
    held = StoreLeases(db)
    try:
        if not held.acquire(store.slug):
            return JobResult(store.slug, "refused")
        result = _crawl_with_budget(ctx, db, store, held.holder)
    finally:
        held.release_all()
    try:
        if alerts is not None:
            alerts(db)
    except Exception:  # alert delivery problems are logged and retried next time; the crawl is done
        logger.exception("alerts after the crawl of %s failed", store.slug, extra={"store": store.slug})
    finally:
        db.dispose()
    return result


def _timeout_before_start(db: Database, store, started, budget_min: float) -> int:
    """Record the timeout of a crawl killed before it had opened its run (registering the store if needed)."""
    from spiders.extensions.recording import store_info
    from storage.runs import sync_store

    return record_timeout_before_start(db, sync_store(db, store_info(store)), started, budget_min)


def _crawl_with_budget(ctx: JobContext, db: Database, store, holder: str) -> JobResult:
    budget_min = store.politeness.max_run_minutes
    started = utcnow() - timedelta(seconds=1)
    env = {**os.environ, HOLDER_ENV: holder}
    logger.info("crawl of %s starting (budget %g min)", store.slug, budget_min, extra={"store": store.slug})
    process = subprocess.Popen(ctx.command(store.slug), env=env, start_new_session=True)
    with ctx.lock:
        ctx.running[store.slug] = process
    try:
        code = process.wait(timeout=budget_min * 60)
    except subprocess.TimeoutExpired:
        logger.error("crawl of %s exceeded its budget of %g min; stopping it", store.slug, budget_min,
                     extra={"store": store.slug})
        stop_tree(process, ctx.grace_seconds)
        runs = mark_timed_out(db, store.slug, started, budget_min) or [_timeout_before_start(db, store, started, budget_min)]
        logger.error("crawl of %s stopped; run(s) %s marked failed (timeout)", store.slug, runs, extra={"store": store.slug})
        return JobResult(store.slug, "timeout", process.returncode)
    finally:
        with ctx.lock:
            ctx.running.pop(store.slug, None)
    logger.info("crawl of %s ended with exit code %s", store.slug, code, extra={"store": store.slug})
    return JobResult(store.slug, "crawled", code)
