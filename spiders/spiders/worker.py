"""Registers the ``store-worker`` spider (``spiders.queue.worker_spider``) when the ``distributed`` extra is installed.

Scrapy's spider loader imports every module of ``spiders.spiders``; the worker spider needs
scrapy-redis, so importing it unconditionally here would break ``scrapy crawl store`` (and the demo)
on a base install. Without the extra, ``rivalwatch worker`` says which extra to install.
"""

from storage.extras import have_extra

if have_extra("distributed"):
    from spiders.queue.worker_spider import StoreWorkerSpider as _StoreWorkerSpider

    class StoreWorkerSpider(_StoreWorkerSpider):
        """``store-worker``, defined in this module because the spider loader only lists spider
        classes whose ``__module__`` is a module of ``SPIDER_MODULES``."""

    __all__ = ["StoreWorkerSpider"]
