"""Scrapy settings for RivalWatch crawls (``scrapy crawl store -a store=SLUG`` and ``rivalwatch crawl``).

Monitoring runs must hit the network every time (no HTTP cache) and must never read local files,
so the non-HTTP download handlers are switched off.
"""

import os

BOT_NAME = "rivalwatch"
SPIDER_MODULES = ["spiders.spiders"]
NEWSPIDER_MODULE = "spiders.spiders"

USER_AGENT = "RivalWatch/0.1 (+https://github.com/rivalwatch/rivalwatch; price and policy monitoring)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# 100 (the default) starts 100 tasks per response and halves throughput on small machines.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5

HTTPCACHE_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}

ITEM_PIPELINES = {"spiders.pipelines.StagingPipeline": 300}
EXTENSIONS = {
    "spiders.extensions.recording.RunRecorder": 500,
    "spiders.extensions.recording.ProgressReporter": 510,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- RivalWatch's own settings -------------------------------------------------------------------
# Every RIVALWATCH_* setting a component reads is declared here with its default; components read
# them in ``from_crawler`` (never from the environment). ``rivalwatch crawl`` and the worker set
# them per run (``-s NAME=value`` works for ``scrapy crawl`` too). The two that an operator sets in
# the environment are read from it here, and only here.

# Run recording (spiders.extensions.recording.RunRecorder): off for Scrapy shells and throw-away crawls.
RIVALWATCH_RECORD_RUNS = True
# Database of the run; None = storage.db's default (RIVALWATCH_DATABASE_URL env, else ~/.rivalwatch).
RIVALWATCH_DATABASE_URL = None
# Apply Alembic migrations when the run opens (``rivalwatch crawl`` migrates once, before its crawlers).
RIVALWATCH_MIGRATE = True
# One-line progress on stderr every RIVALWATCH_PROGRESS_INTERVAL seconds (spiders.extensions.recording.ProgressReporter).
RIVALWATCH_PROGRESS = False
RIVALWATCH_PROGRESS_INTERVAL = 2.0
# Items staged per database write (spiders.pipelines.StagingPipeline; the distributed worker uses 20).
RIVALWATCH_STAGE_BATCH = 500
# Conditional requests (ETag / If-Modified-Since, spiders.middlewares.conditional) for the whole process, and how
# many validators are written per batch.
RIVALWATCH_CONDITIONAL_REQUESTS = True
RIVALWATCH_VALIDATOR_BATCH = 200
# Names the extraction code in page validators instead of hashing its source (tests and benchmarks pin
# it while the working tree may change); None = the hash.
RIVALWATCH_EXTRACTION_VERSION = os.environ.get("RIVALWATCH_EXTRACTION_VERSION") or None
# Chromium binary for ``render: browser`` stores; None = /usr/bin/chromium if present, else Playwright's.
RIVALWATCH_CHROMIUM = os.environ.get("RIVALWATCH_CHROMIUM") or None
# SSRF guard (spiders.middlewares.ssrf): allow loopback/private targets — tests and the local demo only. A config
# directory's ``allow_private_targets: true`` turns it on for its crawler.
RIVALWATCH_ALLOW_PRIVATE_TARGETS = os.environ.get("RIVALWATCH_ALLOW_PRIVATE_TARGETS", "").lower() in ("1", "true", "yes")
# Downloads served by one browser tab before it is replaced (spiders.browser.page_pool; 1 = no reuse).
RIVALWATCH_BROWSER_PAGE_USES = 50
# Distributed crawls (set per run by spiders.queue.distributed.distributed_settings, None otherwise): the run
# id, the Redis key prefix and key base of the run, this worker's id, and its heartbeat lifetime in seconds.
RIVALWATCH_RUN_ID = None
RIVALWATCH_REDIS_PREFIX = None
RIVALWATCH_RUN_KEY_BASE = None
RIVALWATCH_WORKER_ID = None
RIVALWATCH_HEARTBEAT_TTL = 15
# What the last worker of a shared run does after applying it (callable or dotted path taking
# (db, config_dir, slug)): the app's alert step. None = no alerts after shared runs.
RIVALWATCH_AFTER_SHARED_RUN = "rivalwatch.jobs.after_shared_run"

DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.ssrf.SSRFGuardMiddleware": 50,  # before robots.txt, redirects and retries
    # ETag / If-Modified-Since for product and policy pages; before redirects so each hop gets its own.
    "spiders.middlewares.conditional.ConditionalRequestsMiddleware": 575,
    # 204 / PDF / attachment answers are failed fetches, not pages without a price (row E5).
    "spiders.middlewares.non_html.NonHtmlResponseMiddleware": 560,
    "spiders.middlewares.blocking.BlockDetectionMiddleware": 950,
}
# Resolution to loopback/private addresses fails at connect time too (DNS rebinding).
TWISTED_DNS_RESOLVER = "spiders.middlewares.ssrf.GuardedResolver"

# A run that keeps downloading pages without producing a single item (a listing redesign, a
# pagination loop, a site answering every URL with an error page) is closed early and judged broken
# (``spiders.extensions.health``): no more than this many pages, or this many seconds, without an item.
CLOSESPIDER_PAGECOUNT_NO_ITEM = 250
CLOSESPIDER_TIMEOUT_NO_ITEM = 900
