"""Scale-out with scrapy-redis: many worker processes share one frontier (request queue + dupefilter).

Keys, per store and run (``prefix`` defaults to ``rivalwatch``; ``base`` = ``{prefix}:{store}:{run}``)::

    {prefix}:seeded                     slugs with a seeded run (what polling workers look at)
    {prefix}:{store}:run                id of the store's queued/running crawl_runs row; while it
                                        exists no second run of the store is seeded
    {base}:start_urls                   JSON start entries {"url": …, "meta": {"source": i}}
    {base}:requests                     priority queue (pickled requests, scrapy-redis format)
    {base}:dupefilter                   request fingerprints seen by any worker
    {base}:inflight:{worker}            requests/start entries a worker popped and has not yet
                                        acknowledged (``spiders.queue.reliable``)
    {base}:alive:{worker}               heartbeat (expires HEARTBEAT_TTL s after a worker dies)
    {base}:stats                        summed Scrapy stats of the workers (hash; each worker adds
                                        what its stats grew by every STATS_EVERY s and at close)

The run is shared: every worker stages its items under the same run id (a re-fetched page replaces
its item, so items land once). A worker killed mid-crawl loses nothing: its queued requests are in
Redis and its in-flight ones are moved back to the queue by another worker once its heartbeat has
expired (``rivalwatch/requeued_inflight`` in the run's stats). A worker does not leave while
another worker still has in-flight entries (they may come back to the queue). The last worker to
close — queue and start entries empty, no other live heartbeat, no in-flight entries left —
judges the run's health on the summed stats, applies it, sends alerts like ``rivalwatch crawl``'s
scheduler job does, and deletes the run's keys.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from storage.extras import require_extra

require_extra("distributed", "scale-out with scrapy-redis (rivalwatch worker)")

from scrapy import signals  # noqa: E402 - after the one-line extra check
from scrapy.utils.misc import load_object  # noqa: E402
from twisted.internet import task  # noqa: E402

from spiders.extensions.recording import _plain_stats, store_info  # noqa: E402
from spiders.extensions.fetch_errors import error_count
from spiders.extensions.health import RunFacts, evaluate, run_status
from spiders.queue.reliable import Frontier
from storage.apply import apply_policy
from storage import Database, apply_run, finish_run, sync_store
from storage.health_events import record_health_transition
from storage.runs import recent_item_counts

logger = logging.getLogger(__name__)
HEARTBEAT_TTL = 15
STATS_EVERY = 5  # seconds: a killed worker's stats are missing for at most this long of its work
SUMMED_PREFIXES = ("downloader/", "response_received_count", "item_scraped_count", "rivalwatch/",
                   "spider_exceptions/", "log_count/ERROR", "robotstxt/forbidden", "retry/")


def run_key(prefix: str, store: str, run_id: int | str, name: str) -> str:
    return f"{prefix}:{store}:{run_id}:{name}"


def run_pointer(prefix: str, store: str) -> str:
    """The key naming the store's queued/running run."""
    return f"{prefix}:{store}:run"


def seeded_key(prefix: str) -> str:
    return f"{prefix}:seeded"


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def distributed_settings(redis_url: str, prefix: str, store: str, run_id: int, worker: str | None = None) -> dict:
    """Settings that make a crawler use the shared Redis frontier of one store run."""
    return {
        "SCHEDULER": "spiders.queue.reliable.ReliableScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # other workers still need the queue when this one closes
        "SCHEDULER_QUEUE_KEY": run_key(prefix, store, run_id, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": run_key(prefix, store, run_id, "dupefilter"),
        "REDIS_URL": redis_url,
        "RIVALWATCH_RUN_ID": run_id,
        "RIVALWATCH_REDIS_PREFIX": prefix,
        "RIVALWATCH_RUN_KEY_BASE": f"{prefix}:{store}:{run_id}",
        "RIVALWATCH_WORKER_ID": worker or new_worker_id(),
        "RIVALWATCH_HEARTBEAT_TTL": HEARTBEAT_TTL,
        # Requests are acknowledged after their items are committed: a smaller batch means fewer
        # pages fetched again after a worker is killed, a larger one fewer database writes.
        "RIVALWATCH_STAGE_BATCH": 20,
        "ITEM_PIPELINES": {"spiders.pipelines.StagingPipeline": None, "spiders.queue.reliable.AckingStagingPipeline": 300},
        "EXTENSIONS": {"spiders.extensions.recording.RunRecorder": None, "spiders.queue.distributed.SharedRunRecorder": 500},
    }


class SharedRunRecorder:
    """Join the shared run on open; on close add our stats and finalize the run if we are the last."""

    def __init__(self, crawler, frontier: Frontier, prefix: str, run_id: int, database_url: str | None):
        self.crawler, self.frontier, self.prefix, self.run_id = crawler, frontier, prefix, run_id
        self.server = frontier.server
        self.db = Database.connect(database_url)
        self.reported: dict[str, int] = {}  # our stats as already added to the shared hash
        self.reporter: task.LoopingCall | None = None
        self.after_run = None  # callable(db, config_dir, slug), from RIVALWATCH_AFTER_SHARED_RUN
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy_redis.connection import get_redis_from_settings

        settings = crawler.settings
        frontier = Frontier.from_settings(get_redis_from_settings(settings), settings)
        recorder = cls(crawler, frontier, settings.get("RIVALWATCH_REDIS_PREFIX"),
                       settings.getint("RIVALWATCH_RUN_ID"), settings.get("RIVALWATCH_DATABASE_URL"))
        # The step after a shared run is applied (alerts) belongs to the app: named by a setting
        # (``RIVALWATCH_AFTER_SHARED_RUN``), so this layer does not import the app.
        after = settings.get("RIVALWATCH_AFTER_SHARED_RUN")
        recorder.after_run = load_object(after) if isinstance(after, str) else after
        return recorder

    def spider_opened(self, spider):
        sync_store(self.db, store_info(spider.store_config))
        spider.db, spider.run_id = self.db, self.run_id
        # Stats are added to the shared hash as we go, not only at close: a worker killed mid-run
        # would otherwise take its item count with it, and the run could look broken (item count).
        self.reporter = task.LoopingCall(self._report_stats)
        self.reporter.start(STATS_EVERY, now=False)
        logger.info("worker %s joined run %s of %s", self.frontier.worker, self.run_id, spider.store_config.slug)

    def spider_closed(self, spider, reason):
        slug = spider.store_config.slug
        if self.reporter is not None and self.reporter.running:
            self.reporter.stop()
        with self.server.pipeline() as pipe:
            self.reported = self._add_stat_deltas(pipe)
            pipe.delete(self.frontier.alive)
            pipe.execute()
        # A worker that stops early (SIGTERM, budget) put its unanswered requests back: the others
        # finish the run. Its reason becomes the run's only if nobody is left to do that.
        if self._last_one() and self.server.set(f"{self.frontier.base}:finalizing", self.frontier.worker, nx=True, ex=3600):
            finalize(self.db, spider.store_config, self.run_id, {**self._summed(), "finish_reason": reason},
                     getattr(spider, "global_settings", None))
            self._forget_run(slug)
            self._after_run(spider, slug)

    def _after_run(self, spider, slug: str) -> None:
        if self.after_run is None:
            return
        try:
            self.after_run(self.db, getattr(spider, "config_dir", None), slug)
        except Exception:  # alert delivery is retried by the outbox next time; the run is recorded
            logger.exception("the step after the shared run of %s failed", slug)

    def _add_stat_deltas(self, pipe) -> dict[str, int]:
        """Queue on ``pipe`` what our stats grew by since the last report; return the new totals."""
        current = {name: value for name, value in self.crawler.stats.get_stats().items()
                   if isinstance(value, int) and not isinstance(value, bool) and name.startswith(SUMMED_PREFIXES)}
        for name, value in current.items():
            if value != self.reported.get(name, 0):
                pipe.hincrby(self.frontier.stats, name, value - self.reported.get(name, 0))
        return current

    def _report_stats(self) -> None:
        try:
            with self.server.pipeline() as pipe:
                current = self._add_stat_deltas(pipe)
                pipe.execute()
            self.reported = current  # only once they are in Redis
        except Exception:  # a Redis hiccup must not stop the loop; the next report catches up
            logger.exception("could not report stats to the shared run")

    def _last_one(self) -> bool:
        """Wait (at most one heartbeat TTL) for the frontier to drain and every other worker to go."""
        deadline = time.monotonic() + self.frontier.ttl + 1
        while time.monotonic() < deadline:
            if self.frontier.pending():
                return False  # someone (maybe a later worker) still has work: they finalize
            others = list(self.server.scan_iter(self.frontier.alive_of("*")))
            if not others:
                if self.frontier.recover_dead():
                    return False  # a dead worker's requests are back in the queue: the next worker finalizes
                if not self.frontier.other_inflight():
                    return True
            time.sleep(0.5)
        return False

    def _summed(self) -> dict:
        return {k.decode(): int(v) for k, v in self.server.hgetall(self.frontier.stats).items()}

    def _forget_run(self, slug: str) -> None:
        keys = list(self.server.scan_iter(f"{self.frontier.base}:*"))
        pointer = run_pointer(self.prefix, slug)
        with self.server.pipeline() as pipe:
            if keys:
                pipe.delete(*keys)
            pipe.execute()
        current = self.server.get(pointer)
        if current is not None and int(current) == self.run_id:
            self.server.delete(pointer)
            self.server.srem(seeded_key(self.prefix), slug)


def finalize(db: Database, config, run_id: int, stats: dict, settings=None) -> bool:
    """Judge and record a shared run from the workers' summed stats; apply it when healthy."""
    reason = stats.pop("finish_reason", "finished")
    history = tuple(recent_item_counts(db, config.slug, before_run=run_id))
    healthy, reasons = evaluate(RunFacts(reason, stats, frozenset(s.kind for s in config.sources), history))
    finish_run(db, run_id, status=run_status(reason, reasons), finish_reason=reason,
               pages=int(stats.get("response_received_count", 0)),
               errors=error_count(stats),
               healthy=healthy, health_reasons=reasons, stats=_plain_stats(stats))
    policy = apply_policy(config, settings)
    changes = apply_run(db, run_id, policy) if healthy else 0
    record_health_transition(db, run_id)
    logger.info("shared run %s of %s finalized: healthy=%s %s changes=%s", run_id, config.slug, healthy, reasons, changes)
    return healthy
