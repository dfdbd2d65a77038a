"""Scrapy settings for RivalWatch crawls (``scrapy crawl store -a store=SLUG`` and ``rivalwatch crawl``).

Monitoring runs must hit the network every time (no HTTP cache) and must never read local files,
so the non-HTTP download handlers are switched off.
"""

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
    "spiders.extensions.RunRecorder": 500,
    "spiders.extensions.ProgressReporter": 510,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# RivalWatch's own settings (environment variables of the same name override them).
RIVALWATCH_PROGRESS = False
RIVALWATCH_STAGE_BATCH = 500

DOWNLOADER_MIDDLEWARES = {
    "spiders.ssrf.SSRFGuardMiddleware": 50,  # before robots.txt, redirects and retries
    # ETag / If-Modified-Since for product and policy pages; before redirects so each hop gets its own.
    "spiders.conditional.ConditionalRequestsMiddleware": 575,
    # 204 / PDF / attachment answers are failed fetches, not pages without a price (row E5).
    "spiders.non_html.NonHtmlResponseMiddleware": 560,
    "spiders.blocking.BlockDetectionMiddleware": 950,
}
# Resolution to loopback/private addresses fails at connect time too (DNS rebinding).
TWISTED_DNS_RESOLVER = "spiders.ssrf.GuardedResolver"

# A run that keeps downloading pages without producing a single item (a listing redesign, a
# pagination loop, a site answering every URL with an error page) is closed early and judged broken
# (``spiders.health``): no more than this many pages, or this many seconds, without an item.
CLOSESPIDER_PAGECOUNT_NO_ITEM = 250
CLOSESPIDER_TIMEOUT_NO_ITEM = 900
