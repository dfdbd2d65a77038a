"""Scale-out with scrapy-redis: many worker processes share one frontier (request queue + dupefilter).

Keys, per store and run (``prefix`` defaults to ``rivalwatch``)::

    {prefix}:{store}:run                   id of the crawl_runs row the workers fill (set by the seeder)
    {prefix}:{store}:{run}:start_urls      JSON start entries {"url": …, "meta": {"source": i}}
    {prefix}:{store}:{run}:requests        scrapy-redis priority queue (pickled requests)
    {prefix}:{store}:{run}:dupefilter      request fingerprints seen by any worker
    {prefix}:{store}:{run}:stats           summed Scrapy stats of the workers (hash)
    {prefix}:{store}:{run}:alive:{worker}  heartbeat (expires HEARTBEAT_TTL s after a worker dies)

The run is shared: every worker stages its items under the same run id (a re-fetched page replaces
its item, so items land once). The last worker to close, with the queue empty and no other live
heartbeat, judges the run's health on the summed stats, applies it and deletes the run's keys.
A worker killed mid-crawl loses no *queued* request (the queue lives in Redis, SCHEDULER_PERSIST);
its *in-flight* requests (popped, not yet answered) are lost for this run: their fingerprints are in
the dupefilter, so no other worker re-fetches them; the next scheduled run does.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid

from scrapy import signals
from twisted.internet import task

from spiders.extensions import _plain_stats, store_info
from spiders.health import RunFacts, evaluate, run_status
from storage import ApplyPolicy, Database, apply_run, finish_run, sync_store
from storage.health_events import record_health_transition
from storage.runs import recent_item_counts

logger = logging.getLogger(__name__)
HEARTBEAT_TTL = 15
SUMMED_PREFIXES = ("downloader/", "response_received_count", "item_scraped_count", "rivalwatch/",
                   "spider_exceptions/", "log_count/ERROR", "robotstxt/forbidden", "retry/")


def run_key(prefix: str, store: str, run_id: int | str, name: str) -> str:
    return f"{prefix}:{store}:{run_id}:{name}"


def distributed_settings(redis_url: str, prefix: str, store: str, run_id: int) -> dict:
    """Settings that make a crawler use the shared Redis frontier of one store run."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # other workers still need the queue when this one closes
        "SCHEDULER_QUEUE_KEY": run_key(prefix, store, run_id, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": run_key(prefix, store, run_id, "dupefilter"),
        "REDIS_URL": redis_url,
        "RIVALWATCH_RUN_ID": run_id,
        "RIVALWATCH_REDIS_PREFIX": prefix,
        "RIVALWATCH_STAGE_BATCH": 20,  # a killed worker loses at most this many staged items
        "EXTENSIONS": {"spiders.extensions.RunRecorder": None, "spiders.distributed.SharedRunRecorder": 500},
    }


class SharedRunRecorder:
    """Join the shared run on open; on close add our stats and finalize the run if we are the last."""

    def __init__(self, crawler, server, prefix: str, run_id: int, database_url: str | None):
        self.crawler, self.server, self.prefix, self.run_id = crawler, server, prefix, run_id
        self.db = Database.connect(database_url)
        self.worker = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.heartbeat: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy_redis.connection import get_redis_from_settings

        settings = crawler.settings
        return cls(crawler, get_redis_from_settings(settings), settings.get("RIVALWATCH_REDIS_PREFIX"),
                   settings.getint("RIVALWATCH_RUN_ID"), settings.get("RIVALWATCH_DATABASE_URL"))

    def key(self, store: str, name: str) -> str:
        return run_key(self.prefix, store, self.run_id, name)

    def spider_opened(self, spider):
        sync_store(self.db, store_info(spider.store_config))
        spider.db, spider.run_id = self.db, self.run_id
        alive = self.key(spider.store_config.slug, f"alive:{self.worker}")
        self.heartbeat = task.LoopingCall(lambda: self.server.set(alive, 1, ex=HEARTBEAT_TTL))
        self.heartbeat.start(HEARTBEAT_TTL / 3)
        logger.info("worker %s joined run %s of %s", self.worker, self.run_id, spider.store_config.slug)

    def spider_closed(self, spider, reason):
        slug = spider.store_config.slug
        if self.heartbeat and self.heartbeat.running:
            self.heartbeat.stop()
        stats = self.crawler.stats.get_stats()
        with self.server.pipeline() as pipe:
            for name, value in stats.items():
                if isinstance(value, int) and name.startswith(SUMMED_PREFIXES):
                    pipe.hincrby(self.key(slug, "stats"), name, value)
            if reason != "finished":
                pipe.hset(self.key(slug, "stats"), "finish_reason", reason)
            pipe.delete(self.key(slug, f"alive:{self.worker}"))
            pipe.execute()
        if self._last_one(slug) and self.server.set(self.key(slug, "finalizing"), self.worker, nx=True, ex=3600):
            finalize(self.db, spider.store_config, self.run_id, self._summed(slug))
            self.server.delete(*self.server.keys(f"{self.prefix}:{slug}:{self.run_id}:*"))
            self.server.delete(f"{self.prefix}:{slug}:run")

    def _last_one(self, slug: str) -> bool:
        """Wait (at most one heartbeat TTL) for the frontier to drain and other workers to go."""
        deadline = time.monotonic() + HEARTBEAT_TTL + 1
        while time.monotonic() < deadline:
            queued = self.server.zcard(self.key(slug, "requests")) + self.server.llen(self.key(slug, "start_urls"))
            others = self.server.keys(self.key(slug, "alive:*"))
            if queued:
                return False  # someone (maybe a later worker) still has work: they finalize
            if not others:
                return True
            time.sleep(0.5)
        return False

    def _summed(self, slug: str) -> dict:
        raw = self.server.hgetall(self.key(slug, "stats"))
        stats = {k.decode(): v.decode() for k, v in raw.items()}
        reason = stats.pop("finish_reason", "finished")
        return {"finish_reason": reason, **{k: int(v) for k, v in stats.items()}}


def finalize(db: Database, config, run_id: int, stats: dict) -> bool:
    """Judge and record a shared run from the workers' summed stats; apply it when healthy."""
    reason = stats.pop("finish_reason", "finished")
    history = tuple(recent_item_counts(db, config.slug, before_run=run_id))
    healthy, reasons = evaluate(RunFacts(reason, stats, frozenset(s.kind for s in config.sources), history))
    finish_run(db, run_id, status=run_status(reason, reasons), finish_reason=reason,
               pages=int(stats.get("response_received_count", 0)),
               errors=int(stats.get("rivalwatch/fetch_errors", 0)) + int(stats.get("log_count/ERROR", 0)),
               healthy=healthy, health_reasons=reasons, stats=_plain_stats(stats))
    policy = ApplyPolicy(config.confirm_runs, config.remove_after_runs, config.max_change_share)
    changes = apply_run(db, run_id, policy) if healthy else 0
    record_health_transition(db, run_id)
    logger.info("shared run %s of %s finalized: healthy=%s %s changes=%s", run_id, config.slug, healthy, reasons, changes)
    return healthy
