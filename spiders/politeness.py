"""Per-store politeness: robots.txt, rate, concurrency, AutoThrottle, an honest User-Agent, a time budget.

Applied in the spider's ``from_crawler`` (settings are still mutable there) at ``spider`` priority, so
``-s`` options on the command line still win for one-off runs. Also refuses settings that would make a
monitoring run lie: an HTTP cache answers from disk, and a cached page reads as "nothing changed".
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from core.config.global_settings import GlobalSettings
from core.config.models import Politeness

PRODUCT_URL = "https://github.com/rivalwatch/rivalwatch"
# Scrapy gets a little less than the scheduler's budget so it can close the run itself (reason
# ``closespider_timeout``) before the watchdog has to kill it.
CLOSE_MARGIN_SHARE = 0.1
MAX_CLOSE_MARGIN_S = 60.0


class UnsafeSettingError(RuntimeError):
    """A setting that must never be on for monitoring runs."""


def user_agent(contact: str | None) -> str:
    """``RivalWatch/0.1 (+contact; price and policy monitoring)``: who we are and how to reach us."""
    return f"RivalWatch/0.1 (+{contact or PRODUCT_URL}; price and policy monitoring)"


def close_timeout_seconds(max_run_minutes: float) -> int:
    """CLOSESPIDER_TIMEOUT for a wall-clock budget: the budget minus a margin, at least 1 s."""
    budget = max_run_minutes * 60
    return max(1, int(budget - min(MAX_CLOSE_MARGIN_S, budget * CLOSE_MARGIN_SHARE)))


NO_ITEM_TIMEOUT_FLOOR = 900  # spiders/settings.py's default
NO_ITEM_PAGE_GAPS = 20  # pages without an item that may pass at the slowest allowed pace
AUTOTHROTTLE_MAX_DELAY = 60.0  # Scrapy's default ceiling, which RivalWatch keeps


def no_item_timeout_seconds(policy: Politeness) -> int:
    """How long a run may go without an item before it is closed as broken (row E9).

    A polite store fetched every few minutes (a long delay, or AutoThrottle backing off to its
    ceiling) must not be judged broken just for being slow: allow 20 page gaps at the slowest pace.
    """
    slowest = max(policy.download_delay, AUTOTHROTTLE_MAX_DELAY if policy.autothrottle else 0.0)
    return max(NO_ITEM_TIMEOUT_FLOOR, int(NO_ITEM_PAGE_GAPS * slowest))


def browser_no_item_seconds(policy: Politeness) -> int:
    """CLOSESPIDER_TIMEOUT_NO_ITEM of a browser crawl: ``no_item_minutes`` (default 5), but never less
    than 20 page gaps at the configured delay (a deliberately slow store is not broken)."""
    return max(1, int(policy.no_item_minutes * 60), int(NO_ITEM_PAGE_GAPS * policy.download_delay))


def politeness_settings(policy: Politeness, global_settings: GlobalSettings | None) -> dict:
    """Scrapy settings for one store's politeness block."""
    delay = policy.download_delay
    settings = {
        "ROBOTSTXT_OBEY": policy.obey_robots_txt,
        "DOWNLOAD_DELAY": delay,
        # A random ±50 % jitter would break the configured floor; keep the delay exact.
        "DOWNLOAD_DELAY_JITTER": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": policy.concurrency,
        "AUTOTHROTTLE_ENABLED": policy.autothrottle,
        # AutoThrottle never goes below DOWNLOAD_DELAY; start there instead of its default 5 s.
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(policy.concurrency),
        "CLOSESPIDER_TIMEOUT": close_timeout_seconds(policy.max_run_minutes),
        "CLOSESPIDER_TIMEOUT_NO_ITEM": no_item_timeout_seconds(policy),
    }
    contact = global_settings.user_agent_contact if global_settings else None
    settings["USER_AGENT"] = user_agent(contact)
    return settings


def check_monitoring_settings(settings) -> None:
    """Refuse to start a monitoring run with the HTTP cache on (reliability row D10)."""
    if settings.getbool("HTTPCACHE_ENABLED"):
        raise UnsafeSettingError(
            "HTTPCACHE_ENABLED is on: monitoring runs must fetch every page from the network "
            "(a cached page would read as 'no change'). Remove HTTPCACHE_ENABLED from the settings."
        )


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed for requests that wait while robots.txt downloads.

    In Scrapy 2.19 every request after the first that awaits the pending robots.txt Deferred gets
    ``None`` (Twisted's ``asFuture`` callback returns nothing down the chain), which the middleware
    reads as "no robots.txt": disallowed pages were fetched (measured here; tests pin it). Once the
    Deferred fired the parsed robots.txt is in ``_parsers``, so read it from there.
    """

    async def robot_parser(self, request):
        parser = await super().robot_parser(request)
        stored = self._parsers.get(urlparse_cached(request).netloc)
        return parser if isinstance(stored, Deferred) else stored


ROBOTS_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.politeness.SafeRobotsTxtMiddleware": 100,
}


def apply_politeness(settings, policy: Politeness, global_settings: GlobalSettings | None) -> None:
    """Check the settings, then set the store's politeness at ``spider`` priority."""
    check_monitoring_settings(settings)
    for key, value in politeness_settings(policy, global_settings).items():
        settings.set(key, value, priority="spider")
    middlewares = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), **ROBOTS_MIDDLEWARES}
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="spider")
