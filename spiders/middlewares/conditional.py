"""Conditional re-fetches of product and policy pages (``If-None-Match`` / ``If-Modified-Since``).

A page fetched in full with an ``ETag`` or ``Last-Modified`` is remembered with the items it yielded
(``storage.validators``). On the next crawl the request carries those validators; a server that
answers ``304 Not Modified`` sends no body, and the page's callback replays the remembered items
instead (stat ``rivalwatch/not_modified``). The pipeline, the health checks and the merge therefore
see exactly what an unchanged ``200`` gives: facts stay, ``last_seen_at`` moves, no change event.

This is not an HTTP cache (which stays forbidden for monitoring runs): every page is still asked
of the server on every run, and only the server can say "unchanged". Safety rules:
- validators count only once the run that recorded them was applied (healthy); block pages never
  reach a callback, so they are never remembered;
- validators are sent only while the store's extraction config and the extraction code are those
  that produced the remembered items (``config_fingerprint``) — an analyst's selector fix or a new
  RivalWatch release fetches everything again — and each page is fetched in full at least every
  ``storage.validators.FULL_FETCH_EVERY``; the fingerprint is computed once per source object (a
  reloaded config is a new object, so it is fingerprinted again), not once per request;
- only pages whose callback is marked ``@replays_not_modified`` (product and policy pages) are
  conditional; listings, sitemaps, platform APIs (they lead to other requests), robots.txt and
  browser-rendered pages (the HTML does not hold what JavaScript draws) are always fetched in full;
- a ``304`` with nothing to replay is a failed page (``rivalwatch/fetch_errors``), never "seen".

Switched per store by ``politeness.conditional_requests`` (default on) and for a whole process by
the setting ``RIVALWATCH_CONDITIONAL_REQUESTS``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path

from pydantic import BaseModel, ValidationError
from scrapy import signals
from scrapy.exceptions import NotConfigured

from spiders.items import ITEM_TYPES
from storage.models import utcnow
from storage.validators import load_validators, prune, save_validators, url_hash

logger = logging.getLogger(__name__)

FINGERPRINT_META = "rivalwatch_config_fingerprint"  # set on eligible requests: remember their answer
VALIDATED_META = "rivalwatch_validated"  # set when validators were sent: a 304 may be replayed
MAX_ETAG_CHARS = 500
MAX_LAST_MODIFIED_CHARS = 100
# The code that turns a page into items: when it changes, remembered items may be stale.
EXTRACTION_CODE = ("pages", "items.py", "wording.py")
# Names the extraction code instead of hashing it: tests pin it, since the working tree they run in
# may be edited while they crawl.
EXTRACTION_VERSION_ENV = "RIVALWATCH_EXTRACTION_VERSION"


@functools.cache
def extraction_code_hash() -> str:
    """SHA-256 over the extraction modules' source (a new release re-reads every page)."""
    root = Path(__file__).resolve().parents[1]  # the spiders package
    digest = hashlib.sha256()
    for name in EXTRACTION_CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def config_fingerprint(store_config, source, code_version: str | None = None) -> str:
    """What decides a page's items besides the page itself: source config, money context, code
    (``code_version``, the setting RIVALWATCH_EXTRACTION_VERSION, else the hash of the code)."""
    payload = {
        "source": source.model_dump(mode="json", exclude={"max_pages"}),
        "currency": store_config.currency,
        "country": store_config.country,
        "code": code_version or extraction_code_hash(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _page_failed(spider, response, reason: str) -> None:
    spider.crawler.stats.inc_value("rivalwatch/fetch_errors")
    logger.warning("fetch failed: %s (%s)", response.url, reason)


def replays_not_modified(callback):
    """Mark a page callback as conditional: remember what a full page yields, replay it on a 304."""

    @functools.wraps(callback)
    def wrapper(spider, response):
        validators = getattr(spider, "page_validators", None)
        if response.status == 304:
            if validators is None:
                _page_failed(spider, response, "304 Not Modified to an unconditional request")
                return
            yield from validators.replay(spider, response)
            return
        items = []
        for output in callback(spider, response):
            if isinstance(output, BaseModel):
                items.append(output)
            yield output
        if validators is not None:
            validators.remember(response, items)

    wrapper.replays_not_modified = True
    return wrapper


def _header(response, name: bytes, limit: int) -> str | None:
    value = response.headers.get(name)
    if not value:
        return None
    text = value.decode("latin-1").strip()
    # A validator cut to fit the column would never match again: keep none instead.
    return text if 0 < len(text) <= limit else None


class ConditionalRequestsMiddleware:
    """Downloader middleware: add stored validators to product/policy page requests; remember answers."""

    def __init__(self, crawler, batch_size: int):
        self.crawler, self.stats, self.batch_size = crawler, crawler.stats, batch_size
        self.enabled = False
        self.validators: dict = {}
        self.code_version: str | None = None  # RIVALWATCH_EXTRACTION_VERSION, set by from_crawler
        self.pending: list[dict] = []
        self._fingerprints: dict[tuple[int, int], tuple[object, object, str]] = {}
        self._copy_fingerprints: dict[tuple[int, str], tuple[object, str]] = {}
        # Extensions are built before downloader middlewares, so RunRecorder's spider_opened (which
        # opens the run: spider.db, spider.run_id) has run when ours does.
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("RIVALWATCH_CONDITIONAL_REQUESTS", True):
            raise NotConfigured
        middleware = cls(crawler, crawler.settings.getint("RIVALWATCH_VALIDATOR_BATCH", 200))
        middleware.code_version = crawler.settings.get(EXTRACTION_VERSION_ENV)
        return middleware

    def spider_opened(self, spider) -> None:
        # Database work here, not on the first request: blocking the reactor between Scrapy's
        # download-slot bookkeeping and the send would shorten the gap to the next request.
        config, db = getattr(spider, "store_config", None), getattr(spider, "db", None)
        if config is None or db is None or getattr(spider, "run_id", None) is None:
            return  # runs are not recorded: nothing to remember validators with
        if not config.politeness.conditional_requests:
            return
        self.spider, self.db, self.slug = spider, db, config.slug
        prune(db, self.slug)
        self.validators = load_validators(db, self.slug)
        self.enabled = True
        spider.page_validators = self
        logger.info("conditional requests: %d stored validators for %s", len(self.validators), self.slug)

    def fingerprint(self, source) -> str:
        # Cached per (store config, source) object: serialising the source for every request cost
        # a pydantic dump per page. Config objects are not edited in place during a crawl; a reload
        # builds new ones, hence a new key and a fresh fingerprint. The cache holds the objects
        # themselves, so their ids cannot be reused by other objects while cached.
        config = self.spider.store_config
        key = (id(config), id(source))
        cached = self._fingerprints.get(key)
        if cached is not None and cached[0] is config and cached[1] is source:
            return cached[2]
        if not any(own is source for own in config.sources):
            # A copy, e.g. unpickled from the scrapy-redis queue with its request: one per request,
            # so caching it by identity would grow without bound. Key it by content instead.
            return self._fingerprint_by_content(config, source)
        cached = (config, source, config_fingerprint(config, source, self.code_version))
        self._fingerprints[key] = cached
        return cached[2]

    def _fingerprint_by_content(self, config, source) -> str:
        key = (id(config), source.model_dump_json())
        cached = self._copy_fingerprints.get(key)
        if cached is None or cached[0] is not config:
            cached = (config, config_fingerprint(config, source, self.code_version))
            self._copy_fingerprints[key] = cached
        return cached[1]

    # -- requests ----------------------------------------------------------------------------
    def process_request(self, request, spider=None):
        if not self.enabled or request.meta.get("playwright") or request.method != "GET":
            return None
        if not getattr(request.callback, "replays_not_modified", False) or request.meta.get("source") is None:
            return None
        fingerprint = self.fingerprint(request.meta["source"])
        request.meta[FINGERPRINT_META] = fingerprint
        # A redirect copies the headers of the URL it left; validators belong to one URL only.
        request.headers.pop(b"If-None-Match", None)
        request.headers.pop(b"If-Modified-Since", None)
        request.meta.pop(VALIDATED_META, None)
        validator = self.validators.get(url_hash(request.url))
        if validator is None or validator.config_fingerprint != fingerprint:
            return None
        if validator.etag:
            request.headers[b"If-None-Match"] = validator.etag
        if validator.last_modified:
            request.headers[b"If-Modified-Since"] = validator.last_modified
        request.meta[VALIDATED_META] = True
        self._let_304_through(request)
        self.stats.inc_value("rivalwatch/conditional_requests")
        return None

    def _let_304_through(self, request) -> None:
        # HttpErrorMiddleware drops non-2xx answers before the callback, which must replay the items.
        if request.meta.get("handle_httpstatus_all") or self.crawler.settings.getbool("HTTPERROR_ALLOW_ALL"):
            return
        allowed = request.meta.get("handle_httpstatus_list") or getattr(self.spider, "handle_httpstatus_list", None)
        allowed = list(allowed or self.crawler.settings.getlist("HTTPERROR_ALLOWED_CODES"))
        if 304 not in allowed:
            request.meta["handle_httpstatus_list"] = [*allowed, 304]

    # -- answers -----------------------------------------------------------------------------
    def remember(self, response, items: list[BaseModel]) -> None:
        """Keep the validators and items of a page fetched in full (written with the run)."""
        fingerprint = response.meta.get(FINGERPRINT_META)
        if not self.enabled or fingerprint is None or response.status != 200 or not items:
            return
        etag = _header(response, b"ETag", MAX_ETAG_CHARS)
        last_modified = _header(response, b"Last-Modified", MAX_LAST_MODIFIED_CHARS)
        if etag is None and last_modified is None:
            return
        self.pending.append({
            "url": response.url, "etag": etag, "last_modified": last_modified, "config_fingerprint": fingerprint,
            "items": [item.model_dump(mode="json") for item in items], "fetched_at": utcnow(),
        })
        if len(self.pending) >= self.batch_size:
            self.flush()

    def replay(self, spider, response) -> list[BaseModel]:
        """The items remembered for a page the server says is unchanged (none, and a failure, if unusable)."""
        validator = self.validators.get(url_hash(response.url)) if response.meta.get(VALIDATED_META) else None
        if validator is None:
            _page_failed(spider, response, "304 Not Modified to an unconditional request")
            return []
        try:
            stored = json.loads(validator.items_json or "null")
            items = [ITEM_TYPES[data["kind"]].model_validate(data) for data in stored or ()]
        except (TypeError, KeyError, ValueError, ValidationError) as exc:
            _page_failed(spider, response, f"stored page no longer valid: {exc.__class__.__name__}")
            return []
        if not items:
            _page_failed(spider, response, "304 Not Modified but no stored page to replay")
            return []
        self.stats.inc_value("rivalwatch/not_modified")
        # The page answered (as the spider's _page_ok counts): it weighs against failures in health.
        self.stats.inc_value("rivalwatch/pages_ok")
        return items

    def flush(self) -> None:
        if self.pending:
            save_validators(self.db, self.slug, self.spider.run_id, self.pending)
            self.pending = []

    def spider_closed(self, spider, reason):
        if not self.enabled:
            return
        self.flush()
        # A run that already ended unapplied (blocked, broken) keeps nothing; otherwise the next
        # crawl's prune catches it (the recorder may judge the run after this handler).
        prune(self.db, self.slug)
