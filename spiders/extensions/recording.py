"""Scrapy extensions: record each crawl as a ``crawl_runs`` row, and print progress lines.

``RunRecorder`` opens the run when the spider opens (registering the store and aborting runs a
crash left ``running``), and when it closes judges the run's health (``spiders.extensions.health``), records
the verdict and, for a healthy run only, applies its staged items as facts and change events.

Every run works under the store's lease (``storage.lease_holder``): ``rivalwatch crawl`` and the scheduler
take it before crawling (held in this process, or handed over in ``RIVALWATCH_LEASE_HOLDER``); a plain
``scrapy crawl`` takes it here, before the run is opened — opening a run aborts the store's other
``running`` runs, so without the lease a manual crawl could abort a live run on another machine. When
another holder has it, the crawl is refused (finish reason ``lease_held``) and writes nothing.
"""

from __future__ import annotations

import logging
import sys

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from twisted.internet import task

from storage.lease_holder import StoreLeases, held_in_process
from spiders.extensions.fetch_errors import error_count
from spiders.extensions.health import NO_ITEM_REASONS, RunFacts, evaluate, pages_downloaded, run_status
from storage.apply import apply_policy
from storage import Database, StoreInfo, apply_run, finish_run, start_run, sync_store, upgrade
from storage.health_events import record_health_transition
from storage.runs import live_distributed_run, recent_item_counts, reclaim_space

logger = logging.getLogger(__name__)
LEASE_HELD_REASON = "lease_held"
SHARED_RUN_REASON = "distributed_run_in_progress"


def store_info(config) -> StoreInfo:
    """The storage view of a store config."""
    return StoreInfo(
        slug=config.slug, name=config.name, currency=config.currency, own=config.own,
        country=config.country, sources=tuple((s.kind, s.url, s.render) for s in config.sources),
    )


def _plain_stats(stats: dict) -> dict:
    return {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v)) for k, v in stats.items()}


class RunRecorder:
    """Open, judge, record and apply crawl runs (setting ``RIVALWATCH_DATABASE_URL``)."""

    def __init__(self, crawler, database_url: str | None, migrate: bool):
        self.crawler = crawler
        self.db = Database.connect(database_url)
        self.leases: StoreLeases | None = None  # taken here (plain scrapy crawl), released at close
        if migrate:
            upgrade(self.db)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RIVALWATCH_RECORD_RUNS", True):
            raise NotConfigured
        url = crawler.settings.get("RIVALWATCH_DATABASE_URL")
        return cls(crawler, url, crawler.settings.getbool("RIVALWATCH_MIGRATE", True))

    def spider_opened(self, spider):
        config = spider.store_config
        self._take_lease(config.slug)
        shared = live_distributed_run(self.db, config.slug, config.politeness.max_run_minutes * 60)
        if shared is not None:
            # Its workers hold no local lease; opening a run here would abort theirs as "stale".
            logger.error("crawl of store %s refused: scrapy-redis workers are filling run %s "
                         "(see rivalwatch status)", config.slug, shared)
            raise CloseSpider(SHARED_RUN_REASON)
        sync_store(self.db, store_info(config))
        spider.db = self.db
        spider.run_id = start_run(self.db, config.slug, spider.name)
        logger.info("run %s started for store %s", spider.run_id, config.slug)

    def _take_lease(self, slug: str) -> None:
        if held_in_process(slug) is not None:
            return  # rivalwatch crawl / the scheduler took it for this run
        leases = StoreLeases.from_env(self.db)
        if not leases.acquire(slug):
            logger.error("crawl of store %s refused: another process holds its lease (see rivalwatch status)", slug)
            raise CloseSpider(LEASE_HELD_REASON)
        self.leases = leases

    def spider_closed(self, spider, reason):
        try:
            if spider.run_id is not None:  # None: refused (lease held) or failed before the run was opened
                self._close_run(spider, reason)
        finally:
            if self.leases is not None:
                self.leases.release_all()

    def _close_run(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        history = tuple(recent_item_counts(self.db, spider.store_config.slug, before_run=spider.run_id))
        facts = RunFacts(reason, stats, frozenset(s.kind for s in spider.store_config.sources), history)
        healthy, reasons = evaluate(facts)
        if reason in NO_ITEM_REASONS:  # the operator sees why in the log, not only in the database
            logger.warning("store %s: %s", spider.store_config.slug, reasons[0])
        status = run_status(reason, reasons)
        finish_run(
            self.db, spider.run_id,
            status=status,
            finish_reason=reason,
            pages=pages_downloaded(stats),
            errors=error_count(stats),  # the same count as the progress line
            healthy=healthy, health_reasons=reasons, stats=_plain_stats(stats),
        )
        config = spider.store_config
        policy = apply_policy(config, getattr(spider, "global_settings", None))
        changes = apply_run(self.db, spider.run_id, policy) if healthy else 0
        record_health_transition(self.db, spider.run_id)
        reclaim_space(self.db)
        self.crawler.stats.set_value("rivalwatch/changes", changes)
        level = logging.INFO if healthy else logging.WARNING
        logger.log(level, "run %s %s: healthy=%s %s changes=%s", spider.run_id, reason, healthy, reasons, changes)


class ProgressReporter:
    """Print a progress line per store every few seconds (setting ``RIVALWATCH_PROGRESS``)."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RIVALWATCH_PROGRESS"):
            raise NotConfigured
        return cls(crawler, crawler.settings.getfloat("RIVALWATCH_PROGRESS_INTERVAL", 2.0))

    def line(self, spider) -> str:
        stats = self.crawler.stats
        return (
            f"[{spider.store_config.slug}] pages {pages_downloaded(stats.get_stats())}, "
            f"items {stats.get_value('item_scraped_count', 0)}, "
            f"errors {error_count(stats)}"
        )

    def spider_opened(self, spider):
        self.loop = task.LoopingCall(lambda: print(self.line(spider), file=sys.stderr, flush=True))
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        print(self.line(spider) + f" — {reason}", file=sys.stderr, flush=True)
