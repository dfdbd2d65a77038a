"""``store-worker``: the store spider fed from a shared Redis frontier (``rivalwatch worker``).

Start entries are JSON (``{"url": …, "meta": {"source": i}}``) pushed by the seeder; each is turned
back into the store spider's own start request(s) for source ``i``, so callbacks, browser rendering
and page routing are exactly those of ``scrapy crawl store``. Start entries are popped into this
worker's in-flight hash and acknowledged once their requests are in the shared queue
(``spiders.queue.reliable``), so a worker killed in between loses none.

Outside ``spiders.spiders`` because it needs the ``distributed`` extra: Scrapy's spider loader
imports every module there, so ``scrapy crawl store`` would fail on a base install.
``spiders/spiders/worker.py`` registers it only when the extra is installed.
"""

from __future__ import annotations

import json
import time
from typing import Any, AsyncIterator

from storage.extras import require_extra

require_extra("distributed", "the store-worker spider (rivalwatch worker)")

from scrapy_redis.spiders import RedisMixin  # noqa: E402 - after the one-line extra check

from spiders.queue.distributed import distributed_settings, run_key
from spiders.queue.reliable import AckingStagingPipeline, Frontier, start_token
from spiders.spiders.store import StoreSpider


class StoreWorkerSpider(RedisMixin, StoreSpider):
    """Crawl one store run's shared frontier until it has been empty for ``idle`` seconds."""

    name = "store-worker"
    # Start entries popped per idle cycle; they go straight into the shared Redis request queue, so a
    # large batch costs nothing in safety and saves an idle round-trip per CONCURRENT_REQUESTS pages.
    redis_batch_size = 500

    def __init__(self, *args: Any, redis_url: str = "redis://127.0.0.1:6379/0", prefix: str = "rivalwatch",
                 run_id: str | int = 0, idle: str | float = 10, worker: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config_dir = kwargs.get("config")
        self.redis_url, self.prefix, self.shared_run_id, self.worker_id = redis_url, prefix, int(run_id), worker
        self.redis_key = run_key(prefix, self.store_config.slug, self.shared_run_id, "start_urls")
        self.max_idle_time = max(1, int(float(idle)))
        self.frontier: Frontier | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = distributed_settings(spider.redis_url, spider.prefix, spider.store_config.slug,
                                        spider.shared_run_id, spider.worker_id)
        for key, value in settings.items():
            crawler.settings.set(key, value, priority="spider")
        spider.setup_redis(crawler)
        spider.frontier = Frontier.from_settings(spider.server, crawler.settings)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        self.spider_idle_start_time = int(time.time())
        # Not yielded: Scrapy pulls start requests lazily, so popped entries would sit in this
        # process. engine.crawl puts them straight into the shared Redis queue.
        self.schedule_next_requests()
        return
        yield  # an async generator that yields nothing

    def schedule_next_requests(self):
        entries = self.frontier.pop_start(self.redis_batch_size)
        for data in entries:
            for request in self.make_request_from_data(data):
                self.crawler.engine.crawl(request)  # synchronous ZADD: queued once this returns
        self.frontier.ack(start_token(data) for data in entries)

    def make_request_from_data(self, data: bytes):
        entry = json.loads(data)
        source = self.store_config.sources[int(entry["meta"]["source"])]
        return list(self._requests_for(source))

    def spider_idle(self):
        # Commit buffered items now: their requests stay "in flight" (and keep other workers
        # waiting for them) until they are stored.
        for pipeline in self.crawler.engine.scraper.itemproc.middlewares:
            if isinstance(pipeline, AckingStagingPipeline):
                pipeline.flush()
        # Another worker's in-flight requests may come back to the queue (it dies) or produce new
        # ones (listing pages): stay until they are answered. Dead workers' entries are recovered here.
        self.frontier.recover_dead()
        if self.frontier.other_inflight():
            self.spider_idle_start_time = int(time.time())
        super().spider_idle()
