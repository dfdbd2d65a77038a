"""Item pipeline: validate scraped items and stage them for the run (written in batches).

Items are pydantic models (``spiders.items``); anything else, or an item that fails validation,
is dropped and counted, never stored. Staged items become facts only if the run ends healthy.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from scrapy.exceptions import DropItem

from spiders.items import ITEM_TYPES
from storage import stage_items


class StagingPipeline:
    """Validate items and stage them through the storage API (``RIVALWATCH_STAGE_BATCH`` per write)."""

    def __init__(self, crawler, batch_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = batch_size
        self.buffer: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("RIVALWATCH_STAGE_BATCH", 500))

    def process_item(self, item, spider=None):
        data = self._validated(item)
        kind = data["kind"]
        self.stats.inc_value(f"rivalwatch/items/{kind}")
        if kind == "product" and data.get("price") is not None:
            self.stats.inc_value("rivalwatch/items/product_priced")
        self.buffer.append(data)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def _validated(self, item) -> dict:
        if not isinstance(item, BaseModel) or getattr(item, "kind", None) not in ITEM_TYPES:
            self.stats.inc_value("rivalwatch/items/invalid")
            raise DropItem(f"not a RivalWatch item: {type(item).__name__}")
        try:
            # Page objects build validated items of the exact classes; anything else is checked again.
            model = item if type(item) is ITEM_TYPES[item.kind] else ITEM_TYPES[item.kind].model_validate(item.model_dump())
        except ValidationError as exc:
            self.stats.inc_value("rivalwatch/items/invalid")
            raise DropItem(f"invalid {item.kind} item from {item.url}: {exc.error_count()} errors") from None
        return model.model_dump(mode="json")

    def flush(self) -> None:
        """Stage buffered items under the spider's run (opened by ``RunRecorder``)."""
        spider = self.crawler.spider
        if self.buffer and getattr(spider, "run_id", None) is not None:
            stage_items(spider.db, spider.run_id, self.buffer)
            self.buffer = []

    def close_spider(self, spider=None):
        self.flush()
