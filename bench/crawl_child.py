"""One measured crawl in its own process: ``python -m bench.crawl_child bare|full ...``.

Run from the repository root by ``bench.throughput`` and ``bench.platform``; prints one JSON line
(``BENCH_RESULT {...}``) with wall time, CPU time and peak RSS of this process (``resource``).

* ``bare``: ``bench.bare_spider.BareSpider`` — sitemap → product pages, ``json.loads`` of the
  JSON-LD, items yielded as dicts; no pipeline, no RivalWatch extension or middleware.
* ``full``: the real ``store`` spider, exactly as ``scrapy crawl store -a store=SLUG -a config=DIR``
  (project settings from ``spiders.settings``: page objects, block detection, validation,
  staging, run recording, health checks and the apply with change detection at close).

Both use the project's Scrapy settings (same concurrency, ``CONCURRENT_ITEMS``, robots.txt,
user agent, download handlers, reactor) with the same overrides (``LOG_LEVEL``); ``bare`` only
drops the project's item pipelines, extensions and downloader middlewares.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

T_PROCESS = time.perf_counter()
# Reported by both modes so a run can show the two crawls used the same Scrapy settings.
COMPARED_SETTINGS = (
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_ITEMS", "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED", "ROBOTSTXT_OBEY", "USER_AGENT", "LOG_LEVEL", "TWISTED_REACTOR",
    "TWISTED_DNS_RESOLVER", "DOWNLOAD_TIMEOUT", "RETRY_TIMES",
)


def peak_rss_mib() -> float | None:
    """Peak resident memory of this program (VmHWM).

    Not ``ru_maxrss``: Linux keeps it across ``exec``, so a child started by a parent that holds the
    pre-rendered catalogue would report the parent's size.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("bare", "full"))
    parser.add_argument("--base-url", required=True, help="catalogue root, e.g. http://127.0.0.1:PORT")
    parser.add_argument("--store", default="bench-warung")
    parser.add_argument("--config", help="config directory (full mode)")
    parser.add_argument("--database-url", help="RIVALWATCH_DATABASE_URL (full mode)")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--set", action="append", default=[], help="extra Scrapy setting NAME=VALUE (both modes)")
    parser.add_argument("--profile", help="write cProfile stats of the crawl to this file")
    parser.add_argument("--profile-clock", choices=("cpu", "wall"), default="cpu",
                        help="cProfile timer: CPU time of this process (default; steady on a shared machine, "
                             "where wall time mostly measures other programs) or wall time (shows waits)")
    args = parser.parse_args(argv)

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "spiders.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("LOG_LEVEL", args.log_level)
    for item in args.set:
        name, _, value = item.partition("=")
        settings.set(name, value, priority="cmdline")
    if args.mode == "bare":
        from bench.bare_spider import BareSpider

        settings.set("ITEM_PIPELINES", {})
        settings.set("EXTENSIONS", {})
        settings.set("DOWNLOADER_MIDDLEWARES", {})
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(BareSpider)
        process.crawl(crawler, base_url=args.base_url, store=args.store, config=args.config)
    else:
        from storage import Database, upgrade

        if args.database_url:
            settings.set("RIVALWATCH_DATABASE_URL", args.database_url)
        settings.set("RIVALWATCH_MIGRATE", False)  # migrated here, before the clock starts
        db = Database.connect(args.database_url)
        upgrade(db)
        db.dispose()
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("store")
        process.crawl(crawler, store=args.store, config=args.config)

    setup_seconds = time.perf_counter() - T_PROCESS
    cpu0, t0 = _cpu(), time.perf_counter()
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time) if args.profile_clock == "cpu" else cProfile.Profile()
        profiler.enable()
        process.start()
        profiler.disable()
        profiler.dump_stats(args.profile)
    else:
        process.start()
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    stats = crawler.stats.get_stats()
    effective = {name: crawler.settings.get(name) for name in COMPARED_SETTINGS}
    ru = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "mode": args.mode,
        "wall_s": wall,
        "cpu_s": cpu,
        "cpu_total_s": ru.ru_utime + ru.ru_stime,
        "setup_s": setup_seconds,
        "maxrss_mib": peak_rss_mib() or ru.ru_maxrss / 1024,
        "ru_maxrss_mib": ru.ru_maxrss / 1024,  # Linux: KiB; inherited across exec, see peak_rss_mib
        "responses": int(stats.get("response_received_count", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "items": int(stats.get("item_scraped_count", 0)),
        "products_priced": int(stats.get("rivalwatch/items/product_priced", stats.get("bench/products_priced", 0))),
        "finish_reason": stats.get("finish_reason"),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "changes": stats.get("rivalwatch/changes"),
        "run_id": getattr(crawler.spider, "run_id", None),
        "crawl_elapsed_s": stats.get("elapsed_time_seconds"),
        "settings": effective,
    }
    print("BENCH_RESULT " + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
