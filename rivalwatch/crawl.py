"""Run crawls from Python (what ``rivalwatch crawl`` does): one Scrapy crawler per store, then a summary.

The Twisted reactor can run once per process, so callers that need several crawl rounds (the demo)
run this in a child process per round (``python -m rivalwatch crawl``).
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from core.config import load_config_dir
from rivalwatch.due import due_stores
from storage.lease_holder import StoreLeases
from rivalwatch.logs import RunContextFilter
from rivalwatch.logs import configure as configure_logging
from storage import Database, upgrade
from storage.run_ops import last_completed_start
from storage.runs import run_summaries

SETTINGS_MODULE = "spiders.settings"


def crawl_settings(*, database_url: str | None, progress: bool, log_level: str = "WARNING") -> dict:
    """Scrapy settings for a crawl launched by RivalWatch."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = get_project_settings()
    settings.set("RIVALWATCH_PROGRESS", progress)
    settings.set("RIVALWATCH_MIGRATE", False)  # migrated once below, not per crawler
    settings.set("LOG_LEVEL", log_level)
    if database_url:
        settings.set("RIVALWATCH_DATABASE_URL", database_url)
    return settings


def run_crawls(
    config_dir: Path,
    stores: list[str] | None = None,
    *,
    database_url: str | None = None,
    progress: bool = True,
    log_level: str = "WARNING",
    log_format: str = "text",
    due_only: bool = False,
) -> list:
    """Crawl the given stores (default: all; ``due_only``: those whose schedule says so); return summaries.

    Each store is crawled under its lease (``storage.lease_holder``): a store another process is
    crawling is skipped with a warning, never crawled twice at once.
    """
    configs = load_config_dir(config_dir)
    if configs.errors:
        raise ValueError("\n".join(str(e) for e in configs.errors))
    wanted = stores or [s.slug for s in configs.stores]
    unknown = [slug for slug in wanted if configs.get(slug) is None]
    if unknown:
        known = ", ".join(s.slug for s in configs.stores)
        raise ValueError(f"unknown store(s) {', '.join(unknown)}; configured: {known}")
    db = Database.connect(database_url)
    upgrade(db)
    if due_only:
        wanted = [s.slug for s in due_stores([configs.get(w) for w in wanted], last_completed_start(db))]
    held = StoreLeases.from_env(db)
    try:
        wanted = [slug for slug in wanted if held.acquire(slug)]
        run_ids = _crawl(config_dir, wanted, database_url, progress, log_level, log_format) if wanted else []
    finally:
        held.release_all()
    return run_summaries(db, [r for r in run_ids if r is not None])


def _crawl(config_dir: Path, slugs: list[str], database_url, progress, log_level, log_format) -> list:
    """One CrawlerProcess for the stores; the run id of each crawler."""
    settings = crawl_settings(database_url=database_url, progress=progress, log_level=log_level)
    json_logs = log_format == "json"
    settings.set("LOG_INSTALL_ROOT_HANDLER", not json_logs)
    process = CrawlerProcess(settings)
    if json_logs:
        configure_logging(fmt="json", level=log_level)
    crawlers = []
    for slug in slugs:
        crawler = process.create_crawler("store")
        crawlers.append(crawler)
        process.crawl(crawler, store=slug, config=str(config_dir))
    if len(crawlers) == 1:
        RunContextFilter.default_spider = crawlers[0].spider
    process.start()
    return [getattr(c.spider, "run_id", None) for c in crawlers]
