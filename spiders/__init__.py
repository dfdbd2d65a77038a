"""The Scrapy project: config-driven spiders, page objects (``pages``), item pipeline, extensions."""
