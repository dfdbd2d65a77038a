"""Run crawls from Python (what ``rivalwatch crawl`` does): one Scrapy crawler per store, then a summary.

The Twisted reactor can run once per process, so callers that need several crawl rounds (the demo)
run this in a child process per round (``python -m rivalwatch crawl``).
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from rivalwatch.config import load_config_dir
from storage import Database, upgrade
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
) -> list:
    """Crawl the given stores (default: all) of ``config_dir``; return their run summaries."""
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
    process = CrawlerProcess(crawl_settings(database_url=database_url, progress=progress, log_level=log_level))
    crawlers = []
    for slug in wanted:
        crawler = process.create_crawler("store")
        crawlers.append(crawler)
        process.crawl(crawler, store=slug, config=str(config_dir))
    process.start()
    run_ids = [getattr(c.spider, "run_id", None) for c in crawlers]
    return run_summaries(db, [r for r in run_ids if r is not None])
