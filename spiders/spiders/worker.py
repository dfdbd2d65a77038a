"""``store-worker``: the store spider fed from a shared Redis frontier (``rivalwatch worker``).

Start entries are JSON (``{"url": …, "meta": {"source": i}}``) pushed by the seeder; each is turned
back into the store spider's own start request(s) for source ``i``, so callbacks, browser rendering
and page routing are exactly those of ``scrapy crawl store``.
"""

from __future__ import annotations

import json
import time
from typing import Any, AsyncIterator

from scrapy_redis.spiders import RedisMixin

from spiders.distributed import distributed_settings, run_key
from spiders.spiders.store import StoreSpider


class StoreWorkerSpider(RedisMixin, StoreSpider):
    """Crawl one store run's shared frontier until it has been empty for ``idle`` seconds."""

    name = "store-worker"
    # Start entries popped per idle cycle; they go straight into the shared Redis request queue, so a
    # large batch costs nothing in safety and saves an idle round-trip per CONCURRENT_REQUESTS pages.
    redis_batch_size = 500

    def __init__(self, *args: Any, redis_url: str = "redis://127.0.0.1:6379/0", prefix: str = "rivalwatch",
                 run_id: str | int = 0, idle: str | float = 10, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.redis_url, self.prefix, self.shared_run_id = redis_url, prefix, int(run_id)
        self.redis_key = run_key(prefix, self.store_config.slug, self.shared_run_id, "start_urls")
        self.max_idle_time = max(1, int(float(idle)))

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = distributed_settings(spider.redis_url, spider.prefix, spider.store_config.slug, spider.shared_run_id)
        for key, value in settings.items():
            crawler.settings.set(key, value, priority="spider")
        spider.setup_redis(crawler)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        self.spider_idle_start_time = int(time.time())
        # Not yielded: Scrapy pulls start requests lazily, so popped entries would sit in this
        # process (and die with it). engine.crawl puts them straight into the shared Redis queue.
        self.schedule_next_requests()
        return
        yield  # an async generator that yields nothing

    def make_request_from_data(self, data: bytes):
        entry = json.loads(data)
        source = self.store_config.sources[int(entry["meta"]["source"])]
        return list(self._requests_for(source))
