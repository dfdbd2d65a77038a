"""``rivalwatch schedule``: crawl every store on its cron schedule, then send alerts; stop gracefully.

APScheduler (3.x) runs one job per store: a ``CronTrigger`` from the store's ``schedule`` and
``timezone``, ``max_instances=1`` (never two runs of a store in this process), ``coalesce=True`` and a
generous ``misfire_grace_time`` (runs missed while the machine was suspended or busy run once, not
once per missed slot). Runs missed while the scheduler was down are caught up once at start-up: a
store whose last completed run predates its latest cron slot starts at once (``rivalwatch.due``).
Across processes and machines the store lease (``storage.lease_holder``) refuses a second run.

Enqueue mode (``JobContext.redis_url`` set; ``rivalwatch schedule --enqueue``): a due store's run is
seeded into Redis instead of crawled here, unless one is still queued or running; long-running
``rivalwatch worker`` processes crawl it, and the one that applies it sends the alerts.

SIGTERM / SIGINT: stop scheduling, forward SIGTERM to running crawls (Scrapy closes them as
``shutdown``), wait for them, exit 0.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import datetime, timezone

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from rivalwatch.due import due_stores, trigger_for
from rivalwatch.jobs import JobContext, JobResult, alert_step, run_enqueue_job, run_store_job
from storage import Database, upgrade
from storage.run_ops import last_completed_start

logger = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 12 * 3600


send_alerts = alert_step  # the after-crawl step (kept under its old name)


class CrawlScheduler:
    """Jobs for every store of a config set, run by an APScheduler scheduler."""

    def __init__(self, ctx: JobContext, configs, *, scheduler_cls=BlockingScheduler, max_parallel: int = 4,
                 trigger_factory=trigger_for, catch_up: bool = True, alerts: bool = True):
        self.ctx, self.configs = ctx, configs
        self.scheduler = scheduler_cls(executors={"default": ThreadPoolExecutor(max_parallel)}, timezone=timezone.utc)
        self.trigger_factory, self.catch_up = trigger_factory, catch_up
        self.alerts = send_alerts(configs) if alerts else None
        self.redis = None
        if ctx.redis_url:  # enqueue mode: one client for every job (raises ConnectionError when unreachable)
            from rivalwatch.worker import redis_client

            self.redis = redis_client(ctx.redis_url)
        self.results: list[JobResult] = []
        self.active = 0
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def add_jobs(self) -> None:
        db = Database.connect(self.ctx.database_url)
        upgrade(db)
        due = {s.slug for s in due_stores(self.configs.stores, last_completed_start(db))} if self.catch_up else set()
        db.dispose()
        now = datetime.now(timezone.utc)
        for store in self.configs.stores:
            kwargs = {"next_run_time": now} if store.slug in due else {}
            self.scheduler.add_job(
                self._job, trigger=self.trigger_factory(store), args=[store.slug], id=store.slug,
                name=f"crawl {store.slug}", coalesce=True, max_instances=1,
                misfire_grace_time=MISFIRE_GRACE_SECONDS, **kwargs,
            )
            logger.info("scheduled %s: %r in %s%s", store.slug, store.schedule, store.timezone,
                        " (overdue: starting now)" if kwargs else "", extra={"store": store.slug})
        from rivalwatch.briefing_send import add_briefing_job  # the weekly briefing (briefing_schedule)

        add_briefing_job(self.scheduler, self.ctx, getattr(self.configs, "settings", None), MISFIRE_GRACE_SECONDS)

    def _job(self, slug: str) -> None:
        if self.stopping.is_set():
            return
        with self._lock:
            self.active += 1
        try:
            store = self.configs.get(slug)
            if self.redis is not None:
                result = run_enqueue_job(self.ctx, store, self.redis)
            else:
                result = run_store_job(self.ctx, store, alerts=self.alerts)
            self.results.append(result)
        finally:
            with self._lock:
                self.active -= 1

    def request_stop(self, signum=signal.SIGTERM, _frame=None) -> None:
        """Stop scheduling and ask running crawls to shut down (signal handler)."""
        first = not self.stopping.is_set()
        self.stopping.set()
        logger.warning("received signal %s: %s", signum, "stopping" if first else "forwarding again")
        with self.ctx.lock:
            processes = list(self.ctx.running.values())
        for process in processes:
            try:
                process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        if first and self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def wait_for_jobs(self, timeout: float) -> bool:
        """Wait until no job is running; False on timeout."""
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.active == 0

    def run(self, stop_timeout: float = 300.0) -> int:
        """Run in the foreground until SIGTERM/SIGINT; exit code 0 after a graceful stop."""
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self.add_jobs()
        logger.info("scheduler started with %d store(s)%s", len(self.configs.stores),
                    f" in enqueue mode ({self.ctx.redis_url})" if self.redis is not None else "")
        self.scheduler.start()  # blocks until request_stop shuts it down
        finished = self.wait_for_jobs(stop_timeout)
        logger.info("scheduler stopped%s", "" if finished else " (crawls still running after the timeout)")
        return 0 if finished else 1
